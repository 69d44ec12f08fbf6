//! HTML: one self-contained file (`templates/report.html.j2`): inline CSS and SVG, no script,
//! nothing fetched. The template sees the report (the JSON contract) and the report as a one-row
//! [`Comparison`] (the grid with its cells, evidence and links).
//! Auto-escaping is on for every `.html` template; only `http(s)` URLs become links.

use serde::Serialize;

use crate::compare::{self, Comparison};
use crate::error::Error;
use crate::report::Report;

#[derive(Serialize)]
struct View<'a> {
    report: &'a Report,
    view: Comparison,
}

pub fn render(report: &Report) -> Result<String, Error> {
    let view = View {
        report,
        view: compare::single(report),
    };
    super::templates::render("report.html.j2", &view, "html")
}
