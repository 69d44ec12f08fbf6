//! The second, aggressive half of the text preparation for similarity scoring: what turns a
//! text's normalized lines into the words whose pairs (bigrams) are compared. Lines with a common
//! prefix (comment markers) lose it, punctuation and case vanish, a title line and copyright
//! statements are dropped, and whitespace collapses to single spaces.
//!
//! The steps follow askalono's preprocessing (as inlined in the `spdx` crate, Apache-2.0), so
//! scores equal those of the SPDX text store the index is compiled from. This file is also
//! compiled into build.rs (`#[path]`), which prepares the SPDX texts with it: the compiled index
//! and the texts read at run time are prepared by the same code.
//!
//! Self-contained: only `std`, `regex` and `regex-syntax`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// The aggressive preparation of normalized lines joined with `\n`.
pub fn aggressive(text: &str) -> String {
    let out = remove_common_prefix(text);
    let out = normalize_vertical_whitespace(&out);
    let out = remove_punctuation(&out);
    let out = out.to_lowercase();
    let out = remove_title_line(&out);
    let out = remove_copyright_statements(&out);
    collapse_whitespace(&out).trim().to_string()
}

/// Sorted, disjoint inclusive char ranges of a Unicode class, as the `regex` crate reads it:
/// testing a char against it is what the regex of the class does, without compiling an automaton.
pub(crate) struct CharClass(Vec<(char, char)>);

impl CharClass {
    pub(crate) fn of(class: &str) -> CharClass {
        use regex_syntax::hir::{Class, HirKind};
        let hir = regex_syntax::Parser::new()
            .parse(class)
            .expect("a valid character class");
        match hir.kind() {
            HirKind::Class(Class::Unicode(c)) => {
                CharClass(c.ranges().iter().map(|r| (r.start(), r.end())).collect())
            }
            other => panic!("{class} is not a Unicode class: {other:?}"),
        }
    }

    pub(crate) fn contains(&self, c: char) -> bool {
        let i = self.0.partition_point(|&(_, end)| end < c);
        self.0.get(i).is_some_and(|&(start, _)| start <= c)
    }
}

/// `\w` and `\s` together: what `[^\w\s]+` removes is everything else.
static WORD_OR_SPACE: LazyLock<CharClass> = LazyLock::new(|| CharClass::of(r"[\w\s]"));
/// `\s`.
pub(crate) static SPACE: LazyLock<CharClass> = LazyLock::new(|| CharClass::of(r"\s"));

/// The longest common prefix of two lines (on a char boundary), trimmed.
fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let mut n = n.min(a.len());
    while !a.is_char_boundary(n) {
        n -= 1;
    }
    a[..n].trim()
}

/// A prefix that at least 80 % of the lines share (a comment marker, `%%Copyright:`) is removed
/// from every line. Of the prefixes seen most often, the first seen is taken.
fn remove_common_prefix(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut order: Vec<&str> = Vec::new();
    let mut counts: HashMap<&str, u32> = HashMap::new();
    let mut prev = "";
    for (i, &line) in lines.iter().enumerate() {
        if i > 0 {
            let common = common_prefix(prev, line);
            if common.len() > 3 {
                let n = counts.entry(common).or_insert_with(|| {
                    order.push(common);
                    1
                });
                *n += 1;
            }
        }
        prev = line;
    }
    let mut top: Option<&str> = None;
    for &p in &order {
        if top.is_none_or(|t| counts[p] > counts[t]) {
            top = Some(p);
        }
    }
    let Some(top) = top else {
        return text.to_string();
    };
    let total: u32 = order
        .iter()
        .filter(|p| p.starts_with(top))
        .map(|p| counts[p])
        .sum();
    let threshold = (0.8f32 * lines.len() as f32) as u32;
    if total < threshold {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in &lines {
        out.push_str(line.strip_prefix(top).unwrap_or(line).trim());
        out.push('\n');
    }
    out.pop();
    out
}

/// Each `\r`, `\n`, `\v`, `\f` becomes a line break; three or more breaks become two.
fn normalize_vertical_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut breaks = 0;
    for c in text.chars() {
        if matches!(c, '\r' | '\n' | '\u{b}' | '\u{c}') {
            breaks += 1;
            continue;
        }
        push_breaks(&mut out, breaks);
        breaks = 0;
        out.push(c);
    }
    push_breaks(&mut out, breaks);
    out
}

fn push_breaks(out: &mut String, breaks: usize) {
    let n = if breaks >= 3 { 2 } else { breaks };
    out.extend(std::iter::repeat_n('\n', n));
}

/// Everything but word characters and whitespace vanishes.
fn remove_punctuation(text: &str) -> String {
    text.chars()
        .filter(|&c| WORD_OR_SPACE.contains(c))
        .collect()
}

/// A first line naming a license (`... license`, `... license version 2`), followed by a blank
/// line: what the regex `^.*license( version \S+)?( copyright.*)?\n\n` removes, read without
/// compiling it (the first line, and a blank one after it).
fn remove_title_line(text: &str) -> String {
    let Some(end) = text.find('\n') else {
        return text.to_string();
    };
    let line = &text[..end];
    let titled = text[end..].starts_with("\n\n")
        && line
            .match_indices("license")
            .any(|(i, w)| title_rest(&line[i + w.len()..]));
    if titled {
        text[end + 2..].to_string()
    } else {
        text.to_string()
    }
}

/// What may follow `license` on a title line: ` version ` and a word, then ` copyright` and
/// anything; each optional.
fn title_rest(rest: &str) -> bool {
    let rest = match rest.strip_prefix(" version ") {
        Some(v) => {
            let word = v.find(char::is_whitespace).unwrap_or(v.len());
            if word == 0 {
                return false;
            }
            &v[word..]
        }
        None => rest,
    };
    rest.is_empty() || rest.starts_with(" copyright")
}

/// Copyright statements: a paragraph of `copyright` lines, a first line that mentions copyright,
/// or a line that looks like one (`copyright 2020 ...`).
fn remove_copyright_statements(text: &str) -> String {
    static RX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?mx)
            (
                (\n\n|\A\n*)
                (^\x20*copyright.*?$)+
                \n\n
            )
            |
            (
                \A.*copyright.*$
            )
            |
            (
                ^copyright (\s+(c|\d+))+ .*?$
            )
        ",
        )
        .expect("valid")
    });
    RX.replace_all(text, "\n\n").into_owned()
}

/// Every run of whitespace becomes one space.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if SPACE.contains(c) {
            if !in_space {
                out.push(' ');
                in_space = true;
            }
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_line_goes_as_the_regex_takes_it() {
        let re = Regex::new(r"^.*license( version \S+)?( copyright.*)?\n\n").unwrap();
        let lines = [
            "mit license",
            "the mit license",
            "apache license version 2.0",
            "apache license version 2.0 copyright 2020 x",
            "license copyright (c) 2020",
            "gnu general public license version",
            "license version  2",
            "license version 2 extra",
            "license version 2\u{a0}x",
            "license version 2\u{2003}copyright x",
            "license\u{a0}version 2",
            "license version é copyright ü",
            "licensed to you",
            "a license and another license",
            "a license and another license version 3",
            "no title here",
            "",
        ];
        for line in lines {
            for after in ["\n\nbody", "\nbody", "\n\n\nbody", "", "\n\n"] {
                let text = format!("{line}{after}");
                assert_eq!(
                    remove_title_line(&text),
                    re.replace_all(&text, ""),
                    "{text:?}"
                );
            }
        }
    }
}
