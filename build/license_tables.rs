//! The license profiles and clause patterns, read and checked by the library's readers and
//! written as static tables (see `src/license/builtin.rs` and `src/license/clauses/compiled.rs`
//! for the types they fill).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::clause_data::{self, CompileWhen, LazyRegex, Pattern};
use crate::profile::{self, LicenseProfile};

/// Read both, stop the build with the readers' messages on any problem, write both tables.
pub fn write(root: &Path, out_dir: &Path) {
    let profiles = files(root, "licenses/profiles", |_| true);
    let sources: Vec<(&str, &str)> = profiles
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let read = profile::load_all(&sources).unwrap_or_else(|e| fail(&e));
    fs::write(out_dir.join("license_profiles.rs"), profile_table(&read))
        .expect("write license_profiles.rs");

    let clauses = files(root, "licenses/terms", |n| n.starts_with("clauses"));
    // Named as the library names them in messages.
    let named: Vec<(String, &str)> = clauses
        .iter()
        .map(|(n, t)| (format!("licenses/terms/{n}"), t.as_str()))
        .collect();
    let sources: Vec<(&str, &str)> = named.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let compiled =
        clause_data::load_with(&sources, CompileWhen::OnFirstUse).unwrap_or_else(|e| fail(&e));
    fs::write(out_dir.join("clause_patterns.rs"), clause_table(&compiled))
        .expect("write clause_patterns.rs");
}

/// The `.yaml` files of a folder whose names pass `keep`, sorted by name: (name, text).
fn files(root: &Path, dir: &str, keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let path = root.join(dir);
    let mut out: Vec<(String, String)> = fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .flatten()
        .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n.ends_with(".yaml") && keep(n))
        .map(|n| {
            let text = fs::read_to_string(path.join(&n))
                .unwrap_or_else(|e| panic!("cannot read {dir}/{n}: {e}"));
            (n, text)
        })
        .collect();
    out.sort();
    out
}

/// A bundled file with a problem: the reader's message, as a user's file would get it.
fn fail(e: &crate::Error) -> ! {
    eprintln!("{e}");
    std::process::exit(1)
}

/// A string slice literal.
fn s(v: &str) -> String {
    format!("{v:?}")
}

/// An optional string slice literal.
fn opt(v: &Option<String>) -> String {
    match v {
        Some(v) => format!("Some({v:?})"),
        None => "None".into(),
    }
}

/// A literal slice of string slices.
fn list(v: &[String]) -> String {
    format!("&{v:?}")
}

fn profile_table(profiles: &[LicenseProfile]) -> String {
    let mut out = String::from(
        "// The license profiles, read and checked by build.rs.\npub(super) static PROFILES: &[StaticProfile] = &[\n",
    );
    for p in profiles {
        // Every field, so that a new one cannot be forgotten here.
        let LicenseProfile {
            id,
            name,
            aliases,
            kind,
            osi_approved,
            osd_conformant,
            modifies,
            url,
            links,
            restrictions,
            content_types,
            fingerprints,
            policy_fingerprints,
            notes,
            file,
            path,
        } = p;
        let restrictions: Vec<String> = restrictions
            .iter()
            .map(|r| {
                format!(
                    "StaticRestriction {{ kind: RestrictionKind::{:?}, summary: {}, threshold: {:?}, url: {} }}",
                    r.kind,
                    s(&r.summary),
                    r.threshold,
                    opt(&r.url)
                )
            })
            .collect();
        let content_types = match content_types {
            Some(list) => format!(
                "Some(&[{}])",
                list.iter()
                    .map(|c| format!("ContentType::{c:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "None".into(),
        };
        writeln!(
            out,
            "    StaticProfile {{ id: {}, name: {}, aliases: {}, kind: LicenseKind::{kind:?}, \
             osi_approved: {osi_approved}, osd_conformant: {osd_conformant:?}, modifies: {}, \
             url: {}, links: {}, restrictions: &[{}], content_types: {content_types}, \
             fingerprints: {}, policy_fingerprints: {}, notes: {}, file: {}, path: {} }},",
            s(id),
            s(name),
            list(aliases),
            opt(modifies),
            opt(url),
            list(links),
            restrictions.join(", "),
            list(fingerprints),
            list(policy_fingerprints),
            opt(notes),
            s(file),
            s(path),
        )
        .unwrap();
    }
    out.push_str("];\n");
    out
}

fn srcs(v: &[LazyRegex]) -> String {
    let v: Vec<&str> = v.iter().map(LazyRegex::src).collect();
    format!("&{v:?}")
}

fn clause_table(compiled: &clause_data::Compiled) -> String {
    let m = &compiled.markers;
    let mut out = format!(
        "// The clause patterns, read and checked by build.rs.\n\
         pub(super) static MARKERS: StaticMarkers = StaticMarkers {{ prohibition: {}, benign: {}, \
         permission: {}, definition: {}, lead_in: {} }};\n\
         pub(super) static PATTERNS: &[StaticPattern] = &[\n",
        s(m.prohibition.src()),
        s(m.benign.src()),
        s(m.permission.src()),
        s(m.definition.src()),
        s(m.lead_in.src()),
    );
    for p in &compiled.patterns {
        let Pattern {
            id,
            kind,
            summary,
            triggers,
            any,
            regexes,
            unless,
            also,
            prohibited,
            number,
            in_definitions,
            tests,
        } = p;
        let number = match number {
            Some(n) => format!("Some(NumberKind::{n:?})"),
            None => "None".into(),
        };
        writeln!(
            out,
            "    StaticPattern {{ id: {}, kind: RestrictionKind::{kind:?}, summary: {}, \
             triggers: {}, any: {}, regexes: {}, unless: {}, also: {}, prohibited: {prohibited}, \
             number: {number}, in_definitions: {in_definitions}, positive: {}, negative: {} }},",
            s(id),
            s(summary),
            list(triggers),
            s(any.src()),
            srcs(regexes),
            srcs(unless),
            srcs(also),
            list(&tests.positive),
            list(&tests.negative),
        )
        .unwrap();
    }
    out.push_str("];\n");
    out
}
