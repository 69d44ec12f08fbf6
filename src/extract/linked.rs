//! The code the card's links hold, as the source followed them (issue 13).
//!
//! - A linked repository counts as the model's code when it is its publisher's (the owners share
//!   their first word: `bigscience` and `bigscience-workshop`), when its name or README names the
//!   model (`pythia` in EleutherAI/pythia's README), or when a repository that counts links it
//!   (one hop further). A repository that does neither (another model's, linked as a comparison)
//!   is read but not counted, and the report says so.
//! - Each code component is judged from the repository's file tree by the same patterns as the
//!   model's own files (`vocab/files.yaml`), each finding citing `OWNER/NAME@SHA:PATH`, under the
//!   repository's own license as the engine reads its license file (the host's id only when no
//!   file could be read, and with a note when the two disagree).
//! - When nothing is found anywhere, the component is not found "in the repository's files, the
//!   card and N linked repositories"; when a repository of the model's that could hold it was not
//!   read (not followed, offline, over the budget, rate limited, an error), it is unknown, with
//!   the reason.

use std::collections::{BTreeMap, HashSet};

use super::files;
use super::licenses;
use crate::component::{Component, ContentType};
use crate::evidence::{
    Availability, Fact, LicenseEvidence, LicenseOrigin, LicenseScope, Source, Strength,
};
use crate::license::{Catalog, NOASSERTION};
use crate::snapshot::{Following, LinkRole, LinkedRepository, RepoMeta, Snapshot};

/// What the linked repositories show: facts per code component, the licenses of the repositories
/// that hold each, and which repositories were read but not counted.
#[derive(Debug, Default)]
pub struct LinkedCode {
    pub facts: BTreeMap<Component, Vec<Fact>>,
    /// Per component, indices into the evidence's licenses.
    pub licenses: BTreeMap<Component, Vec<usize>>,
}

/// Whether a component is code that may live in a repository the card links.
pub fn may_be_linked(c: Component) -> bool {
    c.content_type() == ContentType::Code
}

/// The first word of a name (`bigscience` of `bigscience-workshop`), lower-cased.
pub(crate) fn first_word(s: &str) -> String {
    s.split(['-', '_', '.', ' '])
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether `word` appears in `text` as a whole word (letters and digits around it do not count).
pub(crate) fn names_word(text: &str, word: &str) -> bool {
    if word.len() < 2 {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(i) = lower[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before && after {
            return true;
        }
        from = start + 1;
    }
    false
}

/// The text of a repository's README at its root.
fn readme(s: &Snapshot) -> Option<&str> {
    s.texts
        .iter()
        .find(|t| {
            let p = t.path.to_ascii_lowercase();
            !p.contains('/') && p.starts_with("readme")
        })
        .and_then(|t| t.content.text())
}

/// Add license indices to a component's list, each once.
fn attach(out: &mut BTreeMap<Component, Vec<usize>>, c: Component, indices: &[usize]) {
    let list = out.entry(c).or_default();
    for &i in indices {
        if !list.contains(&i) {
            list.push(i);
        }
    }
}

/// Why a linked repository counts as the model's code, or `None`.
fn counts(model: &RepoMeta, r: &LinkedRepository, counted: &[String]) -> Option<String> {
    let s = r.snapshot.as_ref()?;
    let (owner, name) = r.id.split_once('/').unwrap_or(("", r.id.as_str()));
    if let Some(model_owner) = &model.owner {
        let (a, b) = (first_word(model_owner), first_word(owner));
        if a.len() >= 3 && a == b {
            return Some(format!("a repository of the model's publisher ({owner})"));
        }
    }
    let model_word = first_word(&model.name);
    if names_word(&name.replace(['-', '_'], " "), &model_word) {
        return Some(format!("its name names the model ({model_word})"));
    }
    if let Some(text) = readme(s)
        && names_word(text, &model_word)
    {
        return Some(format!("its README names the model ({model_word})"));
    }
    if let Some(via) = &r.via
        && let Some(parent) = via.strip_suffix("/README.md")
        && counted.iter().any(|c| c.eq_ignore_ascii_case(parent))
    {
        return Some(format!("{parent}, the model's code, points to it"));
    }
    None
}

/// Phrases about data, not code, that hold a code role's word.
const DATA_PHRASES: [&str; 5] = [
    "training data",
    "training set",
    "training corpus",
    "pretraining data",
    "train split",
];

/// What the repository's README says its files are: a paragraph or list item that names a
/// code file of the tree (`t5/models/mesh_transformer_main.py`) with role words ("training,
/// fine-tuning, evaluation") makes that file code of those roles.
fn readme_roles(s: &Snapshot, repo_name: &str) -> Vec<(Component, String)> {
    // A repository named for one job (`amber-data-prep`) holds that job's code.
    let by_name = super::links::code_roles("", repo_name);
    let Some(text) = readme(s) else {
        return Vec::new();
    };
    let code: HashSet<&str> = s
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| files::is_code(p))
        .collect();
    let mut blocks: Vec<String> = vec![String::new()];
    for line in text.lines() {
        let t = line.trim_start();
        let item = t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("+ ")
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if t.is_empty() || item || t.starts_with('#') {
            blocks.push(String::new());
        }
        let last = blocks.last_mut().expect("one block at least");
        last.push(' ');
        last.push_str(t);
    }
    let mut out = Vec::new();
    for b in blocks {
        let named: Vec<&str> = b
            .split(|c: char| c.is_whitespace() || matches!(c, '`' | '(' | ')' | ',' | ';' | '"'))
            .map(|w| w.trim_matches(|c: char| matches!(c, '.' | ':' | '\'' | '[' | ']')))
            .map(|w| w.trim_start_matches("./"))
            .filter(|w| code.contains(*w))
            .collect();
        let Some(first) = named.first().and_then(|p| b.find(p)) else {
            continue;
        };
        // The words that introduce the files, without the data they speak of ("prepares the
        // training data" is not training code).
        let mut intro = b[..first].to_lowercase();
        for phrase in DATA_PHRASES {
            intro = intro.replace(phrase, " ");
        }
        for c in super::links::code_roles(&intro, "") {
            if may_be_linked(c)
                && c != Component::SupportingLibraries
                && (by_name.is_empty() || by_name.contains(&c))
            {
                for p in &named {
                    out.push((c, p.to_string()));
                }
            }
        }
    }
    out
}

/// `OWNER/NAME@SHORT-SHA:PATH`, and the file's address.
fn cite(r: &LinkedRepository, s: &Snapshot, path: &str) -> Source {
    let at = s
        .target
        .revision
        .as_deref()
        .map(|sha| format!("@{}", &sha[..sha.len().min(7)]))
        .unwrap_or_default();
    Source {
        file: Some(format!("{}{at}:{path}", r.id)),
        line: None,
        field: None,
        url: s.repo.file_url(path, None),
    }
}

/// The licenses of a repository that counts: its license files as the engine reads them, else
/// the id the host reports.
fn repo_licenses(r: &LinkedRepository, s: &Snapshot, catalog: &Catalog) -> Vec<LicenseEvidence> {
    let (mut found, problems) = licenses::from_files(s, catalog);
    let host = r
        .host_license
        .as_deref()
        .filter(|h| !h.is_empty() && *h != NOASSERTION);
    let identified = found.iter().any(|l| l.facts.id != NOASSERTION);
    if !identified && let Some(h) = host {
        let resolved = catalog.resolve(h);
        if resolved.facts.id != NOASSERTION {
            found.retain(|l| l.facts.id != NOASSERTION);
            let mut notes = vec![format!(
                "{h} as the host reports it: no license file of {} could be identified",
                r.id
            )];
            notes.extend(problems.iter().cloned());
            found.push(LicenseEvidence {
                declared: h.to_string(),
                facts: resolved.facts,
                resolution: resolved.resolution,
                origin: LicenseOrigin::LinkedRepository,
                scope: LicenseScope::Linked(r.id.clone()),
                source: Source {
                    file: Some(r.id.clone()),
                    field: Some("license".into()),
                    url: s.repo.page.as_ref().map(|p| p.url.clone()),
                    line: None,
                },
                confidence: None,
                notes,
            });
            return found;
        }
    }
    for l in &mut found {
        let path = l.source.file.clone().unwrap_or_default();
        let line = l.source.line;
        l.source = cite(r, s, &path);
        l.source.line = line;
        l.origin = LicenseOrigin::LinkedRepository;
        l.scope = LicenseScope::Linked(r.id.clone());
        l.declared = format!("{}: {path}", r.id);
        match host {
            Some(h) if l.facts.id != NOASSERTION && !l.facts.id.eq_ignore_ascii_case(h) => {
                l.notes.push(format!(
                    "the host reports {h}; the text reads as {}",
                    l.facts.id
                ))
            }
            None if r.host_license.as_deref() == Some(NOASSERTION) && l.facts.id != NOASSERTION => {
                l.notes.push(format!(
                    "the host reports NOASSERTION; the text reads as {}",
                    l.facts.id
                ))
            }
            _ => {}
        }
    }
    found
}

/// Whether a fact's link is the link a repository was read from (the same address, or one
/// inside it: `.../tree/main`).
fn same_link(fact_url: &str, repo_url: &str) -> bool {
    let norm = |u: &str| {
        let u = u.trim().split(['#', '?']).next().unwrap_or_default();
        u.trim_end_matches('/')
            .trim_end_matches(".git")
            .to_ascii_lowercase()
    };
    let (a, b) = (norm(fact_url), norm(repo_url));
    a == b
        || a.strip_prefix(&b).is_some_and(|rest| rest.starts_with('/'))
        || b.strip_prefix(&a).is_some_and(|rest| rest.starts_with('/'))
}

/// A card's link for a code component to a repository that turned out to hold nothing of the
/// model's: the card still names the component, but the link no longer shows it published.
fn downgrade(card_facts: &mut BTreeMap<Component, Vec<Fact>>, url: &str, why: &str) {
    for (c, list) in card_facts.iter_mut() {
        if !may_be_linked(*c) {
            continue;
        }
        for f in list.iter_mut() {
            if f.strength == Strength::Linked
                && f.source.url.as_deref().is_some_and(|u| same_link(u, url))
            {
                f.strength = Strength::Mentioned;
                f.claim = format!("{}; {why}", f.claim);
            }
        }
    }
}

/// The facts and licenses of the code in the repositories the card links. `card_facts` are the
/// card's own facts: a link the card gives for a component ("training code: URL") to a
/// repository that was read and counts gets that repository's license; one to a repository that
/// was read but is not the model's (another project's) no longer stands for the component.
pub fn code(
    snapshot: &Snapshot,
    catalog: &Catalog,
    card_facts: &mut BTreeMap<Component, Vec<Fact>>,
    licenses: &mut Vec<LicenseEvidence>,
    limits: &mut Vec<String>,
) -> LinkedCode {
    let mut out = LinkedCode::default();
    let mut counted: Vec<String> = Vec::new();
    for r in &snapshot.linked.repositories {
        if r.absent {
            // The card links a repository that is not public: the link shows nothing published.
            downgrade(
                card_facts,
                &r.url,
                &format!("read: the host has no public repository {}", r.id),
            );
            continue;
        }
        let Some(s) = r.snapshot.as_deref() else {
            continue;
        };
        let points_here = |f: &Fact| {
            f.strength == Strength::Linked
                && r.via.is_none()
                && f.source
                    .url
                    .as_deref()
                    .is_some_and(|u| same_link(u, &r.url))
        };
        // A link that does not say what the repository holds: now that it is read, its tree
        // and README decide.
        for (c, list) in card_facts.iter_mut() {
            if may_be_linked(*c) {
                list.retain(|f| !(points_here(f) && super::links::is_generic(f)));
            }
        }
        let linked_for: Vec<Component> = card_facts
            .iter()
            .filter(|(c, _)| may_be_linked(**c))
            .filter(|(_, list)| list.iter().any(points_here))
            .map(|(c, _)| *c)
            .collect();
        let Some(why) = counts(&snapshot.repo, r, &counted) else {
            limits.push(format!(
                "{}: read but not counted as the model's code (not its publisher's, and neither its name nor its README names the model)",
                r.id
            ));
            downgrade(
                card_facts,
                &r.url,
                &format!(
                    "read: {} is not the model's code (not its publisher's, and neither its name nor its README names the model)",
                    r.id
                ),
            );
            continue;
        };
        counted.push(r.id.clone());
        // The repository's name is read as the folder its files are in (`amber-data-prep/`).
        let top = format!("{}/", r.id.rsplit('/').next().unwrap_or(&r.id));
        let in_top: Vec<crate::snapshot::RepoFile> = s
            .files
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.path = format!("{top}{}", f.path);
                f
            })
            .collect();
        let mut found: BTreeMap<Component, Vec<String>> = BTreeMap::new();
        for (c, facts) in files::classify(&in_top) {
            if !may_be_linked(c) {
                continue;
            }
            let paths = found.entry(c).or_default();
            for f in facts {
                if let Some(p) = f.source.file {
                    paths.push(p.strip_prefix(&top).unwrap_or(&p).to_string());
                }
            }
        }
        // Each path once per component: a set beside the lists, not a walk of them per path.
        let mut listed: HashSet<(Component, String)> = found
            .iter()
            .flat_map(|(c, paths)| paths.iter().map(|p| (*c, p.clone())))
            .collect();
        for (c, path) in readme_roles(s, r.id.rsplit('/').next().unwrap_or(&r.id)) {
            if listed.insert((c, path.clone())) {
                found.entry(c).or_default().push(path);
            }
        }
        found.retain(|_, p| !p.is_empty());
        if found.is_empty() && linked_for.is_empty() {
            continue;
        }
        let first = licenses.len();
        licenses.extend(repo_licenses(r, s, catalog));
        let indices: Vec<usize> = (first..licenses.len()).collect();
        let ids: Vec<&str> = licenses[first..]
            .iter()
            .map(|l| l.facts.id.as_str())
            .collect();
        let terms = if ids.is_empty() {
            "no license file".to_string()
        } else {
            ids.join(" and ")
        };
        let sha = cite(r, s, "").file.unwrap_or_default();
        for c in &linked_for {
            for f in card_facts.entry(*c).or_default().iter_mut() {
                if f.strength == Strength::Linked
                    && f.source
                        .url
                        .as_deref()
                        .is_some_and(|u| same_link(u, &r.url))
                {
                    f.claim = format!(
                        "{} is linked at {} (read at {}: {terms})",
                        c.mot_name().to_lowercase(),
                        r.id,
                        sha.trim_end_matches(':')
                    );
                }
            }
        }
        for c in linked_for {
            attach(&mut out.licenses, c, &indices);
        }
        let truncated = if s.listing == crate::snapshot::Listing::Partial {
            " (its file list is truncated)"
        } else {
            ""
        };
        for (c, mut paths) in found {
            // Entry points first: the shallowest paths, then by name.
            paths.sort_by(|a, b| (a.matches('/').count(), a).cmp(&(b.matches('/').count(), b)));
            let shown: Vec<&str> = paths.iter().take(3).map(String::as_str).collect();
            let more = if paths.len() > 3 {
                format!(" and {} more", paths.len() - 3)
            } else {
                String::new()
            };
            let fact = Fact::new(
                Strength::Linked,
                format!(
                    "{} in {}, {why}: {}{more}{truncated}",
                    c.mot_name().to_lowercase(),
                    r.id,
                    shown.join(", ")
                ),
                cite(r, s, &paths[0]),
            );
            super::add_fact(&mut out.facts, c, fact);
            attach(&mut out.licenses, c, &indices);
        }
    }
    out
}

/// Why a code component found nowhere is unknown (a repository of the model's was not read), or
/// where it was looked for ("in the repository's files, the model card or the 3 linked
/// repositories ...") when it is not found.
pub fn not_found(snapshot: &Snapshot) -> Result<String, (Availability, String)> {
    let linked = &snapshot.linked;
    let own = || {
        linked
            .repositories
            .iter()
            .filter(|r| r.role == LinkRole::Own)
    };
    let unread: Vec<&LinkedRepository> = own()
        .filter(|r| r.snapshot.is_none() && !r.absent)
        .collect();
    if !unread.is_empty() {
        let n = unread.len();
        let which = if n == 1 { "y" } else { "ies" };
        let list = match &linked.followed {
            // One reason for all: say it once.
            Following::NotFollowed { reason } => format!(
                "links not followed ({reason}): {}",
                unread
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => unread
                .iter()
                .map(|r| format!("{} ({})", r.id, r.error.as_deref().unwrap_or("not read")))
                .collect::<Vec<_>>()
                .join("; "),
        };
        return Err((
            Availability::Unknown,
            format!(
                "not in the repository's files or the card, and {n} linked repositor{which} that could hold it {} not read, {list}",
                if n == 1 { "was" } else { "were" }
            ),
        ));
    }
    let read: Vec<&str> = own()
        .filter(|r| r.snapshot.is_some())
        .map(|r| r.id.as_str())
        .collect();
    Ok(match read.len() {
        0 => "in the repository's files or the model card".to_string(),
        n => format!(
            "in the repository's files, the model card or the {n} linked repositor{} of the model's that {} read ({})",
            if n == 1 { "y" } else { "ies" },
            if n == 1 { "was" } else { "were" },
            read.join(", ")
        ),
    })
}
