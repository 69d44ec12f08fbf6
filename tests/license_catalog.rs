//! The license catalog: resolution of SPDX ids and expressions, Hugging Face ids, names,
//! aliases and links, through the public API.

use openness::component::ContentType;
use openness::license::{
    Catalog, HUB_LICENSES, LicenseKind, NOASSERTION, Resolution, RestrictionKind,
};

fn cat() -> &'static Catalog {
    Catalog::builtin()
}

#[test]
fn strict_spdx() {
    let r = cat().resolve("Apache-2.0");
    assert_eq!(r.resolution, Resolution::Spdx);
    assert_eq!(r.facts.id, "Apache-2.0");
    assert!(r.facts.osi_approved);
    assert_eq!(r.facts.kind, LicenseKind::Permissive);
    assert!(r.warning.is_none());
}

#[test]
fn hugging_face_ids_fold_case() {
    // Hugging Face ids are lower-case by design: an alias, no warning.
    let r = cat().resolve("apache-2.0");
    assert_eq!(r.facts.id, "Apache-2.0");
    assert_eq!(r.resolution, Resolution::Profile);
    assert!(r.warning.is_none());
    assert_eq!(cat().resolve("mit").facts.id, "MIT");
    // Other case-folded SPDX ids are read leniently, with a warning.
    let r = cat().resolve("isc OR zlib");
    assert_eq!(r.facts.id, "ISC OR Zlib");
    assert_eq!(r.resolution, Resolution::Lenient);
    assert!(r.warning.unwrap().contains("isc OR zlib"));
}

#[test]
fn expressions() {
    let r = cat().resolve("MIT OR Apache-2.0");
    assert_eq!(r.facts.id, "MIT OR Apache-2.0");
    assert_eq!(r.facts.grants_freedoms(), Some(true));
    let r = cat().resolve("apache-2.0 AND cc-by-nc-4.0");
    assert_eq!(r.facts.id, "Apache-2.0 AND CC-BY-NC-4.0");
    assert_eq!(r.facts.grants_freedoms(), Some(false));
    assert!(
        r.facts
            .restrictions
            .iter()
            .any(|x| x.kind == RestrictionKind::NonCommercial)
    );
    let r = cat().resolve("CC-BY-NC-4.0 OR MIT");
    assert_eq!(
        r.facts.grants_freedoms(),
        Some(true),
        "OR picks the open side"
    );
    let r = cat().resolve("MIT/Apache-2.0");
    assert_eq!(r.facts.id, "MIT OR Apache-2.0");
}

#[test]
fn ai_licenses() {
    let r = cat().resolve("llama3.1");
    assert_eq!(r.resolution, Resolution::Profile);
    assert_eq!(r.facts.kind, LicenseKind::RestrictedOpenWeights);
    assert_eq!(r.facts.grants_freedoms(), Some(false));
    let t = r
        .facts
        .restrictions
        .iter()
        .find(|x| x.kind == RestrictionKind::UserThreshold)
        .unwrap();
    assert_eq!(t.threshold, Some(700_000_000));
    assert_eq!(cat().resolve("Llama2").facts.id, "LicenseRef-llama2");
    assert_eq!(
        cat().resolve("bigscience-openrail-m").facts.kind,
        LicenseKind::RestrictedOpenWeights
    );
}

#[test]
fn unknown_and_other() {
    let r = cat().resolve("other");
    assert_eq!(r.resolution, Resolution::Unresolved);
    assert_eq!(r.facts.kind, LicenseKind::Unknown);
    assert_eq!(r.facts.grants_freedoms(), None);
    let r = cat().resolve("my-own-license");
    assert_eq!(r.resolution, Resolution::Unresolved);
    assert_eq!(r.facts.id, NOASSERTION);
}

#[test]
fn open_data_licenses_are_open() {
    let r = cat().resolve("cdla-permissive-2.0");
    assert_eq!(r.facts.kind, LicenseKind::OpenData);
    assert_eq!(r.facts.grants_freedoms(), Some(true));
    assert!(!r.facts.osi_approved);
}
#[test]
fn every_hub_id_resolves_without_warning() {
    for (hub, _, target) in HUB_LICENSES {
        let r = cat().resolve(hub);
        assert!(r.warning.is_none(), "{hub}: {:?}", r.warning);
        if *target == NOASSERTION {
            assert_eq!(r.resolution, Resolution::Unresolved, "{hub}");
            continue;
        }
        assert_eq!(r.facts.id, *target, "{hub}");
        if *hub != "cc" {
            assert_ne!(r.facts.kind, LicenseKind::Unknown, "{hub} has no facts");
        }
        assert!(
            cat().profile(target).is_some() || spdx::license_id(target).is_some(),
            "{hub} -> {target} is neither a profile nor an SPDX id"
        );
    }
}

#[test]
fn deprecated_ids_are_read_as_their_replacement() {
    let r = cat().resolve("GPL-3.0");
    assert_eq!(r.facts.id, "GPL-3.0-only");
    assert_eq!(r.resolution, Resolution::Lenient);
    assert!(r.warning.unwrap().contains("deprecated"));
    let r = cat().resolve("GPL-2.0+");
    assert_eq!(r.facts.id, "GPL-2.0-or-later");
    let r = cat().resolve("GPL-2.0-with-classpath-exception");
    assert_eq!(r.facts.id, "GPL-2.0-only WITH Classpath-exception-2.0");
    // The Hub's own ids are not deprecated uses: no warning.
    assert!(cat().resolve("gpl-3.0").warning.is_none());
}

#[test]
fn with_exceptions_and_license_refs() {
    let r = cat().resolve("Apache-2.0 WITH LLVM-exception");
    assert_eq!(r.resolution, Resolution::Spdx);
    assert_eq!(r.facts.id, "Apache-2.0 WITH LLVM-exception");
    assert_eq!(r.facts.grants_freedoms(), Some(true));
    let r = cat().resolve("apache-2.0 with llvm-exception");
    assert_eq!(r.facts.id, "Apache-2.0 WITH LLVM-exception");
    assert_eq!(r.resolution, Resolution::Lenient);
    // A LicenseRef the catalog knows, inside an expression.
    let r = cat().resolve("MIT AND LicenseRef-llama3.1");
    assert_eq!(r.facts.id, "MIT AND LicenseRef-llama3.1");
    assert_eq!(r.facts.grants_freedoms(), Some(false));
    // One it does not know: the expression resolves, the unknown part stays unknown.
    let r = cat().resolve("MIT AND LicenseRef-my-own");
    assert_eq!(r.facts.id, "MIT AND LicenseRef-my-own");
    assert_eq!(r.facts.grants_freedoms(), None);
    assert!(r.warning.unwrap().contains("LicenseRef-my-own"));
    // OR with an unknown part: the licensee may pick the open side.
    let r = cat().resolve("MIT OR LicenseRef-my-own");
    assert_eq!(r.facts.grants_freedoms(), Some(true));
}

#[test]
fn names_and_aliases_resolve() {
    for (name, id) in [
        (
            "Llama 3.1 Community License Agreement",
            "LicenseRef-llama3.1",
        ),
        ("llama-2-community-license", "LicenseRef-llama2"),
        ("llama-license", "LicenseRef-llama1"),
        ("tongyi-qianwen", "LicenseRef-tongyi-qianwen"),
        (
            "Qwen RESEARCH LICENSE AGREEMENT",
            "LicenseRef-qwen-research",
        ),
        ("deepseek", "LicenseRef-deepseek"),
        ("Mistral AI Research License", "LicenseRef-MRL-0.1"),
        ("mnpl", "LicenseRef-MNPL-0.1"),
        (
            "nvidia-open-model-license",
            "LicenseRef-nvidia-open-model-license",
        ),
        (
            "stabilityai-ai-community",
            "LicenseRef-stability-ai-community",
        ),
        ("ai2-impact-lr", "LicenseRef-ai2-impact-lr"),
        ("OpenMDW", "OpenMDW-1.0"),
        (
            "flux-1-dev-non-commercial-license",
            "LicenseRef-flux-non-commercial",
        ),
        ("falcon-llm-license", "LicenseRef-tii-falcon"),
        ("apple-ascl", "AML"),
    ] {
        assert_eq!(cat().resolve(name).facts.id, id, "{name}");
    }
}

#[test]
fn content_types_follow_the_kind_of_work() {
    let types = |id: &str| cat().resolve(id).facts.content_types;
    assert_eq!(types("MIT"), vec![ContentType::Code]);
    assert_eq!(types("GPL-3.0-only"), vec![ContentType::Code]);
    assert_eq!(types("ODbL-1.0"), vec![ContentType::Data]);
    assert_eq!(types("CDLA-Permissive-2.0"), vec![ContentType::Data]);
    assert_eq!(
        types("CC-BY-3.0"),
        vec![ContentType::Document, ContentType::Data]
    );
    assert_eq!(
        types("GFDL-1.3-only"),
        vec![ContentType::Document, ContentType::Data]
    );
    assert_eq!(
        cat().resolve("GFDL-1.3-only").facts.kind,
        LicenseKind::OpenContent
    );
    assert_eq!(
        types("OpenMDW-1.0"),
        vec![ContentType::Code, ContentType::Data, ContentType::Document]
    );
    assert_eq!(types("C-UDA-1.0"), vec![ContentType::Data]);
}

#[test]
fn creative_commons_ids_carry_their_elements() {
    // No profile for these: the SPDX id says what they restrict.
    let r = cat().resolve("CC-BY-NC-ND-2.5");
    assert_eq!(r.facts.kind, LicenseKind::NonCommercial);
    let kinds: Vec<_> = r.facts.restrictions.iter().map(|x| x.kind).collect();
    assert!(kinds.contains(&RestrictionKind::NonCommercial));
    assert!(kinds.contains(&RestrictionKind::NoDerivatives));
    assert_eq!(r.facts.grants_freedoms(), Some(false));
    let r = cat().resolve("CC-BY-SA-2.5");
    assert_eq!(r.facts.kind, LicenseKind::OpenContent);
    assert_eq!(r.facts.grants_freedoms(), Some(true));
}

#[test]
fn links_resolve() {
    let r = cat()
        .resolve_link("https://huggingface.co/meta-llama/Llama-3.2-1B/resolve/main/LICENSE.txt")
        .unwrap();
    assert_eq!(r.facts.id, "LicenseRef-llama3.2");
    let r = cat()
        .resolve_link("https://ai.meta.com/llama/license/")
        .unwrap();
    assert_eq!(r.facts.id, "LicenseRef-llama2");
    let r = cat()
        .resolve_link("https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode")
        .unwrap();
    assert_eq!(r.facts.id, "CC-BY-NC-SA-4.0");
    let r = cat()
        .resolve_link("http://www.apache.org/licenses/LICENSE-2.0")
        .unwrap();
    assert_eq!(r.facts.id, "Apache-2.0");
    let r = cat()
        .resolve_link("https://opensource.org/licenses/MIT")
        .unwrap();
    assert_eq!(r.facts.id, "MIT");
    assert!(
        cat()
            .resolve_link("https://huggingface.co/someone/model/blob/main/LICENSE")
            .is_none()
    );
}
