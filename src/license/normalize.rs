//! Text normalisation: the one way license texts, fingerprint phrases, restricting phrases and
//! declared names are folded before they are compared, so that case, punctuation, quotes and
//! line breaks never decide a match.

/// Lower-case words separated by single spaces: punctuation, quotes and line breaks vanish, so
/// formatting differences do not matter.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Lower-case, trimmed, inner whitespace collapsed, surrounding quotes dropped: the key under
/// which a declared name (`"Llama 3.1 Community License"`) is looked up.
pub fn alias_key(s: &str) -> String {
    s.trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a normalized text holds a normalized phrase, on word boundaries.
pub(crate) fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    phrase_positions(haystack, phrase).next().is_some()
}

/// Byte offsets of `phrase` in `haystack`, on word boundaries.
fn phrase_positions<'a>(haystack: &'a str, phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    haystack.match_indices(phrase).filter_map(move |(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + phrase.len()..].chars().next();
        (before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')).then_some(i)
    })
}

/// Whether a match at `start..end` of a normalized text sits on word boundaries.
pub(crate) fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization() {
        assert_eq!(normalize("  Hello,\n  World!  "), "hello world");
        assert_eq!(normalize("LLAMA 3.1"), "llama 3 1");
        assert_eq!(alias_key("  \"Llama  3.1\" "), "llama 3.1");
    }

    #[test]
    fn phrases_match_on_word_boundaries() {
        assert!(contains_phrase("the non commercial use", "non commercial"));
        assert!(!contains_phrase("anon commercial", "non commercial"));
        assert!(on_word_boundaries("a bc d", 2, 4));
        assert!(!on_word_boundaries("a bcd", 2, 4));
    }
}
