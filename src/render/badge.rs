//! Badges: an SVG in the shields.io "flat" style (a grey label, a coloured message), for the
//! openness level, the MOF class or the OSAID verdict. [`Badge`] is the view model (texts,
//! colours and widths, estimated from Verdana's advance widths so the same text always gives the
//! same bytes); `templates/badge.svg.j2` draws it with every text escaped.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::assess::{ChecklistStatus, Summary};
use crate::error::Error;
use crate::level::Level;
use crate::report::Report;

/// What a badge shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum BadgeKind {
    /// The openness level: "open source", "open weights", "open weights, restricted", "closed" or
    /// "unknown".
    #[default]
    Level,
    /// The MOF 1.0 class: Class I, II, III or unclassified.
    Mof,
    /// The OSAID 1.0 verdict: conformant, not conformant, insufficient evidence.
    Osaid,
}

impl BadgeKind {
    pub const ALL: [BadgeKind; 3] = [BadgeKind::Level, BadgeKind::Mof, BadgeKind::Osaid];

    pub fn as_str(self) -> &'static str {
        match self {
            BadgeKind::Level => "level",
            BadgeKind::Mof => "mof",
            BadgeKind::Osaid => "osaid",
        }
    }
}

impl fmt::Display for BadgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BadgeKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BadgeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown badge kind `{s}`; valid kinds: {}",
                    BadgeKind::ALL.map(|k| k.as_str()).join(", ")
                )
            })
    }
}

/// Colours (the shields.io palette).
pub const BRIGHTGREEN: &str = "#4c1";
pub const GREEN: &str = "#97ca00";
pub const YELLOW: &str = "#dfb317";
pub const ORANGE: &str = "#fe7d37";
pub const RED: &str = "#e05d44";
pub const LIGHTGREY: &str = "#9f9f9f";
pub const BLUE: &str = "#007ec6";
const LABEL_GREY: &str = "#555";

/// The view model of a badge. Widths are in pixels; `*_x` and `*_length` are in tenths of a
/// pixel, as the flat style draws text at `scale(.1)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Badge {
    pub label: String,
    pub message: String,
    pub label_color: String,
    pub color: String,
    pub width: u32,
    pub label_width: u32,
    pub message_width: u32,
    pub label_x: u32,
    pub message_x: u32,
    pub label_length: u32,
    pub message_length: u32,
    /// `label: message`, for `<title>` and `aria-label`.
    pub title: String,
    /// A prefix for the SVG's element ids, made from the texts, so that several badges inlined
    /// in one page do not share a clip path.
    pub id: String,
}

/// Verdana 11px advance widths (the font shields.io measures with), from the font's advance widths
/// of 2048 units per em; other characters count as the widest lower-case letter but `m`.
fn char_width(c: char) -> f64 {
    let units = match c {
        ' ' => 720,
        '!' => 804,
        '"' => 941,
        '#' | '+' | '<' | '=' | '>' | '~' => 1716,
        '$' | '0'..='9' | '_' => 1303,
        '%' => 2222,
        '&' => 1493,
        '\'' => 548,
        '(' | ')' | '[' | ']' => 1067,
        '*' | '^' => 1303,
        ',' | '.' | ';' | ':' => 720,
        '-' => 842,
        '/' | '\\' => 1067,
        '?' => 1114,
        '@' => 2052,
        '{' | '}' => 1307,
        '|' => 1067,
        'A' | 'V' => 1401,
        'B' => 1405,
        'C' | 'R' => 1430,
        'D' => 1577,
        'E' => 1294,
        'F' => 1178,
        'G' => 1587,
        'H' => 1540,
        'I' | 'J' => 941,
        'K' => 1423,
        'L' => 1173,
        'M' => 1738,
        'N' => 1518,
        'O' | 'Q' => 1614,
        'P' => 1241,
        'S' | 'X' | 'Z' => 1403,
        'T' | 'Y' => 1237,
        'U' => 1499,
        'W' => 2025,
        'a' => 1235,
        'b' | 'd' | 'g' | 'p' | 'q' => 1276,
        'c' | 's' => 1067,
        'e' => 1220,
        'f' => 720,
        'h' | 'n' | 'u' => 1296,
        'i' | 'l' => 562,
        'j' => 700,
        'k' | 'v' | 'x' | 'y' => 1212,
        'm' => 1992,
        'o' => 1243,
        'r' => 874,
        't' => 807,
        'w' => 1675,
        'z' => 1051,
        _ => 1296,
    };
    units as f64 * 11.0 / 2048.0
}

/// The estimated width of a text in Verdana 11px.
pub fn text_width(s: &str) -> f64 {
    s.chars().map(char_width).sum()
}

/// Text safe for an SVG: no raw control or bidi character (XML 1.0 forbids most controls; an
/// override would reorder the title), each shown escaped as a one-line field, trimmed, at most
/// 64 characters.
fn clean(s: &str) -> String {
    crate::controls::line(s.trim()).chars().take(64).collect()
}

impl Badge {
    /// A flat badge: `label` on grey, `message` on `color`.
    pub fn new(label: &str, message: &str, color: &str) -> Badge {
        let label = clean(label);
        let message = clean(message);
        let lw = text_width(&label);
        let mw = text_width(&message);
        let label_width = lw.round() as u32 + 10;
        let message_width = mw.round() as u32 + 10;
        let mut id = String::from("openness-");
        for c in format!("{label}-{message}").chars() {
            if c.is_ascii_alphanumeric() {
                id.push(c.to_ascii_lowercase());
            } else if !id.ends_with('-') {
                id.push('-');
            }
        }
        Badge {
            id: id.trim_end_matches('-').to_string(),
            title: format!("{label}: {message}"),
            label_color: LABEL_GREY.into(),
            color: color.into(),
            width: label_width + message_width,
            label_x: label_width * 5,
            message_x: label_width * 10 + message_width * 5,
            label_length: (lw * 10.0).round() as u32,
            message_length: (mw * 10.0).round() as u32,
            label_width,
            message_width,
            label,
            message,
        }
    }

    /// The badge of a report. `label` replaces the default label (`openness`, `MOF`, `OSAID`).
    pub fn for_report(report: &Report, kind: BadgeKind, label: Option<&str>) -> Badge {
        let (default_label, message, color) = match kind {
            BadgeKind::Level => {
                let level = report.openness.level;
                let (message, color) = match level {
                    Level::OpenSource => ("open source", BRIGHTGREEN),
                    Level::OpenWeights => ("open weights", GREEN),
                    Level::OpenWeightsRestricted => ("open weights, restricted", ORANGE),
                    Level::Closed => ("closed", RED),
                    Level::Unknown => ("unknown", LIGHTGREY),
                };
                ("openness", message.to_string(), color)
            }
            BadgeKind::Mof => match report.rubrics.get("mof-1.0").map(|a| &a.summary) {
                Some(Summary::Classes { class, .. }) => {
                    let (message, color) = match class.as_str() {
                        "I" => ("Class I".to_string(), BRIGHTGREEN),
                        "II" => ("Class II".to_string(), GREEN),
                        "III" => ("Class III".to_string(), YELLOW),
                        other => (other.to_string(), RED),
                    };
                    ("MOF", message, color)
                }
                _ => ("MOF", "not assessed".to_string(), LIGHTGREY),
            },
            BadgeKind::Osaid => match report.rubrics.get("osaid-1.0").map(|a| &a.summary) {
                Some(Summary::Verdict { verdict, status }) => {
                    let color = match status {
                        ChecklistStatus::Pass => BRIGHTGREEN,
                        ChecklistStatus::Fail => RED,
                        ChecklistStatus::Undetermined => LIGHTGREY,
                    };
                    ("OSAID", verdict.replace('-', " "), color)
                }
                _ => ("OSAID", "not assessed".to_string(), LIGHTGREY),
            },
        };
        Badge::new(label.unwrap_or(default_label), &message, color)
    }
}

/// The badge as SVG.
pub fn render(badge: &Badge) -> Result<String, Error> {
    super::templates::render("badge.svg.j2", badge, "svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_deterministic_and_grow_with_text() {
        let a = Badge::new("openness", "open source", BRIGHTGREEN);
        assert_eq!(a, Badge::new("openness", "open source", BRIGHTGREEN));
        assert!(text_width("open weights, restricted") > text_width("open source"));
        assert_eq!(a.width, a.label_width + a.message_width);
        // Verdana 11px: "openness" is about 52 px wide (shields.io draws it 51-53 px wide).
        assert!(
            (50.0..55.0).contains(&text_width("openness")),
            "{}",
            text_width("openness")
        );
    }

    #[test]
    fn control_and_bidi_characters_are_shown_escaped() {
        let b = Badge::new(" a\u{1}b\n", "c\u{7f}d\u{202e}", RED);
        assert_eq!(b.label, "a\\u{1}b");
        assert_eq!(b.message, "c\\u{7f}d\\u{202e}");
        assert_eq!(b.title, "a\\u{1}b: c\\u{7f}d\\u{202e}");
        let svg = render(&Badge::new(
            "openness",
            "\u{1b}]8;;http://x/\u{7}مرحبا",
            RED,
        ))
        .unwrap();
        // The SVG's own line breaks only.
        assert!(
            !svg.chars()
                .any(|c| c != '\n' && crate::controls::is_unsafe(c)),
            "{svg}"
        );
        assert!(svg.contains("مرحبا"), "{svg}");
    }
}
