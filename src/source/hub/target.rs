//! Hub targets as people paste them: a model page's address (`https://huggingface.co/ORG/NAME`,
//! `/tree/REV`, `/blob/REV/FILE`, `hf.co/...`, with or without the scheme), and legacy
//! single-name ids (`gpt2`), which the Hub still serves.

use crate::Error;

/// The hosts of the Hub's pages.
const HOSTS: [&str; 3] = ["huggingface.co", "www.huggingface.co", "hf.co"];

/// The model id and revision a Hub page address names; `None` when `raw` is not an address on
/// the Hub; an error for an address of the Hub that names no model (a dataset, a Space, a
/// listing).
pub(super) fn from_url(raw: &str) -> Option<Result<(String, Option<String>), Error>> {
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
        .unwrap_or(raw);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !HOSTS.contains(&host.to_ascii_lowercase().as_str()) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let not_a_model = |what: &str| {
        Some(Err(Error::Target(format!(
            "`{raw}` is {what}, not a model: openness grades models; give a model's page (https://huggingface.co/ORG/NAME) or ORG/NAME"
        ))))
    };
    let (id, rest): (String, &[&str]) = match parts.as_slice() {
        [] => return not_a_model("the Hub's front page"),
        ["datasets", ..] => return not_a_model("a dataset's page"),
        ["spaces", ..] => return not_a_model("a Space's page"),
        [
            "models" | "docs" | "papers" | "collections" | "organizations" | "settings" | "api",
            ..,
        ] => {
            return not_a_model("a page of the Hub");
        }
        // A legacy single-name model (`https://huggingface.co/gpt2`, `.../gpt2/tree/main`).
        [name, view, ..] if is_view(view) => (name.to_string(), &parts[1..]),
        [name] => (name.to_string(), &[]),
        [org, name, rest @ ..] => (format!("{org}/{name}"), rest),
    };
    if let Err(e) = super::super::check_repo_id(&id) {
        return Some(Err(e));
    }
    let revision = match rest {
        [view, rev, ..] if is_view(view) => Some(crate::source::http::percent_decode(rev)),
        _ => None,
    };
    if let Some(r) = &revision
        && let Err(e) = super::super::check_revision(r)
    {
        return Some(Err(e));
    }
    Some(Ok((id, revision)))
}

/// The views of a repository page whose next part is a revision.
fn is_view(part: &str) -> bool {
    matches!(
        part,
        "tree" | "blob" | "resolve" | "raw" | "commit" | "commits"
    )
}

/// Whether a bare word would be a legacy single-name Hub id (`gpt2`, `bert-base-uncased`)
/// rather than a file or directory the user mistyped: a valid name, without a path separator
/// and without a file extension the tool reads.
pub(super) fn is_legacy_id(raw: &str) -> bool {
    let id = raw.split('@').next().unwrap_or(raw);
    const FILE_LIKE: [&str; 9] = [
        ".md",
        ".yml",
        ".yaml",
        ".json",
        ".txt",
        ".safetensors",
        ".bin",
        ".gguf",
        ".html",
    ];
    !id.contains(['/', '\\'])
        && !id.starts_with('.')
        && crate::snapshot::is_repo_id(id)
        && !FILE_LIKE
            .iter()
            .any(|e| id.to_ascii_lowercase().ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(raw: &str) -> Option<(String, Option<String>)> {
        from_url(raw).map(|r| r.unwrap_or_else(|e| panic!("{raw}: {e}")))
    }

    #[test]
    fn model_pages_as_pasted() {
        let m = |id: &str, rev: Option<&str>| Some((id.to_string(), rev.map(str::to_string)));
        assert_eq!(
            url("https://huggingface.co/EleutherAI/pythia-1b"),
            m("EleutherAI/pythia-1b", None)
        );
        assert_eq!(
            url("https://huggingface.co/EleutherAI/pythia-1b/"),
            m("EleutherAI/pythia-1b", None)
        );
        assert_eq!(
            url("http://www.huggingface.co/org/m?library=transformers#usage"),
            m("org/m", None)
        );
        assert_eq!(url("huggingface.co/org/m"), m("org/m", None));
        assert_eq!(url("hf.co/org/m"), m("org/m", None));
        assert_eq!(
            url("https://hf.co/org/m/tree/step1000"),
            m("org/m", Some("step1000"))
        );
        assert_eq!(
            url("https://huggingface.co/org/m/blob/v1.0/README.md"),
            m("org/m", Some("v1.0"))
        );
        assert_eq!(
            url("https://huggingface.co/org/m/tree/refs%2Fpr%2F3"),
            m("org/m", Some("refs/pr/3"))
        );
        assert_eq!(
            url("https://huggingface.co/org/m/discussions/4"),
            m("org/m", None)
        );
        assert_eq!(url("https://huggingface.co/gpt2"), m("gpt2", None));
        assert_eq!(
            url("https://huggingface.co/gpt2/tree/main"),
            m("gpt2", Some("main"))
        );
    }

    #[test]
    fn other_addresses_are_not_the_hubs_or_not_models() {
        for other in [
            "https://github.com/org/m",
            "https://example.org/huggingface.co/org/m",
            "https://huggingface.co.evil.example/org/m",
            "org/m",
            "./models/m",
        ] {
            assert!(from_url(other).is_none(), "{other}");
        }
        for not_model in [
            "https://huggingface.co/datasets/org/d",
            "https://huggingface.co/spaces/org/s",
            "https://huggingface.co/models?search=llama",
            "https://huggingface.co/",
            "https://huggingface.co/org/m/tree/..%2F..%2Fetc",
            "https://huggingface.co/org/bad name",
        ] {
            assert!(matches!(from_url(not_model), Some(Err(_))), "{not_model}");
        }
    }

    #[test]
    fn legacy_ids_are_bare_names_not_files() {
        for id in ["gpt2", "bert-base-uncased", "t5-small", "gpt2@main"] {
            assert!(is_legacy_id(id), "{id}");
        }
        for not in [
            "README.md",
            "Model.yml",
            "org/m",
            "./m",
            ".hidden",
            "a b",
            "x\\y",
            "model.safetensors",
        ] {
            assert!(!is_legacy_id(not), "{not}");
        }
    }
}
