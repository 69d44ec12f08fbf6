//! Extraction: [`Snapshot`] -> [`Evidence`]. Pure: reads only the snapshot and the license
//! catalog. Every fact carries its source; what could not be looked at is Unknown, never absent.

pub mod card;
pub mod files;
pub mod licenses;
pub mod lineage;
pub mod links;
pub mod manifest;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use crate::component::Component;
use crate::evidence::{
    AccessEvidence, Availability, CardEvidence, CardStatus, ComponentEvidence, DataInfo,
    DataInfoEvidence, DataInfoStatus, Evidence, Fact, FrontMatterStatus, LicenseEvidence,
    LicenseOrigin, LicenseScope, LineageEvidence, Measure, Problem, SectionFact, Source, Strength,
    Topic,
};
use crate::license::{Catalog, Resolution};
use crate::snapshot::{Gating, Listing, Snapshot, SourceKind, TextContent};

use card::Card;

/// Libraries whose code implements and runs many models, with their licenses: when a model
/// needs nothing but one of these, its architecture and inference code are that library's.
const LIBRARIES: &[(&str, &str, &str)] = &[
    (
        "transformers",
        "Apache-2.0",
        "https://github.com/huggingface/transformers",
    ),
    (
        "diffusers",
        "Apache-2.0",
        "https://github.com/huggingface/diffusers",
    ),
    (
        "sentence-transformers",
        "Apache-2.0",
        "https://github.com/UKPLab/sentence-transformers",
    ),
    (
        "timm",
        "Apache-2.0",
        "https://github.com/huggingface/pytorch-image-models",
    ),
    ("peft", "Apache-2.0", "https://github.com/huggingface/peft"),
    (
        "open_clip",
        "MIT",
        "https://github.com/mlfoundations/open_clip",
    ),
    ("flair", "MIT", "https://github.com/flairNLP/flair"),
    (
        "fairseq",
        "MIT",
        "https://github.com/facebookresearch/fairseq",
    ),
    ("espnet", "Apache-2.0", "https://github.com/espnet/espnet"),
    ("nemo", "Apache-2.0", "https://github.com/NVIDIA/NeMo"),
    ("mlx", "MIT", "https://github.com/ml-explore/mlx"),
    ("gguf", "MIT", "https://github.com/ggml-org/llama.cpp"),
    ("keras", "Apache-2.0", "https://github.com/keras-team/keras"),
    ("spacy", "MIT", "https://github.com/explosion/spaCy"),
    (
        "speechbrain",
        "Apache-2.0",
        "https://github.com/speechbrain/speechbrain",
    ),
];

/// Extract evidence from a snapshot.
pub fn extract(snapshot: &Snapshot, catalog: &Catalog) -> Evidence {
    let mut problems: Vec<Problem> = Vec::new();
    let mut limits: Vec<String> = snapshot
        .notes
        .iter()
        .map(|n| match &n.subject {
            Some(s) => format!("{s}: {}", n.message),
            None => n.message.clone(),
        })
        .collect();
    let card_file = snapshot.card();
    let card_path = card_file.map(|c| c.path.clone());
    let file = card_path.clone().unwrap_or_else(|| "README.md".into());
    let manifest = snapshot.manifest.as_ref();

    // The card.
    let (card, card_status) = match card_file.map(|c| &c.content) {
        None if manifest.is_some() => (
            None,
            CardStatus::Unreadable {
                reason: manifest::CARD_NOT_READ.into(),
            },
        ),
        None => (None, CardStatus::Missing),
        Some(TextContent::Text { text, truncated }) => {
            if *truncated {
                problems.push(Problem {
                    message: format!(
                        "{file} is {} bytes; only the first {} were read",
                        card_file.and_then(|c| c.size).unwrap_or(0),
                        text.len()
                    ),
                    source: Source::file(&file),
                });
            }
            (
                Some(card::parse(text)),
                CardStatus::Present {
                    truncated: *truncated,
                },
            )
        }
        Some(TextContent::Binary) => {
            problems.push(Problem {
                message: format!(
                    "{file} is not text (binary content); the model card could not be read"
                ),
                source: Source::file(&file),
            });
            (
                None,
                CardStatus::Unreadable {
                    reason: "not text".into(),
                },
            )
        }
        Some(TextContent::Unreadable { reason }) => {
            problems.push(Problem {
                message: format!("{file} could not be read: {reason}"),
                source: Source::file(&file),
            });
            (
                None,
                CardStatus::Unreadable {
                    reason: reason.clone(),
                },
            )
        }
    };
    let front_matter_status = match &card {
        None => FrontMatterStatus::Absent,
        Some(c) if c.front_matter.error.is_some() => {
            let e = c.front_matter.error.as_ref().expect("checked");
            problems.push(Problem {
                message: format!(
                    "the card's YAML front matter is invalid: {}; what it would declare (license, datasets, base model) is unknown",
                    e.message
                ),
                source: Source {
                    file: Some(file.clone()),
                    line: e.line.map(|l| l as u32),
                    ..Default::default()
                },
            });
            FrontMatterStatus::Invalid {
                message: e.message.clone(),
                line: e.line.map(|l| l as u32),
            }
        }
        Some(c) if c.front_matter.present => {
            if let Some(w) = &c.front_matter.warning {
                problems.push(Problem {
                    message: format!(
                        "the card's front matter: {}; the last value was used",
                        w.message
                    ),
                    source: Source {
                        file: Some(file.clone()),
                        line: w.line.map(|l| l as u32),
                        ..Default::default()
                    },
                });
            }
            FrontMatterStatus::Valid
        }
        Some(_) => FrontMatterStatus::Absent,
    };
    // The card's metadata is readable when the card is and its front matter is not broken.
    let metadata_readable = matches!(
        (&card_status, &front_matter_status),
        (CardStatus::Missing, _)
            | (
                CardStatus::Present { .. },
                FrontMatterStatus::Valid | FrontMatterStatus::Absent
            )
    );
    let card_readable = matches!(
        card_status,
        CardStatus::Missing | CardStatus::Present { .. }
    );

    // A README that could not be read (a gated model), or whose front matter could not be
    // parsed: the Hub's `cardData`, its own parse of the front matter, stands in for the metadata.
    let card_data = snapshot.hub.as_ref().and_then(|h| h.card_data.as_ref());
    let metadata_from_hub =
        card_data.is_some() && card.as_ref().is_none_or(|c| c.front_matter.error.is_some());
    let card = match (card, card_data) {
        (Some(mut c), Some(v)) if metadata_from_hub => {
            c.front_matter = card::from_card_data(v).front_matter;
            Some(c)
        }
        (None, Some(v)) if metadata_from_hub => Some(card::from_card_data(v)),
        (c, _) => c,
    };

    // Hub card data stands in for the front matter when the README could not be parsed.
    let tags: Vec<String> = snapshot
        .hub
        .as_ref()
        .map(|h| h.tags.clone())
        .unwrap_or_default();

    // Licenses.
    let mut license_list: Vec<LicenseEvidence> = Vec::new();
    if let Some(c) = &card {
        license_list.extend(licenses::from_card(c, &file, catalog));
        // Metadata that names no license, or only `other`/`unknown`: the card's text may.
        if license_list
            .iter()
            .all(|l| l.facts.id == crate::license::NOASSERTION)
        {
            let from_text = licenses::from_card_text(c, &file, catalog);
            if from_text
                .iter()
                .any(|l| l.facts.id != crate::license::NOASSERTION)
            {
                license_list.retain(|l| l.origin != LicenseOrigin::CardMetadata);
                license_list.extend(
                    from_text
                        .into_iter()
                        .filter(|l| l.facts.id != crate::license::NOASSERTION),
                );
            } else if license_list.is_empty() {
                license_list.extend(from_text);
            }
        }
    }
    let (file_licenses, file_problems) = licenses::from_files(snapshot, catalog);
    license_list.extend(file_licenses);
    if let Some(m) = manifest {
        license_list.extend(manifest::licenses(m, catalog));
    }
    for p in file_problems {
        problems.push(Problem {
            message: p.clone(),
            source: Source::file(p.split(':').next().unwrap_or_default()),
        });
    }
    if !license_list.iter().any(|l| {
        l.origin == LicenseOrigin::CardMetadata || l.origin == LicenseOrigin::CardLicenseName
    }) {
        license_list.extend(licenses::from_hub_tags(&tags, catalog));
    }
    let conflicts = licenses::conflicts(&license_list);

    // Components.
    let mut facts: BTreeMap<Component, Vec<Fact>> = files::classify(&snapshot.files);
    let mut merge = |more: BTreeMap<Component, Vec<Fact>>| {
        for (c, f) in more {
            facts.entry(c).or_default().extend(f);
        }
    };
    if let Some(c) = &card {
        merge(links::facts(c, &file, &tags));
        merge(card_facts(c, &file));
    }
    merge(ref_facts(snapshot));
    if let Some(m) = manifest {
        merge(manifest::facts(m));
    }
    let config = snapshot
        .text_file("config.json")
        .and_then(|t| t.text())
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .or_else(|| snapshot.hub.as_ref().and_then(|h| h.config.clone()));
    // The Hub source lists branches only when the card speaks of checkpoints.
    let refs_unlisted = snapshot.target.source == SourceKind::Hub
        && snapshot.hub.as_ref().is_some_and(|h| !h.refs_listed);
    let library = library_facts(snapshot, card.as_ref(), config.as_ref(), &file);
    for (c, f) in library.facts {
        facts.entry(c).or_default().extend(f);
    }
    let mut library_license_index = None;
    if let Some(l) = library.license {
        library_license_index = Some(license_list.len());
        license_list.push(l);
    }

    let repo_licenses: Vec<usize> = license_list
        .iter()
        .enumerate()
        .filter(|(_, l)| l.scope == LicenseScope::Repository)
        .map(|(i, _)| i)
        .collect();
    let listing_complete = snapshot.listing == Listing::Complete;
    let mut components = BTreeMap::new();
    for c in Component::ALL {
        let mut list = facts.remove(&c).unwrap_or_default();
        list.sort();
        list.dedup();
        let strongest = list.iter().map(|f| f.strength).min();
        let (availability, note) = match strongest {
            Some(s) => (Availability::from_strength(s), None),
            None if manifest.is_some() => manifest::not_listed(),
            None if c == Component::ModelParametersIntermediate && refs_unlisted => (
                Availability::Unknown,
                Some(format!(
                    "the repository's branches were not listed ({}): checkpoints kept on branches cannot be ruled out",
                    if card_readable {
                        "its card does not speak of intermediate checkpoints, so the request was saved"
                    } else {
                        "its card could not be read"
                    }
                )),
            ),
            None => not_found(c, listing_complete, card_readable, snapshot.listing),
        };
        let mut lic = Vec::new();
        if availability == Availability::Published {
            lic.extend(repo_licenses.iter().copied());
        }
        if let Some(i) = library_license_index
            && list
                .iter()
                .any(|f| f.source.field.as_deref() == Some("library"))
            && library_components().contains(&c)
            && availability != Availability::Published
        {
            lic.push(i);
        }
        for (i, l) in license_list.iter().enumerate() {
            if (l.scope == LicenseScope::Component(c)
                || l.scope == LicenseScope::ContentType(c.content_type()))
                && !lic.contains(&i)
                && Some(i) != library_license_index
                && l.origin != LicenseOrigin::Manifest
            {
                lic.push(i);
            }
        }
        // A manifest's own precedence: component, else content type, else distribution.
        if let Some(m) = manifest {
            for i in manifest::governing(c, m, &license_list) {
                if !lic.contains(&i) {
                    lic.push(i);
                }
            }
        }
        components.insert(
            c,
            ComponentEvidence {
                component: c,
                availability,
                note,
                facts: list,
                licenses: lic,
            },
        );
    }

    // Data information.
    let data_information = data_information(card.as_ref(), &file, &components, card_readable);

    // Access.
    let mut access = AccessEvidence {
        gating: Gating::None,
        gating_source: None,
        unreadable: Vec::new(),
    };
    if let Some(h) = &snapshot.hub {
        access.gating = h.gated;
        if h.gated != Gating::None {
            access.gating_source = Some(Source::api("gated"));
        }
    } else if let Some(c) = &card {
        let key = c
            .front_matter
            .key_lines
            .keys()
            .find(|k| k.starts_with("extra_gated"))
            .cloned();
        if let Some(k) = key {
            access.gating = Gating::Auto;
            access.gating_source = Some(Source {
                file: Some(file.clone()),
                line: c.front_matter.line(&k),
                field: Some(k),
                url: None,
            });
            limits.push(
                "the card asks users to accept terms before download (extra_gated fields); whether the publisher approves requests by hand is known only from the Hub".into(),
            );
        }
    }
    for t in &snapshot.texts {
        if let TextContent::Unreadable { reason } = &t.content {
            access.unreadable.push(Fact::new(
                Strength::Mentioned,
                format!("{} could not be read: {reason}", t.path),
                Source::file(&t.path),
            ));
        }
    }

    // Lineage (the chain itself is followed by the Hub source).
    let mut lineage = Vec::new();
    if let Some(c) = &card {
        let relation = c.front_matter.string("base_model_relation");
        for base in c.front_matter.strings("base_model") {
            if snapshot.lineage.iter().any(|a| a.id == base) {
                continue;
            }
            lineage.push(LineageEvidence {
                id: base.clone(),
                relation: relation.clone(),
                depth: 1,
                source: Source {
                    file: Some(file.clone()),
                    line: c.front_matter.line("base_model"),
                    field: Some("base_model".into()),
                    url: None,
                },
                licenses: Vec::new(),
                note: Some(
                    "the base model's license was not read (a local scan does not follow lineage; scan from the Hub to check it)".into(),
                ),
            });
        }
    }

    let parameters = parameter_fact(snapshot, card.as_ref(), &file);
    let training_tokens = card.as_ref().and_then(|c| token_fact(c, &file));

    let card_evidence = CardEvidence {
        file: card_path,
        status: card_status,
        front_matter: front_matter_status,
        sections: card
            .as_ref()
            .map(|c| {
                c.sections
                    .iter()
                    .map(|s| SectionFact {
                        title: s.title.clone(),
                        line: s.line,
                        topics: s.topics.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    if let Some(m) = manifest {
        limits.extend(manifest::limits(m));
    }
    if metadata_from_hub {
        limits.push(
            "the card's metadata was taken from the Hub's cardData, because the README's own could not be read".into(),
        );
    } else if !metadata_readable && manifest.is_none() {
        limits.push(
            "the card's metadata could not be read: license, datasets and base model are unknown unless other files show them".into(),
        );
    }
    // Where the card names its base models, for the lineage.
    let direct = match &card {
        Some(c) if !metadata_from_hub => Source {
            file: Some(file.clone()),
            line: c.front_matter.line("base_model"),
            field: Some("base_model".into()),
            url: None,
        },
        Some(c) if c.front_matter.get("base_model").is_some() => Source::api("cardData.base_model"),
        _ => Source::api("tags"),
    };
    problems.sort();
    problems.dedup();
    let mut evidence = Evidence {
        target: snapshot.target.clone(),
        listing: snapshot.listing,
        card: card_evidence,
        licenses: license_list,
        components,
        data_information,
        access,
        lineage,
        parameters,
        training_tokens,
        problems,
        conflicts,
        limits,
        manifest: snapshot.manifest.clone(),
        metadata_readable: metadata_readable || metadata_from_hub || snapshot.manifest.is_some(),
    };
    if metadata_from_hub {
        // Statements read from `cardData` have no line: point at the API field instead.
        let relabel = |s: &mut Source| {
            if s.file.as_deref() == Some(file.as_str())
                && s.line.is_none()
                && let Some(f) = s.field.clone()
            {
                s.file = None;
                s.field = Some(format!("cardData.{f}"));
            }
        };
        for l in &mut evidence.licenses {
            relabel(&mut l.source);
        }
        for ce in evidence.components.values_mut() {
            for f in &mut ce.facts {
                relabel(&mut f.source);
            }
        }
        for d in evidence.data_information.values_mut() {
            for f in &mut d.facts {
                relabel(&mut f.source);
            }
        }
        evidence.conflicts = licenses::conflicts(&evidence.licenses);
    }
    lineage::apply(snapshot, catalog, &mut evidence, &direct);
    evidence.limits.sort();
    evidence.limits.dedup();
    evidence
}

fn library_components() -> [Component; 3] {
    [
        Component::ModelArchitecture,
        Component::InferenceCode,
        Component::SupportingLibraries,
    ]
}

/// Add a fact to a component's list, once.
pub(crate) fn add_fact(out: &mut BTreeMap<Component, Vec<Fact>>, c: Component, f: Fact) {
    let list = out.entry(c).or_default();
    if !list.contains(&f) {
        list.push(f);
    }
}

/// Why nothing was found: a real absence, or a place we could not look.
fn not_found(
    c: Component,
    listing_complete: bool,
    card_readable: bool,
    listing: Listing,
) -> (Availability, Option<String>) {
    let needs_files = matches!(
        c,
        Component::ModelParametersFinal
            | Component::ModelParametersIntermediate
            | Component::ModelMetadata
    );
    if !card_readable {
        return (
            Availability::Unknown,
            Some("the model card could not be read, so what it would show is unknown".into()),
        );
    }
    if !listing_complete {
        let why = match listing {
            Listing::Partial => "the file listing is partial (a cache holds only downloaded files)",
            _ => "there is no file listing",
        };
        return (Availability::Unknown, Some(why.into()));
    }
    let where_ = if needs_files {
        "in the repository's files"
    } else {
        "in the repository's files or the model card"
    };
    (
        Availability::NotFound,
        Some(format!("nothing found {where_}")),
    )
}

/// Components the card itself shows: the card, a data card section, evaluation results,
/// sample outputs, intermediate checkpoints described in the text.
fn card_facts(card: &Card, file: &str) -> BTreeMap<Component, Vec<Fact>> {
    let mut out: BTreeMap<Component, Vec<Fact>> = BTreeMap::new();
    let fm = &card.front_matter;

    // The model card.
    let core = [
        (Topic::Uses, "uses"),
        (Topic::Limitations, "limitations"),
        (Topic::Training, "training"),
        (Topic::Evaluation, "evaluation"),
    ];
    let present: Vec<&str> = core
        .iter()
        .filter(|(t, _)| card.sections_on(*t).next().is_some())
        .map(|(_, n)| *n)
        .collect();
    let missing: Vec<&str> = core
        .iter()
        .filter(|(t, _)| card.sections_on(*t).next().is_none())
        .map(|(_, n)| *n)
        .collect();
    let body_words: usize = card
        .body_lines()
        .map(|(_, l)| l.split_whitespace().count())
        .sum();
    if body_words >= 20 || !card.sections.is_empty() {
        let mut claim = format!(
            "model card {file} ({body_words} words, {} sections",
            card.sections.len()
        );
        if !present.is_empty() {
            claim.push_str(&format!("; covers {}", present.join(", ")));
        }
        if !missing.is_empty() {
            claim.push_str(&format!("; no section on {}", missing.join(", ")));
        }
        claim.push(')');
        add_fact(
            &mut out,
            Component::ModelCard,
            Fact::new(Strength::Published, claim, Source::file(file)),
        );
    }

    // Data card: a substantive training-data section of the model card.
    for s in card.sections_on(Topic::TrainingData) {
        if card.section_words(s) >= 15 {
            add_fact(
                &mut out,
                Component::DataCard,
                Fact::new(
                    Strength::Published,
                    format!(
                        "the model card describes its training data in section \"{}\"",
                        s.title
                    ),
                    Source::line(file, s.line),
                ),
            );
        }
    }
    // Datasets named in the metadata.
    let datasets = fm.strings("datasets");
    for d in &datasets {
        add_fact(
            &mut out,
            Component::Datasets,
            Fact::new(
                Strength::Linked,
                format!("dataset {d} is named in the metadata; its license was not checked here"),
                Source {
                    file: Some(file.into()),
                    line: fm.line("datasets"),
                    field: Some("datasets".into()),
                    // Only a well-formed Hub id becomes a link: metadata is untrusted text.
                    url: crate::source::check_repo_id(d)
                        .is_ok()
                        .then(|| format!("https://huggingface.co/datasets/{d}")),
                },
            ),
        );
    }

    // Evaluation results: model-index or an evaluation section with numbers.
    if let Some(Value::Array(entries)) = fm.get("model-index") {
        let mut n_results = 0;
        let mut eval_sets = Vec::new();
        for e in entries {
            if let Some(Value::Array(results)) = e.get("results") {
                for r in results {
                    if let Some(Value::Array(metrics)) = r.get("metrics") {
                        n_results += metrics.len();
                    }
                    if let Some(ds) = r.get("dataset") {
                        let name = ds
                            .get("type")
                            .or_else(|| ds.get("name"))
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string();
                        if !name.is_empty() && !eval_sets.contains(&name) {
                            eval_sets.push(name);
                        }
                    }
                }
            }
        }
        if n_results > 0 {
            add_fact(
                &mut out,
                Component::EvaluationResults,
                Fact::new(
                    Strength::Published,
                    format!(
                        "{n_results} evaluation result{} in the card's model-index",
                        if n_results == 1 { "" } else { "s" }
                    ),
                    Source {
                        file: Some(file.into()),
                        line: fm.line("model-index"),
                        field: Some("model-index".into()),
                        url: None,
                    },
                ),
            );
        }
        eval_sets.sort();
        for name in eval_sets {
            add_fact(
                &mut out,
                Component::EvaluationData,
                Fact::new(
                    Strength::Linked,
                    format!(
                        "evaluation dataset {name} is named in model-index; its license was not checked"
                    ),
                    Source {
                        file: Some(file.into()),
                        line: fm.line("model-index"),
                        field: Some("model-index".into()),
                        url: None,
                    },
                ),
            );
        }
    }
    for s in card.sections_on(Topic::Evaluation) {
        let numbers = card.section_lines(s).any(|(_, l)| {
            let t = l.trim_start();
            (t.starts_with('|') && t.chars().any(|c| c.is_ascii_digit()))
                || t.contains('%')
                || t.contains("<td")
        });
        if numbers {
            add_fact(
                &mut out,
                Component::EvaluationResults,
                Fact::new(
                    Strength::Published,
                    format!("evaluation results in section \"{}\"", s.title),
                    Source::line(file, s.line),
                ),
            );
        }
    }

    // Sample outputs.
    for s in card.sections_on(Topic::Samples) {
        if card.section_words(s) >= 10 {
            add_fact(
                &mut out,
                Component::SampleModelOutputs,
                Fact::new(
                    Strength::Published,
                    format!("sample outputs in section \"{}\"", s.title),
                    Source::line(file, s.line),
                ),
            );
        }
    }

    // Intermediate checkpoints described in the text: `revision="step3000"` or words.
    for (n, line) in card.body_lines() {
        let l = line.to_lowercase();
        let revision = revision_re().captures(line).map(|c| c[1].to_string());
        if let Some(rev) = revision.filter(|r| files::is_checkpoint_ref(r)) {
            add_fact(
                &mut out,
                Component::ModelParametersIntermediate,
                Fact::new(
                    Strength::Linked,
                    format!("the card loads intermediate checkpoint revision {rev}"),
                    Source::line(file, n),
                ),
            );
        } else if l.contains("intermediate checkpoint") {
            add_fact(
                &mut out,
                Component::ModelParametersIntermediate,
                Fact::new(
                    Strength::Mentioned,
                    "the card mentions intermediate checkpoints",
                    Source::line(file, n),
                ),
            );
        }
    }
    // Intermediate checkpoints often go only in the first mention; keep the list short.
    if let Some(list) = out.get_mut(&Component::ModelParametersIntermediate) {
        list.sort();
        list.truncate(3);
    }
    // Technical report mentioned without a link.
    if let Some((n, _)) = card
        .body_lines()
        .find(|(_, l)| l.to_lowercase().contains("technical report"))
    {
        add_fact(
            &mut out,
            Component::TechnicalReport,
            Fact::new(
                Strength::Mentioned,
                "the card mentions a technical report",
                Source::line(file, n),
            ),
        );
    }
    // Architecture described in the card.
    for s in card.sections_on(Topic::Architecture) {
        if card.section_words(s) >= 10 {
            add_fact(
                &mut out,
                Component::ModelArchitecture,
                Fact::new(
                    Strength::Mentioned,
                    format!("the card describes the model in section \"{}\"", s.title),
                    Source::line(file, s.line),
                ),
            );
            break;
        }
    }
    out
}

fn revision_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"revision\s*=\s*["']([A-Za-z0-9._/-]+)["']"#).expect("valid regex")
    })
}

/// Intermediate checkpoints as branches.
fn ref_facts(snapshot: &Snapshot) -> BTreeMap<Component, Vec<Fact>> {
    let mut out = BTreeMap::new();
    let refs: Vec<&String> = snapshot
        .refs
        .iter()
        .filter(|r| files::is_checkpoint_ref(r))
        .collect();
    if !refs.is_empty() {
        let examples: Vec<&str> = refs.iter().take(3).map(|s| s.as_str()).collect();
        out.insert(
            Component::ModelParametersIntermediate,
            vec![Fact::new(
                Strength::Published,
                format!(
                    "{} checkpoint branch{} in the repository (e.g. {})",
                    refs.len(),
                    if refs.len() == 1 { "" } else { "es" },
                    examples.join(", ")
                ),
                Source::api("refs"),
            )],
        );
    }
    out
}

struct LibraryFacts {
    facts: BTreeMap<Component, Vec<Fact>>,
    license: Option<LicenseEvidence>,
}

/// When the model loads with a known library and no custom code, that library is its
/// architecture and inference code.
fn library_facts(
    snapshot: &Snapshot,
    card: Option<&Card>,
    config: Option<&Value>,
    file: &str,
) -> LibraryFacts {
    let mut facts: BTreeMap<Component, Vec<Fact>> = BTreeMap::new();
    let custom_code = config.is_some_and(|c| c.get("auto_map").is_some())
        || snapshot.files.iter().any(|f| {
            let n = f.path.rsplit('/').next().unwrap_or(&f.path);
            n.starts_with("modeling_") && n.ends_with(".py")
        })
        || card.is_some_and(|c| c.lines.iter().any(|l| l.contains("trust_remote_code=True")));
    let declared = card
        .and_then(|c| c.front_matter.string("library_name"))
        .or_else(|| snapshot.hub.as_ref().and_then(|h| h.library_name.clone()));
    let from_config = config.and_then(|c| {
        c.get("transformers_version")
            .map(|_| "transformers".to_string())
            .or_else(|| c.get("_diffusers_version").map(|_| "diffusers".to_string()))
    });
    let (name, source) = match (from_config, declared) {
        (Some(n), _) => (n, Source::file("config.json").field("library")),
        (None, Some(n)) => (
            n,
            Source {
                file: Some(file.into()),
                line: card.and_then(|c| c.front_matter.line("library_name")),
                field: Some("library".into()),
                url: None,
            },
        ),
        (None, None) => {
            return LibraryFacts {
                facts,
                license: None,
            };
        }
    };
    let Some((lib, spdx_id, url)) = LIBRARIES
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(&name))
    else {
        return LibraryFacts {
            facts,
            license: None,
        };
    };
    let arch = config
        .and_then(|c| c.get("architectures"))
        .and_then(|a| a.get(0))
        .and_then(Value::as_str)
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    let mut source = source;
    source.url = Some(url.to_string());
    if !custom_code {
        facts.insert(
            Component::ModelArchitecture,
            vec![Fact::new(
                Strength::Linked,
                format!("the architecture{arch} is implemented in the {lib} library ({spdx_id}); the repository ships no custom modelling code"),
                source.clone(),
            )],
        );
        facts.insert(
            Component::InferenceCode,
            vec![Fact::new(
                Strength::Linked,
                format!(
                    "the model runs with the {lib} library ({spdx_id}), which is its inference code"
                ),
                source.clone(),
            )],
        );
    }
    facts.insert(
        Component::SupportingLibraries,
        vec![Fact::new(
            Strength::Linked,
            format!("the model is built for the {lib} library ({spdx_id})"),
            source.clone(),
        )],
    );
    let license = Catalog::builtin().resolve(spdx_id);
    LibraryFacts {
        facts,
        license: Some(LicenseEvidence {
            declared: format!("{lib} library"),
            facts: license.facts,
            resolution: Resolution::Spdx,
            origin: LicenseOrigin::Library,
            scope: LicenseScope::Component(Component::ModelArchitecture),
            source,
            confidence: None,
            notes: vec![format!(
                "the license of the {lib} library, which holds the code for the components marked as implemented by it"
            )],
        }),
    }
}

fn has_words(text: &str, words: &[&str]) -> bool {
    let t = text.to_lowercase();
    words.iter().any(|w| t.contains(w))
}

/// The OSAID data-information items from the card.
fn data_information(
    card: Option<&Card>,
    file: &str,
    components: &BTreeMap<Component, ComponentEvidence>,
    card_readable: bool,
) -> BTreeMap<DataInfo, DataInfoEvidence> {
    let mut out = BTreeMap::new();
    let paper = components[&Component::ResearchPaper]
        .facts
        .iter()
        .chain(&components[&Component::TechnicalReport].facts)
        .find(|f| f.strength == Strength::Linked)
        .cloned();
    let dataset_link = components[&Component::Datasets]
        .facts
        .iter()
        .find(|f| f.strength == Strength::Linked)
        .cloned();
    for item in DataInfo::ALL {
        let mut facts = Vec::new();
        if let Some(c) = card {
            let section_fact = |s: &card::Section, what: &str| {
                Fact::new(
                    Strength::Published,
                    format!("section \"{}\" {what}", s.title),
                    Source::line(file, s.line),
                )
            };
            match item {
                DataInfo::TrainingMethodology => {
                    for s in c.sections_on(Topic::TrainingProcedure) {
                        if c.section_words(s) >= 20 {
                            facts.push(section_fact(s, "describes how the model was trained"));
                        }
                    }
                }
                DataInfo::TrainingDataScope => {
                    for s in c.sections_on(Topic::TrainingData) {
                        if c.section_words(s) >= 15 {
                            facts.push(section_fact(s, "describes the training data"));
                        }
                    }
                }
                DataInfo::TrainingDataProvenance => {
                    let names = c.front_matter.strings("datasets");
                    if !names.is_empty() {
                        facts.push(Fact::new(
                            Strength::Published,
                            format!(
                                "the metadata names the training datasets: {}",
                                names.join(", ")
                            ),
                            Source {
                                file: Some(file.into()),
                                line: c.front_matter.line("datasets"),
                                field: Some("datasets".into()),
                                url: None,
                            },
                        ));
                    }
                    if names.is_empty()
                        && let Some(d) = &dataset_link
                    {
                        facts.push(Fact::new(
                            Strength::Published,
                            format!("the card links its training data: {}", d.claim),
                            d.source.clone(),
                        ));
                    }
                    for s in c.sections_on(Topic::TrainingData) {
                        let linked = c.links.iter().any(|l| l.line > s.line && l.line < s.end);
                        if linked {
                            facts.push(section_fact(s, "links the sources of the training data"));
                        }
                    }
                }
                DataInfo::LabelingProcedures => {
                    for s in c.sections_on(Topic::Labeling) {
                        facts.push(section_fact(s, "describes labelling or human feedback"));
                    }
                    for s in c
                        .sections_on(Topic::TrainingData)
                        .chain(c.sections_on(Topic::TrainingProcedure))
                    {
                        if let Some((n, _)) = c.section_lines(s).find(|(_, l)| {
                            has_words(
                                l,
                                &[
                                    "annotat",
                                    "labeled by",
                                    "labelled by",
                                    "human feedback",
                                    "human preference",
                                    "human-written",
                                ],
                            )
                        }) {
                            facts.push(Fact::new(
                                Strength::Published,
                                format!("section \"{}\" mentions labelling", s.title),
                                Source::line(file, n),
                            ));
                        }
                    }
                }
                DataInfo::DataFiltering => {
                    for s in c.sections_on(Topic::Preprocessing) {
                        facts.push(section_fact(s, "describes data processing"));
                    }
                    for s in c.sections_on(Topic::TrainingData) {
                        if let Some((n, _)) = c.section_lines(s).find(|(_, l)| {
                            has_words(
                                l,
                                &[
                                    "filter",
                                    "dedup",
                                    "clean",
                                    "quality classifier",
                                    "removed",
                                    "decontaminat",
                                ],
                            )
                        }) {
                            facts.push(Fact::new(
                                Strength::Published,
                                format!("section \"{}\" mentions filtering or cleaning", s.title),
                                Source::line(file, n),
                            ));
                        }
                    }
                }
            }
        }
        facts.sort();
        facts.dedup();
        let status = if !facts.is_empty() {
            DataInfoStatus::Described
        } else if !card_readable {
            DataInfoStatus::Unknown
        } else if item == DataInfo::LabelingProcedures
            && !card.is_some_and(|c| {
                c.body_lines().any(|(_, l)| {
                    has_words(
                        l,
                        &[
                            "instruct",
                            "sft",
                            "rlhf",
                            "dpo",
                            "chat",
                            "fine-tuned on",
                            "finetuned on",
                            "supervised",
                            "label",
                        ],
                    )
                })
            })
        {
            DataInfoStatus::NotApplicable
        } else if let Some(p) = &paper {
            facts.push(Fact::new(
                Strength::Linked,
                format!(
                    "not in the card; the linked paper may describe it ({})",
                    p.claim
                ),
                p.source.clone(),
            ));
            DataInfoStatus::Referenced
        } else if let Some(d) = dataset_link
            .as_ref()
            .filter(|_| matches!(item, DataInfo::TrainingDataScope | DataInfo::DataFiltering))
        {
            facts.push(Fact::new(
                Strength::Linked,
                format!(
                    "not in the card; the linked dataset's own card may describe it ({})",
                    d.claim
                ),
                d.source.clone(),
            ));
            DataInfoStatus::Referenced
        } else {
            DataInfoStatus::NotFound
        };
        out.insert(
            item,
            DataInfoEvidence {
                item,
                status,
                facts,
            },
        );
    }
    out
}

fn params_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(\d+(?:\.\d+)?)\s*(m|b|t|million|billion|trillion)\s*(?:\(\w+\)\s*)?param",
        )
        .expect("valid regex")
    })
}

fn tokens_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(\d+(?:\.\d+)?)\s*(b|t|billion|trillion)\s+tokens").expect("valid regex")
    })
}

fn scale(n: f64, unit: &str) -> f64 {
    match unit.to_ascii_lowercase().as_str() {
        "m" | "million" => n * 1e6,
        "b" | "billion" => n * 1e9,
        "t" | "trillion" => n * 1e12,
        _ => n,
    }
}

fn human_number(n: f64) -> String {
    if n >= 1e12 {
        format!("{:.3} trillion", n / 1e12)
    } else if n >= 1e9 {
        format!("{:.3} billion", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.3} million", n / 1e6)
    } else {
        format!("{n:.0}")
    }
    .replace(".000 ", " ")
}

fn name_size_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[-_/.])(?:(\d+)x)?(\d+(?:\.\d+)?)([mbt])(?:$|[-_.])")
            .expect("valid regex")
    })
}

/// The parameter count: from the Hub, else the model's name (`pythia-1b`, `Mixtral-8x7B`), else
/// the card's text.
fn parameter_fact(snapshot: &Snapshot, card: Option<&Card>, file: &str) -> Option<Measure> {
    if let Some(n) = snapshot.hub.as_ref().and_then(|h| h.parameters) {
        return Some(Measure {
            value: n as f64,
            fact: Fact::new(
                Strength::Published,
                format!(
                    "{} parameters (safetensors metadata)",
                    human_number(n as f64)
                ),
                Source::api("safetensors.total"),
            ),
        });
    }
    let name = snapshot
        .target
        .id
        .rsplit('/')
        .next()
        .unwrap_or(&snapshot.target.id);
    if let Some(c) = name_size_re().captures(name) {
        let experts: f64 = c
            .get(1)
            .and_then(|m| m.as_str().parse().ok())
            .unwrap_or(1.0);
        if let Ok(v) = c[2].parse::<f64>() {
            let value = experts * scale(v, &c[3]);
            if value >= 1e5 {
                return Some(Measure {
                    value,
                    fact: Fact::new(
                        Strength::Mentioned,
                        format!(
                            "about {} parameters (from the model's name {name})",
                            human_number(value)
                        ),
                        Source::api("id"),
                    ),
                });
            }
        }
    }
    let c = card?;
    for (n, line) in c.body_lines() {
        if let Some(m) = params_re().captures(line) {
            let v: f64 = m[1].parse().ok()?;
            let value = scale(v, &m[2]);
            if value >= 1e5 {
                return Some(Measure {
                    value,
                    fact: Fact::new(
                        Strength::Mentioned,
                        format!("{} parameters (stated in the card)", human_number(value)),
                        Source::line(file, n),
                    ),
                });
            }
        }
    }
    None
}

fn token_fact(card: &Card, file: &str) -> Option<Measure> {
    let mut best: Option<(f64, u32)> = None;
    for (n, line) in card.body_lines() {
        for m in tokens_re().captures_iter(line) {
            let Ok(v) = m[1].parse::<f64>() else {
                continue;
            };
            let count = scale(v, &m[2]);
            if best.is_none_or(|(b, _)| count > b) {
                best = Some((count, n));
            }
        }
    }
    best.map(|(value, n)| Measure {
        value,
        fact: Fact::new(
            Strength::Mentioned,
            format!(
                "{} training tokens (stated in the card)",
                human_number(value)
            ),
            Source::line(file, n),
        ),
    })
}
