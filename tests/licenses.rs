//! License intelligence: the catalog covers every Hub license id and every restriction kind, texts
//! are identified (several licenses in one file, modified standard texts, wrapped texts, pointers),
//! and scans report conflicts between the card, the license link and the files, without false ones.

mod common;

use openness::license::HUB_LICENSES;
use openness::license::{Catalog, Resolution};
use openness::license::{LicenseKind, RestrictionKind};
use openness::license::{Method, TextForm, identify};

use common::{corpus, fixture, scan};

fn cat() -> &'static Catalog {
    Catalog::builtin()
}

const MIT: &str = "MIT License

Copyright (c) 2025 Fixture Authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the \"Software\"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
";

/// The Hub ids named in the Hub's documentation table: `| Full name | `id` |`.
fn hub_doc_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with('|'))
        .filter_map(|l| l.split('|').nth(2))
        .filter_map(|cell| {
            let c = cell.trim();
            c.strip_prefix('`')
                .and_then(|c| c.strip_suffix('`'))
                .map(String::from)
        })
        .collect()
}

#[test]
fn every_hugging_face_license_id_resolves() {
    // The Hub's list as this project recorded it; the test against the Hub's own document
    // follows when the corpus is present.
    let expected = [
        "apache-2.0",
        "mit",
        "openrail",
        "bigscience-openrail-m",
        "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0",
        "bigcode-openrail-m",
        "afl-3.0",
        "artistic-2.0",
        "bsl-1.0",
        "bsd",
        "bsd-2-clause",
        "bsd-3-clause",
        "bsd-3-clause-clear",
        "c-uda",
        "cc",
        "cc0-1.0",
        "cc-by-2.0",
        "cc-by-2.5",
        "cc-by-3.0",
        "cc-by-4.0",
        "cc-by-sa-3.0",
        "cc-by-sa-4.0",
        "cc-by-nc-2.0",
        "cc-by-nc-3.0",
        "cc-by-nc-4.0",
        "cc-by-nd-4.0",
        "cc-by-nc-nd-3.0",
        "cc-by-nc-nd-4.0",
        "cc-by-nc-sa-2.0",
        "cc-by-nc-sa-3.0",
        "cc-by-nc-sa-4.0",
        "cdla-sharing-1.0",
        "cdla-permissive-1.0",
        "cdla-permissive-2.0",
        "wtfpl",
        "ecl-2.0",
        "epl-1.0",
        "epl-2.0",
        "etalab-2.0",
        "eupl-1.1",
        "eupl-1.2",
        "agpl-3.0",
        "gfdl",
        "gpl",
        "gpl-2.0",
        "gpl-3.0",
        "lgpl",
        "lgpl-2.1",
        "lgpl-3.0",
        "isc",
        "h-research",
        "intel-research",
        "lppl-1.3c",
        "ms-pl",
        "apple-ascl",
        "apple-amlr",
        "mpl-2.0",
        "odc-by",
        "odbl",
        "openmdw-1.0",
        "openmdw-1.1",
        "openrail++",
        "osl-3.0",
        "postgresql",
        "ofl-1.1",
        "ncsa",
        "unlicense",
        "zlib",
        "pddl",
        "lgpl-lr",
        "deepfloyd-if-license",
        "fair-noncommercial-research-license",
        "llama2",
        "llama3",
        "llama3.1",
        "llama3.2",
        "llama3.3",
        "llama4",
        "grok2-community",
        "gemma",
        "unknown",
        "other",
    ];
    let mut ids: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    if let Some(hub) = corpus("hub") {
        let doc = std::fs::read_to_string(hub.join("repositories-licenses.md")).unwrap();
        let from_doc = hub_doc_ids(&doc);
        assert!(from_doc.len() > 80, "the Hub table was not read");
        ids.extend(from_doc);
    }
    ids.sort();
    ids.dedup();
    let mut missing = Vec::new();
    for id in &ids {
        let r = cat().resolve(id);
        let known = HUB_LICENSES.iter().any(|(h, _, _)| h == id);
        let resolved = match id.as_str() {
            "other" | "unknown" => r.facts.id == "NOASSERTION",
            _ => {
                r.resolution != Resolution::Unresolved
                    && (cat().profile(&r.facts.id).is_some()
                        || spdx::license_id(&r.facts.id).is_some())
            }
        };
        if !known || !resolved || r.warning.is_some() {
            missing.push(format!("{id} -> {} ({:?})", r.facts.id, r.warning));
        }
    }
    assert!(
        missing.is_empty(),
        "Hub ids not covered:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_restriction_kind_is_in_the_catalog_with_its_facts() {
    for kind in RestrictionKind::ALL {
        assert!(
            cat()
                .profiles()
                .iter()
                .any(|p| p.restrictions.iter().any(|r| r.kind == kind)),
            "no profile has a {kind} restriction"
        );
    }
    let has = |id: &str, kind: RestrictionKind| {
        cat()
            .resolve(id)
            .facts
            .restrictions
            .into_iter()
            .find(|r| r.kind == kind)
            .unwrap_or_else(|| panic!("{id} has no {kind}"))
    };
    // Thresholds with their numbers, as the texts state them.
    for (id, n) in [
        ("llama2", 700_000_000),
        ("llama3.1", 700_000_000),
        ("llama4", 700_000_000),
        ("tongyi-qianwen", 100_000_000),
        ("databricks-open-model-license", 700_000_000),
    ] {
        assert_eq!(
            has(id, RestrictionKind::UserThreshold).threshold,
            Some(n),
            "{id}"
        );
    }
    for (id, usd) in [
        ("stabilityai-ai-community", 1_000_000),
        ("lfm-open-license", 10_000_000),
        ("mistral modified mit license", 20_000_000),
    ] {
        assert_eq!(
            has(id, RestrictionKind::RevenueThreshold).threshold,
            Some(usd),
            "{id}"
        );
    }
    has("llama2", RestrictionKind::ModelTrainingBan);
    has("llama3", RestrictionKind::ModelTrainingBan);
    has("llama3.1", RestrictionKind::AcceptableUsePolicy);
    has("llama3.1", RestrictionKind::Attribution);
    has("llama3.2", RestrictionKind::Geographic);
    has("gemma", RestrictionKind::Revocable);
    has("gemma", RestrictionKind::ShareAlike);
    has("cc-by-nc-4.0", RestrictionKind::NonCommercial);
    has("cc-by-nd-4.0", RestrictionKind::NoDerivatives);
    has(
        "nvidia-open-model-license",
        RestrictionKind::ModificationLimit,
    );
    has("mnpl", RestrictionKind::FieldOfUse);
    has("llama-license", RestrictionKind::GatedAccess);
    // Llama 3.1 dropped the ban on improving other models; Llama 2 and 3 have it.
    assert!(
        !cat()
            .resolve("llama3.1")
            .facts
            .restrictions
            .iter()
            .any(|r| r.kind == RestrictionKind::ModelTrainingBan)
    );
    // Attribution and share-alike do not take a freedom away; the others do.
    assert!(!RestrictionKind::Attribution.breaks_freedoms());
    assert!(!RestrictionKind::ShareAlike.breaks_freedoms());
    assert!(RestrictionKind::RevenueThreshold.breaks_freedoms());
    assert!(RestrictionKind::ModificationLimit.breaks_freedoms());
}

#[test]
fn open_licenses_for_models_grant_the_freedoms() {
    for id in [
        "openmdw-1.0",
        "openmdw-1.1",
        "apache-2.0",
        "cc-by-4.0",
        "odbl",
    ] {
        assert_eq!(
            cat().resolve(id).facts.grants_freedoms(),
            Some(true),
            "{id}"
        );
    }
    for id in [
        "llama3.1",
        "gemma",
        "openrail++",
        "deepseek",
        "qwen-research",
        "c-uda",
    ] {
        assert_eq!(
            cat().resolve(id).facts.grants_freedoms(),
            Some(false),
            "{id}"
        );
    }
}

#[test]
fn a_standard_text_is_identified_against_its_spdx_text() {
    let id = identify::identify(cat(), MIT).unwrap();
    assert_eq!(id.facts.id, "MIT");
    assert!(!id.modified);
    assert_eq!(id.method, Method::SpdxText);
    assert!(id.confidence > 0.95, "{}", id.confidence);
}

#[test]
fn an_mit_text_with_a_non_commercial_clause_is_not_mit() {
    let text = std::fs::read_to_string(format!("{}/LICENSE", fixture("modified-mit"))).unwrap();
    let id = identify::identify(cat(), &text).unwrap();
    assert_eq!(id.facts.id, "LicenseRef-MIT-modified");
    assert!(id.modified);
    assert_eq!(id.base.as_deref(), Some("MIT"));
    assert!(id.extra_terms.contains(&RestrictionKind::NonCommercial));
    assert_eq!(id.facts.kind, LicenseKind::NonCommercial);
    assert_eq!(id.facts.grants_freedoms(), Some(false));
    assert!(!id.facts.osi_approved);
}

#[test]
fn terms_added_around_a_standard_text_modify_it() {
    // A condition of our own before an MIT text.
    let text = format!(
        "Additional condition: the licensee shall not sell the Software or use it to provide a \
         paid service; this Commons Clause condition is added to the license below.\n\n{MIT}"
    );
    let id = identify::identify(cat(), &text).unwrap();
    assert!(id.modified, "{id:?}");
    assert!(id.extra_terms.contains(&RestrictionKind::NonCommercial));
    // A clause that forbids removing filters, inside the text.
    let text = MIT.replace(
        "THE SOFTWARE IS PROVIDED",
        "Nobody may remove or disable the inference filters of the Software.\n\nTHE SOFTWARE IS PROVIDED",
    );
    let id = identify::identify(cat(), &text).unwrap();
    assert!(id.modified);
    assert!(id.extra_terms.contains(&RestrictionKind::ModificationLimit));
    // A text whose own title says it is modified.
    let text = MIT.replace("MIT License", "Modified MIT License");
    let id = identify::identify(cat(), &text).unwrap();
    assert!(id.modified);
    assert_eq!(id.facts.id, "LicenseRef-MIT-modified");
    assert_eq!(
        id.facts.grants_freedoms(),
        None,
        "unrecognised changes: cannot tell"
    );
}

#[test]
fn a_known_modification_is_named_for_itself() {
    let text = format!(
        "Modified MIT License\n\n{}\nOur only modification is that products above a size must \
         prominently display MiniMax M2 in their interface. Copyright MiniMax AI.\n",
        MIT.trim_start_matches("MIT License")
    );
    let id = identify::identify(cat(), &text).unwrap();
    assert_eq!(id.facts.id, "LicenseRef-minimax-m2-modified-mit");
    assert!(id.modified);
    assert_eq!(id.base.as_deref(), Some("MIT"));
}

#[test]
fn wrapped_texts_and_pointers() {
    // Under a heading and in a code fence, as documentation pages embed them.
    let text = format!("## Licence du modèle\n\n```\n{MIT}```\n");
    let id = identify::identify(cat(), &text).unwrap();
    assert_eq!(id.facts.id, "MIT");
    assert!(!id.modified, "{:?}", id.notes);
    // A first line pointing at the original, as package overlays add.
    let text = format!("[For the original copy, see https://opensource.org/licenses/MIT]\n{MIT}");
    let report = identify::identify_all(cat(), &text);
    assert_eq!(
        report.points_to.as_deref(),
        Some("https://opensource.org/licenses/MIT")
    );
    assert_eq!(report.licenses[0].facts.id, "MIT");
    assert!(!report.licenses[0].modified);
    // A file that only points elsewhere.
    let id = identify::identify(
        cat(),
        "Please refer to license: https://github.com/facebookresearch/llama/blob/main/LICENSE\n",
    )
    .unwrap();
    assert_eq!(id.facts.id, "LicenseRef-llama2");
    assert_eq!(id.form, TextForm::Reference);
    assert_eq!(id.method, Method::Link);
}

#[test]
fn several_licenses_in_one_file() {
    let text =
        std::fs::read_to_string(format!("{}/LICENSE", fixture("code-and-model-licenses"))).unwrap();
    let report = identify::identify_all(cat(), &text);
    let ids: Vec<(&str, TextForm)> = report
        .licenses
        .iter()
        .map(|l| (l.facts.id.as_str(), l.form))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("Apache-2.0", TextForm::Header),
            ("LicenseRef-nvidia-open-model-license", TextForm::FullText)
        ],
        "{report:#?}"
    );
    // Lines in order, the header before the model license.
    let a = report.licenses[0].lines.unwrap();
    let b = report.licenses[1].lines.unwrap();
    assert!(a.1 <= b.0, "{a:?} {b:?}");
}

#[test]
fn a_license_with_its_use_policy() {
    let license =
        std::fs::read_to_string(format!("{}/LICENSE", fixture("license-other-agrees"))).unwrap();
    let policy =
        std::fs::read_to_string(format!("{}/USE_POLICY.md", fixture("license-other-agrees")))
            .unwrap();
    let p = identify::identify(cat(), &policy).unwrap();
    assert_eq!(p.facts.id, "LicenseRef-llama3.1");
    assert_eq!(p.form, TextForm::Policy);
    // Both in one file: one license, which includes its policy.
    let report = identify::identify_all(cat(), &format!("{license}\n\n{policy}"));
    assert_eq!(report.licenses.len(), 1, "{report:#?}");
    assert_eq!(report.licenses[0].facts.id, "LicenseRef-llama3.1");
    assert!(
        report.licenses[0]
            .notes
            .iter()
            .any(|n| n.contains("use policy"))
    );
}

#[test]
fn an_unknown_text_is_not_identified() {
    let report = identify::identify_all(
        cat(),
        "These are the house rules of our garden: water the plants on Mondays, close the gate, \
         and leave the tools where you found them after every visit to the allotment.",
    );
    assert!(report.licenses.is_empty(), "{report:#?}");
}

#[test]
fn card_other_with_a_name_and_the_same_license_file_agree() {
    let r = scan(&fixture("license-other-agrees"));
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    assert_eq!(r.openness.level.to_string(), "open-weights-restricted");
    let ids: Vec<&str> = r.licenses.iter().map(|l| l.id.as_str()).collect();
    assert!(ids.contains(&"LicenseRef-llama3.1"), "{ids:?}");
    assert!(
        !ids.contains(&"NOASSERTION"),
        "`other` is explained by license_name: {ids:?}"
    );
}

#[test]
fn a_card_that_disagrees_with_its_license_file_is_a_conflict() {
    let r = scan(&fixture("license-conflict"));
    assert_eq!(r.conflicts.len(), 1, "{:#?}", r.conflicts);
    let c = &r.conflicts[0];
    assert!(c.message.contains("apache-2.0"), "{}", c.message);
    assert!(c.message.contains("LicenseRef-llama3.1"), "{}", c.message);
    assert!(
        c.message.contains("the more restrictive terms"),
        "{}",
        c.message
    );
    assert_eq!(c.sources.len(), 2);
}

#[test]
fn a_model_license_and_a_code_license_in_one_file() {
    let r = scan(&fixture("code-and-model-licenses"));
    let ids: Vec<&str> = r.licenses.iter().map(|l| l.id.as_str()).collect();
    assert!(ids.contains(&"Apache-2.0"), "{ids:?}");
    assert!(
        ids.contains(&"LicenseRef-nvidia-open-model-license"),
        "{ids:?}"
    );
    // The card names the model license; the file confirms it: no conflict.
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    assert_eq!(r.openness.level.to_string(), "open-weights-restricted");
}
