//! `gaps --baseline`: each scope then and now, and the findings closed and
//! opened, from an earlier data folder or a saved report.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::util::{changed_plans, coherence, fixture, saved_plans_report};

/// The `plans` fixture with North School's plan changed (`util::changed_plans`).
fn changed() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = changed_plans(tmp.path(), "now");
    (tmp, dir)
}

fn gaps_json(data: &Path, extra: &[&str]) -> Value {
    let out = coherence().arg("gaps").arg("--data").arg(data).args(["--format", "json"]).args(extra).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn scope_change<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["baseline"]["scopes"].as_array().unwrap().iter().find(|s| s["scope"] == id).unwrap()
}

fn keys(list: &[(&str, &[&str])]) -> Value {
    Value::Array(list.iter().map(|(c, s)| json!({"code": c, "standards": s})).collect())
}

/// By hand, from the fixture (s1 serves grades 2-3; window 2):
///
/// then, PD = {A1, A3, B3}, INT = {A1}: C1 A2 (major, untaught); C2 A2
/// (A1 before, A3 after) and B2 (A1 before, B3 after); C3 A2 (for A3 and
/// B3) and B2 (for B3), A1 having an intervention; C4 C3 (related to A3);
/// no C5 (no builds_towards edge between sequenced standards).
///
/// now, PD = {A1, A2, A3}: C1 B3; no C2 (B2's successor B3 is untaught, B3
/// has no successor); C3 A2 (for A3); C4 B3 and C3 (both related to A3);
/// C5 A2 -> A3 (A2 first in session 2, A3 in session 1).
///
/// So closed: C1 A2, C2 A2, C2 B2, C3 B2; opened: C1 B3, C4 B3, C5 A2 -> A3;
/// kept: C3 A2, C4 C3. Chain integrity goes from 0/2 in order to 1/1 (+1),
/// readiness from 2 of 5 pairs to 2 of 3 (+0.2667), horizontal coherence
/// from 2/3 to 0/2 (-0.6667); sequencing had nothing to measure.
#[test]
fn a_changed_school_closes_and_opens_exactly_the_findings_derived_by_hand() {
    let (_tmp, now) = changed();
    let report = gaps_json(&now, &["--baseline", &fixture("plans")]);
    let s1 = scope_change(&report, "s1");
    assert_eq!(s1["status"], "kept");
    assert_eq!(s1["closed"], keys(&[("C1", &["A2"]), ("C2", &["A2"]), ("C2", &["B2"]), ("C3", &["B2"])]));
    assert_eq!(s1["opened"], keys(&[("C1", &["B3"]), ("C4", &["B3"]), ("C5", &["A2", "A3"])]));
    let row = report["scorecard"].as_array().unwrap().iter().find(|r| r["scope"] == "s1").unwrap();
    assert_eq!(
        row["change"],
        json!({"new": false, "taught": 0, "rates": {
            "priority_coverage": 0.0, "chain_integrity": 1.0, "prerequisite_readiness": 0.2667,
            "horizontal_coherence": -0.6667, "sequencing": null}})
    );
    // The school whose plan did not change, and the district, changed nothing.
    for id in ["s2", "d1"] {
        let c = scope_change(&report, id);
        assert_eq!((c["closed"].clone(), c["opened"].clone()), (json!([]), json!([])), "{id}");
    }
    assert_eq!(report["baseline"]["findings"], true);
    assert_eq!(report["baseline"]["source"], fixture("plans"));
}

#[test]
fn a_saved_report_is_the_same_baseline_as_its_data_even_reordered() {
    let (tmp, now) = changed();
    let saved = saved_plans_report(tmp.path(), "then.json");
    let from_data = gaps_json(&now, &["--baseline", &fixture("plans")]);
    let from_report = gaps_json(&now, &["--baseline", saved.to_str().unwrap()]);
    assert_eq!(from_report["baseline"]["as_of"], "2026-09-01");
    assert_eq!(from_data["baseline"]["scopes"], from_report["baseline"]["scopes"]);
    // A finding's identity is its check, scope and standards: the order of the report does not matter.
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&saved).unwrap()).unwrap();
    doc["findings"].as_array_mut().unwrap().reverse();
    doc["scorecard"].as_array_mut().unwrap().reverse();
    std::fs::write(&saved, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let reordered = gaps_json(&now, &["--baseline", saved.to_str().unwrap()]);
    assert_eq!(from_data["baseline"]["scopes"], reordered["baseline"]["scopes"]);
}

#[test]
fn every_format_shows_the_change() {
    let (_tmp, now) = changed();
    let run = |format: &str, extra: &[&str]| {
        let out = coherence()
            .arg("gaps")
            .arg("--data")
            .arg(&now)
            .args(["--baseline", &fixture("plans"), "--format", format])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run("text", &[]);
    assert!(
        text.contains("Since the baseline tests/fixtures/plans: 3 scopes compared; 4 findings closed, 3 opened"),
        "{text}"
    );
    assert!(text.contains("  change\n"), "{text}");
    assert!(text.contains("chain integrity 0% → 100% (+100 pts)"), "{text}");
    assert!(text.contains("closed 4: [C1] A2 · [C2] A2 · [C2] B2 · [C3] B2"), "{text}");
    assert!(text.contains("opened 3: [C1] B3 · [C4] B3 · [C5] A2 → A3"), "{text}");
    let md = run("markdown", &[]);
    assert!(md.contains("| sequencing | change |"), "{md}");
    assert!(md.contains("| chain integrity | 0% (2/2) | 100% (0/1) | +100 pts |"), "{md}");
    assert!(md.contains("Opened (3): **C1** B3, **C4** B3, **C5** A2 → A3."), "{md}");
    let csv = run("csv", &[]);
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",since_baseline"), "{header}");
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(csv.as_bytes()).records().map(Result::unwrap).filter(|r| &r[3] == "s1").collect();
    let status =
        |s: &str| rows.iter().filter(|r| &r[15] == s).map(|r| format!("{} {}", &r[0], &r[9])).collect::<Vec<_>>();
    assert_eq!(status("opened"), ["C1 B3", "C4 B3;A3", "C5 A2;A3"], "{csv}");
    assert_eq!(status("kept"), ["C3 A2;A3", "C4 C3;A3"], "{csv}");
    assert_eq!(status("closed"), ["C1 A2", "C2 A2", "C2 B2", "C3 B2"], "{csv}");
    let card = run("csv", &["--scorecard"]);
    assert!(card.lines().next().unwrap().contains(",since_baseline,taught_then,priority_coverage_then,"), "{card}");
}

#[test]
fn a_baseline_of_another_window_or_a_newer_version_is_refused_with_its_name() {
    let tmp = tempfile::tempdir().unwrap();
    let saved = tmp.path().join("w3.json");
    coherence()
        .args(["gaps", "--data", &fixture("plans"), "--format", "json", "--window", "3", "--out"])
        .arg(&saved)
        .output()
        .unwrap();
    let out = coherence().args(["gaps", "--data", &fixture("plans"), "--baseline"]).arg(&saved).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("w3.json") && err.contains("grade window 3; this run uses window 2"), "{err}");
    assert!(err.contains("--window 3"), "{err}");

    let newer = tmp.path().join("newer.json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&saved).unwrap()).unwrap();
    doc["version"] = json!(2);
    std::fs::write(&newer, doc.to_string()).unwrap();
    let out = coherence()
        .args(["gaps", "--data", &fixture("plans"), "--window", "3", "--baseline"])
        .arg(&newer)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("newer.json") && err.contains("version 2, newer than this engine reads (1)"), "{err}");

    let junk = tmp.path().join("junk.json");
    std::fs::write(&junk, "{\"scorecard\": 5}").unwrap();
    let out = coherence().args(["gaps", "--data", &fixture("plans"), "--baseline"]).arg(&junk).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("junk.json:1:15: not a gap report"), "the place of what is wrong: {err}");
}

#[test]
fn new_and_gone_scopes_are_named_and_a_scorecard_baseline_has_no_findings_to_compare() {
    let (tmp, now) = changed();
    // The baseline had a third school that has closed; now a new one has opened.
    std::fs::write(now.join("scopes.csv"), "id,name,parent,grade_lo,grade_hi\nd1,Lakeside District,,1,3\ns1,North School,d1,2,3\ns2,South School,d1,1,3\ns4,New School,d1,1,2\n").unwrap();
    let then = tmp.path().join("then");
    std::fs::create_dir_all(&then).unwrap();
    for f in ["modules.csv", "progressions.csv", "plans.csv", "standards.csv"] {
        std::fs::copy(Path::new(&fixture("plans")).join(f), then.join(f)).unwrap();
    }
    std::fs::write(then.join("scopes.csv"), "id,name,parent,grade_lo,grade_hi\nd1,Lakeside District,,1,3\ns1,North School,d1,2,3\ns2,South School,d1,1,3\ns3,Old School,d1,1,3\n").unwrap();
    let report = gaps_json(&now, &["--baseline", then.to_str().unwrap()]);
    assert_eq!(scope_change(&report, "s4")["status"], "new");
    assert_eq!(scope_change(&report, "s3")["status"], "gone");
    let text = coherence().arg("gaps").arg("--data").arg(&now).arg("--baseline").arg(&then).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("1 new, 1 gone from the data"), "{text}");
    assert!(text.contains("Gone from the data since the baseline: s3"), "{text}");
    assert!(text.contains("new since the baseline: it was not in it"), "{text}");

    let card = tmp.path().join("card.json");
    coherence()
        .args(["gaps", "--data", &fixture("plans"), "--scorecard", "--format", "json", "--out"])
        .arg(&card)
        .output()
        .unwrap();
    let report = gaps_json(&now, &["--baseline", card.to_str().unwrap()]);
    assert_eq!(report["baseline"]["findings"], false);
    assert_eq!(scope_change(&report, "s1")["closed"], json!([]));
    assert_eq!(
        report["scorecard"].as_array().unwrap().iter().find(|r| r["scope"] == "s1").unwrap()["change"]["rates"]["chain_integrity"],
        1.0
    );
}

#[test]
fn a_report_is_dated_only_when_asked() {
    let plain = coherence().args(["gaps", "--data", &fixture("plans"), "--format", "json"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("as_of"));
    let dated = gaps_json(Path::new(&fixture("plans")), &["--as-of", "2027-01-15"]);
    assert_eq!(dated["as_of"], "2027-01-15");
    assert_eq!(dated["version"], 1);
    let out = coherence().args(["gaps", "--data", &fixture("plans"), "--as-of", "2027-02-30"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a date: write YYYY-MM-DD"));
}
