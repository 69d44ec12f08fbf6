use super::*;
use crate::component::Component;
use crate::evidence::Topic;

/// The built-in files, with one replaced.
fn with(name: &str, text: &str) -> Vec<(&'static str, String)> {
    embedded::VOCAB
        .iter()
        .map(|(n, t)| {
            (
                *n,
                if *n == name {
                    text.to_string()
                } else {
                    t.to_string()
                },
            )
        })
        .collect()
}

fn load(sources: &[(&'static str, String)]) -> Result<Vocab, Error> {
    let refs: Vec<(&str, &str)> = sources.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Vocab::from_sources(&refs)
}

/// Every problem, as `file:line:column: message`.
fn problems(name: &str, text: &str) -> Vec<String> {
    match load(&with(name, text)) {
        Ok(_) => panic!("{name} should not load"),
        Err(Error::Config(d)) => d.0.iter().map(|d| d.to_string()).collect(),
        Err(e) => panic!("not a config error: {e}"),
    }
}

#[test]
fn the_builtin_vocabulary_loads() {
    let v = builtin();
    assert_eq!(v.libraries.library("GGUF").unwrap().license, "MIT");
    assert!(v.libraries.is_tool("GGERGANOV/llama.cpp"));
    assert!(!v.libraries.is_tool("UKPLab/sentence-transformers"));
    assert!(v.files.weight_extensions.iter().any(|e| e == "safetensors"));
    assert_eq!(
        v.files.code_components[0].component,
        Component::ModelArchitecture
    );
    assert!(v.card.supervised.in_text("Fine-tuned on chat data"));
    assert!(v.links.paper_hosts.iter().any(|h| h == "doi.org"));
    assert_eq!(v.links.code_roles.len(), 6);
    // Loading twice gives the same thing: nothing depends on the order of the files.
    let mut reversed: Vec<(&str, &str)> = embedded::VOCAB.to_vec();
    reversed.reverse();
    assert_eq!(
        Vocab::from_sources(&reversed).unwrap().libraries.libraries,
        v.libraries.libraries
    );
}

#[test]
fn heading_rules_keep_their_structure() {
    use crate::extract::card::topics;
    assert_eq!(
        topics("Training Data"),
        [Topic::Training, Topic::TrainingData]
    );
    assert_eq!(
        topics("Training procedure"),
        [Topic::Training, Topic::TrainingProcedure]
    );
    assert_eq!(
        topics("Fine-tuning"),
        [Topic::Training, Topic::TrainingProcedure]
    );
    // Without training words: a heading on datasets, or exactly "Data".
    assert_eq!(topics("Datasets"), [Topic::TrainingData]);
    assert_eq!(topics(" DATA "), [Topic::TrainingData]);
    assert_eq!(topics("Data"), [Topic::TrainingData]);
    assert!(topics("Metadata").is_empty());
    // `unless`: a usage heading that speaks of the license is not about uses.
    assert_eq!(topics("How to use"), [Topic::Uses]);
    assert_eq!(topics("License and use"), [Topic::License]);
    assert_eq!(topics("Evaluation results"), [Topic::Evaluation]);
}

#[test]
fn a_broken_card_file_reports_every_problem_with_its_position() {
    let text = "\
headings:
  - topics: [uses, trainig]
    words: [Use, use, '']
  - topics: [limitations]
  - words: [x]
    then:
      topics: [training-data]
      else:
        topics: [training-procedure]
    else:
      topics: [training]
      else:
        topics: [samples]
data-information:
  labelling: [annotat]
  filtering: [filter]
  supervised: [sft]
phrases:
  intermediate-checkpoints: [intermediate checkpoint]
  technical-report: [Technical Report]
";
    let got = problems("card.yaml", text);
    let expected = [
        "vocab/card.yaml:2:20: unknown topic `trainig`",
        "vocab/card.yaml:3:13: `Use` is not in lowercase, so it never matches",
        "vocab/card.yaml:3:23: an empty word matches everything",
        "vocab/card.yaml:4:5: the rule has neither `words` nor `exact`: it would match every heading",
        "vocab/card.yaml:7:7: the rule has neither `words` nor `exact`, so it always matches",
        "vocab/card.yaml:11:7: the rule has neither `words` nor `exact`, so it always matches",
        "vocab/card.yaml:20:22: `Technical Report` is not in lowercase",
    ];
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for (g, e) in got.iter().zip(expected) {
        assert!(g.starts_with(e), "{g}\n  should start with\n{e}");
    }
    assert!(
        got[0].contains("valid topics: `uses`, `limitations`"),
        "{}",
        got[0]
    );
    assert!(got[1].contains("write `use`"), "{}", got[1]);
}

#[test]
fn a_broken_files_file_reports_every_problem_with_its_position() {
    let builtin = embedded::VOCAB
        .iter()
        .find(|(n, _)| *n == "files.yaml")
        .unwrap()
        .1;
    let text = builtin
        .replace("weights: [safetensors,", "weights: [.safetensors,")
        .replace("component: training-code", "component: training-cod")
        .replace("  - component: supporting-libraries\n    file:\n      prefixes: [tokenization_, tokenizer, utils, setup]\n", "  - component: supporting-libraries\n");
    let got = problems("files.yaml", &text);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(
        got[0].starts_with(
            "vocab/files.yaml:14:13: write the extension `.safetensors` without its dot"
        ),
        "{}",
        got[0]
    );
    assert!(
        got[1].contains(": unknown component `training-cod`"),
        "{}",
        got[1]
    );
    assert!(
        got[1].contains("valid components: `model-architecture`"),
        "{}",
        got[1]
    );
    assert!(got[2].contains("matches no file"), "{}", got[2]);
    assert!(
        got.iter().all(|p| p.starts_with("vocab/files.yaml:")),
        "{got:#?}"
    );
}

#[test]
fn a_broken_libraries_file_reports_every_problem_with_its_position() {
    let text = "\
libraries:
  - name: transformers
    license: Apache 2.0
    repository: https://github.com/huggingface/transformers
  - name: Transformers
    license: MIT
    repository: github.com/x
  - name: nolicense
    repository: https://github.com/a/b
tools:
  - repository: https://github.com/vllm-project/vllm
    license: Apache-2
  - repository: https://github.com/VLLM-project/vllm
";
    let got = problems("libraries.yaml", text);
    let expected = [
        "vocab/libraries.yaml:3:14: `Apache 2.0` is not an SPDX license id",
        "vocab/libraries.yaml:5:11: the library `Transformers` is listed twice",
        "vocab/libraries.yaml:7:17: `github.com/x` is not the address of a repository",
        "vocab/libraries.yaml:8:5: the library has no `license`",
        "vocab/libraries.yaml:12:14: `Apache-2` is not an SPDX license id",
        "vocab/libraries.yaml:13:17: the tool VLLM-project/vllm is listed twice",
    ];
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for (g, e) in got.iter().zip(expected) {
        assert!(g.starts_with(e), "{g}\n  should start with\n{e}");
    }
    assert!(got[0].contains("write `Apache-2.0`"), "{}", got[0]);
}

#[test]
fn unknown_keys_and_missing_files_are_reported_for_every_file() {
    let mut sources = with(
        "libraries.yaml",
        "libraries: []\ntools: []\nframeworks: []\n",
    );
    sources.retain(|(n, _)| *n != "card.yaml");
    let d = match load(&sources) {
        Err(Error::Config(d)) => d,
        other => panic!("{:?}", other.map(|_| ())),
    };
    let all: Vec<String> = d.0.iter().map(|d| d.to_string()).collect();
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(
        all[0].starts_with("vocab/card.yaml: the vocabulary file vocab/card.yaml is missing"),
        "{}",
        all[0]
    );
    assert!(
        all[1].starts_with("vocab/libraries.yaml:3:1: unknown field `frameworks`"),
        "{}",
        all[1]
    );
    assert!(
        all[1].contains("libraries") && all[1].contains("tools"),
        "{}",
        all[1]
    );
}

#[test]
fn a_broken_links_file_reports_every_problem_with_its_position() {
    let text = "\
paper-hosts: [arxiv.org, ArXiv.org]
not-owners: [orgs]
code-roles:
  - component: training
    words: [train]
  - component: evaluation-code
    words: [eval, eval]
code-repository: [repo]
technical-report: [tech report]
pdf:
  technical-report: [report]
  research-paper: [paper]
bibtex: ['@misc{']
";
    let got = problems("links.yaml", text);
    let expected = [
        "vocab/links.yaml:1:26: `ArXiv.org` is not in lowercase",
        "vocab/links.yaml:4:16: unknown component `training`",
        "vocab/links.yaml:7:19: `eval` is listed twice",
    ];
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for (g, e) in got.iter().zip(expected) {
        assert!(g.starts_with(e), "{g}\n  should start with\n{e}");
    }
}
