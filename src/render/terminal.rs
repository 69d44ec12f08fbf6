//! The terminal report: a headline, then comfy-table tables. Colour only when asked for (the
//! binary asks on a TTY without NO_COLOR); symbols carry the meaning without colour.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use crate::assess::{Outcome, Summary};
use crate::compare::Comparison;
use crate::controls;
use crate::evidence::Availability;
use crate::level::Level;
use crate::report::Report;

/// How a terminal output looks: colour and width (a copy of [`super::Style`]'s terminal part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Style {
    pub color: bool,
    pub width: Option<u16>,
}

impl From<&super::Style> for Style {
    fn from(s: &super::Style) -> Self {
        Style {
            color: s.color,
            width: s.width,
        }
    }
}

fn table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = style.width {
        t.set_width(w);
    }
    if !style.color {
        t.force_no_tty();
    } else {
        t.enforce_styling();
    }
    t
}

fn paint(text: impl Into<String>, color: Option<Color>, style: Style) -> Cell {
    let cell = Cell::new(text.into());
    match (style.color, color) {
        (true, Some(c)) => cell.fg(c),
        _ => cell,
    }
}

fn outcome_color(o: Outcome) -> Option<Color> {
    match o {
        Outcome::Met => Some(Color::Green),
        Outcome::NotMet => Some(Color::Red),
        Outcome::Unknown => Some(Color::Yellow),
        Outcome::NotApplicable => Some(Color::DarkGrey),
    }
}

fn level_color(l: Level) -> Color {
    match l {
        Level::OpenSource => Color::Green,
        Level::OpenWeights => Color::Cyan,
        Level::OpenWeightsRestricted => Color::Yellow,
        Level::Closed => Color::Red,
        Level::Unknown => Color::Magenta,
    }
}

/// Text in an ANSI style when colour is on.
pub(crate) fn ansi(text: &str, code: &str, style: Style) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// The longest run of characters without a space shown: a longer one (a 60 kB URL in a card) is
/// cut, with `…`. A table splits a long word over lines at a cost that grows with the square of
/// its length (such a URL took minutes), and a report repeats a value in many cells. The other
/// formats keep the whole text.
const LONG_WORD: usize = 500;

/// A one-line field taken from outside (a model card, a file name): control and bidi characters,
/// line breaks too, shown escaped, so it cannot move the cursor, change colours, open a link or
/// reorder the user's terminal, nor break its line; words over [`LONG_WORD`] characters are cut.
fn clean(s: &str) -> String {
    let escaped = controls::line(s);
    let mut out = String::with_capacity(escaped.len().min(64 * 1024));
    let mut run = 0;
    for c in escaped.chars() {
        if c == ' ' {
            run = 0;
        } else {
            run += 1;
            if run == LONG_WORD + 1 {
                out.push('…');
            }
            if run > LONG_WORD {
                continue;
            }
        }
        out.push(c);
    }
    out
}

pub fn render(report: &Report, style: &super::Style) -> String {
    let style = Style::from(style);
    let mut out = String::new();
    let t = &report.target;
    let rev = t
        .revision
        .as_ref()
        .map(|r| format!(" @ {}", clean(r)))
        .unwrap_or_default();
    out.push_str(&format!(
        "{} {}{rev} ({})\n",
        ansi("openness", "1", style),
        clean(&t.id),
        t.source.as_str()
    ));
    let level = report.openness.level;
    let level_code = match level_color(level) {
        Color::Green => "1;32",
        Color::Cyan => "1;36",
        Color::Yellow => "1;33",
        Color::Red => "1;31",
        _ => "1;35",
    };
    out.push_str(&format!(
        "\n  {}  {}\n\n",
        ansi(&level.as_str().to_uppercase(), level_code, style),
        clean(&report.openness.reason)
    ));
    for a in report.rubrics.values() {
        let summary = match &a.summary {
            Summary::Verdict { verdict, .. } => verdict.clone(),
            Summary::Classes { progress, .. } if a.mot.is_some() => {
                let p = |c| progress.get(&c).copied().unwrap_or(0.0);
                format!(
                    "{} (III {:.0}%, II {:.0}%, I {:.0}%, as MOT computes them)",
                    a.mot.as_ref().map(|m| m.label.as_str()).unwrap_or_default(),
                    p(crate::component::MofClass::III),
                    p(crate::component::MofClass::II),
                    p(crate::component::MofClass::I)
                )
            }
            Summary::Classes {
                class,
                progress,
                potential_class,
            } => {
                let p = |c| progress.get(&c).copied().unwrap_or(0.0);
                format!(
                    "class {class} (III {:.0}%, II {:.0}%, I {:.0}%; {potential_class} if every unknown is met)",
                    p(crate::component::MofClass::III),
                    p(crate::component::MofClass::II),
                    p(crate::component::MofClass::I)
                )
            }
        };
        out.push_str(&format!("  {}: {}\n", clean(&a.title), clean(&summary)));
    }
    out.push('\n');

    // Licenses.
    let mut lt = table(style);
    lt.set_header(vec!["License", "Kind", "OSI", "Restrictions", "Where"]);
    for l in &report.licenses {
        let restrictions: Vec<String> = l.restrictions.iter().map(|r| r.label()).collect();
        let name = if l.declared != l.id {
            format!("{}\n(declared: {})", clean(&l.id), clean(&l.declared))
        } else {
            clean(&l.id)
        };
        lt.add_row(vec![
            Cell::new(name),
            Cell::new(l.kind.as_str()),
            Cell::new(if l.osi_approved { "yes" } else { "no" }),
            Cell::new(if restrictions.is_empty() {
                "none".to_string()
            } else {
                restrictions.join(", ")
            }),
            Cell::new(clean(&l.source.to_string())),
        ]);
    }
    if report.licenses.is_empty() {
        out.push_str("  No license found: no rights to use, modify or share are granted.\n\n");
    } else {
        out.push_str(&lt.to_string());
        out.push_str("\n\n");
    }

    for (title, items) in [
        (
            "Conflicts",
            report
                .conflicts
                .iter()
                .map(|c| c.message.clone())
                .collect::<Vec<_>>(),
        ),
        (
            "Problems in the model's files",
            report
                .problems
                .iter()
                .map(|p| format!("{}: {}", p.source, p.message))
                .collect(),
        ),
        ("Limits of this scan", report.limits.clone()),
    ] {
        if !items.is_empty() {
            out.push_str(&format!("{}\n", ansi(title, "1", style)));
            for i in items {
                out.push_str(&format!("  - {}\n", clean(&i)));
            }
            out.push('\n');
        }
    }

    // Components.
    let mut ct = table(style);
    ct.set_header(vec!["", "Component", "Class", "Found", "Licenses"]);
    for c in &report.components {
        let color = match c.availability {
            Availability::Published => Some(Color::Green),
            Availability::Declared | Availability::Linked => Some(Color::Cyan),
            Availability::Mentioned | Availability::Unknown => Some(Color::Yellow),
            Availability::NotFound => Some(Color::Red),
        };
        let sym = match c.availability {
            Availability::Published => "●",
            Availability::Declared | Availability::Linked => "◐",
            Availability::Mentioned => "○",
            Availability::NotFound => "✗",
            Availability::Unknown => "?",
        };
        ct.add_row(vec![
            paint(sym, color, style),
            Cell::new(format!(
                "{}{}",
                clean(&c.name),
                if c.required { "" } else { " (optional)" }
            )),
            Cell::new(c.class.as_str()),
            paint(c.availability.as_str(), color, style),
            Cell::new(clean(&c.licenses.join(", "))),
        ]);
    }
    out.push_str(&format!("{}\n", ansi("Components (MOF)", "1", style)));
    out.push_str(&ct.to_string());
    out.push_str("\n\n");

    // Rubrics.
    for a in report.rubrics.values() {
        out.push_str(&format!("{}\n", ansi(&clean(&a.title), "1", style)));
        if let Some(d) = &a.disclaimer {
            out.push_str(&format!("  {}\n", controls::text(d)));
        }
        let mut rt = table(style);
        rt.set_header(vec!["", "Criterion", "Reason and evidence"]);
        for f in &a.criteria {
            let mut text = clean(&f.reason);
            for e in f.evidence.iter().take(3) {
                text.push_str(&format!("\n  · {}", clean(&e.source.to_string())));
            }
            if f.evidence.len() > 3 {
                text.push_str(&format!("\n  · +{} more", f.evidence.len() - 3));
            }
            let mut title = clean(&f.title);
            if let Some(c) = f.class {
                title.push_str(&format!(" [{c}]"));
            }
            if !f.required {
                title.push_str(" (optional)");
            }
            let cell = paint(f.outcome.symbol(), outcome_color(f.outcome), style);
            let cell = if style.color {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            };
            rt.add_row(vec![cell, Cell::new(title), Cell::new(text)]);
        }
        out.push_str(&rt.to_string());
        out.push_str("\n\n");
    }
    out.push_str("Legend: ✓ met  ✗ not met  ? unknown  – not applicable  ● published  ◐ linked/declared  ○ mentioned\n");
    out
}

fn level_cell(level: Level, style: Style) -> Cell {
    paint(level.as_str(), Some(level_color(level)), style)
}

/// A grid rubric's cells as a strip of symbols, a space between the rubric's groups.
fn strip(c: &Comparison, row: &crate::compare::Row, g: &crate::compare::ColumnGroup) -> String {
    let mut out = String::new();
    let mut i = g.start;
    for (n, span) in g.spans.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        // Plain symbols: ANSI codes inside a cell would break the table's widths.
        for cell in &row.cells[i..i + span.span] {
            out.push_str(cell.state.symbol());
        }
        i += span.span;
    }
    debug_assert!(i <= c.columns.len());
    out
}

fn result_color(status: &str) -> Option<Color> {
    match status {
        "pass" | "class-i" => Some(Color::Green),
        "fail" | "unclassified" => Some(Color::Red),
        "class-ii" | "class-iii" => Some(Color::Cyan),
        _ => Some(Color::Yellow),
    }
}

/// One column per field: the layout when the terminal is wide enough (or unbounded).
fn wide_table(c: &Comparison, style: Style) -> Table {
    let mut t = table(Style {
        width: None,
        ..style
    });
    // Natural widths: this layout is used only when it fits.
    t.set_content_arrangement(ContentArrangement::Disabled);
    let mut header: Vec<String> = vec!["Model".into(), "Level".into()];
    header.extend(c.rubrics.iter().map(|r| clean(&r.short)));
    header.extend(c.groups.iter().map(|g| format!("{} grid", clean(&g.tag))));
    header.extend(["License".into(), "Restrictions".into()]);
    t.set_header(header);
    for row in &c.rows {
        let mut cells: Vec<Cell> = vec![Cell::new(clean(&row.name))];
        match (row.error.is_some(), row.level) {
            (false, Some(level)) => {
                cells.push(level_cell(level, style));
                for r in &row.results {
                    cells.push(paint(clean(&r.text), result_color(&r.status), style));
                }
                for g in &c.groups {
                    cells.push(Cell::new(strip(c, row, g)));
                }
                cells.push(Cell::new(clean(&row.license)));
                cells.push(Cell::new(clean(&row.restriction_text)));
            }
            _ => {
                cells.push(paint("error", Some(Color::Red), style));
                cells.push(Cell::new("(see below)"));
            }
        }
        t.add_row(cells);
    }
    t
}

/// Three columns (model and level; results, license and restrictions; the strips): the layout
/// for narrow terminals.
fn compact_table(c: &Comparison, style: Style) -> Table {
    let mut t = table(style);
    let grid_head = if c.groups.is_empty() { "" } else { "Grid" };
    t.set_header(vec!["Model", "Results and terms", grid_head]);
    let tag_width = c
        .groups
        .iter()
        .map(|g| g.tag.chars().count())
        .max()
        .unwrap_or(0);
    for row in &c.rows {
        let mut cells: Vec<Cell> = Vec::new();
        match (row.error.is_some(), row.level) {
            (false, Some(level)) => {
                let model = format!("{}\n{}", clean(&row.name), level.as_str());
                cells.push(paint(model, Some(level_color(level)), style));
                let mut lines: Vec<String> = c
                    .rubrics
                    .iter()
                    .zip(&row.results)
                    .map(|(h, r)| format!("{}: {}", clean(&h.short), clean(&r.text)))
                    .collect();
                lines.push(format!("License: {}", clean(&row.license)));
                lines.push(format!("Restrictions: {}", clean(&row.restriction_text)));
                cells.push(Cell::new(lines.join("\n")));
                let strips: Vec<String> = c
                    .groups
                    .iter()
                    .map(|g| format!("{:<tag_width$} {}", clean(&g.tag), strip(c, row, g)))
                    .collect();
                cells.push(Cell::new(strips.join("\n")));
            }
            _ => {
                cells.push(paint(
                    format!("{}\nerror", clean(&row.name)),
                    Some(Color::Red),
                    style,
                ));
                cells.push(Cell::new("(see below)"));
                cells.push(Cell::new(""));
            }
        }
        t.add_row(cells);
    }
    if let Some(col) = t.column_mut(2) {
        col.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    t
}

/// A comparison: one row per model with its level and rubric results, each grid rubric as a
/// strip of symbols (one per criterion, a space between the rubric's groups), then the key.
/// One column per field when that fits the width; three columns otherwise.
pub fn render_comparison(c: &Comparison, style: &super::Style) -> String {
    let style = Style::from(style);
    let mut out = String::new();
    let mut head = format!(
        "{} {} model{}, {}",
        ansi("openness compare:", "1", style),
        c.rows.len(),
        if c.rows.len() == 1 { "" } else { "s" },
        clean(&c.sort)
    );
    if !c.filters.is_empty() {
        head.push_str(&format!(
            "; only {} ({} left out)",
            clean(&c.filters.join(", ")),
            c.filtered_out
        ));
    }
    out.push_str(&head);
    out.push_str("\n\n");
    let wide = wide_table(c, style);
    let wide_text = wide.to_string();
    let needed = wide_text
        .lines()
        .map(|l| {
            let mut in_escape = false;
            l.chars()
                .filter(|&ch| {
                    if ch == '\x1b' {
                        in_escape = true;
                    } else if in_escape {
                        in_escape = ch != 'm';
                        return false;
                    }
                    !in_escape
                })
                .count()
        })
        .max()
        .unwrap_or(0);
    let fits = style.width.is_none_or(|w| needed <= w as usize);
    let text = if fits {
        wide_text
    } else {
        compact_table(c, style).to_string()
    };
    out.push_str(&text);
    out.push_str("\n\n");
    for g in &c.groups {
        out.push_str(&format!("{} grid ({}):\n", clean(&g.tag), clean(&g.title)));
        let mut i = 0;
        for span in &g.spans {
            let labels: Vec<String> = g.columns[i..i + span.span]
                .iter()
                .map(|c| clean(&c.label))
                .collect();
            i += span.span;
            let name = if span.label.is_empty() {
                String::new()
            } else {
                format!("{}: ", clean(&span.label))
            };
            out.push_str(&format!("  {name}{}\n", labels.join(", ")));
        }
    }
    let legend: Vec<String> = c
        .legend
        .iter()
        .map(|l| format!("{} {}", l.symbol, l.state.as_str()))
        .collect();
    out.push_str(&format!("Legend: {}\n", legend.join("  ")));
    if c.rubrics.iter().any(|r| r.scoring == "classes") {
        out.push_str("Classes: the class reached (progress toward classes III/II/I, in %).\n");
    }
    if c.errors > 0 {
        out.push_str(&format!(
            "\n{}: {} of {} targets could not be scanned\n",
            ansi("Errors", "1", style),
            c.errors,
            c.scanned
        ));
        for row in c.rows.iter().filter(|r| r.error.is_some()) {
            out.push_str(&format!(
                "  {}: {}\n",
                clean(&row.target),
                clean(row.error.as_deref().unwrap_or(""))
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_cuts_long_words_and_strips_controls() {
        let url = format!("https://example.com/{}", "a".repeat(1000));
        let cleaned = clean(&format!("see \x1b[31m{url} and\tmore\nnext"));
        // The escape character is shown escaped, and the word it starts is cut.
        let cut: String = format!("\\u{{1b}}[31m{url}")
            .chars()
            .take(LONG_WORD)
            .collect();
        assert_eq!(cleaned, format!("see {cut}… and\\tmore\\nnext"));
        // Words at the limit, and text without long words, are left alone.
        let word = "é".repeat(LONG_WORD);
        assert_eq!(clean(&format!("{word} {word}")), format!("{word} {word}"));
        assert_eq!(clean("a b c"), "a b c");
    }
}
