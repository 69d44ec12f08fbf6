//! `openness license identify | show | list`: the license catalog and text identification that
//! every scan uses, on their own.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;

use super::output::{CliError, emit};
use openness::license::identify;
use openness::license::{Catalog, Resolution};
use openness::license::{LicenseKind, store};
use openness::render::license::{FileResult, Shown};
use openness::render::{self, ListFormat};

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
        #[arg(short, long, value_enum, default_value_t = ListFormat::Terminal)]
        format: ListFormat,
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
        #[arg(short, long, value_enum, default_value_t = ListFormat::Terminal)]
        format: ListFormat,
    },
    /// List every license profile and every Hugging Face license id.
    List {
        /// Only licenses of this kind.
        #[arg(short, long, value_enum)]
        kind: Option<LicenseKind>,
        #[arg(short, long, value_enum, default_value_t = ListFormat::Terminal)]
        format: ListFormat,
    },
}

pub fn run(cmd: LicenseCommand, verbose: u8) -> Result<ExitCode, CliError> {
    let catalog = Catalog::builtin();
    match cmd {
        LicenseCommand::Identify {
            files,
            format,
            timings,
        } => identify_files(catalog, &files, format, timings, verbose > 0),
        LicenseCommand::Show { license, format } => show(catalog, &license, format),
        LicenseCommand::List { kind, format } => list(catalog, kind, format),
    }
}

/// The largest license text identified (the longest standard texts are under 100 kB; a
/// file of many notices may be a few MB).
const LICENSE_TEXT_CAP: usize = 8 * 1024 * 1024;

fn identify_files(
    catalog: &Catalog,
    files: &[PathBuf],
    format: ListFormat,
    timings: bool,
    verbose: bool,
) -> Result<ExitCode, CliError> {
    let mut results = Vec::new();
    for path in files {
        let bytes = openness::input::read_bytes(path, LICENSE_TEXT_CAP, "the license text")
            .map_err(|d| openness::Error::Source {
                target: path.display().to_string(),
                message: match d.message.strip_prefix("cannot read the license text: ") {
                    Some(e) => format!("{e}; give the path of a license text"),
                    None => d.message,
                },
            })?;
        let text = String::from_utf8_lossy(&bytes);
        let started = Instant::now();
        let report = identify::identify_all(catalog, &text);
        if timings {
            eprintln!(
                "{}\t{:.3} ms",
                openness::controls::line(&path.display().to_string()),
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
    let text = render::license_identified(&results, format)?;
    emit(&text, None)?;
    Ok(ExitCode::SUCCESS)
}

fn show(catalog: &Catalog, license: &str, format: ListFormat) -> Result<ExitCode, CliError> {
    let r = catalog.resolve(license);
    if r.resolution == Resolution::Unresolved && r.facts.kind == LicenseKind::Unknown {
        let key = openness::license::alias_key(license);
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
        return Err(openness::Error::Target(format!(
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
    let text = render::license_shown(&shown, format)?;
    emit(&text, None)?;
    Ok(ExitCode::SUCCESS)
}

fn hub_ids_of(id: &str) -> Vec<&'static str> {
    openness::license::HUB_LICENSES
        .iter()
        .filter(|(_, _, t)| *t == id)
        .map(|(h, _, _)| *h)
        .collect()
}

fn list(
    catalog: &Catalog,
    kind: Option<LicenseKind>,
    format: ListFormat,
) -> Result<ExitCode, CliError> {
    let entries: Vec<_> = catalog
        .entries()
        .into_iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .collect();
    let text = render::license_list(&entries, format)?;
    emit(&text, None)?;
    Ok(ExitCode::SUCCESS)
}
