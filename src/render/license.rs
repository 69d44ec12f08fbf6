//! Licenses as text: what `license identify`, `license show` and `license list` print on a
//! terminal (their JSON is the same data, serialised). Names taken from files (the file names,
//! a custom license's title) are one-line fields ([`crate::controls::line`]).

use std::fmt::Write as _;

use serde::Serialize;

use crate::controls::line;

use crate::license::{
    CatalogEntry, Identification, LicenseFacts, Resolution, Restriction, TextReport,
};

/// One file's result, as `--format json` prints it.
#[derive(Debug, Serialize)]
pub struct FileResult {
    pub file: String,
    #[serde(flatten)]
    pub report: TextReport,
}

/// What `license show --format json` prints.
#[derive(Debug, Serialize)]
pub struct Shown<'a> {
    pub declared: &'a str,
    pub resolution: Resolution,
    pub warning: Option<&'a str>,
    #[serde(flatten)]
    pub facts: &'a LicenseFacts,
    pub hub_ids: Vec<&'static str>,
    pub aliases: Vec<String>,
    pub links: Vec<String>,
    pub modifies: Option<String>,
    pub notes: Option<String>,
    /// `licenses/<file>.yaml`, or `SPDX license list`.
    pub source: String,
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn osd_words(f: &LicenseFacts) -> &'static str {
    match f.osd_conformant {
        Some(true) => "conformant",
        Some(false) => "not conformant",
        None => "not established",
    }
}

fn restriction_words(r: &Restriction) -> String {
    r.label()
}

/// `license identify` for the terminal: one block per license found in each file.
pub fn identified(results: &[FileResult]) -> String {
    let mut out = String::new();
    for r in results {
        describe_file(&mut out, r);
    }
    out
}

fn describe_file(out: &mut String, r: &FileResult) {
    let rep = &r.report;
    if rep.licenses.is_empty() {
        let _ = writeln!(out, "{}: not identified as a known license", line(&r.file));
        if let Some(url) = &rep.points_to {
            let _ = writeln!(out, "  points to {}", line(url));
        }
    }
    for (i, id) in rep.licenses.iter().enumerate() {
        let head = if rep.licenses.len() > 1 {
            format!("{} [{}/{}]", line(&r.file), i + 1, rep.licenses.len())
        } else {
            line(&r.file).into_owned()
        };
        describe_identification(out, &head, id);
    }
    if !rep.unexplained_terms.is_empty() {
        let _ = writeln!(
            out,
            "  also contains wording of: {}",
            rep.unexplained_terms
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn describe_identification(out: &mut String, head: &str, id: &Identification) {
    let f = &id.facts;
    let _ = writeln!(out, "{head}: {} ({})", line(&f.name), line(&f.id));
    let lines = id
        .lines
        .map(|(a, b)| format!(", lines {a}-{b}"))
        .unwrap_or_default();
    let method = id.method.words();
    let _ = writeln!(
        out,
        "  {}{lines}; confidence {:.2} ({method})",
        id.form.as_str(),
        id.confidence
    );
    if id.modified {
        let base = line(id.base.as_deref().unwrap_or("a standard license"));
        let extra = if id.extra_terms.is_empty() {
            String::new()
        } else {
            format!(
                "; added terms: {}",
                id.extra_terms
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let _ = writeln!(out, "  modified: yes, based on {base}{extra}");
    } else {
        let _ = writeln!(out, "  modified: no");
    }
    let _ = writeln!(
        out,
        "  kind {}; OSI-approved: {}; Open Source Definition: {}",
        f.kind,
        yes_no(f.osi_approved),
        osd_words(f)
    );
    if !f.restrictions.is_empty() {
        let _ = writeln!(
            out,
            "  restrictions: {}",
            f.restrictions
                .iter()
                .map(restriction_words)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for n in &id.notes {
        let _ = writeln!(out, "  note: {}", line(n));
    }
}

/// `license show` for the terminal.
pub fn shown(s: &Shown) -> String {
    let f = s.facts;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", line(&f.name), line(&f.id));
    if let Some(w) = s.warning {
        let _ = writeln!(out, "  note: {}", line(w));
    }
    let _ = writeln!(out, "  kind:                 {}", f.kind);
    let _ = writeln!(out, "  OSI-approved:         {}", yes_no(f.osi_approved));
    let _ = writeln!(out, "  OSD conformance:      {}", osd_words(f));
    let _ = writeln!(
        out,
        "  four freedoms:        {}",
        match f.grants_freedoms() {
            Some(true) => "granted",
            Some(false) => "not granted (open weights at most, never open source)",
            None => "cannot tell",
        }
    );
    if !f.content_types.is_empty() {
        let _ = writeln!(
            out,
            "  made for:             {}",
            f.content_types
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(m) = &s.modifies {
        let _ = writeln!(
            out,
            "  modifies:             {m} (not the standard {m} license)"
        );
    }
    if f.restrictions.is_empty() {
        let _ = writeln!(out, "  restrictions:         none");
    } else {
        let _ = writeln!(out, "  restrictions:");
        for r in &f.restrictions {
            let breaks = if r.kind.breaks_freedoms() {
                ""
            } else {
                " (allowed by the Open Source Definition)"
            };
            let _ = writeln!(out, "    - {}{breaks}: {}", restriction_words(r), r.summary);
            if let Some(u) = &r.url {
                let _ = writeln!(out, "      {u}");
            }
        }
    }
    if let Some(u) = &f.url {
        let _ = writeln!(out, "  text:                 {u}");
    }
    for l in &s.links {
        let _ = writeln!(out, "  also at:              {l}");
    }
    if !s.hub_ids.is_empty() {
        let _ = writeln!(out, "  Hugging Face id:      {}", s.hub_ids.join(", "));
    }
    if !s.aliases.is_empty() {
        let _ = writeln!(out, "  also written:         {}", s.aliases.join(", "));
    }
    if let Some(n) = &s.notes {
        let _ = writeln!(out, "  notes:                {}", n.trim());
    }
    let _ = writeln!(out, "  source:               {}", s.source);
    out
}

/// `license list` for the terminal.
pub fn list(entries: &[CatalogEntry]) -> String {
    let mut out = String::new();
    let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(10);
    for e in entries {
        let hub = if e.hub_ids.is_empty() {
            String::new()
        } else {
            format!(" [hf: {}]", e.hub_ids.join(", "))
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:<23}  OSI {:<3}  {}{hub}",
            e.id,
            e.kind.as_str(),
            yes_no(e.osi_approved),
            e.name
        );
    }
    let _ = writeln!(
        out,
        "\n{} licenses. Show one: openness license show ID (a Hugging Face id, an SPDX id or a name).",
        entries.len()
    );
    out
}
