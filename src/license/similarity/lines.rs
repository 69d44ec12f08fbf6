//! The first, gentle half of the text preparation for similarity scoring: each line is
//! normalized without removing anything substantial (Unicode composition, stray symbols,
//! addresses, horizontal whitespace, punctuation variants), so line numbers stay those of the
//! text. Follows askalono's line normalizers (as inlined in the `spdx` crate, Apache-2.0), which
//! prepared the lines of the SPDX text store the index is compiled from: each of its regex
//! replacements of a character class's runs is done here with the class's own table (the same
//! Unicode tables the `regex` crate uses), which costs no automaton to build.

use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::aggressive::{CharClass, SPACE};

/// The normalized lines of a text (split on `\n` only, as the store's lines were).
pub fn normalize_lines(text: &str) -> Vec<String> {
    text.split('\n').map(normalize_line).collect()
}

struct Classes {
    /// What `[^\w\s\pP]+` does not remove.
    kept: CharClass,
    horizontal: CharClass,
    quotes: CharClass,
    dash: CharClass,
    open: CharClass,
    close: CharClass,
    under: CharClass,
}

static CLASSES: LazyLock<Classes> = LazyLock::new(|| Classes {
    kept: CharClass::of(r"[\w\s\pP]"),
    horizontal: CharClass::of(r"(?x)[ \t\p{Zs} \\ / \| \x2044 ]"),
    quotes: CharClass::of(r#"["'\p{Pi}\p{Pf}]"#),
    dash: CharClass::of(r"\p{Pd}"),
    open: CharClass::of(r"\p{Ps}"),
    close: CharClass::of(r"\p{Pe}"),
    under: CharClass::of(r"\p{Pc}"),
});

fn normalize_line(line: &str) -> String {
    let c = &*CLASSES;
    let composed: String = if line.is_ascii() {
        line.to_string()
    } else {
        line.nfc().collect()
    };
    let kept: String = composed.chars().filter(|&ch| c.kept.contains(ch)).collect();
    let mut out = blackbox_urls(&kept);
    for (class, with) in [
        (&c.horizontal, " "),
        (&c.quotes, "'"),
        (&c.dash, "-"),
        (&c.open, "("),
        (&c.close, ")"),
        (&c.under, "_"),
    ] {
        out = replace_runs(&out, class, with);
    }
    let mut copy = String::with_capacity(out.len());
    for ch in out.chars() {
        match ch {
            '©' | 'Ⓒ' | 'ⓒ' => copy.push_str("(c)"),
            _ => copy.push(ch),
        }
    }
    copy.trim().to_string()
}

/// Every run of the class's chars becomes `with` (what `regex.replace_all(class+)` does).
fn replace_runs(text: &str, class: &CharClass, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    for ch in text.chars() {
        if class.contains(ch) {
            if !in_run {
                out.push_str(with);
                in_run = true;
            }
        } else {
            out.push(ch);
            in_run = false;
        }
    }
    out
}

/// Every `https?://\S+` becomes `http://blackboxed/url`.
fn blackbox_urls(text: &str) -> String {
    const URL: &str = "http://blackboxed/url";
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(rel) = text[i..].find("http") {
        let at = i + rel;
        let rest = &text[at + 4..];
        let scheme_end = if rest.starts_with("s://") {
            Some(at + 8)
        } else if rest.starts_with("://") {
            Some(at + 7)
        } else {
            None
        };
        if let Some(p) = scheme_end {
            let n: usize = text[p..]
                .chars()
                .take_while(|&ch| !SPACE.contains(ch))
                .map(char::len_utf8)
                .sum();
            if n > 0 {
                out.push_str(&text[i..at]);
                out.push_str(URL);
                i = p + n;
                continue;
            }
        }
        out.push_str(&text[i..=at]);
        i = at + 1;
    }
    out.push_str(&text[i..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_normalized_as_askalono_does() {
        assert_eq!(
            normalize_lines("  “Quoted” — text\t/ here ©2020 https://x.org/a b\r"),
            // `©` is a symbol: removed before the copyright sign is spelled out; the address's
            // slashes become spaces after it is blackboxed.
            ["'Quoted' - text here 2020 http: blackboxed url b"]
        );
        assert_eq!(
            blackbox_urls("see https:// x http://y"),
            "see https:// x http://blackboxed/url"
        );
        assert_eq!(blackbox_urls("httphttps://a"), "httphttp://blackboxed/url");
        assert_eq!(replace_runs("a__b_c", &CLASSES.under, "_"), "a_b_c");
        assert_eq!(normalize_lines("a\nb"), ["a", "b"]);
    }
}
