//! Markdown: `templates/report.md.j2`, every card-derived string escaped.

use crate::error::Error;
use crate::report::Report;

pub fn render(report: &Report) -> Result<String, Error> {
    super::templates::render("report.md.j2", report, "markdown")
}
