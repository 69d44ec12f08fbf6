//! HTML: one self-contained file (`templates/report.html.j2`): inline CSS and SVG, no script,
//! nothing fetched. The template sees the report (the JSON contract) and the report as a one-row
//! [`Comparison`] (the grid with its cells, evidence and links).
//! Auto-escaping is on for every `.html` template; only `http(s)` URLs become links.

use serde::Serialize;

use crate::compare::Comparison;
use crate::error::Error;
use crate::report::Report;

#[derive(Serialize)]
struct View<'a> {
    report: &'a Report,
    view: &'a Comparison,
}

/// The report page; `grid` is the report as a one-row comparison.
pub fn render(report: &Report, grid: &Comparison) -> Result<String, Error> {
    let view = View { report, view: grid };
    super::templates::render("report.html.j2", &view, "html")
}
