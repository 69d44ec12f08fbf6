//! `openness license identify | show | list`.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

use common::fixture;

fn openness() -> Command {
    let mut c = Command::cargo_bin("openness").unwrap();
    c.env_remove("NO_COLOR");
    c
}

#[test]
fn identify_prints_license_confidence_and_modification() {
    openness()
        .args(["license", "identify"])
        .arg(format!("{}/LICENSE", fixture("modified-mit")))
        .arg(format!("{}/LICENSE", fixture("llama-licensed")))
        .assert()
        .success()
        .stdout(predicate::str::contains("(LicenseRef-MIT-modified)"))
        .stdout(predicate::str::contains(
            "modified: yes, based on MIT; added terms: non-commercial",
        ))
        .stdout(predicate::str::contains(
            "Llama 3.1 Community License Agreement (LicenseRef-llama3.1)",
        ))
        .stdout(predicate::str::contains("confidence 1.00"))
        .stdout(predicate::str::contains(
            "user-threshold (700 million users)",
        ));
}

#[test]
fn identify_reports_each_license_of_a_file_as_json() {
    let out = openness()
        .args(["license", "identify", "--format", "json"])
        .arg(format!("{}/LICENSE", fixture("code-and-model-licenses")))
        .arg(format!("{}/USE_POLICY.md", fixture("license-other-agrees")))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v.as_array().unwrap();
    assert_eq!(files.len(), 2);
    let ids: Vec<&str> = files[0]["licenses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["facts"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["Apache-2.0", "LicenseRef-nvidia-open-model-license"]);
    assert_eq!(files[0]["licenses"][0]["form"], "header");
    assert_eq!(files[1]["licenses"][0]["form"], "policy");
    assert_eq!(
        files[1]["licenses"][0]["facts"]["id"],
        "LicenseRef-llama3.1"
    );
}

#[test]
fn identify_a_missing_file_is_an_error() {
    openness()
        .args(["license", "identify", "no/such/LICENSE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/LICENSE"));
}

#[test]
fn show_gives_the_facts_for_hub_ids_aliases_and_spdx_ids() {
    openness()
        .args(["license", "show", "llama3.1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Llama 3.1 Community License Agreement (LicenseRef-llama3.1)",
        ))
        .stdout(predicate::str::contains("restricted-open-weights"))
        .stdout(predicate::str::contains("OSI-approved:         no"))
        .stdout(predicate::str::contains(
            "user-threshold (700 million users)",
        ))
        .stdout(predicate::str::contains(
            "https://github.com/meta-llama/llama-models",
        ))
        .stdout(predicate::str::contains("never open source"));
    openness()
        .args(["license", "show", "Tongyi Qianwen License Agreement"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "user-threshold (100 million users)",
        ));
    openness()
        .args(["license", "show", "apache-2.0"])
        .assert()
        .success()
        .stdout(predicate::str::contains("OSI-approved:         yes"))
        .stdout(predicate::str::contains("made for:             code"));
    let out = openness()
        .args(["license", "show", "GPL-3.0", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "GPL-3.0-only");
    assert!(v["warning"].as_str().unwrap().contains("deprecated"));
}

#[test]
fn show_an_unknown_license_suggests_names() {
    openness()
        .args(["license", "show", "llama9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a license this catalog knows"))
        .stderr(predicate::str::contains("openness license list"));
}

#[test]
fn list_shows_every_profile_and_hub_id() {
    let out = openness()
        .args(["license", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = v.as_array().unwrap();
    let hub_ids: Vec<&str> = entries
        .iter()
        .flat_map(|e| e["hub_ids"].as_array().unwrap())
        .map(|h| h.as_str().unwrap())
        .collect();
    for (hub, _, target) in openness::license::HUB_LICENSES {
        if *target == "NOASSERTION" {
            continue;
        }
        assert!(hub_ids.contains(hub), "{hub} is not listed");
    }
    assert!(entries.iter().any(|e| e["id"] == "LicenseRef-deepseek"));
    openness()
        .args(["license", "list", "--kind", "restricted-open-weights"])
        .assert()
        .success()
        .stdout(predicate::str::contains("LicenseRef-llama3.1"))
        .stdout(predicate::str::contains("LicenseRef-gemma"))
        .stdout(predicate::str::contains("\nMIT ").not());
}
