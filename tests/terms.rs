//! Reading the terms a model's card states or implies (issue 12, failure classes 3-5), on
//! hand-written models: a license known only by its name, a permissive declaration on a
//! derivative of a restrictive base that could not be read or is named only in passing, and
//! card prose that states terms or speaks of another model.

mod common;

use openness::level::Level;
use openness::report::Report;

/// A local model: a card with `front` metadata and `body`, and a weights file.
fn model(name: &str, front: &str, body: &str) -> (tempfile::TempDir, Report) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(name);
    std::fs::create_dir_all(&root).unwrap();
    let card = if front.is_empty() {
        body.to_string()
    } else {
        format!("---\n{front}---\n{body}")
    };
    std::fs::write(root.join("README.md"), card).unwrap();
    std::fs::write(root.join("model.safetensors"), b"weights").unwrap();
    let report = common::scan(&root.to_string_lossy());
    (dir, report)
}

fn level(r: &Report) -> Level {
    r.openness.level
}

fn has_restriction(r: &Report, kind: &str) -> bool {
    r.weights_licenses()
        .any(|l| l.restrictions.iter().any(|x| x.kind.as_str() == kind))
}

#[test]
fn a_license_name_says_what_it_is_but_never_opens() {
    let (_d, r) = model(
        "m",
        "license: other\nlicense_name: acme-model-nc-community\n",
        "# M\n",
    );
    assert_eq!(
        level(&r),
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    assert!(has_restriction(&r, "non-commercial"));
    let (_d, r) = model(
        "m",
        "license: other\nlicense_name: acme-research-license\n",
        "# M\n",
    );
    assert_eq!(
        level(&r),
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    // A family's license, by name.
    let (_d, r) = model(
        "m",
        "license: other\nlicense_name: falcon-llm-license\n",
        "# M\n",
    );
    assert_eq!(level(&r), Level::OpenWeightsRestricted);
    assert!(r.weights_licenses().any(|l| l.id.contains("falcon")));
    // Words that sound open make nothing open.
    for name in ["apache-open-model", "open-model-license", "free-license-v2"] {
        let (_d, r) = model(
            "m",
            &format!("license: other\nlicense_name: {name}\n"),
            "# M\n",
        );
        assert_eq!(level(&r), Level::Unknown, "{name}: {}", r.openness.reason);
    }
}

#[test]
fn a_derivative_of_an_unread_base_carries_its_familys_terms() {
    let (_d, r) = model(
        "m",
        "license: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B-Instruct\n",
        "# M\n\nA fine-tune.\n",
    );
    assert_eq!(
        level(&r),
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    assert!(r.weights_licenses().any(|l| l.id == "LicenseRef-llama3.1"));
    assert!(
        r.conflicts
            .iter()
            .any(|c| c.message.contains("Llama 3.1") && c.sources.len() == 2),
        "{:?}",
        r.conflicts
    );
    // A base of no known family: the terms it passes on are unknown, not the card's.
    let (_d, r) = model(
        "m",
        "license: mit\nbase_model: someone/private-base-7b\n",
        "# M\n",
    );
    assert_eq!(level(&r), Level::Unknown, "{}", r.openness.reason);
    // A base of a family whose license is open passes nothing restrictive on.
    let (_d, r) = model(
        "m",
        "license: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1\n",
        "# M\n",
    );
    assert_eq!(level(&r), Level::OpenWeights, "{}", r.openness.reason);
    // A model that states its base family's license itself gets it once, from its own card.
    let (_d, r) = model(
        "m",
        "license: other\nlicense_name: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n",
        "# M\n",
    );
    let llama: Vec<_> = r
        .weights_licenses()
        .filter(|l| l.id == "LicenseRef-llama3.1")
        .collect();
    assert_eq!(llama.len(), 1, "{:?}", r.licenses);
    assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
}

#[test]
fn a_base_named_only_in_passing_still_counts() {
    // By the model's name.
    let (_d, r) = model("Clinic-Llama3-8B", "license: apache-2.0\n", "# Clinic\n");
    assert_eq!(
        level(&r),
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    // By a tag.
    let (_d, r) = model(
        "chatty",
        "license: mit\ntags:\n- llama-2\n- chat\n",
        "# Chatty\n",
    );
    assert_eq!(
        level(&r),
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    // By a table row of the card.
    let (_d, r) = model(
        "agent",
        "license: apache-2.0\n",
        "# Agent\n\n| part | model |\n|---|---|\n| LLM: Gemma2-9B-It | - |\n",
    );
    assert_eq!(
        level(&r),
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    assert!(r.weights_licenses().any(|l| l.id == "LicenseRef-gemma"));
}

#[test]
fn passing_mentions_that_are_not_bases_do_not_count() {
    for body in [
        "# M\n\nRun it with llama.cpp or Ollama.\n",
        "# M\n\nWe compare with meta-llama/Llama-2-7b in the table below.\n",
        "# M\n\nIt uses the same tokenizer as LLaMA.\n",
        "# TinyLlama-style\n\nA tiny model.\n",
    ] {
        let (_d, r) = model("m", "license: apache-2.0\n", body);
        assert_eq!(
            level(&r),
            Level::OpenWeights,
            "{body}: {}",
            r.openness.reason
        );
    }
    // A model whose own terms already restrict gets nothing added.
    let (_d, r) = model("Clinic-Llama3-8B", "license: cc-by-nc-4.0\n", "# Clinic\n");
    assert_eq!(level(&r), Level::OpenWeightsRestricted);
    assert!(!r.weights_licenses().any(|l| l.id == "LicenseRef-llama3"));
}

#[test]
fn card_prose_states_terms_and_speaks_of_its_own_model_only() {
    // No metadata, terms in prose.
    let (_d, r) = model(
        "Lark-3B",
        "",
        "# Lark-3B\n\nThe Lark-3B weights are released for research purposes only.\n",
    );
    assert_eq!(
        level(&r),
        Level::OpenWeightsRestricted,
        "{}",
        r.openness.reason
    );
    assert!(has_restriction(&r, "field-of-use"));
    // A license line about another model of the family is not this model's license.
    let (_d, r) = model(
        "Lark-3B",
        "",
        "# Lark-3B\n\n- **License:** Apache 2.0 (Lark-70B)\n",
    );
    assert!(
        !r.licenses.iter().any(|l| l.id == "Apache-2.0"),
        "{:?}",
        r.licenses
    );
    assert_eq!(level(&r), Level::Unknown);
    // The same line about this model counts.
    let (_d, r) = model("Lark-3B", "", "# Lark-3B\n\n- **License:** Apache 2.0\n");
    assert!(r.licenses.iter().any(|l| l.id == "Apache-2.0"));
    // Prose about a dataset states no model terms.
    let (_d, r) = model(
        "Lark-3B",
        "",
        "# Lark-3B\n\nThe evaluation dataset may be used for non-commercial research only.\n",
    );
    assert_eq!(level(&r), Level::Unknown, "{}", r.openness.reason);
}
