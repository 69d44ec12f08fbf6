//! The clause reader on whole texts: hand-written licenses (`tests/fixtures/license-texts/`,
//! written for this project) and every standard license text of the SPDX list.

use openness::license::RestrictionKind;
use openness::license::clauses::{Clause, read_clauses};

fn kinds(clauses: &[Clause]) -> Vec<RestrictionKind> {
    let mut k: Vec<RestrictionKind> = clauses.iter().map(|c| c.kind).collect();
    k.sort();
    k.dedup();
    k
}

/// OSI-approved texts where a clause, read alone, does restrict, and only its context (which
/// the reader does not follow) says otherwise.
const OSI_EXCEPTIONS: &[(&str, &str)] = &[(
    "IPA",
    "`may not alter or otherwise modify the Licensed Program` is a condition of redistributing \
     the program unchanged; derived programs are allowed by another article",
)];

/// Every OSI-approved license text grants the freedoms: the reader must find no clause that
/// takes one away.
#[test]
fn osi_approved_license_texts_have_no_freedom_restrictions() {
    let mut failures = Vec::new();
    let mut read = 0;
    for (id, text) in spdx::text::LICENSE_TEXTS {
        let Some(l) = spdx::license_id(id) else {
            continue;
        };
        if !l.is_osi_approved() || l.is_deprecated() || OSI_EXCEPTIONS.iter().any(|(x, _)| x == id)
        {
            continue;
        }
        read += 1;
        for c in read_clauses(text)
            .iter()
            .filter(|c| c.kind.breaks_freedoms())
        {
            failures.push(format!(
                "{id}:{}: {} ({}): {}",
                c.first_line, c.kind, c.pattern, c.quote
            ));
        }
    }
    assert!(read > 100, "only {read} texts");
    assert!(
        failures.is_empty(),
        "{} clauses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
#[ignore]
fn dump_non_osi() {
    for (id, text) in spdx::text::LICENSE_TEXTS {
        let Some(l) = spdx::license_id(id) else {
            continue;
        };
        if l.is_osi_approved() || l.is_deprecated() {
            continue;
        }
        let c = read_clauses(text);
        let k: Vec<String> = kinds(&c).iter().map(|k| k.to_string()).collect();
        if !k.is_empty() {
            println!("{id}\t{}", k.join(","));
        }
    }
}

#[test]
#[ignore]
fn dump_one() {
    let want = std::env::var("SPDX_ID").unwrap_or_default();
    for (id, text) in spdx::text::LICENSE_TEXTS {
        if want.split(',').any(|w| w == *id) {
            for c in read_clauses(text) {
                println!(
                    "{id}:{} {} ({}): {}",
                    c.first_line, c.kind, c.pattern, c.quote
                );
            }
        }
    }
}
