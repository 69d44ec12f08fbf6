//! Control and bidi characters in text from outside (file and directory names, model ids, card
//! text and metadata, license texts, linked repositories, paths in error messages), neutralised
//! for each output. One place: the renderers and the error printing call these and keep no copy
//! of their own.
//!
//! What never reaches an output raw: the C0 controls (ESC, so CSI and OSC 8 hyperlinks; BEL,
//! backspace, CR), DEL, the C1 controls (U+0080 to U+009F, among them the 8-bit CSI and OSC),
//! the bidi controls (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C) and the line
//! and paragraph separators (U+2028, U+2029). They are shown escaped (`\u{1b}`, `\u{202e}`;
//! `\n`, `\r`, `\t`), so a reader sees that something is there. Everything else is left as it is:
//! non-Latin scripts, right-to-left letters, emoji and their joiners.
//!
//! | output | function |
//! |---|---|
//! | a one-line field on a terminal or in an error message (a name, a path, a table cell) | [`line`] |
//! | text that may span lines (a terminal paragraph, HTML, CSV, XML content) | [`text`] |
//! | Markdown and LaTeX cells | their escapers (`render::templates`), from [`is_unsafe`] and [`visible`] |
//! | JSON and YAML already serialised | [`json`] |
//! | HTML text next to the page's own words | [`has_rtl`] tells when to isolate it in `<bdi>` |

use std::borrow::Cow;

/// A bidi control: the embeddings and overrides (U+202A to U+202E), the isolates (U+2066 to
/// U+2069), the marks (U+200E, U+200F) and the Arabic letter mark (U+061C).
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A character no output shows raw: a C0 or C1 control, DEL, a bidi control, or a line or
/// paragraph separator.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The visible form of a character: `\n`, `\r`, `\t`, else `\u{hex}` (as Rust writes it).
pub fn visible(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.extend(c.escape_unicode()),
    }
}

/// `s` with every character `escape` picks shown in its visible form; borrowed when none is.
fn escape_where(s: &str, escape: impl Fn(char, Option<char>) -> bool) -> Cow<'_, str> {
    let mut chars = s.chars().peekable();
    let mut out: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        if escape(c, chars.peek().copied()) {
            let o = out.get_or_insert_with(|| {
                let mut o = String::with_capacity(s.len() + 8);
                o.push_str(&s[..at]);
                o
            });
            visible(c, o);
        } else if let Some(o) = out.as_mut() {
            o.push(c);
        }
        at += c.len_utf8();
    }
    match out {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(s),
    }
}

/// A one-line field (a name, a path, a table cell, a header, an error message): every unsafe
/// character shown escaped, line breaks and tabs too, so the field stays on its line.
pub fn line(s: &str) -> Cow<'_, str> {
    escape_where(s, |c, _| is_unsafe(c))
}

/// Text that may span lines: line breaks (`\n`, and `\r` before `\n`) and tabs are kept; every
/// other unsafe character is shown escaped (a lone `\r` would return to the start of the line).
pub fn text(s: &str) -> Cow<'_, str> {
    escape_where(s, |c, next| match c {
        '\n' | '\t' => false,
        '\r' => next != Some('\n'),
        c => is_unsafe(c),
    })
}

/// Serialised JSON (or a YAML double-quoted scalar) with the unsafe characters that JSON may
/// carry raw (DEL, C1 controls, bidi controls, U+2028, U+2029) written as `\uXXXX` escapes.
/// JSON already escapes the C0 controls inside strings, and outside strings it is ASCII (its
/// own line breaks stay), so this changes how the data is written, never what it is.
pub fn json(serialised: &str) -> Cow<'_, str> {
    let raw = |c: char| c >= '\u{7f}' && is_unsafe(c);
    if !serialised.chars().any(raw) {
        return Cow::Borrowed(serialised);
    }
    let mut out = String::with_capacity(serialised.len() + 16);
    for c in serialised.chars() {
        if raw(c) {
            // Every unsafe character is in the Basic Multilingual Plane: one `\uXXXX`.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko and the other right-to-left
/// blocks, their presentation forms): text holding one can reorder the words around it.
pub fn is_rtl(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFE}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
}

/// Whether `s` holds a right-to-left letter (HTML isolates such text in `<bdi>`).
pub fn has_rtl(s: &str) -> bool {
    s.chars().any(is_rtl)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OSC8: &str = "\u{1b}]8;;http://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\";

    #[test]
    fn terminal_sequences_are_shown_escaped() {
        assert_eq!(line("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(
            line(OSC8),
            "\\u{1b}]8;;http://evil.example/\\u{1b}\\click\\u{1b}]8;;\\u{1b}\\"
        );
        assert_eq!(
            line("bell\u{7}back\u{8}del\u{7f}"),
            "bell\\u{7}back\\u{8}del\\u{7f}"
        );
        // The C1 controls: the 8-bit CSI and OSC, NEL.
        assert_eq!(line("\u{9b}31m\u{9d}\u{85}"), "\\u{9b}31m\\u{9d}\\u{85}");
        assert_eq!(line("nul\0"), "nul\\u{0}");
    }

    #[test]
    fn bidi_controls_are_shown_escaped() {
        assert_eq!(line("gnp.\u{202e}exe"), "gnp.\\u{202e}exe");
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}', '\u{2028}', '\u{2029}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
            assert!(!line(&format!("a{c}b")).contains(c));
            assert!(!text(&format!("a{c}b")).contains(c));
            assert!(!json(&serde_json::to_string(&format!("a{c}b")).unwrap()).contains(c));
        }
    }

    #[test]
    fn a_line_keeps_to_its_line_and_text_keeps_its_lines() {
        assert_eq!(line("evil\nmodel\ttab\r"), "evil\\nmodel\\ttab\\r");
        assert_eq!(text("one\ntwo\tcol\r\nthree"), "one\ntwo\tcol\r\nthree");
        assert_eq!(text("over\rwrite\u{1b}[2K"), "over\\rwrite\\u{1b}[2K");
        assert_eq!(text("end\r"), "end\\r");
    }

    #[test]
    fn ordinary_text_is_left_as_it_is() {
        for s in [
            "plain ASCII, punctuation: `*_[]()!#` and \\ backslashes",
            "نموذج لغوي مفتوح",
            "מודל פתוח",
            "日本語のモデル, Ελληνικά, кириллица",
            "emoji 🤗 and a family 👩\u{200d}👩\u{200d}👧 (zero-width joiners)",
            "a non\u{a0}breaking space, a soft\u{ad}hyphen",
        ] {
            assert!(matches!(line(s), Cow::Borrowed(_)), "{s}");
            assert!(matches!(text(s), Cow::Borrowed(_)), "{s}");
            assert!(matches!(json(s), Cow::Borrowed(_)), "{s}");
        }
        assert!(matches!(
            text("tabs\tin\tprose\nand lines"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn json_keeps_the_data_and_escapes_what_it_may_carry_raw() {
        let value = "a\u{202e}b\u{7f}c\u{9b}d\u{1b}e\u{2028}";
        let raw = serde_json::to_string(value).unwrap();
        let safe = json(&raw);
        assert_eq!(safe, "\"a\\u202eb\\u007fc\\u009bd\\u001be\\u2028\"");
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), value);
        // The document's own layout stays.
        let pretty = serde_json::to_string_pretty(&serde_json::json!({"k": [value]})).unwrap();
        let safe = json(&pretty);
        assert_eq!(safe.lines().count(), pretty.lines().count());
        assert!(!safe.chars().any(|c| c != '\n' && is_unsafe(c)), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["k"][0], value);
    }

    #[test]
    fn right_to_left_letters_are_told_apart() {
        assert!(has_rtl("model مرحبا"));
        assert!(has_rtl("שלום"));
        assert!(has_rtl("\u{fb50}"));
        assert!(!has_rtl("plain, 日本語, 🤗, Ελληνικά"));
        // A bidi control is not a letter: it is escaped, not isolated.
        assert!(!has_rtl("\u{202e}"));
    }
}
