//! `openness` tells how open an AI model really is. It reads a model's repository (a local
//! directory, the Hugging Face cache, the Hub, or a MOT manifest), extracts evidence with its
//! provenance, judges it against rubrics (OSI's Open Source AI Definition 1.0, the Model Openness
//! Framework 1.0, the EU AI Act's open-source exemption) and renders a report that separates open
//! weights from open source.
//!
//! The pipeline is plain data between stages:
//!
//! ```text
//! target --source--> Snapshot --extract--> Evidence --assess(rubric)--> Assessment --render--> report
//! ```
//!
//! ```no_run
//! let rubrics = openness::rubric::default_rubrics().unwrap();
//! let report = openness::scan("tests/fixtures/open-research-model", &rubrics).unwrap();
//! println!("{}: {}", report.openness.level, report.openness.reason);
//! ```

pub mod assess;
pub mod batch;
pub mod check;
pub mod compare;
pub mod component;
pub mod controls;
pub mod diag;
pub mod diff;
pub mod error;
pub mod evidence;
pub mod extract;
pub mod input;
pub mod jsonl;
pub mod level;
pub mod license;
pub mod mot;
pub mod numbers;
pub mod policy;
pub mod render;
pub mod report;
pub mod rubric;
pub mod snapshot;
pub mod source;
pub mod vocab;
pub mod yaml;

pub(crate) mod embedded {
    //! The data folders, built into the binary by `build.rs`.
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use error::Error;
pub use evidence::Evidence;
pub use report::Report;
pub use snapshot::Snapshot;

/// Read a target into a snapshot (the only stage that does I/O).
pub fn read(target: &str) -> Result<Snapshot, Error> {
    let spec = source::TargetSpec::parse(target)?;
    source::read(&spec)
}

/// Snapshot -> evidence, with the built-in license catalog.
pub fn extract(snapshot: &Snapshot) -> Evidence {
    extract::extract(snapshot, license::Catalog::builtin())
}

/// Read, extract and assess a target against `rubrics`.
pub fn scan(target: &str, rubrics: &[rubric::Rubric]) -> Result<Report, Error> {
    let snapshot = read(target)?;
    Report::build(&extract(&snapshot), rubrics)
}
