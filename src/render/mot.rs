//! `--format mot`: a Model Openness Tool manifest (YAML that validates against MOT's
//! `mof_schema.json`), written from the MOT view of a scan ([`crate::assess::mot::view`]): a manifest as
//! read, or one drafted from the evidence that lists only what the evidence supports.
//!
//! Every string is quoted, so that MOT's YAML reader (Symfony, YAML 1.1) cannot turn a date into
//! a timestamp or `1.0` into a number. Keys come in the order MOT writes them.

use crate::mot::{GlobalLicense, Manifest};

/// A YAML scalar for `s`: single-quoted, or double-quoted with escapes when it holds control or
/// bidi characters (a single-quoted scalar cannot carry a line break as written, and none is
/// written raw).
fn quote(s: &str) -> String {
    if s.chars().any(crate::controls::is_unsafe) {
        let json = serde_json::to_string(s).expect("a string serializes");
        crate::controls::json(&json).into_owned()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn field(out: &mut String, indent: usize, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        out.push_str(&format!("{:indent$}{key}: {}\n", "", quote(v)));
    }
}

fn global(out: &mut String, key: &str, g: Option<&GlobalLicense>) {
    let Some(g) = g else { return };
    if g.name.is_none() && g.path.is_none() {
        out.push_str(&format!("    {key}: {{}}\n"));
        return;
    }
    out.push_str(&format!("    {key}:\n"));
    field(out, 6, "name", g.name.as_deref());
    field(out, 6, "path", g.path.as_deref());
}

/// The manifest as YAML.
pub fn render(m: &Manifest) -> String {
    let mut out = String::new();
    out.push_str("framework:\n");
    field(&mut out, 2, "name", Some(&m.framework.name));
    field(&mut out, 2, "version", Some(&m.framework.version));
    field(&mut out, 2, "date", Some(&m.framework.date));
    let r = &m.release;
    out.push_str("release:\n");
    field(&mut out, 2, "name", Some(&r.name));
    field(&mut out, 2, "version", r.version.as_deref());
    field(&mut out, 2, "date", r.date.as_deref());
    field(&mut out, 2, "type", r.kind.as_deref());
    field(&mut out, 2, "architecture", r.architecture.as_deref());
    field(&mut out, 2, "treatment", r.treatment.as_deref());
    field(&mut out, 2, "origin", r.origin.as_deref());
    field(&mut out, 2, "producer", Some(&r.producer));
    field(&mut out, 2, "contact", r.contact.as_deref());
    field(
        &mut out,
        2,
        "repository",
        r.repository.as_ref().map(|l| l.value.as_str()),
    );
    field(
        &mut out,
        2,
        "huggingface",
        r.huggingface.as_ref().map(|l| l.value.as_str()),
    );
    if r.license.is_empty() {
        out.push_str("  license: {}\n");
    } else {
        out.push_str("  license:\n");
        global(&mut out, "distribution", r.license.distribution.as_ref());
        global(&mut out, "code", r.license.code.as_ref());
        global(&mut out, "data", r.license.data.as_ref());
        global(&mut out, "document", r.license.document.as_ref());
    }
    if r.components.is_empty() {
        out.push_str("  components: []\n");
    } else {
        out.push_str("  components:\n");
        for c in &r.components {
            out.push_str(&format!("    - name: {}\n", quote(c.component.mot_name())));
            field(&mut out, 6, "description", c.description.as_deref());
            field(&mut out, 6, "license", c.license.as_deref());
            field(&mut out, 6, "license_path", c.license_path.as_deref());
            field(&mut out, 6, "component_path", c.component_path.as_deref());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_a_round_trip() {
        for s in [
            "plain",
            "it's",
            "2024-12-15",
            "1.0",
            "a\nb",
            "tab\there",
            "esc\u{1b}[31m, del\u{7f}, csi\u{9b}, override\u{202e}, isolate\u{2066}",
            "עברית 🤗",
            "",
            "no",
        ] {
            let q = quote(s);
            assert!(!q.chars().any(crate::controls::is_unsafe), "{q}");
            let v: String = crate::yaml::parse(&q, crate::yaml::Duplicates::Reject).unwrap();
            assert_eq!(v, s);
        }
    }
}
