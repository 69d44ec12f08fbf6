//! `openness license identify | show | list`: the license catalog and text identification that
//! every scan uses, on their own.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use super::output::{CliError, emit};
use crate::license::{Catalog, Resolution};
use crate::license::{Identification, TextReport, identify};
use crate::license::{LicenseFacts, LicenseKind, Restriction, store};
use crate::render::json::to_sorted_json;

#[derive(Debug, Subcommand)]
pub enum LicenseCommand {
    /// Identify license texts: which license, how sure, modified or not, what it restricts.
    #[command(
        after_help = "Each FILE may hold several licenses (a code license and a model license, a license and its use policy);\neach is reported with its lines. A standard text with added terms is reported as modified, under its own id."
    )]
    Identify {
        /// License files (LICENSE, USE_POLICY.md, MODEL_LICENSE, ...).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(short, long, value_enum, default_value_t = LicenseFormat::Terminal)]
        format: LicenseFormat,
        /// Print how long each file took on standard error.
        #[arg(long)]
        timings: bool,
    },
    /// Show what the catalog knows of a license: kind, OSI approval, Open Source Definition
    /// conformance, restrictions, source of the text.
    Show {
        /// A Hugging Face id (`llama3.1`), an SPDX id or expression, a `LicenseRef-` id or a
        /// name (`Llama 3.1 Community License`).
        license: String,
        #[arg(short, long, value_enum, default_value_t = LicenseFormat::Terminal)]
        format: LicenseFormat,
    },
    /// List every license profile and every Hugging Face license id.
    List {
        /// Only licenses of this kind.
        #[arg(short, long, value_enum)]
        kind: Option<KindArg>,
        #[arg(short, long, value_enum, default_value_t = LicenseFormat::Terminal)]
        format: LicenseFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LicenseFormat {
    Terminal,
    Json,
}

/// `--kind` values: the license kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    PublicDomain,
    Permissive,
    OpenData,
    OpenContent,
    Copyleft,
    RestrictedOpenWeights,
    NonCommercial,
    Proprietary,
    Unknown,
}

impl KindArg {
    fn kind(self) -> LicenseKind {
        match self {
            KindArg::PublicDomain => LicenseKind::PublicDomain,
            KindArg::Permissive => LicenseKind::Permissive,
            KindArg::OpenData => LicenseKind::OpenData,
            KindArg::OpenContent => LicenseKind::OpenContent,
            KindArg::Copyleft => LicenseKind::Copyleft,
            KindArg::RestrictedOpenWeights => LicenseKind::RestrictedOpenWeights,
            KindArg::NonCommercial => LicenseKind::NonCommercial,
            KindArg::Proprietary => LicenseKind::Proprietary,
            KindArg::Unknown => LicenseKind::Unknown,
        }
    }
}

pub fn run(cmd: LicenseCommand, verbose: bool) -> Result<ExitCode, CliError> {
    let catalog = Catalog::builtin();
    match cmd {
        LicenseCommand::Identify {
            files,
            format,
            timings,
        } => identify_files(catalog, &files, format, timings, verbose),
        LicenseCommand::Show { license, format } => show(catalog, &license, format),
        LicenseCommand::List { kind, format } => list(catalog, kind, format),
    }
}

/// One file's result, as `--format json` prints it.
#[derive(Debug, Serialize)]
struct FileResult {
    file: String,
    #[serde(flatten)]
    report: TextReport,
}

fn identify_files(
    catalog: &Catalog,
    files: &[PathBuf],
    format: LicenseFormat,
    timings: bool,
    verbose: bool,
) -> Result<ExitCode, CliError> {
    let mut results = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|e| crate::Error::Source {
            target: path.display().to_string(),
            message: format!("{e}; give the path of a license text"),
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let started = Instant::now();
        let report = identify::identify_all(catalog, &text);
        if timings {
            eprintln!(
                "{}\t{:.3} ms",
                path.display(),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        results.push(FileResult {
            file: path.display().to_string(),
            report,
        });
    }
    if verbose {
        eprintln!(
            "openness: SPDX text store {}",
            if store::is_loaded() {
                "loaded"
            } else {
                "not loaded (fingerprints sufficed)"
            }
        );
    }
    let text = match format {
        LicenseFormat::Json => to_sorted_json(&results)?,
        LicenseFormat::Terminal => {
            let mut out = String::new();
            for r in &results {
                describe_file(&mut out, r);
            }
            out
        }
    };
    emit(&text, None)?;
    Ok(ExitCode::SUCCESS)
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
    match r.threshold {
        Some(t) => format!("{} ({})", r.kind, group_digits(t)),
        None => r.kind.to_string(),
    }
}

/// 700000000 -> 700,000,000.
fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn describe_file(out: &mut String, r: &FileResult) {
    let rep = &r.report;
    if rep.licenses.is_empty() {
        let _ = writeln!(out, "{}: not identified as a known license", r.file);
        if let Some(url) = &rep.points_to {
            let _ = writeln!(out, "  points to {url}");
        }
    }
    for (i, id) in rep.licenses.iter().enumerate() {
        let head = if rep.licenses.len() > 1 {
            format!("{} [{}/{}]", r.file, i + 1, rep.licenses.len())
        } else {
            r.file.clone()
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
    let _ = writeln!(out, "{head}: {} ({})", f.name, f.id);
    let lines = id
        .lines
        .map(|(a, b)| format!(", lines {a}-{b}"))
        .unwrap_or_default();
    let method = match id.method {
        identify::Method::Fingerprint => "fingerprints",
        identify::Method::SpdxText => "SPDX text",
        identify::Method::Link => "link",
    };
    let _ = writeln!(
        out,
        "  {}{lines}; confidence {:.2} ({method})",
        id.form.as_str(),
        id.confidence
    );
    if id.modified {
        let base = id.base.as_deref().unwrap_or("a standard license");
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
        let _ = writeln!(out, "  note: {n}");
    }
}

/// What `license show --format json` prints.
#[derive(Debug, Serialize)]
struct Shown<'a> {
    declared: &'a str,
    resolution: Resolution,
    warning: Option<&'a str>,
    #[serde(flatten)]
    facts: &'a LicenseFacts,
    hub_ids: Vec<&'static str>,
    aliases: Vec<String>,
    links: Vec<String>,
    modifies: Option<String>,
    notes: Option<String>,
    /// `licenses/<file>.yaml`, or `SPDX license list`.
    source: String,
}

fn show(catalog: &Catalog, license: &str, format: LicenseFormat) -> Result<ExitCode, CliError> {
    let r = catalog.resolve(license);
    if r.resolution == Resolution::Unresolved && r.facts.kind == LicenseKind::Unknown {
        let key = crate::license::alias_key(license);
        let mut near: Vec<String> = catalog
            .entries()
            .into_iter()
            .flat_map(|e| {
                let mut names = vec![e.id.clone()];
                names.extend(e.hub_ids.clone());
                names
            })
            .filter(|n| {
                let n = n.to_lowercase();
                !key.is_empty() && (n.contains(&key) || key.contains(&n)) && n.len() > 2
            })
            .collect();
        near.sort();
        near.dedup();
        near.truncate(8);
        let hint = if near.is_empty() {
            "see `openness license list` for every license the catalog knows".to_string()
        } else {
            format!(
                "did you mean: {}? (`openness license list` shows them all)",
                near.join(", ")
            )
        };
        return Err(crate::Error::Target(format!(
            "`{license}` is not a license this catalog knows; {hint}"
        ))
        .into());
    }
    let profile = catalog.profile(&r.facts.id);
    let shown = Shown {
        declared: &r.declared,
        resolution: r.resolution,
        warning: r.warning.as_deref(),
        facts: &r.facts,
        hub_ids: profile
            .map(|p| p.hub_ids())
            .unwrap_or_else(|| hub_ids_of(&r.facts.id)),
        aliases: profile.map(|p| p.aliases.clone()).unwrap_or_default(),
        links: profile.map(|p| p.links.clone()).unwrap_or_default(),
        modifies: profile.and_then(|p| p.modifies.clone()),
        notes: profile.and_then(|p| p.notes.clone()),
        source: profile
            .map(|p| p.file.clone())
            .unwrap_or_else(|| "SPDX license list".into()),
    };
    let text = match format {
        LicenseFormat::Json => to_sorted_json(&shown)?,
        LicenseFormat::Terminal => describe_shown(&shown),
    };
    emit(&text, None)?;
    Ok(ExitCode::SUCCESS)
}

fn hub_ids_of(id: &str) -> Vec<&'static str> {
    crate::license::HUB_LICENSES
        .iter()
        .filter(|(_, _, t)| *t == id)
        .map(|(h, _, _)| *h)
        .collect()
}

fn describe_shown(s: &Shown) -> String {
    let f = s.facts;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", f.name, f.id);
    if let Some(w) = s.warning {
        let _ = writeln!(out, "  note: {w}");
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

fn list(
    catalog: &Catalog,
    kind: Option<KindArg>,
    format: LicenseFormat,
) -> Result<ExitCode, CliError> {
    let entries: Vec<_> = catalog
        .entries()
        .into_iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k.kind()))
        .collect();
    let text = match format {
        LicenseFormat::Json => to_sorted_json(&entries)?,
        LicenseFormat::Terminal => {
            let mut out = String::new();
            let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(10);
            for e in &entries {
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
    };
    emit(&text, None)?;
    Ok(ExitCode::SUCCESS)
}
