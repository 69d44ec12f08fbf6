//! Rubrics as text: the list of built-in rubrics, a rubric's criteria, and a criterion's own
//! text (`openness explain`), which is the rubric's words, not a separate document. A rubric
//! may be the user's file: its names are one-line fields, its prose keeps only its lines
//! ([`crate::controls`]).

use serde::Serialize;

use crate::controls::{line, text};
use crate::rubric::{self, Criterion, Rubric, Scoring};

/// One rubric in `rubric list --format json`.
#[derive(Debug, Serialize)]
pub struct RubricRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub version: &'a str,
    pub publisher: &'a str,
    pub url: &'a str,
    pub criteria: usize,
    pub default: bool,
}

/// The rows of `rubric list --format json`.
pub fn rows(all: &[Rubric]) -> Vec<RubricRow<'_>> {
    all.iter()
        .map(|r| RubricRow {
            id: &r.id,
            title: &r.title,
            version: &r.version,
            publisher: &r.publisher,
            url: &r.url,
            criteria: r.criteria.len(),
            default: rubric::DEFAULT_RUBRICS.contains(&r.id.as_str()),
        })
        .collect()
}

/// `rubric list` for the terminal.
pub fn list(all: &[Rubric]) -> String {
    let mut out = String::new();
    for r in all {
        let default = if rubric::DEFAULT_RUBRICS.contains(&r.id.as_str()) {
            " (default)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:<16} {} ({} criteria){default}\n",
            line(&r.id),
            line(&r.title),
            r.criteria.len()
        ));
    }
    out.push_str("\nShow one: openness rubric show ID; use your own: openness scan TARGET --rubric FILE.yaml\n");
    out
}

/// A readable listing of a rubric.
pub fn describe(r: &Rubric) -> String {
    let mut out = format!(
        "{} ({}), version {}\n{}\n{}\n\n{}\n",
        line(&r.title),
        line(&r.id),
        line(&r.version),
        line(&r.publisher),
        line(&r.url),
        text(r.description.trim())
    );
    if let Some(d) = &r.disclaimer {
        out.push_str(&format!("\n{}\n", text(d.trim())));
    }
    out.push_str(&format!(
        "\nScoring: {}\n",
        match &r.scoring {
            Scoring::Checklist { verdicts } => format!(
                "every required criterion must be met: {} / {} / {}",
                line(&verdicts.pass),
                line(&verdicts.fail),
                line(&verdicts.undetermined)
            ),
            Scoring::Classes => "cumulative classes III, II, I".to_string(),
            Scoring::Mot(_) => "as the Model Openness Tool scores: cumulative classes III, II, I with MOT's exact license lists and technical-report rule".to_string(),
        }
    ));
    let mut group: Option<&str> = None;
    for c in &r.criteria {
        if c.group.as_deref() != group {
            group = c.group.as_deref();
            if let Some(g) = group {
                out.push_str(&format!("\n{}\n", line(g)));
            }
        }
        let class = c.class.map(|c| format!(" [class {c}]")).unwrap_or_default();
        let optional = if c.required { "" } else { " (optional)" };
        out.push_str(&format!(
            "  {}/{}{class}{optional}\n    {}\n    requires: {}\n",
            line(&r.id),
            line(&c.id),
            line(&c.title),
            text(&r.checks(c))
        ));
    }
    out
}

/// A criterion's own text, the way `ruff rule X` shows a rule.
pub fn explain(r: &Rubric, c: &Criterion) -> String {
    let mut out = format!("{}/{}: {}\n", line(&r.id), line(&c.id), line(&c.title));
    out.push_str(&format!("Rubric: {} ({})\n", line(&r.title), line(&r.url)));
    if let Some(g) = &c.group {
        out.push_str(&format!("Group: {}\n", line(g)));
    }
    if let (Scoring::Classes | Scoring::Mot(_), Some(class)) = (&r.scoring, c.class) {
        out.push_str(&format!("Class: {}\n", class.label()));
    }
    let checks = r.checks(c);
    out.push_str(&format!(
        "Required: {}\n\nChecks: {}\n\nWhy it matters:\n{}\n\nHow to meet it:\n{}\n",
        if c.required {
            "yes"
        } else {
            "no (informational)"
        },
        text(&checks),
        wrap(&text(c.why.trim())),
        wrap(&text(c.fix.trim()))
    ));
    out
}

fn wrap(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n") {
        let mut line = String::from(" ");
        for word in para.split_whitespace() {
            if line.len() + word.len() > 88 {
                out.push_str(&line);
                out.push('\n');
                line = String::from(" ");
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.trim_end().to_string()
}
