//! The terminal report: a headline, then comfy-table tables. Colour only when asked for (the
//! binary asks on a TTY without NO_COLOR); symbols carry the meaning without colour.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use crate::assess::{Outcome, Summary};
use crate::compare::Comparison;
use crate::evidence::Availability;
use crate::level::Level;
use crate::report::Report;

use super::Style;

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

fn ansi(text: &str, code: &str, style: Style) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Strip control characters from text taken from model cards, so a card cannot move the cursor
/// or change colours in the user's terminal.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

pub fn render(report: &Report, style: Style) -> String {
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
        let restrictions: Vec<String> = l
            .restrictions
            .iter()
            .map(|r| match r.threshold {
                Some(n) => format!("{} ({n})", r.kind),
                None => r.kind.to_string(),
            })
            .collect();
        let name = if l.declared != l.id {
            format!("{}\n(declared: {})", l.id, l.declared)
        } else {
            l.id.clone()
        };
        lt.add_row(vec![
            Cell::new(clean(&name)),
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
                c.name,
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
            out.push_str(&format!("  {}\n", clean(d)));
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

/// A comparison: one row per model with its level and rubric results, each grid rubric as a
/// strip of symbols (one per criterion, a space between the rubric's groups), then the key.
pub fn render_comparison(c: &Comparison, style: Style) -> String {
    let mut out = String::new();
    let mut head = format!(
        "{} {} model{}, {}",
        ansi("openness compare:", "1", style),
        c.rows.len(),
        if c.rows.len() == 1 { "" } else { "s" },
        c.sort
    );
    if !c.filters.is_empty() {
        head.push_str(&format!(
            "; only {} ({} left out)",
            c.filters.join(", "),
            c.filtered_out
        ));
    }
    out.push_str(&head);
    out.push_str("\n\n");
    let mut t = table(style);
    let mut header: Vec<String> = vec!["Model".into(), "Level".into()];
    header.extend(c.rubrics.iter().map(|r| r.short.clone()));
    header.extend(c.groups.iter().map(|g| format!("{} grid", g.tag)));
    header.extend(["License".into(), "Restrictions".into()]);
    t.set_header(header);
    for row in &c.rows {
        let mut cells: Vec<Cell> = Vec::new();
        match &row.error {
            Some(_) => {
                cells.push(Cell::new(clean(&row.name)));
                cells.push(paint("error", Some(Color::Red), style));
                cells.push(Cell::new("(see below)"));
            }
            None => {
                cells.push(Cell::new(clean(&row.name)));
                cells.push(match row.level {
                    Some(l) => level_cell(l, style),
                    None => Cell::new(""),
                });
                for r in &row.results {
                    let color = match r.status.as_str() {
                        "pass" | "class-i" => Some(Color::Green),
                        "fail" | "unclassified" => Some(Color::Red),
                        "class-ii" | "class-iii" => Some(Color::Cyan),
                        _ => Some(Color::Yellow),
                    };
                    cells.push(paint(clean(&r.text), color, style));
                }
                let mut i = 0;
                for g in &c.groups {
                    let mut strip = String::new();
                    for (n, span) in g.spans.iter().enumerate() {
                        if n > 0 {
                            strip.push(' ');
                        }
                        // Plain symbols: ANSI codes inside a cell would break the table's widths.
                        for cell in &row.cells[i..i + span.span] {
                            strip.push_str(cell.state.symbol());
                        }
                        i += span.span;
                    }
                    cells.push(Cell::new(strip));
                }
                cells.push(Cell::new(clean(&row.license)));
                cells.push(Cell::new(clean(&row.restriction_text)));
            }
        }
        t.add_row(cells);
    }
    for (i, col) in t.column_iter_mut().enumerate() {
        // The strips and the level never wrap; text columns do.
        if i == 1 || (i >= 2 + c.rubrics.len() && i < 2 + c.rubrics.len() + c.groups.len()) {
            col.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    out.push_str(&t.to_string());
    out.push_str("\n\n");
    for g in &c.groups {
        out.push_str(&format!("{} grid ({}):\n", g.tag, g.title));
        let mut i = 0;
        for span in &g.spans {
            let labels: Vec<&str> = g.columns[i..i + span.span]
                .iter()
                .map(|c| c.label.as_str())
                .collect();
            i += span.span;
            let name = if span.label.is_empty() {
                String::new()
            } else {
                format!("{}: ", span.label)
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
