//! What the repository's file names show: weights, intermediate checkpoints, code of each kind,
//! metadata, data, documents. Names only: contents are never needed here. The names themselves
//! (extensions, folders, the patterns of each kind of code) are in `vocab/files.yaml`.

use std::collections::BTreeMap;

use crate::component::Component;
use crate::evidence::{Fact, Source, Strength};
use crate::snapshot::RepoFile;
use crate::vocab::{self, FileVocab, Patterns};

/// The size from which a file with no extension is taken for weights (50 MB).
const BARE_WEIGHTS_MIN: u64 = 50_000_000;

fn names() -> &'static FileVocab {
    &vocab::builtin().files
}

fn has_ext(list: &[String], e: &str) -> bool {
    list.iter().any(|x| x == e)
}

/// The extension, in lowercase; compound ones (`jsonl.gz`) whole.
fn ext(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    for double in &names().compound_extensions {
        if lower.ends_with(&format!(".{double}")) {
            return double.to_string();
        }
    }
    lower
        .rsplit_once('.')
        .map(|(_, e)| e.to_string())
        .unwrap_or_default()
}

/// Whether a path names a code file (by its extension).
pub fn is_code(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    has_ext(&names().code_extensions, &ext(name))
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
    names().checkpoint_folders.iter().any(|p| digits_after(p))
}

/// A ref (branch) name that holds an intermediate checkpoint (`step1000`, `stage1-step140000-tokens...`).
pub fn is_checkpoint_ref(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    is_checkpoint_dir(&n)
        || n.split(['-', '_', '/']).any(|part| {
            is_checkpoint_dir(part)
                && names()
                    .checkpoint_branch_parts
                    .iter()
                    .any(|p| part.starts_with(p.as_str()))
        })
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

/// Which code component a code file is, from its stem or a folder of its path: the first rule
/// of `vocab/files.yaml` that matches.
fn code_component(dirs: &[&str], stem: &str) -> Option<Component> {
    names()
        .code_components
        .iter()
        .find(|r| r.file.matches(stem) || in_folder(dirs, &r.folder))
        .map(|r| r.component)
}

/// Whether a folder of the path matches.
fn in_folder(dirs: &[&str], patterns: &Patterns) -> bool {
    dirs.iter()
        .any(|d| patterns.matches(&d.to_ascii_lowercase()))
}

/// Facts per component from the file list.
pub fn classify(files: &[RepoFile]) -> BTreeMap<Component, Vec<Fact>> {
    let v = names();
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

        if v.training_state.matches(&lower) {
            push(
                Component::ModelMetadata,
                format!("training state file {path}{size}"),
                path,
            );
            continue;
        }
        // A large file with no extension at all (`ckpt-0/tensor00000_000`) holds tensors: a
        // repository of weights has no other files that size without a name for them.
        let bare_large = !name.contains('.') && f.size.is_some_and(|s| s >= BARE_WEIGHTS_MIN);
        if has_ext(&v.weight_extensions, &e) || bare_large {
            if let Some(i) = ckpt {
                let dir = dirs[..=i].join("/");
                let entry = checkpoint_dirs.entry(dir).or_insert((0, path.to_string()));
                entry.0 += 1;
            } else if !in_folder(dirs, &v.test_folders) {
                push(
                    Component::ModelParametersFinal,
                    format!("weights file {path}{size}"),
                    path,
                );
            }
            continue;
        }
        if lower.ends_with(".index.json")
            && v.weight_extensions
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
        if dirs.is_empty() && v.configuration_files.matches(&lower) {
            push(
                Component::ModelMetadata,
                format!("configuration file {path}"),
                path,
            );
            continue;
        }
        if has_ext(&v.code_extensions, &e) {
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
        if dirs.is_empty() && v.dependency_lists.matches(&lower) {
            push(
                Component::SupportingLibraries,
                format!("dependency list {path}"),
                path,
            );
            continue;
        }
        if has_ext(&v.data_extensions, &e) {
            let eval = dirs
                .iter()
                .chain(std::iter::once(&name))
                .any(|d| v.evaluation_data.matches(&d.to_ascii_lowercase()));
            let results = v.data_results.matches(&stem);
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
            } else if in_folder(dirs, &v.dataset_folders) {
                push(Component::Datasets, format!("data file {path}{size}"), path);
            }
            continue;
        }
        if e == "json" && v.evaluation_results.matches(&stem) {
            push(
                Component::EvaluationResults,
                format!("evaluation results {path}"),
                path,
            );
            continue;
        }
        if e == "pdf" {
            let c = if v.technical_reports.matches(&stem) {
                Some(Component::TechnicalReport)
            } else if v.research_papers.matches(&stem) {
                Some(Component::ResearchPaper)
            } else {
                None
            };
            if let Some(c) = c {
                push(c, format!("document {path}"), path);
            }
            continue;
        }
        if in_folder(dirs, &v.sample_folders) {
            push(
                Component::SampleModelOutputs,
                format!("sample output {path}"),
                path,
            );
            continue;
        }
        if dirs.is_empty() && v.data_cards.matches(&lower) {
            push(Component::DataCard, format!("data card {path}"), path);
        }
    }
    // A lone checkpoint folder and no weights beside it: that checkpoint is the model.
    if checkpoint_dirs.len() == 1 && !out.contains_key(&Component::ModelParametersFinal) {
        let (dir, (count, example)) = checkpoint_dirs.pop_first().expect("one entry");
        out.insert(
            Component::ModelParametersFinal,
            vec![Fact::new(
                Strength::Published,
                format!(
                    "weights in {dir}/, the repository's only checkpoint ({count} file{}, e.g. {example})",
                    if count == 1 { "" } else { "s" }
                ),
                Source::file(format!("{dir}/")),
            )],
        );
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
    fn a_lone_checkpoint_and_bare_tensor_files_are_the_weights() {
        let sized = |p: &str, size: u64| RepoFile {
            path: p.to_string(),
            size: Some(size),
        };
        // Large files with no extension in the only checkpoint folder: the model's weights.
        let got = classify(&[
            sized("ckpt-0/tensor00000_000", 300_000_000),
            sized("ckpt-0/tensor00001_000", 300_000_000),
            sized("README.md", 2_000),
        ]);
        assert_eq!(got[&Component::ModelParametersFinal].len(), 1);
        assert!(
            got[&Component::ModelParametersFinal][0]
                .claim
                .contains("only checkpoint")
        );
        assert!(!got.contains_key(&Component::ModelParametersIntermediate));
        // Small files without an extension are not weights; two checkpoints stay intermediate.
        let got = classify(&[sized("LICENSE", 11_000), sized("Makefile", 300)]);
        assert!(!got.contains_key(&Component::ModelParametersFinal));
        let got = classify(&[
            sized("step100/model.safetensors", 10),
            sized("step200/model.safetensors", 10),
        ]);
        assert!(!got.contains_key(&Component::ModelParametersFinal));
        assert_eq!(got[&Component::ModelParametersIntermediate].len(), 2);
        // Final weights beside one checkpoint: the checkpoint is intermediate.
        let got = classify(&[
            sized("model.safetensors", 10),
            sized("checkpoint-500/model.safetensors", 10),
        ]);
        assert_eq!(got[&Component::ModelParametersIntermediate].len(), 1);
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
