//! The terminal listing of `openness diff`: one line per change (direction, area, subject,
//! before -> after), worse first, then the counts. Every name and value is a one-line field
//! ([`crate::controls::line`]).

use crate::controls::line;
use crate::diff::Drift;
use crate::snapshot::Target;

/// A terminal listing of a drift.
pub fn render(d: &Drift) -> String {
    let name = |t: &Target| match &t.revision {
        Some(r) => format!("{} @ {}", line(&t.id), line(r)),
        None => line(&t.id).into_owned(),
    };
    let mut out = format!("openness diff: {} -> {}\n\n", name(&d.old), name(&d.new));
    if d.changes.is_empty() {
        out.push_str("  no change in licenses, components or verdicts\n");
    }
    let width = d
        .changes
        .iter()
        .map(|c| line(&c.subject).chars().count())
        .max()
        .unwrap_or(0)
        .min(64);
    for c in &d.changes {
        let clean = |s: &Option<String>| line(s.as_deref().unwrap_or("-")).into_owned();
        out.push_str(&format!(
            "  {:<7} {:<9} {:<width$}  {} -> {}\n",
            c.direction.as_str(),
            c.area.as_str(),
            line(&c.subject),
            clean(&c.before),
            clean(&c.after),
        ));
    }
    out.push_str(&format!(
        "\n{} changes: {} worse, {} better, {} changed\n",
        d.changes.len(),
        d.counts.worse,
        d.counts.better,
        d.counts.changed
    ));
    out
}
