//! What the card's links and references point at: papers (arXiv, venues), code repositories (by
//! the role their context gives them), Hub datasets. A link shows that something is published
//! somewhere; it never shows under which license. The hosts and words are in `vocab/links.yaml`;
//! third-party tools (`vocab/libraries.yaml`) are supporting libraries, not the model's own code.

mod gather;

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use super::Listed;
use super::card::Card;
use crate::component::Component;
use crate::evidence::{Fact, Source, Strength, Topic};
use crate::vocab::{self, LinkVocab};
use gather::{Context, Lowered};

/// What a URL points at.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkTarget {
    Arxiv(String),
    /// A branch or tag of a Hub model repository that holds a checkpoint (`/tree/step1000`).
    HubCheckpoint {
        repo: String,
        revision: String,
    },
    Paper,
    CodeRepository {
        owner: String,
        repo: String,
    },
    HubDataset(String),
    Pdf,
    Other,
}

fn arxiv_url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})").expect("valid regex")
    })
}

fn arxiv_text_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\barxiv[:\s]\s*(\d{4}\.\d{4,5})\b").expect("valid regex"))
}

fn repo_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^https?://(?:www\.)?(github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)")
            .expect("valid regex")
    })
}

fn hub_dataset_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^https?://huggingface\.co/datasets/([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)?)")
            .expect("valid regex")
    })
}

fn hub_tree_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^https?://huggingface\.co/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/tree/([A-Za-z0-9_.-]+)")
            .expect("valid regex")
    })
}

/// What a URL points at.
pub fn classify(url: &str) -> LinkTarget {
    if let Some(c) = arxiv_url_re().captures(url) {
        return LinkTarget::Arxiv(c[1].to_string());
    }
    if let Some(c) = repo_re().captures(url) {
        let owner = c[2].to_string();
        let repo = c[3].trim_end_matches(".git").to_string();
        if !words().not_owners.contains(&owner) {
            return LinkTarget::CodeRepository { owner, repo };
        }
    }
    if let Some(c) = hub_dataset_re().captures(url) {
        return LinkTarget::HubDataset(c[1].to_string());
    }
    if let Some(c) = hub_tree_re().captures(url) {
        let revision = c[2].to_string();
        if super::files::is_checkpoint_ref(&revision) {
            return LinkTarget::HubCheckpoint {
                repo: c[1].to_string(),
                revision,
            };
        }
    }
    let lower = url.to_ascii_lowercase();
    let host = lower
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("");
    if words()
        .paper_hosts
        .iter()
        .any(|h| host == *h || host.ends_with(&format!(".{h}")))
    {
        return LinkTarget::Paper;
    }
    if lower
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .ends_with(".pdf")
    {
        return LinkTarget::Pdf;
    }
    LinkTarget::Other
}

/// How the claim of a link that does not say what the repository holds reads.
pub(crate) const GENERIC: &str = "is linked without saying what it holds";

/// Whether a fact is a link that does not say what the repository holds (it may hold training or
/// inference code): once the repository is read, its tree decides.
pub(crate) fn is_generic(f: &Fact) -> bool {
    f.claim.contains(GENERIC)
}

fn words() -> &'static LinkVocab {
    &vocab::builtin().links
}

/// The code roles the words around a link (or the repository's name) give it.
pub(crate) fn code_roles(context: &str, repo: &str) -> Vec<Component> {
    let c = context.to_lowercase();
    let r = repo.to_lowercase();
    words()
        .code_roles
        .iter()
        .filter(|(_, w)| w.in_lowercase(&c) || w.in_lowercase(&r))
        .map(|(role, _)| *role)
        .collect()
}

/// [`code_roles`] of a link in the card, its line and heading searched once.
fn roles_around(context: &Context, repo: &str) -> Vec<Component> {
    let r = repo.to_lowercase();
    words()
        .code_roles
        .iter()
        .filter(|(_, w)| context.has(w) || w.in_lowercase(&r))
        .map(|(role, _)| *role)
        .collect()
}

/// What one card's links give: the facts per component, and what was left out, said.
#[derive(Debug, Clone, Default)]
pub struct LinkFacts {
    pub facts: BTreeMap<Component, Vec<Fact>>,
    /// One sentence per kind of target with more distinct targets than [`super::MAX_LISTED`].
    pub limits: Vec<String>,
}

/// The longest word (in characters) a link's context is searched for.
fn longest_word() -> usize {
    let w = words();
    w.code_roles
        .iter()
        .map(|(_, l)| l)
        .chain([
            &w.technical_report,
            &w.pdf_technical_report,
            &w.pdf_research_paper,
        ])
        .flat_map(|l| l.iter())
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
}

/// Facts per component from the card's links and references, and what was left out. Linear in
/// the card: a line or heading shared by many links is read once, duplicates are dropped with
/// sets, and at most [`super::MAX_LISTED`] distinct papers, repositories, datasets and checkpoints are
/// listed (the rest counted in a limit).
pub fn facts(card: &Card, file: &str, tags: &[String]) -> LinkFacts {
    let mut out = super::FactSet::default();
    let mut papers = Listed::default();
    let mut repositories = Listed::default();
    let mut datasets = Listed::default();
    let mut checkpoints = Listed::default();
    let mut arxiv_seen: HashSet<String> = HashSet::new();
    let longest = longest_word();
    let no_heading = Lowered::new("", longest);
    let mut line_words: Option<(u32, Lowered)> = None;
    let mut heading_words: Option<(u32, Lowered)> = None;
    for link in &card.links {
        let line_text = card
            .lines
            .get(link.line as usize - 1)
            .map(String::as_str)
            .unwrap_or("");
        if line_words.as_ref().is_none_or(|(n, _)| *n != link.line) {
            line_words = Some((link.line, Lowered::new(line_text, longest)));
        }
        let section = card.section_of(link.line);
        if let Some(s) = section
            && heading_words.as_ref().is_none_or(|(n, _)| *n != s.line)
        {
            heading_words = Some((s.line, Lowered::new(&s.title, longest)));
        }
        let line = line_words.as_ref().map(|(_, l)| l).unwrap_or(&no_heading);
        let heading = match section {
            Some(_) => heading_words.as_ref().map_or(&no_heading, |(_, l)| l),
            None => &no_heading,
        };
        let context = Context::new(&link.text, line, heading);
        let source = Source::line(file, link.line).with_url(link.url.clone());
        let in_citation = section.is_some_and(|s| s.topics.contains(&Topic::Citation));
        match classify(&link.url) {
            LinkTarget::Arxiv(id) => {
                if arxiv_seen.contains(&id) || !papers.admit(&id) {
                    continue;
                }
                arxiv_seen.insert(id.clone());
                let report = context.has(&words().technical_report);
                out.add(
                    Component::ResearchPaper,
                    Fact::new(
                        Strength::Linked,
                        format!("paper arXiv:{id} is linked; its license was not checked"),
                        source.clone(),
                    ),
                );
                if report {
                    out.add(
                        Component::TechnicalReport,
                        Fact::new(
                            Strength::Linked,
                            format!(
                                "technical report arXiv:{id} is linked; its license was not checked"
                            ),
                            source,
                        ),
                    );
                }
            }
            LinkTarget::Paper => {
                if papers.admit(&link.url) {
                    out.add(
                        Component::ResearchPaper,
                        Fact::new(
                            Strength::Linked,
                            format!("paper {} is linked; its license was not checked", link.url),
                            source,
                        ),
                    );
                }
            }
            LinkTarget::Pdf => {
                let (c, what) = if context.has(&words().pdf_technical_report) {
                    (Component::TechnicalReport, "technical report")
                } else if context.has(&words().pdf_research_paper) {
                    (Component::ResearchPaper, "paper")
                } else {
                    continue;
                };
                if papers.admit(&link.url) {
                    out.add(
                        c,
                        Fact::new(
                            Strength::Linked,
                            format!("{what} {} is linked; its license was not checked", link.url),
                            source,
                        ),
                    );
                }
            }
            LinkTarget::HubCheckpoint { repo, revision } => {
                if checkpoints.admit(&format!("{repo}@{revision}")) {
                    out.add(
                        Component::ModelParametersIntermediate,
                        Fact::new(
                            Strength::Linked,
                            format!("intermediate checkpoint {repo}@{revision} is linked"),
                            source,
                        ),
                    );
                }
            }
            LinkTarget::HubDataset(id) => {
                if datasets.admit(&id) {
                    out.add(
                        Component::Datasets,
                        Fact::new(
                            Strength::Linked,
                            format!(
                                "dataset {id} is linked on the Hub; its license was not checked here"
                            ),
                            source,
                        ),
                    );
                }
            }
            LinkTarget::CodeRepository { owner, repo } => {
                if in_citation {
                    continue;
                }
                let full = format!("{owner}/{repo}");
                let key = full.to_ascii_lowercase();
                if vocab::builtin().libraries.is_tool(&full) {
                    if repositories.admit(&key) {
                        out.add(
                            Component::SupportingLibraries,
                            Fact::new(
                                Strength::Linked,
                                format!(
                                    "third-party tool {full} is linked; its license was not checked"
                                ),
                                source,
                            ),
                        );
                    }
                    continue;
                }
                let roles = roles_around(&context, &repo);
                if roles.is_empty() {
                    if (words().code_repository.in_text(&link.text)
                        || line.has(&words().code_repository))
                        && repositories.admit(&key)
                    {
                        for c in [Component::TrainingCode, Component::InferenceCode] {
                            out.add(
                                c,
                                Fact::new(
                                    Strength::Linked,
                                    format!(
                                        "code repository {full} {GENERIC}; it may hold {}; neither its contents nor its license were checked",
                                        c.mot_name().to_lowercase()
                                    ),
                                    source.clone(),
                                ),
                            );
                        }
                    }
                    continue;
                }
                if !repositories.admit(&key) {
                    continue;
                }
                for c in roles {
                    out.add(
                        c,
                        Fact::new(
                            Strength::Linked,
                            format!(
                                "{} is linked at {full}: evidence that it is published, not of its license",
                                c.mot_name().to_lowercase()
                            ),
                            source.clone(),
                        ),
                    );
                }
            }
            LinkTarget::Other => {}
        }
    }
    // arXiv ids written as text or Hub tags (`arxiv:2304.01373`).
    let written = card.body_lines().flat_map(|(n, line)| {
        arxiv_text_re()
            .captures_iter(line)
            .map(move |c| (c[1].to_string(), Some(n)))
    });
    let tagged = tags
        .iter()
        .filter_map(|t| t.strip_prefix("arxiv:"))
        .map(|id| (id.to_string(), None));
    for (id, line) in written.chain(tagged) {
        if arxiv_seen.contains(&id) || !papers.admit(&id) {
            continue;
        }
        arxiv_seen.insert(id.clone());
        let (how, source) = match line {
            Some(n) => ("cited", Source::line(file, n)),
            None => ("tagged", Source::api("tags")),
        };
        out.add(
            Component::ResearchPaper,
            Fact::new(
                Strength::Linked,
                format!("paper arXiv:{id} is {how}; its license was not checked"),
                source.with_url(format!("https://arxiv.org/abs/{id}")),
            ),
        );
    }
    // BibTeX entries: a paper exists even without a link.
    if !out.has(Component::ResearchPaper)
        && let Some((n, _)) = card.body_lines().find(|(_, l)| {
            let l = l.trim_start().to_lowercase();
            words().bibtex.iter().any(|b| l.starts_with(b.as_str()))
        })
    {
        out.add(
            Component::ResearchPaper,
            Fact::new(
                Strength::Mentioned,
                "the card cites a publication (BibTeX entry) without a link",
                Source::line(file, n),
            ),
        );
    }
    let mut limits = Vec::new();
    papers.limit("the card links more papers", &mut limits);
    repositories.limit("the card links more code repositories", &mut limits);
    datasets.limit("the card links more Hub datasets", &mut limits);
    checkpoints.limit("the card links more intermediate checkpoints", &mut limits);
    LinkFacts {
        facts: out.into_map(),
        limits,
    }
}

/// arXiv ids anywhere in the card (links, text) and tags.
pub fn arxiv_ids(card: &Card, tags: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = card
        .links
        .iter()
        .filter_map(|l| match classify(&l.url) {
            LinkTarget::Arxiv(id) => Some(id),
            _ => None,
        })
        .chain(card.lines.iter().flat_map(|l| {
            arxiv_text_re()
                .captures_iter(l)
                .map(|c| c[1].to_string())
                .collect::<Vec<_>>()
        }))
        .chain(
            tags.iter()
                .filter_map(|t| t.strip_prefix("arxiv:").map(str::to_string)),
        )
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::card;

    #[test]
    fn url_classes() {
        assert_eq!(
            classify("https://arxiv.org/pdf/2304.01373v2.pdf"),
            LinkTarget::Arxiv("2304.01373".into())
        );
        assert_eq!(
            classify("https://github.com/EleutherAI/gpt-neox.git"),
            LinkTarget::CodeRepository {
                owner: "EleutherAI".into(),
                repo: "gpt-neox".into()
            }
        );
        assert_eq!(
            classify("https://huggingface.co/datasets/allenai/dolma"),
            LinkTarget::HubDataset("allenai/dolma".into())
        );
        assert_eq!(
            classify("https://aclanthology.org/2022.x"),
            LinkTarget::Paper
        );
        assert_eq!(classify("https://example.com/"), LinkTarget::Other);
    }

    #[test]
    fn roles_from_context() {
        let c = card::parse(
            "# M\n\n- Training code: [here](https://github.com/org/train-stuff)\n- Repository: https://github.com/org/model\n- Run with [llama.cpp](https://github.com/ggerganov/llama.cpp)\n- Evaluation: https://github.com/org/model-eval\n\n## Citation\n\nhttps://github.com/org/cited\n",
        );
        let f = facts(&c, "README.md", &[]).facts;
        assert_eq!(f[&Component::TrainingCode].len(), 2, "{f:#?}");
        assert_eq!(f[&Component::InferenceCode].len(), 1);
        assert_eq!(f[&Component::EvaluationCode].len(), 1);
        assert_eq!(f[&Component::SupportingLibraries].len(), 1);
        assert!(
            f[&Component::TrainingCode][0]
                .claim
                .contains("not of its license")
        );
    }
}
