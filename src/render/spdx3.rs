//! SPDX 3.0.1 JSON-LD with the AI and Dataset profiles (`openness scan --format spdx3`).
//!
//! - One `CreationInfo` (blank node) for every element: `created` is `--timestamp` or
//!   `SOURCE_DATE_EPOCH` when given, else the fixed [`bom::FIXED_CREATED`]; created by the tool
//!   (a `SoftwareAgent`) using the tool (a `Tool`).
//! - The model: an `ai_AIPackage` (name, revision as `software_packageVersion`, package URL, its
//!   page as `software_homePage`, `software_primaryPurpose` `model`, the card's links as
//!   `externalRef`s, its `model-index` metrics as `ai_metric`, its task as `ai_domain`, its
//!   architecture family and class as `ai_typeOfModel`), with the tool's verdicts and evidence
//!   as an `extension_CdxPropertiesExtension` (the same `openness:` pairs as CycloneDX).
//! - Each dataset the card's metadata names: a `dataset_DatasetPackage` (`dataset_datasetType`
//!   `noAssertion`: the scan does not know what the data is), and a `trainedOn` relationship
//!   from the model.
//! - Each base model: an `ai_AIPackage` and an `ancestorOf` relationship from it to the model.
//! - Licenses: a `simplelicensing_LicenseExpression` per license (a `LicenseRef-` mapped to its
//!   text's address with `simplelicensing_customIdToUri`), linked by `hasDeclaredLicense`; a
//!   statement that could not be identified is `expandedlicensing_NoAssertionLicense`. No
//!   `expandedlicensing_CustomLicense` is written: it needs the license's text, which the report
//!   does not carry (a named license's address is given instead).
//!
//! Every `spdxId` is `urn:openness:UUID/...` with the document's UUID v5 ([`bom::serial`]), so
//! the same scan gives the same bytes.

use serde_json::{Value, json};

use super::bom::{self, LicenseForm};
use super::json::to_sorted_json;
use crate::compare::ScanView;
use crate::error::Error;
use crate::evidence::ReferenceKind;
use crate::report::LicenseEntry;

/// The JSON-LD context of SPDX 3.0.1.
pub const SPDX3_CONTEXT: &str = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";

const NO_ASSERTION_LICENSE: &str =
    "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense";

const CREATION: &str = "_:creationinfo";

/// The document being written: its id prefix and its elements.
struct Doc {
    base: String,
    graph: Vec<Value>,
    /// Ids of license elements already written, by license text.
    licenses: Vec<(String, String)>,
    relations: usize,
}

impl Doc {
    /// The id of an element (`local` is the renderer's own ASCII name, never input text).
    fn id(&self, local: &str) -> String {
        format!("{}/{local}", self.base)
    }

    fn relate(&mut self, from: &str, kind: &str, to: Vec<String>) {
        if to.is_empty() {
            return;
        }
        self.relations += 1;
        let id = self.id(&format!("relationship-{}", self.relations));
        self.graph.push(json!({
            "type": "Relationship",
            "spdxId": id,
            "creationInfo": CREATION,
            "from": from,
            "relationshipType": kind,
            "to": to,
        }));
    }

    /// The element of a license (written once), or the no-assertion individual.
    fn license(&mut self, l: &LicenseEntry) -> String {
        let (expression, custom) = match bom::license_form(l) {
            LicenseForm::Spdx(id) | LicenseForm::Expression(id) => (id.to_string(), None),
            LicenseForm::Named { id, url, .. } => {
                let id = if id.starts_with("LicenseRef-") {
                    id.to_string()
                } else {
                    format!("LicenseRef-{}", sanitize(id))
                };
                (id.clone(), url.map(|u| (id, u.to_string())))
            }
            LicenseForm::Unidentified { .. } => return NO_ASSERTION_LICENSE.into(),
        };
        if let Some((_, id)) = self.licenses.iter().find(|(e, _)| *e == expression) {
            return id.clone();
        }
        let id = self.id(&format!("license-{}", self.licenses.len() + 1));
        let mut e = json!({
            "type": "simplelicensing_LicenseExpression",
            "spdxId": id,
            "creationInfo": CREATION,
            "simplelicensing_licenseExpression": expression,
        });
        if let Some((key, url)) = custom {
            e["simplelicensing_customIdToUri"] = json!([{
                "type": "DictionaryEntry",
                "key": key,
                "value": url,
            }]);
        }
        if !l.name.is_empty() {
            e["name"] = json!(l.name);
        }
        self.graph.push(e);
        self.licenses.push((expression, id.clone()));
        id
    }

    fn declare(&mut self, element: &str, licenses: &[&LicenseEntry]) {
        let mut ids: Vec<String> = Vec::new();
        for l in licenses {
            let id = self.license(l);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        self.relate(element, "hasDeclaredLicense", ids);
    }
}

/// The characters a `LicenseRef-` id may hold: letters, digits, `.` and `-`.
fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Render a scan as an SPDX 3.0.1 document.
pub fn render(view: &ScanView) -> Result<String, Error> {
    let r = &view.report;
    let d = &view.description;
    let mut doc = Doc {
        base: format!("urn:openness:{}", bom::serial(view, "spdx-3.0.1")),
        graph: Vec::new(),
        licenses: Vec::new(),
        relations: 0,
    };
    let agent = doc.id("agent/openness");
    let tool = doc.id("tool/openness");
    let created = view.timestamp.as_deref().unwrap_or(bom::FIXED_CREATED);
    doc.graph.push(json!({
        "type": "CreationInfo",
        "@id": CREATION,
        "specVersion": "3.0.1",
        "created": created,
        "createdBy": [agent],
        "createdUsing": [tool],
    }));
    let tool_name = format!("{} {}", r.tool.name, r.tool.version);
    doc.graph.push(json!({"type": "SoftwareAgent", "spdxId": agent, "creationInfo": CREATION, "name": tool_name}));
    doc.graph
        .push(json!({"type": "Tool", "spdxId": tool, "creationInfo": CREATION, "name": tool_name}));

    let model = doc.id("model");
    let repo = &r.repo;
    let name = if repo.display.is_empty() || repo.display == "." {
        r.target.id.clone()
    } else {
        repo.display.clone()
    };
    let mut m = json!({
        "type": "ai_AIPackage",
        "spdxId": model,
        "creationInfo": CREATION,
        "name": name,
        "software_primaryPurpose": "model",
    });
    if let Some(rev) = &r.target.revision {
        m["software_packageVersion"] = json!(rev);
    }
    if let Some(p) = &repo.purl {
        let purl = match &r.target.revision {
            Some(rev) => match p.split_once('?') {
                Some((base, q)) => format!("{base}@{}?{q}", crate::snapshot::purl_part(rev)),
                None => format!("{p}@{}", crate::snapshot::purl_part(rev)),
            },
            None => p.clone(),
        };
        m["software_packageUrl"] = json!(purl);
    }
    if let Some(page) = &repo.page {
        m["software_homePage"] = json!(page.url);
    }
    if let Some(t) = &d.task {
        m["ai_domain"] = json!([t.value]);
    }
    let types: Vec<&str> = d
        .family
        .iter()
        .chain(d.architectures.iter())
        .map(|s| s.value.as_str())
        .collect();
    if !types.is_empty() {
        m["ai_typeOfModel"] = json!(types);
    }
    if !d.results.is_empty() {
        let metrics: Vec<Value> = d
            .results
            .iter()
            .map(|x| {
                let key = match &x.dataset {
                    Some(ds) => format!("{} ({ds})", x.metric),
                    None => x.metric.clone(),
                };
                json!({"type": "DictionaryEntry", "key": key, "value": x.value})
            })
            .collect();
        m["ai_metric"] = Value::Array(metrics);
    }
    let mut refs: Vec<Value> = Vec::new();
    if let Some(card) = repo.file_url("README.md", None) {
        refs.push(json!({"type": "ExternalRef", "externalRefType": "documentation", "locator": [card], "comment": "model card"}));
    }
    for x in &d.references {
        let kind = match x.kind {
            ReferenceKind::CodeRepository => "vcs",
            ReferenceKind::Dataset => "altDownloadLocation",
            _ => "documentation",
        };
        let what = match &x.id {
            Some(id) => format!("{} {id} linked at {}", bom::word(&x.kind), x.source),
            None => format!("{} linked at {}", bom::word(&x.kind), x.source),
        };
        refs.push(json!({"type": "ExternalRef", "externalRefType": kind, "locator": [x.url], "comment": what}));
    }
    if !refs.is_empty() {
        m["externalRef"] = Value::Array(refs);
    }
    let pairs: Vec<Value> = bom::properties(view)
        .into_iter()
        .map(|(n, v)| json!({"type": "extension_CdxPropertyEntry", "extension_cdxPropName": n, "extension_cdxPropValue": v}))
        .collect();
    m["extension"] =
        json!([{"type": "extension_CdxPropertiesExtension", "extension_cdxProperty": pairs}]);
    doc.graph.push(m);
    doc.declare(&model, &bom::model_licenses(r));

    let mut trained_on = Vec::new();
    for (i, x) in d.datasets.iter().enumerate() {
        let id = doc.id(&format!("dataset-{}", i + 1));
        let mut e = json!({
            "type": "dataset_DatasetPackage",
            "spdxId": id,
            "creationInfo": CREATION,
            "name": x.id,
            "software_primaryPurpose": "data",
            "dataset_datasetType": ["noAssertion"],
            "comment": format!("named in the card's metadata at {}", x.source),
        });
        if let Some(u) = &x.url {
            e["software_homePage"] = json!(u);
        }
        doc.graph.push(e);
        doc.declare(&id, &bom::dataset_licenses(r, &x.id));
        trained_on.push(id);
    }
    doc.relate(&model, "trainedOn", trained_on);

    for (i, b) in r.lineage.iter().enumerate() {
        let id = doc.id(&format!("base-model-{}", i + 1));
        let mut comment = format!("base model, depth {}, named at {}", b.depth, b.source);
        if let Some(rel) = &b.relation {
            comment.push_str(&format!("; relation: {rel}"));
        }
        if let Some(n) = &b.note {
            comment.push_str(&format!("; {n}"));
        }
        doc.graph.push(json!({
            "type": "ai_AIPackage",
            "spdxId": id,
            "creationInfo": CREATION,
            "name": b.id,
            "software_primaryPurpose": "model",
            "comment": comment,
        }));
        doc.declare(&id, &bom::licenses_by_id(r, &b.licenses));
        doc.relate(&id, "ancestorOf", vec![model.clone()]);
    }

    let elements: Vec<Value> = doc
        .graph
        .iter()
        .filter_map(|e| e.get("spdxId").cloned())
        .collect();
    let document = json!({
        "type": "SpdxDocument",
        "spdxId": doc.id("document"),
        "creationInfo": CREATION,
        "name": format!("AI bill of materials of {name}"),
        "profileConformance": ["core", "software", "simpleLicensing", "ai", "dataset", "extension"],
        "rootElement": [model],
        "element": elements,
    });
    doc.graph.push(document);
    to_sorted_json(&json!({"@context": SPDX3_CONTEXT, "@graph": doc.graph}))
}
