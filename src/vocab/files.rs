//! `vocab/files.yaml`: how the names of a repository's files are read (extensions, training
//! state, checkpoint folders, the component a code file is, and the names of configuration,
//! dependency, data, document and sample files).

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::Check;
use crate::component::Component;
use crate::diag::Code;

/// Names to recognise: whole names, how a name starts, or a part of it. All in lowercase.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patterns {
    pub names: Vec<String>,
    pub prefixes: Vec<String>,
    pub contains: Vec<String>,
}

impl Patterns {
    /// Whether `name` (already in lowercase) matches.
    pub fn matches(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
            || self.prefixes.iter().any(|p| name.starts_with(p.as_str()))
            || self.contains.iter().any(|c| name.contains(c.as_str()))
    }
}

/// The component a code file is, from its stem or a folder of its path.
#[derive(Debug, Clone)]
pub struct CodeRule {
    pub component: Component,
    pub file: Patterns,
    pub folder: Patterns,
}

/// The names of files, validated.
#[derive(Debug, Clone)]
pub struct FileVocab {
    pub weight_extensions: Vec<String>,
    pub code_extensions: Vec<String>,
    pub data_extensions: Vec<String>,
    /// Extensions with a dot inside (`jsonl.gz`), read whole.
    pub compound_extensions: Vec<String>,
    pub training_state: Patterns,
    /// The words a checkpoint folder starts with (`checkpoint`, `step`).
    pub checkpoint_folders: Vec<String>,
    /// The words a part of a checkpoint branch's name starts with.
    pub checkpoint_branch_parts: Vec<String>,
    pub test_folders: Patterns,
    pub configuration_files: Patterns,
    /// Tried in order; the first that matches wins.
    pub code_components: Vec<CodeRule>,
    pub dependency_lists: Patterns,
    pub evaluation_data: Patterns,
    pub data_results: Patterns,
    pub dataset_folders: Patterns,
    pub evaluation_results: Patterns,
    pub technical_reports: Patterns,
    pub research_papers: Patterns,
    pub sample_folders: Patterns,
    pub data_cards: Patterns,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawFiles {
    extensions: RawExtensions,
    training_state: RawPatterns,
    checkpoints: RawCheckpoints,
    test_folders: RawPatterns,
    configuration_files: RawPatterns,
    code_components: Vec<RawCodeRule>,
    dependency_lists: RawPatterns,
    data: RawData,
    evaluation_results: RawPatterns,
    documents: RawDocuments,
    sample_folders: RawPatterns,
    data_cards: RawPatterns,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtensions {
    weights: Vec<Spanned<String>>,
    code: Vec<Spanned<String>>,
    data: Vec<Spanned<String>>,
    compound: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPatterns {
    #[serde(default)]
    names: Vec<Spanned<String>>,
    #[serde(default)]
    prefixes: Vec<Spanned<String>>,
    #[serde(default)]
    contains: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCheckpoints {
    folders: Vec<Spanned<String>>,
    branch_parts: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodeRule {
    component: Spanned<String>,
    #[serde(default)]
    file: RawPatterns,
    #[serde(default)]
    folder: RawPatterns,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    evaluation: RawPatterns,
    results: RawPatterns,
    datasets: RawPatterns,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDocuments {
    technical_report: RawPatterns,
    research_paper: RawPatterns,
}

pub(super) fn validate(raw: RawFiles, check: &mut Check) -> FileVocab {
    let e = &raw.extensions;
    FileVocab {
        weight_extensions: extensions(&e.weights, check),
        code_extensions: extensions(&e.code, check),
        data_extensions: extensions(&e.data, check),
        compound_extensions: extensions(&e.compound, check),
        training_state: patterns(&raw.training_state, check),
        checkpoint_folders: check.words(&raw.checkpoints.folders).0,
        checkpoint_branch_parts: check.words(&raw.checkpoints.branch_parts).0,
        test_folders: patterns(&raw.test_folders, check),
        configuration_files: patterns(&raw.configuration_files, check),
        code_components: raw
            .code_components
            .iter()
            .filter_map(|r| code_rule(r, check))
            .collect(),
        dependency_lists: patterns(&raw.dependency_lists, check),
        evaluation_data: patterns(&raw.data.evaluation, check),
        data_results: patterns(&raw.data.results, check),
        dataset_folders: patterns(&raw.data.datasets, check),
        evaluation_results: patterns(&raw.evaluation_results, check),
        technical_reports: patterns(&raw.documents.technical_report, check),
        research_papers: patterns(&raw.documents.research_paper, check),
        sample_folders: patterns(&raw.sample_folders, check),
        data_cards: patterns(&raw.data_cards, check),
    }
}

/// Extensions: words without a leading dot.
fn extensions(list: &[Spanned<String>], check: &mut Check) -> Vec<String> {
    for x in list.iter().filter(|x| x.value.starts_with('.')) {
        check.at(
            Code::Invalid,
            &x.referenced,
            format!("write the extension `{}` without its dot", x.value),
        );
    }
    check.words(list).0
}

fn patterns(raw: &RawPatterns, check: &mut Check) -> Patterns {
    Patterns {
        names: check.words(&raw.names).0,
        prefixes: check.words(&raw.prefixes).0,
        contains: check.words(&raw.contains).0,
    }
}

fn code_rule(raw: &RawCodeRule, check: &mut Check) -> Option<CodeRule> {
    let component = check.name::<Component>("component", &raw.component);
    let rule = CodeRule {
        component: component.unwrap_or(Component::SupportingLibraries),
        file: patterns(&raw.file, check),
        folder: patterns(&raw.folder, check),
    };
    if rule.file == Patterns::default() && rule.folder == Patterns::default() {
        check.at(
            Code::Missing,
            &raw.component.referenced,
            "the rule has no `file` or `folder` patterns, so it matches no file",
        );
    }
    component.map(|_| rule)
}
