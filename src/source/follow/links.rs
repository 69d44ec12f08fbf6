//! Finding what a card links: GitHub repositories (any `github.com/OWNER/NAME...` URL, in
//! Markdown or bare) and arXiv papers (`arxiv.org/abs|pdf|html/ID`, `arXiv:ID` in text, the
//! arXiv DOI, Hugging Face paper pages, the Hub's `arxiv:ID` tags), each with its line.
//!
//! Linear in the text: each pattern is one pass of a regex (which never backtracks), line
//! numbers come from one index of line starts, duplicates are dropped with a set, and what is
//! kept is capped (a card with 50,000 ids or 10,000 links on one line costs a pass, not a
//! quadratic walk).

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::source::arxiv::valid_id;
use crate::source::github::{valid_name, valid_owner};

/// A repository link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoLink {
    /// The link as written (trailing punctuation removed).
    pub url: String,
    pub line: Option<u32>,
    pub owner: String,
    pub name: String,
}

impl RepoLink {
    /// `owner/name` in lowercase: GitHub's names are case-insensitive.
    pub fn key(&self) -> String {
        format!("{}/{}", self.owner, self.name).to_ascii_lowercase()
    }
}

/// A paper link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperLink {
    pub id: String,
    pub url: String,
    pub line: Option<u32>,
}

/// What a text links, in the order it first links each, with how many more were left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    pub repositories: Vec<RepoLink>,
    pub papers: Vec<PaperLink>,
    /// Distinct repositories past the cap, not listed.
    pub more_repositories: usize,
    /// Distinct papers past the cap, not listed.
    pub more_papers: usize,
}

/// The most distinct repositories and papers one text is read for.
pub const MAX_REPOSITORIES: usize = 64;
pub const MAX_PAPERS: usize = 64;

/// First path segments that are GitHub's own pages, not owners.
const NOT_OWNERS: &[&str] = &[
    "about",
    "apps",
    "blog",
    "collections",
    "contact",
    "customer-stories",
    "enterprise",
    "events",
    "explore",
    "features",
    "join",
    "login",
    "marketplace",
    "new",
    "notifications",
    "orgs",
    "organizations",
    "pricing",
    "readme",
    "search",
    "security",
    "settings",
    "site",
    "solutions",
    "sponsors",
    "team",
    "topics",
    "trending",
    "users",
];

/// Pages of a repository that are not its code: an issue, a pull request, a discussion.
const NOT_CODE: &[&str] = &[
    "issues",
    "pull",
    "pulls",
    "discussions",
    "wiki",
    "security",
    "actions",
    "projects",
    "milestones",
    "labels",
    "network",
    "graphs",
    "pulse",
    "stargazers",
    "watchers",
    "forks",
    "compare",
    "community",
];

fn repo_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?i)(?:https?://)?(?:www\.)?github\.com/([a-z0-9][a-z0-9-]{0,38})/([a-z0-9._-]{1,100})((?:/[^\s()\[\]<>"'`|]*)?)"#,
        )
        .expect("valid regex")
    })
}

/// `(pattern, group)`: the patterns of arXiv ids.
fn paper_res() -> &'static [Regex; 4] {
    static RE: OnceLock<[Regex; 4]> = OnceLock::new();
    const ID: &str = r"(\d{4}\.\d{4,5}|[a-z-]{2,16}(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?";
    RE.get_or_init(|| {
        [
            format!(r"(?i)arxiv\.org/(?:abs|pdf|html)/{ID}"),
            format!(r"(?i)\barxiv[:\s]\s*{ID}\b"),
            r"(?i)10\.48550/arxiv\.(\d{4}\.\d{4,5})".to_string(),
            r"(?i)huggingface\.co/papers/(\d{4}\.\d{4,5})".to_string(),
        ]
        .map(|p| Regex::new(&p).expect("valid regex"))
    })
}

/// Line numbers (1-based) of byte offsets.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    fn of(&self, offset: usize) -> u32 {
        (self.0.partition_point(|&start| start <= offset)) as u32
    }
}

fn trim_url(s: &str) -> &str {
    s.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '\'', '"'])
}

/// The repositories and papers `text` links, and the papers `tags` name (`arxiv:ID`).
pub fn find(text: &str, tags: &[String]) -> Links {
    let lines = Lines::new(text);
    let mut out = Links::default();

    let mut seen: HashSet<String> = HashSet::new();
    for c in repo_re().captures_iter(text) {
        let whole = c.get(0).expect("the match");
        // `gist.github.com`, `api.github.com`, `someone@github.com`: not a repository.
        if let Some(prev) = text[..whole.start()].chars().next_back()
            && (prev.is_alphanumeric() || matches!(prev, '.' | '-' | '_' | '@'))
        {
            continue;
        }
        let owner = &c[1];
        let mut name = trim_url(&c[2]);
        name = name.strip_suffix(".git").unwrap_or(name);
        let rest = c.get(3).map_or("", |m| m.as_str());
        let first = rest
            .trim_start_matches('/')
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        if NOT_OWNERS.iter().any(|o| o.eq_ignore_ascii_case(owner))
            || NOT_CODE.iter().any(|p| p.eq_ignore_ascii_case(first))
            || !valid_owner(owner)
            || !valid_name(name)
        {
            continue;
        }
        let key = format!("{owner}/{name}").to_ascii_lowercase();
        if !seen.insert(key) {
            continue;
        }
        if out.repositories.len() >= MAX_REPOSITORIES {
            out.more_repositories += 1;
            continue;
        }
        out.repositories.push(RepoLink {
            url: trim_url(whole.as_str()).to_string(),
            line: Some(lines.of(whole.start())),
            owner: owner.to_string(),
            name: name.to_string(),
        });
    }

    // Papers: every pattern's matches, in the order of the text.
    let mut found: Vec<(usize, String, String)> = Vec::new();
    for re in paper_res() {
        for c in re.captures_iter(text) {
            let whole = c.get(0).expect("the match");
            found.push((whole.start(), c[1].to_string(), whole.as_str().to_string()));
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    let mut seen: HashSet<String> = HashSet::new();
    let mut add = |id: &str, url: String, line: Option<u32>, out: &mut Links| {
        if !valid_id(id) || !seen.insert(id.to_string()) {
            return;
        }
        if out.papers.len() >= MAX_PAPERS {
            out.more_papers += 1;
            return;
        }
        out.papers.push(PaperLink {
            id: id.to_string(),
            url,
            line,
        });
    };
    for (at, id, written) in found {
        let url = if written.to_ascii_lowercase().contains("arxiv.org/") {
            let w = trim_url(&written);
            if w.starts_with("http") {
                w.to_string()
            } else {
                format!("https://{w}")
            }
        } else {
            format!("https://arxiv.org/abs/{id}")
        };
        add(&id, url, Some(lines.of(at)), &mut out);
    }
    for t in tags {
        if let Some(id) = t.strip_prefix("arxiv:") {
            add(id, format!("https://arxiv.org/abs/{id}"), None, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repos(text: &str) -> Vec<(String, Option<u32>)> {
        find(text, &[])
            .repositories
            .into_iter()
            .map(|r| (format!("{}/{}", r.owner, r.name), r.line))
            .collect()
    }

    #[test]
    fn repository_links_of_every_shape() {
        let text = "# M\n\
            - Code: [here](https://github.com/EleutherAI/gpt-neox).\n\
            - See https://github.com/allenai/OLMo/tree/main/configs and github.com/LLM360/amber-train.\n\
            - <https://www.github.com/org/repo.git>\n\
            - http://github.com/facebookresearch/llama, again https://github.com/EleutherAI/GPT-NeoX\n";
        assert_eq!(
            repos(text),
            [
                ("EleutherAI/gpt-neox".to_string(), Some(2)),
                ("allenai/OLMo".to_string(), Some(3)),
                ("LLM360/amber-train".to_string(), Some(3)),
                ("org/repo".to_string(), Some(4)),
                ("facebookresearch/llama".to_string(), Some(5)),
            ]
        );
        let f = find("see [x](https://github.com/a/b/blob/main/x.py#L3)", &[]);
        assert_eq!(
            f.repositories[0].url,
            "https://github.com/a/b/blob/main/x.py#L3"
        );
    }

    #[test]
    fn pages_that_are_not_repositories_are_skipped() {
        let text = "https://github.com/org/repo/issues/12 https://github.com/org/repo/pull/3 \
            https://github.com/org/repo/discussions https://gist.github.com/user/abc123 \
            https://github.com/orgs/x/people https://github.com/someone https://github.com/topics/llm \
            https://api.github.com/repos/a/b git@github.com:a/b.git https://github.com/sponsors/x";
        assert!(repos(text).is_empty(), "{:?}", repos(text));
    }

    #[test]
    fn papers_in_links_text_dois_and_tags() {
        let text = "Paper: https://arxiv.org/abs/2304.01373v2\n\
            PDF https://arxiv.org/pdf/2101.00027.pdf and arXiv:2201.07311, arXiv 2402.00838\n\
            doi: https://doi.org/10.48550/arXiv.2312.06550 and https://huggingface.co/papers/2402.19173\n\
            old: arXiv:hep-th/9711200; not an id: arXiv:2304.013, 12345.67890\n";
        let f = find(
            text,
            &["arxiv:1910.10683".into(), "arxiv:2304.01373".into()],
        );
        let ids: Vec<(&str, Option<u32>)> =
            f.papers.iter().map(|p| (p.id.as_str(), p.line)).collect();
        assert_eq!(
            ids,
            [
                ("2304.01373", Some(1)),
                ("2101.00027", Some(2)),
                ("2201.07311", Some(2)),
                ("2402.00838", Some(2)),
                ("2312.06550", Some(3)),
                ("2402.19173", Some(3)),
                ("hep-th/9711200", Some(4)),
                ("1910.10683", None),
            ]
        );
        assert_eq!(f.papers[0].url, "https://arxiv.org/abs/2304.01373v2");
        assert_eq!(f.papers[2].url, "https://arxiv.org/abs/2201.07311");
    }

    #[test]
    fn huge_cards_cost_one_pass_and_stay_capped() {
        let mut text = String::new();
        for i in 0..50_000 {
            text.push_str(&format!("arXiv:{:04}.{:05} ", 1000 + i % 8000, i));
        }
        text.push('\n');
        for i in 0..10_000 {
            text.push_str(&format!("https://github.com/org/repo{i} "));
        }
        let started = std::time::Instant::now();
        let f = find(&text, &[]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(f.papers.len(), MAX_PAPERS);
        assert_eq!(f.more_papers, 50_000 - MAX_PAPERS);
        assert_eq!(f.repositories.len(), MAX_REPOSITORIES);
        assert_eq!(f.more_repositories, 10_000 - MAX_REPOSITORIES);
        assert_eq!(f.repositories[0].line, Some(2));
    }
}
