//! CycloneDX 1.6 JSON (`openness scan --format cyclonedx`): an AI bill of materials.
//!
//! - `metadata.component`: the model, a `machine-learning-model` component: its name (and owner
//!   as `group`), its revision as `version`, its package URL (`pkg:huggingface/ORG/NAME@COMMIT`
//!   for a Hub model, as the source names it), the licenses that bind a user of its weights, its
//!   page, model card, and the papers, code repositories and datasets its card links as
//!   external references, its base models in `pedigree.ancestors`, and its `modelCard`:
//!   `modelParameters` (task, architecture family and class, training datasets as references to
//!   `data` components) and `quantitativeAnalysis` (only the metrics the card's `model-index`
//!   reports, as written).
//! - `components`: one `data` component per dataset the card's metadata names, with the licenses
//!   stated for it.
//! - `properties` (namespace `openness:`): the tool's verdicts (level, MOF class, OSAID result,
//!   each criterion's outcome with its reason and evidence), each MOF component's availability,
//!   every license statement with its source, and what is unknown.
//!
//! Nothing is invented: what the scan did not find is left out (no `considerations`, no
//! `approach`, no inputs or outputs: the card's words on them are not extracted) or named in an
//! `openness:unknown` property. `serialNumber` is a UUID v5 of what the document is written from
//! and there is no `timestamp` unless one is asked for, so the same scan gives the same bytes.

use serde_json::{Map, Value, json};

use super::bom::{self, LicenseForm};
use super::json::to_sorted_json;
use crate::compare::ScanView;
use crate::error::Error;
use crate::evidence::ReferenceKind;
use crate::report::LicenseEntry;
use crate::snapshot::Host;

/// The schema URI written into the document.
pub const CYCLONEDX_SCHEMA: &str = "http://cyclonedx.org/schema/bom-1.6.schema.json";

/// A license list as CycloneDX writes it: one SPDX expression alone, or a list of SPDX ids and
/// named licenses (an expression among several is written by name, as the schema allows no mix).
pub fn licenses(list: &[&LicenseEntry]) -> Option<Value> {
    let ack = "declared";
    let forms: Vec<LicenseForm> = list.iter().map(|l| bom::license_form(l)).collect();
    if let [LicenseForm::Expression(e)] = forms.as_slice() {
        return Some(json!([{"expression": e, "acknowledgement": ack}]));
    }
    let items: Vec<Value> = forms
        .iter()
        .map(|f| {
            let license = match f {
                LicenseForm::Spdx(id) => json!({"id": id, "acknowledgement": ack}),
                LicenseForm::Expression(e) => json!({"name": e, "acknowledgement": ack}),
                LicenseForm::Named { id, name, url } => {
                    let mut o = json!({
                        "name": if name.is_empty() { *id } else { *name },
                        "acknowledgement": ack,
                        "properties": [{"name": "openness:license-id", "value": id}],
                    });
                    if let Some(u) = url {
                        o["url"] = json!(u);
                    }
                    o
                }
                LicenseForm::Unidentified { declared } => json!({
                    "name": declared,
                    "acknowledgement": ack,
                    "properties": [{"name": "openness:license-id", "value": "unknown"}],
                }),
            };
            json!({ "license": license })
        })
        .collect();
    (!items.is_empty()).then_some(Value::Array(items))
}

fn props(pairs: &[(String, String)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect(),
    )
}

/// The bom-ref of a dataset named by the card.
fn dataset_ref(id: &str) -> String {
    format!("dataset:{id}")
}

/// The model as a `machine-learning-model` component.
fn model(view: &ScanView) -> Value {
    let r = &view.report;
    let d = &view.description;
    let repo = &r.repo;
    let mut c = Map::new();
    c.insert("type".into(), json!("machine-learning-model"));
    c.insert("bom-ref".into(), json!(format!("model:{}", r.target.id)));
    let name = if repo.name.is_empty() || repo.name == "." {
        r.target.id.clone()
    } else {
        repo.name.clone()
    };
    c.insert("name".into(), json!(name));
    if let Some(o) = &repo.owner {
        c.insert("group".into(), json!(o));
    }
    if let Some(rev) = &r.target.revision {
        c.insert("version".into(), json!(rev));
    }
    if let Some(p) = &repo.purl {
        let purl = match &r.target.revision {
            Some(rev) => match p.split_once('?') {
                Some((base, q)) => format!("{base}@{}?{q}", crate::snapshot::purl_part(rev)),
                None => format!("{p}@{}", crate::snapshot::purl_part(rev)),
            },
            None => p.clone(),
        };
        c.insert("purl".into(), json!(purl));
    }
    if let Some(l) = licenses(&bom::model_licenses(r)) {
        c.insert("licenses".into(), l);
    }
    let mut refs = Vec::new();
    if let Some(page) = &repo.page {
        let kind = match page.host {
            Host::CodeHost => "vcs",
            _ => "website",
        };
        refs.push(json!({"type": kind, "url": page.url}));
    }
    if let Some(card) = repo.file_url("README.md", None) {
        refs.push(json!({"type": "model-card", "url": card}));
    }
    for x in &d.references {
        let kind = match x.kind {
            ReferenceKind::CodeRepository => "vcs",
            ReferenceKind::Dataset => "distribution",
            _ => "documentation",
        };
        let mut e = json!({"type": kind, "url": x.url, "comment": format!("{} linked at {}", bom::word(&x.kind), x.source)});
        if let Some(id) = &x.id {
            e["comment"] = json!(format!(
                "{} {id} linked at {}",
                bom::word(&x.kind),
                x.source
            ));
        }
        refs.push(e);
    }
    if !refs.is_empty() {
        c.insert("externalReferences".into(), Value::Array(refs));
    }
    let mut params = Map::new();
    if let Some(t) = &d.task {
        params.insert("task".into(), json!(t.value));
    }
    if let Some(f) = &d.family {
        params.insert("architectureFamily".into(), json!(f.value));
    }
    if let Some(a) = d.architectures.first() {
        params.insert("modelArchitecture".into(), json!(a.value));
    }
    if !d.datasets.is_empty() {
        let sets: Vec<Value> = d
            .datasets
            .iter()
            .map(|x| json!({"ref": dataset_ref(&x.id)}))
            .collect();
        params.insert("datasets".into(), Value::Array(sets));
    }
    let mut card = Map::new();
    if !params.is_empty() {
        card.insert("modelParameters".into(), Value::Object(params));
    }
    if !d.results.is_empty() {
        let metrics: Vec<Value> = d
            .results
            .iter()
            .map(|m| {
                let mut o = json!({"type": m.metric, "value": m.value});
                let slice = match (&m.dataset, &m.task) {
                    (Some(ds), Some(t)) => Some(format!("{ds} ({t})")),
                    (Some(ds), None) => Some(ds.clone()),
                    (None, Some(t)) => Some(t.clone()),
                    (None, None) => None,
                };
                if let Some(s) = slice {
                    o["slice"] = json!(s);
                }
                o
            })
            .collect();
        card.insert(
            "quantitativeAnalysis".into(),
            json!({"performanceMetrics": metrics}),
        );
    }
    let mut card_props = Vec::new();
    let sources = [
        ("task", d.task.as_ref()),
        ("architecture-family", d.family.as_ref()),
        ("architecture", d.architectures.first()),
        ("library", d.library.as_ref()),
    ];
    for (what, s) in sources {
        if let Some(s) = s {
            card_props.push((format!("openness:source:{what}"), s.source.to_string()));
        }
    }
    if let Some(l) = &d.library {
        card_props.push(("openness:library".into(), l.value.clone()));
    }
    // `modelArchitecture` holds one class; a config naming several lists the others here.
    for a in d.architectures.iter().skip(1) {
        card_props.push(("openness:architecture".into(), a.value.clone()));
    }
    if let Some(m) = d.results.first() {
        card_props.push(("openness:source:metrics".into(), m.source.to_string()));
    }
    if !card_props.is_empty() {
        card.insert("properties".into(), props(&card_props));
    }
    if !card.is_empty() {
        c.insert("modelCard".into(), Value::Object(card));
    }
    let ancestors: Vec<Value> = r
        .lineage
        .iter()
        .map(|b| {
            let mut a = json!({
                "type": "machine-learning-model",
                "bom-ref": format!("base-model:{}", b.id),
                "name": b.id,
            });
            if let Some(l) = licenses(&bom::licenses_by_id(r, &b.licenses)) {
                a["licenses"] = l;
            }
            let mut p = vec![
                ("openness:lineage:depth".to_string(), b.depth.to_string()),
                ("openness:source".to_string(), b.source.to_string()),
            ];
            if let Some(rel) = &b.relation {
                p.push(("openness:lineage:relation".into(), rel.clone()));
            }
            if let Some(n) = &b.note {
                p.push(("openness:lineage:note".into(), n.clone()));
            }
            a["properties"] = props(&p);
            a
        })
        .collect();
    if !ancestors.is_empty() {
        c.insert("pedigree".into(), json!({"ancestors": ancestors}));
    }
    c.insert("properties".into(), props(&bom::properties(view)));
    Value::Object(c)
}

/// The datasets the card's metadata names, as `data` components.
fn datasets(view: &ScanView) -> Vec<Value> {
    view.description
        .datasets
        .iter()
        .map(|x| {
            let mut c = json!({
                "type": "data",
                "bom-ref": dataset_ref(&x.id),
                "name": x.id,
                "data": [{"type": "dataset", "name": x.id}],
                "properties": [
                    {"name": "openness:source", "value": x.source.to_string()},
                    {"name": "openness:role", "value": "training data named in the card's metadata"},
                ],
            });
            if let Some(u) = &x.url {
                c["externalReferences"] = json!([{"type": "website", "url": u}]);
            }
            if let Some(l) = licenses(&bom::dataset_licenses(&view.report, &x.id)) {
                c["licenses"] = l;
            }
            c
        })
        .collect()
}

/// Render a scan as a CycloneDX 1.6 bill of materials.
pub fn render(view: &ScanView) -> Result<String, Error> {
    let r = &view.report;
    let model = model(view);
    let data = datasets(view);
    let mut metadata = json!({
        "tools": {"components": [{
            "type": "application",
            "name": r.tool.name,
            "version": r.tool.version,
        }]},
        "component": model,
    });
    if let Some(t) = &view.timestamp {
        metadata["timestamp"] = json!(t);
    }
    let model_ref = format!("model:{}", r.target.id);
    let mut dependencies = vec![json!({
        "ref": model_ref,
        "dependsOn": data.iter().filter_map(|d| d.get("bom-ref").cloned()).collect::<Vec<_>>(),
    })];
    for d in &data {
        dependencies.push(json!({"ref": d["bom-ref"], "dependsOn": []}));
    }
    let doc = json!({
        "$schema": CYCLONEDX_SCHEMA,
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": format!("urn:uuid:{}", bom::serial(view, "cyclonedx-1.6")),
        "version": 1,
        "metadata": metadata,
        "components": data,
        "dependencies": dependencies,
    });
    to_sorted_json(&doc)
}
