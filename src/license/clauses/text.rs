//! Text preparation for the clause reader: markup vanishes, typography is folded, wrapped lines
//! are joined and the text is cut into sentences, each of which remembers the lines of the
//! original text it came from.
//!
//! Two strings are built side by side with the same byte length: `display` (folded, original
//! case, used for quotes) and `norm` (the same, lower-cased, used for matching). Lower-casing
//! only replaces a character by one of the same UTF-8 length, so an offset into one is an
//! offset into the other.

/// Texts longer than this are read up to this many bytes (a license is far shorter).
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// A text ready for matching.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Folded, lower-cased text: what patterns are matched against.
    pub norm: String,
    /// Folded text in its original case: what quotes are taken from.
    pub display: String,
    /// (offset in `norm`, 1-based line of the original text) where each original line's
    /// content starts.
    line_at: Vec<(usize, usize)>,
    pub sentences: Vec<Sentence>,
}

/// One sentence of the prepared text (`norm[start..end]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// The sentence belongs to a list item (`- ...`, `(a) ...`, `1. ...`, `一、...`).
    pub list: bool,
    /// The sentence is a heading (`# ...`, a short line in capitals).
    pub heading: bool,
}

/// How a line of the original text starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    Heading,
    ListItem,
    Table,
    Text,
}

impl Prepared {
    pub fn new(text: &str) -> Prepared {
        let mut text = text.trim_start_matches('\u{feff}');
        if text.len() > MAX_TEXT_BYTES {
            let mut cut = MAX_TEXT_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text = &text[..cut];
        }
        let mut p = Prepared {
            norm: String::with_capacity(text.len()),
            display: String::with_capacity(text.len()),
            ..Default::default()
        };
        let mut block_start: Option<usize> = None;
        let mut block_kind = LineKind::Blank;
        let lines: Vec<&str> = text.lines().collect();
        for (i, raw) in lines.iter().enumerate() {
            let prev_blank = i == 0 || lines[i - 1].trim().is_empty();
            let (kind, content) = classify(raw, prev_blank);
            let continues = kind == LineKind::Text
                && matches!(block_kind, LineKind::Text | LineKind::ListItem)
                && block_start.is_some();
            if !continues {
                if let Some(start) = block_start.take() {
                    p.split_block(start, block_kind);
                }
                if kind == LineKind::Blank {
                    block_kind = LineKind::Blank;
                    continue;
                }
                block_kind = kind;
            }
            let cleaned = clean_inline(content);
            if cleaned.is_empty() {
                continue;
            }
            if continues {
                p.join_wrap(&cleaned);
            } else if !p.norm.is_empty() {
                p.push_char(' ');
            }
            if block_start.is_none() {
                block_start = Some(p.norm.len());
            }
            p.line_at.push((p.norm.len(), i + 1));
            for c in cleaned.chars() {
                p.push_char(c);
            }
            // Headings and table rows stand alone.
            if matches!(kind, LineKind::Heading | LineKind::Table) {
                if let Some(start) = block_start.take() {
                    p.split_block(start, kind);
                }
                block_kind = LineKind::Blank;
            }
        }
        if let Some(start) = block_start {
            p.split_block(start, block_kind);
        }
        p
    }

    /// The 1-based line of the original text that holds a byte of `norm`.
    pub fn line_of(&self, offset: usize) -> usize {
        let i = self.line_at.partition_point(|&(o, _)| o <= offset);
        self.line_at
            .get(i.saturating_sub(1))
            .map(|&(_, l)| l)
            .unwrap_or(1)
    }

    /// The index of the sentence holding a byte of `norm`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.start <= offset);
        let i = i.checked_sub(1)?;
        (offset < self.sentences[i].end).then_some(i)
    }

    fn push_char(&mut self, c: char) {
        let lower = lower_same_width(c);
        self.norm.push(lower);
        self.display.push(c);
    }

    /// Join a wrapped line to the block: no space inside a hyphenated word or between two CJK
    /// characters, one space otherwise.
    fn join_wrap(&mut self, next: &str) {
        let mut tail = self.display.chars().rev();
        let last = tail.next();
        let before = tail.next();
        let first = next.chars().next();
        let glue = match (before, last, first) {
            (_, Some(a), Some(b)) if is_cjk(a) && is_cjk(b) => false,
            (Some(a), Some('-'), Some(b)) if a.is_alphabetic() && b.is_alphabetic() => false,
            (_, Some(' '), _) | (_, None, _) => false,
            _ => true,
        };
        if glue {
            self.push_char(' ');
        }
    }

    /// Cut `norm[start..]` (one block) into sentences.
    fn split_block(&mut self, start: usize, kind: LineKind) {
        let end = self.norm.len();
        let list = kind == LineKind::ListItem;
        let heading = kind == LineKind::Heading;
        let block = &self.display[start..end];
        let mut cuts: Vec<usize> = Vec::new();
        let mut prev: Option<char> = None;
        let mut iter = block.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let next = iter.peek().map(|&(_, n)| n);
            let stop = match c {
                '。' | '！' | '？' => true,
                '.' | '!' | '?' => match next {
                    None => false,
                    Some(n) if is_cjk(n) => prev.is_some_and(is_cjk),
                    Some(n) if n.is_whitespace() => {
                        let after = block[i + c.len_utf8() + n.len_utf8()..].chars().next();
                        after.is_some_and(starts_sentence)
                            && !(c == '.' && abbreviation_before(block, i))
                    }
                    _ => false,
                },
                _ => false,
            };
            if stop {
                cuts.push(start + i + c.len_utf8());
            }
            prev = Some(c);
        }
        let mut from = start;
        for cut in cuts {
            self.push_sentence(from, cut, list, heading);
            from = cut;
        }
        self.push_sentence(from, end, list, heading);
    }

    fn push_sentence(&mut self, from: usize, to: usize, list: bool, heading: bool) {
        let s = &self.norm[from..to];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        let (start, end) = (from + lead, to - trail);
        if start < end && self.norm[start..end].chars().any(char::is_alphanumeric) {
            self.sentences.push(Sentence {
                start,
                end,
                list,
                heading,
            });
        }
    }
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || is_cjk(c) || matches!(c, '"' | '\'' | '(' | '[')
}

/// Whether the word before a full stop is an abbreviation (`e.g.`, `Inc.`, `U.S.`, `a.`).
fn abbreviation_before(block: &str, dot: usize) -> bool {
    let word = block[..dot]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let w = word.to_ascii_lowercase();
    w.chars().count() == 1
        || w.contains('.')
        || matches!(
            w.as_str(),
            "inc"
                | "ltd"
                | "co"
                | "corp"
                | "no"
                | "nos"
                | "vs"
                | "cf"
                | "sec"
                | "art"
                | "para"
                | "approx"
                | "fig"
                | "mr"
                | "ms"
                | "dr"
                | "st"
                | "jr"
                | "llc"
                | "pp"
                | "vol"
        )
}

/// The kind of a line and its content without the marker (`#`, `- `, `(a) `, `>`).
fn classify(line: &str, prev_blank: bool) -> (LineKind, &str) {
    let mut t = line.trim();
    if t.is_empty() || t.starts_with("```") || t.starts_with("~~~") {
        return (LineKind::Blank, "");
    }
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    if t.starts_with('#') {
        return (LineKind::Heading, t.trim_start_matches('#').trim());
    }
    if t.starts_with('|') {
        let cells = t.trim_matches('|');
        if cells.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
            return (LineKind::Blank, "");
        }
        return (LineKind::Table, cells);
    }
    if let Some(rest) = list_marker(t) {
        return (LineKind::ListItem, rest);
    }
    if prev_blank && looks_like_title(t) {
        return (LineKind::Heading, t);
    }
    (LineKind::Text, t)
}

/// A short line in capitals with no closing punctuation (`ACCEPTABLE USE POLICY`).
fn looks_like_title(t: &str) -> bool {
    t.len() <= 80
        && t.split_whitespace().count() <= 8
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !t.chars().any(char::is_lowercase)
        && !t.ends_with(['.', ',', ';', ':'])
}

/// The rest of a line after a list marker, if it starts with one.
fn list_marker(t: &str) -> Option<&str> {
    const BULLETS: [char; 9] = ['-', '*', '+', '•', '·', '‣', '◦', '▪', '●'];
    let mut chars = t.char_indices();
    let (_, first) = chars.next()?;
    if BULLETS.contains(&first) {
        let rest = &t[first.len_utf8()..];
        return rest.starts_with([' ', '\t']).then(|| rest.trim_start());
    }
    // `(a)`, `(iv)`, `(1)`, `（一）`
    let open = matches!(first, '(' | '（');
    let body_start = if open { first.len_utf8() } else { 0 };
    let body: String = t[body_start..]
        .chars()
        .take_while(|c| c.is_alphanumeric() && !c.is_whitespace())
        .take(5)
        .collect();
    if body.is_empty() {
        return None;
    }
    let after = &t[body_start + body.len()..];
    let numeric = body.chars().all(|c| c.is_ascii_digit()) && body.len() <= 3;
    let letter = body.chars().count() == 1 && body.chars().all(|c| c.is_ascii_alphabetic());
    let roman = body.len() <= 4 && body.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    let cjk_num = body.chars().all(|c| "一二三四五六七八九十".contains(c));
    if open {
        let close = after
            .strip_prefix(')')
            .or_else(|| after.strip_prefix('）'))?;
        return (numeric || letter || roman || cjk_num).then(|| close.trim_start());
    }
    if let Some(rest) = after.strip_prefix('、') {
        return (numeric || cjk_num).then(|| rest.trim_start());
    }
    let rest = after
        .strip_prefix('.')
        .or_else(|| after.strip_prefix(')'))?;
    (rest.starts_with([' ', '\t']) && (numeric || letter || roman)).then(|| rest.trim_start())
}

/// Markdown and HTML markup removed, typography folded, whitespace collapsed.
fn clean_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '`' | '[' | ']' => {
                // `[text](url)`: keep the text, drop the address.
                if c == ']' && chars.get(i + 1) == Some(&'(') {
                    let close = chars[i + 1..].iter().position(|&x| x == ')');
                    let url_like = close.is_some_and(|j| {
                        j < 400 && !chars[i + 2..i + 1 + j].iter().any(|x| x.is_whitespace())
                    });
                    if let (Some(j), true) = (close, url_like) {
                        i += j + 2;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                i += 1;
                continue;
            }
            '_' => {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                let inside = before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric);
                if !inside {
                    i += 1;
                    continue;
                }
            }
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                i += 1;
                continue;
            }
            '<' => {
                let close = chars[i + 1..].iter().take(200).position(|&x| x == '>');
                let tag = chars
                    .get(i + 1)
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/');
                if let (Some(j), true) = (close, tag) {
                    out.push(' ');
                    i += j + 2;
                    continue;
                }
            }
            '&' => {
                let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
                let entity = [
                    ("&nbsp;", ' '),
                    ("&amp;", '&'),
                    ("&quot;", '"'),
                    ("&#39;", '\''),
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                ]
                .into_iter()
                .find(|(e, _)| rest.starts_with(e));
                if let Some((e, r)) = entity {
                    out.push(r);
                    i += e.len();
                    continue;
                }
            }
            _ => {}
        }
        if let Some(f) = fold(c) {
            if f.is_whitespace() {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(f);
            }
        }
        i += 1;
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Typography folded to ASCII where a pattern author would type ASCII; `None` drops the
/// character (soft hyphens, zero-width marks).
pub fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => return None,
        // Full-width forms (，；：（）０-９Ａ-Ｚ), but the CJK sentence ends stay.
        '！' | '？' => c,
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        '“' | '”' | '„' | '‟' | '«' | '»' | '「' | '」' | '『' | '』' | '〝' | '〞' | '″' => {
            '"'
        }
        '‘' | '’' | '‚' | '‛' | '′' | '‵' | '`' => '\'',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹣' => '-',
        '…' => '.',
        c if c.is_whitespace() => ' ',
        c if c.is_control() => ' ',
        c => c,
    })
}

/// The lower-case form of a character when it has the same UTF-8 length, else the character.
fn lower_same_width(c: char) -> char {
    if !c.is_uppercase() {
        return c;
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
        _ => c,
    }
}

/// Chinese, Japanese and Korean characters (ideographs, kana, hangul).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff
        | 0x20000..=0x2fa1f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let p = Prepared::new(text);
        p.sentences
            .iter()
            .map(|s| p.norm[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn wrapped_lines_join_and_sentences_split() {
        let s = sentences(
            "You may NOT use the\nModel for non-\ncommercial work. See e.g. Section 2.\n\nNext.",
        );
        assert_eq!(
            s,
            [
                "you may not use the model for non-commercial work.",
                "see e.g. section 2.",
                "next."
            ]
        );
    }

    #[test]
    fn markup_and_typography_fold() {
        let s = sentences(
            "## Title\n**Use** is `limited` to [research](https://x.y/z) “only”；仅限\n学术研究。其他",
        );
        assert_eq!(s[0], "title");
        assert_eq!(s[1], "use is limited to research \"only\";仅限学术研究。");
        assert_eq!(s[2], "其他");
    }

    #[test]
    fn list_items_and_lines() {
        let text = "You agree not to use it:\n\n- for war;\n  or worse\n(b) for spam\n一、不得商用";
        let p = Prepared::new(text);
        let kinds: Vec<(bool, usize, usize)> = p
            .sentences
            .iter()
            .map(|s| (s.list, p.line_of(s.start), p.line_of(s.end - 1)))
            .collect();
        assert_eq!(
            kinds,
            [(false, 1, 1), (true, 3, 4), (true, 5, 5), (true, 6, 6)]
        );
        assert_eq!(p.display.len(), p.norm.len());
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for t in [
            "",
            "\n\n",
            "(",
            "（",
            "]((",
            "<",
            "&",
            "İİİ. Ǆ",
            "1.",
            "a)",
            "\u{feff}#",
        ] {
            let p = Prepared::new(t);
            assert_eq!(p.display.len(), p.norm.len());
        }
    }
}
