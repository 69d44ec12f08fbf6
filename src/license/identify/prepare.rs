//! A text made ready for matching: its lines without markup (HTML tags, Markdown fences), a
//! first line that only points at the original set aside, and the normalized whole with where
//! each line starts in it.

use super::pointer::pointer_url;
use crate::license::normalize::normalize;

/// How many lines before its first phrase a license may start (a copyright line, a title).
pub(super) const LEAD_LINES: usize = 8;

/// A text ready for matching: its lines without markup, the normalized whole, and where each
/// line starts in it.
pub(super) struct Prepared {
    pub lines: Vec<String>,
    pub normalized: String,
    line_starts: Vec<usize>,
    pub points_to: Option<String>,
}

impl Prepared {
    pub fn new(text: &str) -> Prepared {
        let text = text.trim_start_matches('\u{feff}');
        let mut lines: Vec<String> = text.lines().map(strip_markup).collect();
        // A first line that only points at the original (`[For the original copy, see URL]`).
        let mut points_to = None;
        for line in lines.iter_mut().filter(|l| !l.trim().is_empty()).take(2) {
            if let Some(url) = pointer_url(line) {
                points_to = Some(url);
                line.clear();
                break;
            }
        }
        let mut normalized = String::with_capacity(text.len());
        let mut line_starts = Vec::with_capacity(lines.len());
        for line in &lines {
            line_starts.push(normalized.len());
            let n = normalize(line);
            if !n.is_empty() {
                normalized.push_str(&n);
                normalized.push(' ');
            }
        }
        Prepared {
            lines,
            normalized,
            line_starts,
            points_to,
        }
    }

    /// The 0-based line holding a byte offset of the normalized text.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    pub fn words(&self) -> usize {
        self.normalized.split_whitespace().count()
    }

    pub fn text_of(&self, from: usize, to: usize) -> String {
        let to = to.min(self.lines.len());
        self.lines[from.min(to)..to].join("\n")
    }

    pub fn normalized_of(&self, from: usize, to: usize) -> &str {
        let start = self
            .line_starts
            .get(from)
            .copied()
            .unwrap_or(self.normalized.len());
        let end = self
            .line_starts
            .get(to)
            .copied()
            .unwrap_or(self.normalized.len());
        &self.normalized[start..end.max(start)]
    }
}

/// Markup that carries no license words: HTML tags and Markdown code fences.
pub(super) fn strip_markup(line: &str) -> String {
    let trimmed = line.trim_start();
    if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
        return String::new();
    }
    if !line.contains('<') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find('>') {
            Some(j) if j <= 60 && !after[1..j].contains(' ') || after[1..].starts_with('/') => {
                // `<h2>`, `</h1>`, `<br/>`: drop the tag.
                rest = &after[j.min(after.len() - 1) + 1..];
            }
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where a license that opens at `line` starts: a few lines earlier when they are a title, a
/// copyright line or blank, never past the end of a sentence of another text, nor before `min`.
pub(super) fn lead_start(prep: &Prepared, line: usize, min: usize) -> usize {
    let mut start = line;
    while start > min && line - start < LEAD_LINES {
        let above = prep.lines[start - 1].trim();
        let words = above.split_whitespace().count();
        let ends_sentence = above.ends_with(['.', ';', ':']);
        let copyright = above.to_lowercase().contains("copyright");
        if words >= 4 && ends_sentence && !copyright {
            break;
        }
        start -= 1;
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_set_aside() {
        assert_eq!(strip_markup("<h2>Apache License</h2>"), "Apache License");
        assert_eq!(strip_markup("```"), "");
        assert_eq!(strip_markup("a < b and c > d"), "a < b and c > d");
        let p =
            Prepared::new("[For the original copy, see https://example.org/terms]\nMIT License\n");
        assert_eq!(p.points_to.as_deref(), Some("https://example.org/terms"));
        assert_eq!(p.normalized, "mit license ");
    }
}
