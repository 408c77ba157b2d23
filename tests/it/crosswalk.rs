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

#[test]
fn a_crosswalked_state_high_school_inherits_priority_work() {
    // A state whose high-school standards carry no focus and no wap: matched to
    // CCSS-M widely applicable prerequisites, they become priority work; the
    // one matched to a (+) standard does not, and nothing overrides the state's own focus.
    let (_t, dir) = folder(
        "st",
        &[
            (
                "standards.csv",
                b"id,grade,focus,summary\nST.A.1,HS,,Interpret parts of an expression\nST.A.2,HS,,Create equations in one variable\nST.N.9,HS,,Complex numbers in polar form\nST.4.1,4,additional,A grade-4 standard the state calls additional\n",
            ),
            ("crosswalk.csv", b"state_code,ccss_code\nST.A.1,HSA-SSE.A.1\nST.A.2,HSA-CED.A.1\nST.N.9,HSN-CN.B.4\nST.4.1,4.NF.B.3\n"),
            ("scopes.csv", b"id,name,framework,grade_lo,grade_hi\nst-hs,State High,st,9,12\nst-es,State Elementary,st,4,4\n"),
        ],
    );
    let d = dir.to_str().unwrap();
    let gaps = json(&["gaps", "--data", "builtin:ccss-math", "--data", d, "--format", "json", "--summary-only"]);
    let hs = &gaps["summary"]["scopes"]["st-hs"];
    assert_eq!(hs["base"]["priority"], 2, "ST.A.1 and ST.A.2 inherit wap; ST.N.9 matches a (+) standard: {hs}");
    assert_eq!(hs["C1"], 2);
    assert_eq!(gaps["summary"]["scopes"]["st-es"]["base"]["priority"], 0, "the state's own focus stands");
    let card = json(&["show", "ST.A.1", "--data", "builtin:ccss-math", "--data", d, "--format", "json"]);
    assert_eq!(card["wap"], true);
}
