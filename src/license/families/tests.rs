//! Families from hand-written repository ids, names, tags and card texts.

use super::*;

fn families(found: &[FamilyMatch]) -> Vec<&str> {
    found.iter().map(|m| m.family.as_str()).collect()
}

#[test]
fn every_family_passes_its_own_examples() {
    let failures = FamilyIndex::builtin().check_examples();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn publishers_repos_derivatives_and_reuploads() {
    let m = match_repo("meta-llama/Llama-3.1-8B-Instruct");
    assert_eq!(families(&m), ["llama-3.1"]);
    assert_eq!(m[0].matched_by, MatchedBy::Repo);
    assert_eq!(m[0].license_id.as_deref(), Some("LicenseRef-llama3.1"));

    let m = match_repo("NousResearch/Meta-Llama-3-8B");
    assert_eq!(families(&m), ["llama-3"]);
    assert_eq!(m[0].matched_by, MatchedBy::Name);

    let m = match_name("Medical-Llama3-8B");
    assert_eq!(
        (m[0].family.as_str(), m[0].words.as_str()),
        ("llama-3", "llama 3")
    );

    assert_eq!(families(&match_name("gemma-2-9b-it-SimPO")), ["gemma-2"]);
    assert_eq!(families(&match_repo("Qwen/Qwen-7B-Chat")), ["qwen-1"]);
    assert_eq!(
        families(&match_name("DeepSeek-R1-Distill-Llama-8B")),
        ["llama", "deepseek-r1"]
    );
}

#[test]
fn mistral_releases_map_to_their_license_or_to_unknown() {
    let id = |n: &str| match_name(n).first().and_then(|m| m.license_id.clone());
    assert_eq!(
        id("Mistral-7B-Instruct-v0.3").as_deref(),
        Some("Apache-2.0")
    );
    assert_eq!(id("Mixtral-8x7B-v0.1").as_deref(), Some("Apache-2.0"));
    assert_eq!(
        id("Mistral-Large-Instruct-2411").as_deref(),
        Some("LicenseRef-MRL-0.1")
    );
    assert_eq!(
        id("Codestral-22B-v0.1").as_deref(),
        Some("LicenseRef-MNPL-0.1")
    );
    assert_eq!(id("mistral-small-finetune"), None);
    assert_eq!(id("my-mistral-merge"), None);
    assert_eq!(
        id("FLUX.1-dev").as_deref(),
        Some("LicenseRef-flux-non-commercial")
    );
    assert_eq!(id("FLUX.1-schnell").as_deref(), Some("Apache-2.0"));
    assert_eq!(
        id("Qwen2.5-3B-Instruct").as_deref(),
        Some("LicenseRef-qwen-research")
    );
    assert_eq!(id("Qwen2.5-7B-Instruct").as_deref(), Some("Apache-2.0"));
}

#[test]
fn tags() {
    assert_eq!(families(&match_tag("llama-2")), ["llama-2"]);
    assert_eq!(families(&match_tag("gemma2")), ["gemma-2"]);
    let m = match_tag("base_model:finetune:google/gemma-2-9b");
    assert_eq!(families(&m), ["gemma-2"]);
    assert_eq!(m[0].matched_by, MatchedBy::Tag);
    assert_eq!(match_tag("license:llama2"), []);
    assert_eq!(match_tag("text-generation"), []);
    assert_eq!(match_tag("gguf"), []);
}

#[test]
fn card_texts() {
    let card = "# My model\n\nThis model is a fine-tuned version of [meta-llama/Llama-2-7b-hf](https://huggingface.co/meta-llama/Llama-2-7b-hf).\n\n| Component | Name |\n|---|---|\n| LLM | Gemma2-9B-It |\n\nIt was quantized with llama.cpp.\n";
    let m = scan_text(card);
    assert_eq!(families(&m), ["llama-2", "gemma-2"]);
    assert_eq!(m[0].line, Some(3));
    assert_eq!(m[0].matched_by, MatchedBy::Text);
    assert_eq!(m[1].line, Some(7));

    assert_eq!(
        families(&scan_text(
            "Fine-tuned from Llama-3-8B on medical dialogues."
        )),
        ["llama-3"]
    );
    assert_eq!(
        families(&scan_text("本模型基于Qwen2.5-7B微调。")),
        ["qwen2.5"]
    );
    assert_eq!(
        families(&scan_text("Base model: mistralai/Mistral-7B-v0.1")),
        ["mistral-7b"]
    );
}

#[test]
fn words_that_are_not_base_models() {
    for text in [
        "GGUF for llama.cpp",
        "Run it with Ollama or llamafile.",
        "Quantized with llama.cpp (commit abc).",
        "We thank Yi Zhang and the Delphi team.",
        "The phi coefficient of the classifier is 0.4.",
        "A bloom filter removes duplicates.",
        "We trained on the Falcon RefinedWeb data set.",
        "Built with love.",
        "Our tokenizer is based on the LLaMA tokenizer.",
        "This card is based on the [Stable Diffusion v1](https://github.com/x/y) model card.",
        "Report issues at https://github.com/meta-llama/llama-models/issues",
        "new_version: tiiuae/falcon-11B",
    ] {
        assert_eq!(scan_text(text), [], "{text}");
    }
    for name in [
        "TinyLlama-1.1B",
        "ollama-webui",
        "delphi-7b",
        "yield-curve-7b",
        "gemmary",
    ] {
        assert_eq!(match_name(name), [], "{name}");
    }
}

#[test]
fn garbage_does_not_panic() {
    for s in [
        "",
        "/",
        "//",
        "a/b/c",
        ":",
        "base_model:",
        "base_model::",
        "](",
        "](x",
        "İ/ǅ",
    ] {
        let _ = (match_repo(s), match_name(s), match_tag(s), scan_text(s));
    }
    let _ = scan_text(&"fine-tuned from llama-3 ".repeat(50_000));
}

/// The cleaning as it was written before it was made one pass: every span found again from the
/// start of the line.
fn clean_line_by_rescanning(raw: &str) -> String {
    let mut line = raw.to_lowercase();
    for prefix in ["https://github.com/", "http://github.com/", "github.com/"] {
        while let Some(start) = line.find(prefix) {
            let end = line[start..]
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']'))
                .map_or(line.len(), |e| start + e);
            line.replace_range(start..end, " ");
        }
    }
    while let Some(start) = line.find("](") {
        let end = line[start..]
            .find(')')
            .map_or(line.len(), |e| start + e + 1);
        line.replace_range(start..end, " ");
    }
    line.chars()
        .map(|c| match c {
            '[' | ']' | '*' | '`' | '"' | '\'' | '“' | '”' | '（' | '）' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

#[test]
fn cleaning_a_line_is_one_pass_and_cleans_as_before() {
    let lines = [
        "Fine-tuned from [Llama 2](https://huggingface.co/meta-llama/Llama-2-7b) by **us**",
        "code: https://github.com/a/b, http://github.com/c/d and github.com/e/f) then [x](y",
        "github.com/ahttps://github.com/b c https://github.com/x]github.com/y](z) w",
        "](](]( )) [a](b)[c](d) “Mistral” （x）",
        "HTTPS://GitHub.com/Org/Repo\tnext ](unclosed",
        "",
    ];
    for l in lines {
        assert_eq!(clean_line(l), clean_line_by_rescanning(l), "{l}");
    }
    // 10,000 links on one line: one pass, not one per link.
    let long = "[model](https://github.com/org/repo) based on llama-2 ".repeat(10_000);
    let started = std::time::Instant::now();
    let cleaned = clean_line(&long);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(!cleaned.contains("github"));
    assert_eq!(cleaned.matches("based on llama-2").count(), 10_000);
}
