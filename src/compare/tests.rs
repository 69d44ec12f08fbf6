//! Tests of the comparison view model.

use super::*;

#[test]
fn only_http_urls_become_links() {
    assert_eq!(
        safe_href("https://github.com/o/r").as_deref(),
        Some("https://github.com/o/r")
    );
    assert_eq!(
        safe_href("HTTP://example.org/x").as_deref(),
        Some("HTTP://example.org/x")
    );
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/x",
        "/relative",
        "https://",
        "https:///x",
        "https://a.example/\"onmouseover=\"x",
        "https://a.example/<script>",
        "https://a.example/ x",
        "file:///etc/passwd",
    ] {
        assert_eq!(safe_href(bad), None, "{bad}");
    }
}

#[test]
fn cell_mapping_is_total_and_never_turns_unknown_into_closed() {
    assert_eq!(cell_state(Outcome::Met, false), CellState::Open);
    assert_eq!(cell_state(Outcome::Met, true), CellState::Open);
    assert_eq!(cell_state(Outcome::NotMet, true), CellState::Partial);
    assert_eq!(cell_state(Outcome::NotMet, false), CellState::Closed);
    assert_eq!(cell_state(Outcome::Unknown, true), CellState::Partial);
    assert_eq!(cell_state(Outcome::Unknown, false), CellState::Unknown);
    assert_eq!(
        cell_state(Outcome::NotApplicable, true),
        CellState::NotApplicable
    );
}

#[test]
fn labels_fall_back_to_title_or_id() {
    assert_eq!(criterion_label("x", "a/b-c", "Short"), "Short");
    assert_eq!(
        criterion_label("x", "a/some-long-id", "A title far too long for a header"),
        "some long id"
    );
}
