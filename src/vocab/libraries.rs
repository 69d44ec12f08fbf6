//! `vocab/libraries.yaml`: the libraries a model can be built for (whose code is then its
//! architecture and inference code, under the library's license) and third-party tools that
//! cards link to.

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::Check;
use crate::diag::{Code, Diagnostic};

/// A library that implements and runs many models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Library {
    /// As a card's `library_name` spells it (matched in any case).
    pub name: String,
    /// An SPDX license id.
    pub license: String,
    /// The address of its code repository.
    pub repository: String,
}

/// A third-party tool that runs, serves, quantizes or trains models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThirdPartyTool {
    pub name: Option<String>,
    pub license: Option<String>,
    pub repository: String,
    /// `<owner>/<name>` of the repository, as links are matched.
    pub path: String,
}

/// The libraries and tools, validated.
#[derive(Debug, Clone)]
pub struct LibraryVocab {
    pub libraries: Vec<Library>,
    pub tools: Vec<ThirdPartyTool>,
}

impl LibraryVocab {
    /// The library a model names (`transformers`, `GGUF`), in any case.
    pub fn library(&self, name: &str) -> Option<&Library> {
        self.libraries
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(name))
    }

    /// Whether `<owner>/<name>` is the repository of a known tool, in any case.
    pub fn is_tool(&self, path: &str) -> bool {
        self.tools.iter().any(|t| t.path.eq_ignore_ascii_case(path))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLibraries {
    libraries: Vec<Spanned<RawProject>>,
    tools: Vec<Spanned<RawProject>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    #[serde(default)]
    name: Option<Spanned<String>>,
    #[serde(default)]
    license: Option<Spanned<String>>,
    repository: Spanned<String>,
}

pub(super) fn validate(raw: RawLibraries, check: &mut Check) -> LibraryVocab {
    let mut libraries: Vec<Library> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for p in &raw.libraries {
        let (name, license) = (&p.value.name, &p.value.license);
        for (field, value) in [("name", name), ("license", license)] {
            if value.is_none() {
                check.at(
                    Code::Missing,
                    &p.referenced,
                    format!("the library has no `{field}`"),
                );
            }
        }
        if let Some(n) = name {
            if names.iter().any(|x| x.eq_ignore_ascii_case(&n.value)) {
                check.at(
                    Code::Id,
                    &n.referenced,
                    format!("the library `{}` is listed twice", n.value),
                );
            }
            names.push(&n.value);
        }
        let license = license.as_ref().and_then(|l| spdx_id(l, check));
        let repository = repository(&p.value.repository, check);
        if let (Some(name), Some(license), Some((repository, _))) = (name, license, repository) {
            libraries.push(Library {
                name: name.value.clone(),
                license,
                repository,
            });
        }
    }
    let mut tools: Vec<ThirdPartyTool> = Vec::new();
    for p in &raw.tools {
        let license = p.value.license.as_ref().and_then(|l| spdx_id(l, check));
        let Some((repository, path)) = repository(&p.value.repository, check) else {
            continue;
        };
        if tools.iter().any(|t| t.path.eq_ignore_ascii_case(&path)) {
            check.at(
                Code::Id,
                &p.value.repository.referenced,
                format!("the tool {path} is listed twice"),
            );
        }
        tools.push(ThirdPartyTool {
            name: p.value.name.as_ref().map(|n| n.value.clone()),
            license,
            repository,
            path,
        });
    }
    LibraryVocab { libraries, tools }
}

/// An SPDX license id, as the SPDX list spells it.
fn spdx_id(raw: &Spanned<String>, check: &mut Check) -> Option<String> {
    if spdx::license_id(&raw.value).is_some() {
        return Some(raw.value.clone());
    }
    let mut d = Diagnostic::error(
        Code::UnknownName,
        format!("`{}` is not an SPDX license id", raw.value),
    )
    .with_label(check.label(&raw.referenced));
    if let Some(id) = spdx::imprecise_license_id(&raw.value) {
        d = d.with_help(format!("write `{}`", id.0.name));
    } else {
        d = d.with_help("write an id of the SPDX license list (https://spdx.org/licenses/)");
    }
    check.push(d);
    None
}

/// The repository's address and its `<owner>/<name>`.
fn repository(raw: &Spanned<String>, check: &mut Check) -> Option<(String, String)> {
    let url = raw.value.trim_end_matches('/');
    let parts: Vec<&str> = url
        .strip_prefix("https://")
        .map(|rest| rest.split('/').collect())
        .unwrap_or_default();
    match parts.as_slice() {
        [host, owner, name] if !host.is_empty() && !owner.is_empty() && !name.is_empty() => {
            Some((url.to_string(), format!("{owner}/{name}")))
        }
        _ => {
            invalid_repository(&raw.value, &raw.referenced, check);
            None
        }
    }
}

fn invalid_repository(value: &str, at: &Location, check: &mut Check) {
    let d = Diagnostic::error(
        Code::Invalid,
        format!("`{value}` is not the address of a repository"),
    )
    .with_label(check.label(at))
    .with_help(
        "write https://<host>/<owner>/<name>, as https://github.com/huggingface/transformers",
    );
    check.push(d);
}
