//! What the repository's file names show: weights, intermediate checkpoints, code of each kind,
//! metadata, data, documents. Names only: contents are never needed here.

use std::collections::BTreeMap;

use crate::component::Component;
use crate::evidence::{Fact, Source, Strength};
use crate::snapshot::RepoFile;

/// Weight formats (by extension).
const WEIGHT_EXTS: &[&str] = &[
    "safetensors",
    "bin",
    "pt",
    "pth",
    "ckpt",
    "gguf",
    "ggml",
    "onnx",
    "h5",
    "msgpack",
    "tflite",
    "mlmodel",
    "keras",
    "npz",
    "nemo",
    "llamafile",
    "mlpackage",
];

const CODE_EXTS: &[&str] = &[
    "py", "ipynb", "sh", "rs", "c", "cc", "cpp", "cu", "h", "hpp", "jl", "lua", "scala", "java",
    "js", "ts", "go", "r", "swift", "kt", "m",
];

const DATA_EXTS: &[&str] = &[
    "jsonl", "parquet", "arrow", "csv", "tsv", "tfrecord", "zst", "jsonl.gz", "json.gz",
];

/// Files that hold training state rather than weights (MOF: model metadata).
fn is_training_state(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "training_args.bin"
        || n.starts_with("optimizer")
        || n.starts_with("scheduler")
        || n.starts_with("rng_state")
        || n == "trainer_state.json"
        || n.starts_with("zero_to_fp32")
}

fn ext(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    for double in ["jsonl.gz", "json.gz", "tar.gz"] {
        if lower.ends_with(&format!(".{double}")) {
            return double.to_string();
        }
    }
    lower
        .rsplit_once('.')
        .map(|(_, e)| e.to_string())
        .unwrap_or_default()
}

/// A folder name that holds an intermediate checkpoint: `checkpoint-1000`, `step5000`,
/// `global_step200`, `iter_0001000`, `epoch-3`, `ckpt_50`.
pub fn is_checkpoint_dir(dir: &str) -> bool {
    let d = dir.to_ascii_lowercase();
    let digits_after = |prefix: &str| {
        d.strip_prefix(prefix)
            .map(|rest| {
                let rest = rest.trim_start_matches(['-', '_']);
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == 'k')
            })
            .unwrap_or(false)
    };
    [
        "checkpoint",
        "step",
        "global_step",
        "iter",
        "epoch",
        "ckpt",
        "revision",
    ]
    .iter()
    .any(|p| digits_after(p))
}

/// A ref (branch) name that holds an intermediate checkpoint (`step1000`, `stage1-step140000-tokens...`).
pub fn is_checkpoint_ref(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    is_checkpoint_dir(&n)
        || n.split(['-', '_', '/'])
            .any(|part| is_checkpoint_dir(part) && part.starts_with("step"))
}

fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn stem_matches(stem: &str, prefixes: &[&str], contains: &[&str]) -> bool {
    prefixes.iter().any(|p| stem.starts_with(p)) || contains.iter().any(|c| stem.contains(c))
}

/// Which code component a code file is, from its name and folder.
fn code_component(dirs: &[&str], stem: &str) -> Option<Component> {
    let in_dir = |names: &[&str]| {
        dirs.iter()
            .any(|d| names.iter().any(|n| d.to_ascii_lowercase().starts_with(n)))
    };
    if stem_matches(stem, &["modeling_", "modelling_", "configuration_"], &[])
        || matches!(stem, "model" | "modeling" | "modelling" | "architecture")
    {
        return Some(Component::ModelArchitecture);
    }
    if stem_matches(
        stem,
        &[
            "preprocess",
            "prepare_data",
            "data_prep",
            "dataprep",
            "clean",
            "dedup",
            "filter",
            "tokenize_data",
            "build_dataset",
            "make_dataset",
        ],
        &["_preprocess", "prepare_dataset", "data_processing", "dedup"],
    ) || in_dir(&[
        "preprocess",
        "data_processing",
        "data-processing",
        "data_prep",
        "dataprep",
        "curation",
    ]) {
        return Some(Component::DataPreprocessingCode);
    }
    if stem_matches(
        stem,
        &[
            "train",
            "pretrain",
            "finetune",
            "fine_tune",
            "fine-tune",
            "sft",
            "dpo",
            "rlhf",
            "run_clm",
            "run_mlm",
            "run_seq2seq",
            "trainer",
        ],
        &["_train", "-train", "_finetune", "_pretrain"],
    ) || in_dir(&["train", "finetun", "pretrain"])
    {
        return Some(Component::TrainingCode);
    }
    if stem_matches(
        stem,
        &[
            "eval",
            "evaluate",
            "benchmark",
            "score_",
            "run_eval",
            "test_model",
        ],
        &["_eval", "-eval", "evaluat"],
    ) || in_dir(&["eval", "benchmark"])
    {
        return Some(Component::EvaluationCode);
    }
    if stem_matches(
        stem,
        &[
            "inference",
            "infer",
            "generate",
            "generation",
            "predict",
            "demo",
            "app",
            "serve",
            "server",
            "chat",
            "handler",
            "pipeline",
            "run_inference",
            "sample",
            "example",
            "cli",
        ],
        &["_inference", "_generate", "_infer"],
    ) || in_dir(&["inference", "serving", "examples", "demo"])
    {
        return Some(Component::InferenceCode);
    }
    if stem_matches(stem, &["tokenization_", "tokenizer", "utils", "setup"], &[]) {
        return Some(Component::SupportingLibraries);
    }
    None
}

/// Facts per component from the file list.
pub fn classify(files: &[RepoFile]) -> BTreeMap<Component, Vec<Fact>> {
    let mut out: BTreeMap<Component, Vec<Fact>> = BTreeMap::new();
    let mut push = |c: Component, claim: String, path: &str| {
        out.entry(c)
            .or_default()
            .push(Fact::new(Strength::Published, claim, Source::file(path)));
    };
    let mut checkpoint_dirs: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for f in files {
        let path = f.path.as_str();
        let parts: Vec<&str> = path.split('/').collect();
        let (dirs, name) = parts.split_at(parts.len() - 1);
        let name = name[0];
        let lower = name.to_ascii_lowercase();
        let e = ext(name);
        let stem = lower
            .strip_suffix(&format!(".{e}"))
            .unwrap_or(&lower)
            .to_string();
        let size = f
            .size
            .map(|s| format!(" ({})", human_size(s)))
            .unwrap_or_default();
        let ckpt = dirs.iter().position(|d| is_checkpoint_dir(d));

        if is_training_state(name) {
            push(
                Component::ModelMetadata,
                format!("training state file {path}{size}"),
                path,
            );
            continue;
        }
        if WEIGHT_EXTS.contains(&e.as_str()) {
            if let Some(i) = ckpt {
                let dir = dirs[..=i].join("/");
                let entry = checkpoint_dirs.entry(dir).or_insert((0, path.to_string()));
                entry.0 += 1;
            } else if !dirs.iter().any(|d| {
                let d = d.to_ascii_lowercase();
                d.starts_with("test") || d == "fixtures" || d.starts_with("onnx_test")
            }) {
                push(
                    Component::ModelParametersFinal,
                    format!("weights file {path}{size}"),
                    path,
                );
            }
            continue;
        }
        if lower.ends_with(".index.json")
            && WEIGHT_EXTS
                .iter()
                .any(|w| lower.contains(&format!(".{w}.")))
        {
            push(
                Component::ModelParametersFinal,
                format!("sharded weights index {path}"),
                path,
            );
            continue;
        }
        if dirs.is_empty()
            && matches!(
                lower.as_str(),
                "config.json"
                    | "generation_config.json"
                    | "model_index.json"
                    | "params.json"
                    | "hparams.yaml"
                    | "hyperparameters.json"
                    | "training_config.yaml"
                    | "training_config.json"
                    | "preprocessor_config.json"
                    | "scheduler_config.json"
            )
        {
            push(
                Component::ModelMetadata,
                format!("configuration file {path}"),
                path,
            );
            continue;
        }
        if CODE_EXTS.contains(&e.as_str()) {
            if let Some(c) = code_component(dirs, &stem) {
                let what = match c {
                    Component::ModelArchitecture => "model architecture code",
                    Component::TrainingCode => "training code",
                    Component::InferenceCode => "inference code",
                    Component::EvaluationCode => "evaluation code",
                    Component::DataPreprocessingCode => "data preprocessing code",
                    _ => "supporting code",
                };
                push(c, format!("{what} {path}"), path);
            }
            continue;
        }
        if dirs.is_empty()
            && (matches!(
                lower.as_str(),
                "requirements.txt"
                    | "pyproject.toml"
                    | "setup.cfg"
                    | "environment.yml"
                    | "environment.yaml"
                    | "cargo.toml"
            ) || lower.starts_with("requirements"))
        {
            push(
                Component::SupportingLibraries,
                format!("dependency list {path}"),
                path,
            );
            continue;
        }
        if DATA_EXTS.contains(&e.as_str()) {
            let eval = dirs.iter().chain(std::iter::once(&name)).any(|d| {
                let d = d.to_ascii_lowercase();
                d.starts_with("eval")
                    || d.starts_with("test")
                    || d.starts_with("benchmark")
                    || d.starts_with("valid")
            });
            let results = stem.contains("result") || stem.contains("score");
            if results {
                push(
                    Component::EvaluationResults,
                    format!("evaluation results {path}"),
                    path,
                );
            } else if eval {
                push(
                    Component::EvaluationData,
                    format!("evaluation data {path}"),
                    path,
                );
            } else if dirs.iter().any(|d| d.to_ascii_lowercase().contains("data")) {
                push(Component::Datasets, format!("data file {path}{size}"), path);
            }
            continue;
        }
        if e == "json"
            && (stem.contains("eval_result")
                || stem == "all_results"
                || stem.starts_with("results"))
        {
            push(
                Component::EvaluationResults,
                format!("evaluation results {path}"),
                path,
            );
            continue;
        }
        if e == "pdf" {
            let c = if stem.contains("report")
                || stem.contains("technical")
                || stem.contains("tech_")
            {
                Some(Component::TechnicalReport)
            } else if stem.contains("paper") || stem.contains("arxiv") {
                Some(Component::ResearchPaper)
            } else {
                None
            };
            if let Some(c) = c {
                push(c, format!("document {path}"), path);
            }
            continue;
        }
        if dirs.iter().any(|d| {
            let d = d.to_ascii_lowercase();
            d == "samples" || d == "sample_outputs" || d == "outputs" || d == "generations"
        }) {
            push(
                Component::SampleModelOutputs,
                format!("sample output {path}"),
                path,
            );
            continue;
        }
        if dirs.is_empty()
            && (lower == "datasheet.md"
                || lower == "data_card.md"
                || lower == "data-card.md"
                || lower == "datacard.md")
        {
            push(Component::DataCard, format!("data card {path}"), path);
        }
    }
    for (dir, (count, example)) in checkpoint_dirs {
        out.entry(Component::ModelParametersIntermediate)
            .or_default()
            .push(Fact::new(
                Strength::Published,
                format!(
                    "intermediate checkpoint {dir}/ ({count} weight file{}, e.g. {example})",
                    if count == 1 { "" } else { "s" }
                ),
                Source::file(format!("{dir}/")),
            ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> Vec<RepoFile> {
        paths
            .iter()
            .map(|p| RepoFile {
                path: p.to_string(),
                size: Some(10),
            })
            .collect()
    }

    #[test]
    fn weights_and_checkpoints() {
        let got = classify(&files(&[
            "model.safetensors",
            "model-00001-of-00002.safetensors",
            "model.safetensors.index.json",
            "checkpoint-1000/pytorch_model.bin",
            "checkpoint-1000/optimizer.pt",
            "step2000/model.safetensors",
            "training_args.bin",
            "config.json",
        ]));
        assert_eq!(got[&Component::ModelParametersFinal].len(), 3);
        assert_eq!(got[&Component::ModelParametersIntermediate].len(), 2);
        assert_eq!(got[&Component::ModelMetadata].len(), 3);
        assert!(!got.contains_key(&Component::ModelArchitecture));
    }

    #[test]
    fn code_kinds() {
        let got = classify(&files(&[
            "train.py",
            "scripts/pretrain_llm.sh",
            "inference.py",
            "eval/run.py",
            "preprocess_data.py",
            "modeling_mine.py",
            "tokenization_mine.py",
            "requirements.txt",
            "README.md",
        ]));
        assert_eq!(got[&Component::TrainingCode].len(), 2);
        assert_eq!(got[&Component::InferenceCode].len(), 1);
        assert_eq!(got[&Component::EvaluationCode].len(), 1);
        assert_eq!(got[&Component::DataPreprocessingCode].len(), 1);
        assert_eq!(got[&Component::ModelArchitecture].len(), 1);
        assert_eq!(got[&Component::SupportingLibraries].len(), 2);
    }

    #[test]
    fn checkpoint_names() {
        for yes in [
            "checkpoint-1000",
            "step5000",
            "global_step200",
            "iter_0001000",
            "epoch-3",
        ] {
            assert!(is_checkpoint_dir(yes), "{yes}");
        }
        for no in ["checkpoints", "steps", "main", "epoch"] {
            assert!(!is_checkpoint_dir(no), "{no}");
        }
        assert!(is_checkpoint_ref("step143000"));
        assert!(is_checkpoint_ref("stage1-step140000-tokens588B"));
        assert!(!is_checkpoint_ref("main"));
    }
}
