//! License profiles are read strictly: every problem of every file is reported, each with its
//! `file:line:column`, as one configuration error.

use std::path::Path;

use openness::Error;
use openness::diag::{Code, Diagnostic};
use openness::license::{Catalog, PROFILES_DIR};

/// The diagnostics of loading these profiles (which must fail).
fn problems(sources: &[(&str, &str)]) -> Vec<Diagnostic> {
    match Catalog::from_sources(sources) {
        Err(Error::Config(d)) => d.0,
        Err(e) => panic!("expected a configuration error, got {e}"),
        Ok(_) => panic!("the profiles loaded"),
    }
}

/// `file:line:column: message` of each diagnostic.
fn lines(d: &[Diagnostic]) -> Vec<String> {
    d.iter()
        .map(|d| format!("{}: {}", d.labels[0].position(), d.message))
        .collect()
}

const BROKEN: &str = "\
id: Llama-Something
name: Broken
kind: permisive
osi_approved: false
osd_conformant: true
url: null
fingerprint: [a]
restrictions:
  - kind: user-threshold
    summary: Above 700 million users, ask.
  - kind: no-cars
    summary: No driving.
    treshold: 5
content_types: [code, weights]
fingerprints:
  - \"one two three four five six seven eight nine\"
policy_fingerprints: [\"only one\"]
modifies: NotALicense
";

#[test]
fn a_broken_profile_reports_every_problem_with_its_position() {
    let d = problems(&[("broken.yaml", BROKEN)]);
    let got = lines(&d);
    let want = [
        "licenses/profiles/broken.yaml:1:5: id `Llama-Something` is neither an SPDX license id nor a `LicenseRef-` id",
        "licenses/profiles/broken.yaml:3:7: unknown kind `permisive`",
        "licenses/profiles/broken.yaml:5:17: a license whose restrictions take away a freedom cannot be osd_conformant",
        "licenses/profiles/broken.yaml:7:1: unknown key `fingerprint` in the profile",
        "licenses/profiles/broken.yaml:9:5: a user-threshold restriction needs its `threshold`",
        "licenses/profiles/broken.yaml:11:11: unknown restriction kind `no-cars`",
        "licenses/profiles/broken.yaml:13:5: unknown key `treshold` in a restriction",
        "licenses/profiles/broken.yaml:14:23: unknown content type `weights`",
        "licenses/profiles/broken.yaml:16:5: fingerprint `one two three four five six seven eight nine` is longer than eight words",
        "licenses/profiles/broken.yaml:17:23: policy_fingerprints needs at least two phrases",
        "licenses/profiles/broken.yaml:18:11: modifies: `NotALicense` is not an SPDX license id",
    ];
    for w in want {
        assert!(
            got.iter().any(|g| g == w),
            "missing {w:?} in\n{}",
            got.join("\n")
        );
    }
    assert_eq!(got.len(), want.len(), "{}", got.join("\n"));
    // Unknown keys and names list the valid ones.
    let help = |needle: &str| {
        d.iter()
            .find(|x| x.message.contains(needle))
            .and_then(|x| x.help.clone())
            .unwrap_or_default()
    };
    assert!(help("`fingerprint`").contains("valid keys: id, name, aliases, kind"));
    assert!(help("`permisive`").contains("valid kinds: public-domain, permissive,"));
    assert!(help("`no-cars`").contains("acceptable-use-policy"));
    assert!(help("`treshold`").contains("valid keys: kind, summary, threshold, url"));
    assert!(help("`weights`").contains("valid content types: code, data, document"));
    assert!(d.iter().any(|x| x.code == Code::UnknownName));
}

#[test]
fn facts_that_contradict_are_reported_where_they_are_written() {
    let text = "id: MIT\nname: MIT\nkind: permissive\nosi_approved: false\nosd_conformant: true\nurl: null\nrestrictions:\n  - kind: non-commercial\n    summary: No selling.\n";
    let d = problems(&[("mit.yaml", text)]);
    let got = lines(&d);
    assert_eq!(
        got,
        [
            "licenses/profiles/mit.yaml:4:15: osi_approved is false but the SPDX list says true",
            "licenses/profiles/mit.yaml:5:17: a license whose restrictions take away a freedom cannot be osd_conformant",
        ]
    );
    assert_eq!(
        d[1].labels[1].position(),
        "licenses/profiles/mit.yaml:8:5",
        "the restriction is pointed at"
    );
}

#[test]
fn missing_fields_and_problems_in_several_files_are_all_reported() {
    let a = "id: LicenseRef-a\nname: A\nkind: permissive\nosi_approved: false\nosd_conformant: null\nurl: null\naliases: [shared]\n";
    let b = "id: LicenseRef-b\nname: B\nkind: permissive\nosi_approved: false\nosd_conformant: null\nurl: null\naliases: [Shared]\n";
    let c = "name: C\nkind: unknown\nosd_conformant: null\n";
    let d = "id: [not, a, string]\nname: D\nkind: permisive\n";
    let diags = problems(&[("a.yaml", a), ("b.yaml", b), ("c.yaml", c), ("d.yaml", d)]);
    let got = lines(&diags);
    for w in [
        "licenses/profiles/b.yaml:7:11: `Shared` is also claimed by licenses/profiles/a.yaml",
        "licenses/profiles/c.yaml:1:1: the profile has no `id`",
        "licenses/profiles/c.yaml:1:1: the profile has no `osi_approved`",
    ] {
        assert!(
            got.iter().any(|g| g == w),
            "missing {w:?} in\n{}",
            got.join("\n")
        );
    }
    let shared = diags
        .iter()
        .find(|x| x.message.contains("also claimed"))
        .unwrap();
    assert_eq!(shared.labels[1].position(), "licenses/profiles/a.yaml:7:11");
    // A value of the wrong shape is reported where it is, and the rest is still read.
    for w in [
        "licenses/profiles/d.yaml:1:5: expected a string, found a list",
        "licenses/profiles/d.yaml:3:7: unknown kind `permisive`",
        "licenses/profiles/d.yaml:1:1: the profile has no `osi_approved`",
    ] {
        assert!(
            got.iter().any(|g| g == w),
            "missing {w:?} in\n{}",
            got.join("\n")
        );
    }
    assert!(
        !got.iter()
            .any(|g| g.contains("d.yaml:1:1: the profile has no `id`"))
    );
}

#[test]
fn the_built_in_profiles_are_where_they_say() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let profiles = Catalog::builtin().profiles();
    assert!(profiles.len() > 80);
    for p in profiles {
        assert!(p.path.starts_with(PROFILES_DIR), "{}", p.path);
        assert!(root.join(&p.path).is_file(), "{} is not a file", p.path);
    }
}
