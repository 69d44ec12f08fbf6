//! Words and links a comparison shows: short names of rubrics and criteria, what each level
//! means, the text and link of a source, a row's name.

use super::*;

/// Levels, most open first.
pub(super) const LEVEL_ORDER: [Level; 5] = [
    Level::OpenSource,
    Level::OpenWeights,
    Level::OpenWeightsRestricted,
    Level::Closed,
    Level::Unknown,
];

pub(super) fn level_meaning(l: Level) -> &'static str {
    match l {
        Level::OpenSource => "weights under OSD-conformant terms and every OSAID requirement met",
        Level::OpenWeights => {
            "weights under OSD-conformant terms; OSAID not met or not established"
        }
        Level::OpenWeightsRestricted => {
            "weights obtainable under terms that restrict use (acceptable-use policy, user cap, non-commercial, ...)"
        }
        Level::Closed => "no weights published",
        Level::Unknown => "the evidence cannot tell (no license, unreadable card, ...)",
    }
}

/// A short name for a rubric.
pub fn rubric_short(id: &str, title: &str) -> String {
    match id {
        "osaid-1.0" => "OSAID 1.0".into(),
        "mof-1.0" => "MOF 1.0".into(),
        "eu-ai-act-53-2" => "EU AI Act 53(2)".into(),
        _ if title.chars().count() <= 24 => title.into(),
        _ => id.into(),
    }
}

/// A shorter name for a rubric, to prefix grid labels.
pub fn rubric_tag(id: &str, title: &str) -> String {
    match id {
        "osaid-1.0" => "OSAID".into(),
        "mof-1.0" => "MOF".into(),
        "eu-ai-act-53-2" => "EU".into(),
        _ => rubric_short(id, title),
    }
}

/// A short column header for a criterion of a built-in rubric; others use their title when it is
/// short, else the last part of their id.
pub fn criterion_label(rubric: &str, id: &str, title: &str) -> String {
    let known = match (rubric, id) {
        ("mof-1.0", "model-architecture") => Some("Architecture"),
        ("mof-1.0", "model-parameters-final") => Some("Weights"),
        ("mof-1.0", "model-card") => Some("Model card"),
        ("mof-1.0", "data-card") => Some("Data card"),
        ("mof-1.0", "technical-report") => Some("Tech report"),
        ("mof-1.0", "evaluation-results") => Some("Eval results"),
        ("mof-1.0", "sample-model-outputs") => Some("Samples"),
        ("mof-1.0", "training-code") => Some("Training code"),
        ("mof-1.0", "inference-code") => Some("Inference code"),
        ("mof-1.0", "evaluation-code") => Some("Eval code"),
        ("mof-1.0", "evaluation-data") => Some("Eval data"),
        ("mof-1.0", "supporting-libraries") => Some("Libraries"),
        ("mof-1.0", "data-preprocessing-code") => Some("Preproc code"),
        ("mof-1.0", "model-parameters-intermediate") => Some("Checkpoints"),
        ("mof-1.0", "datasets") => Some("Datasets"),
        ("mof-1.0", "research-paper") => Some("Paper"),
        ("mof-1.0", "model-metadata") => Some("Metadata"),
        ("osaid-1.0", "freedoms") => Some("Freedoms"),
        ("osaid-1.0", "parameters") => Some("Parameters"),
        ("osaid-1.0", "architecture") => Some("Architecture"),
        ("osaid-1.0", "code/data-preprocessing") => Some("Preproc code"),
        ("osaid-1.0", "code/training") => Some("Training code"),
        ("osaid-1.0", "code/validation-and-testing") => Some("Eval code"),
        ("osaid-1.0", "code/inference") => Some("Inference code"),
        ("osaid-1.0", "code/supporting-libraries") => Some("Libraries"),
        ("osaid-1.0", "data-information/training-methodology") => Some("Methodology"),
        ("osaid-1.0", "data-information/training-data-scope") => Some("Data scope"),
        ("osaid-1.0", "data-information/training-data-provenance") => Some("Provenance"),
        ("osaid-1.0", "data-information/labeling-procedures") => Some("Labelling"),
        ("osaid-1.0", "data-information/data-filtering") => Some("Filtering"),
        ("osaid-1.0", "documentation-terms") => Some("Doc terms"),
        ("eu-ai-act-53-2", "free-open-source-license") => Some("FOSS licence"),
        ("eu-ai-act-53-2", "parameters-public") => Some("Weights public"),
        ("eu-ai-act-53-2", "architecture-information-public") => Some("Architecture info"),
        ("eu-ai-act-53-2", "usage-information-public") => Some("Usage info"),
        ("eu-ai-act-53-2", "no-systemic-risk") => Some("No systemic risk"),
        ("eu-ai-act-53-2", "not-monetised") => Some("Not monetised"),
        _ => None,
    };
    match known {
        Some(k) => k.into(),
        None if title.chars().count() <= 18 => title.into(),
        None => id.rsplit('/').next().unwrap_or(id).replace('-', " "),
    }
}

/// `href` for a URL: the URL itself when it is `http://` or `https://` with a host and no
/// whitespace, control or bidi characters; `None` for anything else (`javascript:`, `data:`, relative).
pub fn safe_href(url: &str) -> Option<String> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host_ok = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '[');
    let clean = !url.chars().any(|c| {
        c.is_whitespace() || crate::controls::is_unsafe(c) || matches!(c, '<' | '>' | '"' | '`')
    });
    (host_ok && clean).then(|| url.to_string())
}

/// Where a source can be looked at: its URL, or the page of the file (and line) in the
/// repository, when the repository's files have pages.
pub fn source_href(source: &Source, report: &Report) -> Option<String> {
    if let Some(url) = &source.url {
        return safe_href(url);
    }
    let file = source.file.as_ref()?;
    report.repo.file_url(file, source.line)
}

/// `README.md:12 (license)`, or the URL alone.
pub fn source_text(s: &Source) -> String {
    let mut parts = Vec::new();
    match (&s.file, s.line) {
        (Some(f), Some(l)) => parts.push(format!("{f}:{l}")),
        (Some(f), None) => parts.push(f.clone()),
        _ => {}
    }
    if let Some(field) = &s.field {
        parts.push(if parts.is_empty() {
            field.clone()
        } else {
            format!("({field})")
        });
    }
    if let Some(url) = &s.url {
        parts.push(url.clone());
    }
    parts.join(" ")
}

/// A short name for a row: the repository's, or the target as given when it could not be read.
pub fn display_name(target: &str, report: Option<&Report>) -> String {
    match report {
        Some(r) if !r.repo.display.is_empty() => r.repo.display.clone(),
        _ => target.trim().to_string(),
    }
}
