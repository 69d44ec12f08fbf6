//! The base-model family reader from the command line: prints the families a card's text, its
//! front matter's `base_model` and tags, and its repository id (from a folder named
//! `org--name`) name.
//!
//! ```sh
//! cargo run --example families -- path/to/org--name/README.md ...
//! ```

use openness::license::families::{match_repo, match_tag, scan_text};

fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        println!("== {path}");
        let repo = std::path::Path::new(&path)
            .parent()
            .and_then(|d| d.file_name())
            .map(|d| d.to_string_lossy().replacen("--", "/", 1))
            .unwrap_or_default();
        for m in match_repo(&repo) {
            println!(
                "  repo {repo}: {} {:?} ({:?})",
                m.family, m.license_id, m.matched_by
            );
        }
        for line in text.lines().take(80) {
            let t = line
                .trim()
                .trim_start_matches("- ")
                .trim_matches(['"', '\'']);
            if t.starts_with("base_model:")
                || t.contains('/') && !t.contains(' ') && line.starts_with("- ")
            {
                let tag = if t.starts_with("base_model:") {
                    t.to_string()
                } else {
                    format!("base_model:{t}")
                };
                for m in match_tag(&tag) {
                    println!("  tag {tag}: {} {:?}", m.family, m.license_id);
                }
            }
        }
        for m in scan_text(&text) {
            println!(
                "  text line {}: {} {:?} <- {:?}",
                m.line.unwrap_or(0),
                m.family,
                m.license_id,
                m.words
            );
        }
    }
}
