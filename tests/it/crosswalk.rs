//! A state framework linked to CCSS-M by a crosswalk inherits its progressions.

use serde_json::Value;

use crate::util::{coherence, fixture, folder};

fn json(args: &[&str]) -> Value {
    let out = coherence().args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_crosswalked_state_inherits_the_ccss_progressions_on_its_own_codes() {
    let toy = fixture("toy-state");
    let card = json(&["show", "TS.5.F.1", "--data", "builtin:ccss-math", "--data", &toy, "--format", "json"]);
    let before: Vec<&str> = card["builds_on"].as_array().unwrap().iter().map(|x| x["code"].as_str().unwrap()).collect();
    // 4.NF.A.1 -> 5.NF.A.1 and 4.NF.B.3a -> 5.NF.A.1 in CCSS-M become TS.4.F.1 -> TS.5.F.1 and TS.4.F.2 -> TS.5.F.1.
    assert_eq!(before, ["toy-state:TS.4.F.1", "toy-state:TS.4.F.2"]);
    let gaps = json(&["gaps", "--data", "builtin:ccss-math", "--data", &toy, "--format", "json", "--summary-only"]);
    let oak = &gaps["summary"]["scopes"]["ts-oak"];
    assert_eq!(oak["C5"], 2, "grade-4 fractions are taught after grade 5's, which build on them");
    assert!(oak["C3"]["pairs"].as_u64().unwrap() >= 3);
    let report = json(&["validate", "--data", "builtin:ccss-math", "--data", &toy, "--format", "json"]);
    let f5: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "F5")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(f5.len(), 3, "{f5:#?}");
    assert!(f5.iter().any(|m| m.contains("TS.5.F.9 matches no standard")));
    assert!(f5.iter().any(|m| m.contains("TS.4.F.2 matches 2 standards")));
    assert!(f5.iter().any(|m| m.contains("edges of ccss-math were not carried over")));
}

#[test]
fn a_crosswalk_naming_unknown_codes_is_reported() {
    let (_t, dir) = folder(
        "st",
        &[
            ("standards.csv", b"id,grade\nS.1,3\n"),
            ("crosswalk.csv", b"state_code,ccss_code\nS.1,3.NF.A.1\nS.9,3.NF.A.2\nS.1,9.ZZ.Z.9\n"),
        ],
    );
    let report =
        json(&["validate", "--data", "builtin:ccss-math", "--data", dir.to_str().unwrap(), "--format", "json"]);
    let f5: Vec<&Value> = report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "F5").collect();
    assert!(
        f5.iter()
            .any(|f| f["message"].as_str().unwrap().contains("S.9, which is not a standard of st") && f["line"] == 3)
    );
    let tmp = tempfile::tempdir().unwrap();
    coherence()
        .args(["export", "--format", "csv", "--data", dir.to_str().unwrap(), "--out"])
        .arg(tmp.path())
        .assert()
        .code(0);
    assert!(
        std::fs::read_to_string(tmp.path().join("crosswalk.csv")).unwrap().contains("S.1,3.NF.A.1,st"),
        "kept on export"
    );
}
