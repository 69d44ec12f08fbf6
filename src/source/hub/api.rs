//! The parts of the Hub API's answers this tool reads (`GET /api/models/{id}?blobs=true`,
//! `/api/datasets/{id}`, `/api/models/{id}/refs`). Unknown fields are ignored and every field is
//! optional: a mirror or an older server may leave things out.

use serde::Deserialize;
use serde_json::Value;

use crate::snapshot::{Gating, Metadata, RepoFile};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepoInfo {
    pub id: Option<String>,
    pub sha: Option<String>,
    #[serde(default)]
    pub private: Option<bool>,
    #[serde(default)]
    pub gated: Option<Value>,
    #[serde(default)]
    pub disabled: Option<bool>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(rename = "pipeline_tag")]
    pub pipeline_tag: Option<String>,
    #[serde(rename = "library_name")]
    pub library_name: Option<String>,
    pub last_modified: Option<String>,
    pub card_data: Option<Value>,
    pub siblings: Option<Vec<Sibling>>,
    pub safetensors: Option<SafeTensors>,
    pub config: Option<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Sibling {
    pub rfilename: String,
    pub size: Option<u64>,
    pub lfs: Option<Lfs>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Lfs {
    pub size: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SafeTensors {
    pub total: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Refs {
    #[serde(default)]
    pub branches: Vec<GitRef>,
    #[serde(default)]
    pub tags: Vec<GitRef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GitRef {
    pub name: String,
    pub target_commit: Option<String>,
}

impl RepoInfo {
    pub fn gating(&self) -> Gating {
        match &self.gated {
            Some(Value::String(s)) if s.eq_ignore_ascii_case("manual") => Gating::Manual,
            Some(Value::String(s)) if !s.is_empty() => Gating::Auto,
            Some(Value::Bool(true)) => Gating::Auto,
            _ => Gating::None,
        }
    }

    /// The file list with sizes (LFS size when the Hub gives it).
    pub fn files(&self) -> Vec<RepoFile> {
        self.siblings
            .iter()
            .flatten()
            .map(|s| RepoFile {
                path: s.rfilename.clone(),
                size: s.lfs.as_ref().and_then(|l| l.size).or(s.size),
            })
            .collect()
    }

    pub fn metadata(&self, refs_listed: bool) -> Metadata {
        Metadata {
            gated: self.gating(),
            private: self.private.unwrap_or(false),
            disabled: self.disabled.unwrap_or(false),
            tags: self.tags.clone().unwrap_or_default(),
            pipeline_tag: self.pipeline_tag.clone(),
            library_name: self.library_name.clone(),
            last_modified: self.last_modified.clone(),
            card_data: self.card_data.clone().filter(|v| v.is_object()),
            parameters: self.safetensors.as_ref().and_then(|s| s.total),
            config: self.config.clone().filter(|v| v.is_object()),
            refs_listed,
        }
    }

    /// A `cardData` key as a list of strings (a single string counts as one).
    pub fn card_strings(&self, key: &str) -> Vec<String> {
        strings(self.card_data.as_ref().and_then(|c| c.get(key)))
    }

    /// The base models: `cardData.base_model`, else the `base_model:[RELATION:]ID` tags.
    pub fn base_models(&self) -> Vec<(String, Option<String>)> {
        let relation = self
            .card_data
            .as_ref()
            .and_then(|c| c.get("base_model_relation"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let declared = self.card_strings("base_model");
        if !declared.is_empty() {
            return declared
                .into_iter()
                .map(|id| (id, relation.clone()))
                .collect();
        }
        let mut out: Vec<(String, Option<String>)> = Vec::new();
        for t in self.tags.iter().flatten() {
            let Some(rest) = t.strip_prefix("base_model:") else {
                continue;
            };
            let (rel, id) = match rest.split_once(':') {
                Some((rel, id)) => (Some(rel.to_string()), id.to_string()),
                None => (None, rest.to_string()),
            };
            match out.iter_mut().find(|(i, _)| *i == id) {
                Some(entry) if entry.1.is_none() => entry.1 = rel,
                Some(_) => {}
                None => out.push((id, rel)),
            }
        }
        out
    }

    /// The datasets: `cardData.datasets`, else the `dataset:ID` tags.
    pub fn datasets(&self) -> Vec<String> {
        let mut out = self.card_strings("datasets");
        if out.is_empty() {
            out = self
                .tags
                .iter()
                .flatten()
                .filter_map(|t| t.strip_prefix("dataset:"))
                .map(str::to_string)
                .collect();
        }
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|d| seen.insert(d.clone()));
        out
    }
}

pub fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_model_info() {
        let info: RepoInfo = serde_json::from_str(
            r#"{"id":"o/m","sha":"abc","gated":"manual","tags":["license:mit","base_model:finetune:o/base","dataset:o/d"],
                "siblings":[{"rfilename":"a.safetensors","size":10,"lfs":{"size":99}},{"rfilename":"README.md"}],
                "cardData":{"license":"mit"},"safetensors":{"total":12},"unknown":1}"#,
        )
        .unwrap();
        assert_eq!(info.gating(), Gating::Manual);
        assert_eq!(info.files()[0].size, Some(99));
        assert_eq!(info.files()[1].size, None);
        assert_eq!(
            info.base_models(),
            vec![("o/base".to_string(), Some("finetune".to_string()))]
        );
        assert_eq!(info.datasets(), vec!["o/d".to_string()]);
        assert_eq!(info.metadata(false).parameters, Some(12));
        let g: RepoInfo = serde_json::from_str(r#"{"gated":false}"#).unwrap();
        assert_eq!(g.gating(), Gating::None);
    }
}
