//! `coherence gaps`: the plan checks, their reports, and bad plan input.

use std::path::Path;

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::util::{coherence, fixture, folder};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = coherence().args(args).output().expect("run coherence");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn summary(data: &str) -> Value {
    let (code, stdout, stderr) = run(&["gaps", "--data", data, "--format", "json", "--summary-only"]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str::<Value>(&stdout).expect("JSON")["summary"].clone()
}

/// The counts of `tests/fixtures/plans`, worked out by hand from the spec:
/// s1 (grades 2-3) teaches A1, A3, B3 with an intervention on A1: C1 {A2};
/// C2 {A2 (A1 before, A3 after), B2 (A1 before, B3 after)}; C3 pairs
/// (A3, A2), (B3, B2), (B3, A2), distinct {A2, B2}; C4 {C3, related to A3}.
/// s2 (grades 1-3) teaches A1, A2, A3, B3 and no intervention: C2 {B2};
/// C3 pairs (A2, A1), (A3, A2), (A3, A1), (B3, B2), (B3, A1), (B3, A2),
/// distinct {A1, A2, B2}; C4 {C3}; C5 A1 -> A2 (A1 first in session 2, A2 in 1).
/// d1 has no plan: its four major standards are uncovered. C3 only counts.
///
/// Bases (spec, revision 2). s1: priority {A2, A3, B3}; taught {A3, B3};
/// chain {A2, B2} (both between taught A1 and a taught successor); pairs
/// (A3, A2), (A3, A1), (B3, B2), (B3, A1), (B3, A2); related {C3, B3, A3}
/// (neighbours of taught A3 and B3 in grade 3, taught or not); sequenced:
/// no edge joins A1, A3 (session 1) and B3 (session 2). s2: priority and
/// taught {A1, A2, A3, B3}; chain {A2, B2} (A3 and B3 lead nowhere); pairs
/// the six of C3; related {C3, B3, A3}; sequenced A1 -> A2, A2 -> A3 (B3 has
/// no session). d1: priority 4, the rest 0.
#[test]
fn plan_checks_count_what_the_spec_says() {
    let s = summary(&fixture("plans"));
    let base = |priority, taught, chain, pairs, related, sequenced| {
        json!({"priority": priority, "taught": taught, "chain": chain, "pairs": pairs, "related": related,
               "sequenced": sequenced})
    };
    assert_eq!(
        s,
        json!({
            "window": 2,
            "dataset": {"D1": 0, "D2": 0, "D3": 0, "D4": 0, "D5": 0, "V1": 1, "V2": 0, "H1": 3},
            "totals": {"C1": 5, "C2": 3, "C3": {"pairs": 9, "distinct": 5}, "C4": 2, "C5": 1,
                       "base": base(11, 6, 4, 11, 6, 2)},
            "scopes": {
                "d1": {"C1": 4, "C2": 0, "C3": {"pairs": 0, "distinct": 0}, "C4": 0, "C5": 0,
                       "base": base(4, 0, 0, 0, 0, 0)},
                "s1": {"C1": 1, "C2": 2, "C3": {"pairs": 3, "distinct": 2}, "C4": 1, "C5": 0,
                       "base": base(3, 2, 2, 5, 3, 0)},
                "s2": {"C1": 0, "C2": 1, "C3": {"pairs": 6, "distinct": 3}, "C4": 1, "C5": 1,
                       "base": base(4, 4, 2, 6, 3, 2)}
            }
        })
    );
}

#[test]
fn the_window_changes_only_c3() {
    let (code, stdout, _) =
        run(&["gaps", "--data", &fixture("plans"), "--format", "json", "--summary-only", "--window", "1"]);
    assert_eq!(code, 0);
    let s: Value = serde_json::from_str::<Value>(&stdout).unwrap()["summary"].clone();
    assert_eq!(s["window"], 1);
    // W = 1: s1 keeps (A3, A2), (B3, B2), (B3, A2): distinct {A2, B2};
    // s2 keeps (A2, A1), (A3, A2), (B3, B2), (B3, A2): distinct {A1, A2, B2}.
    assert_eq!(s["totals"]["C3"], json!({"pairs": 7, "distinct": 5}));
    assert_eq!(s["totals"]["C1"], 5);
}

#[test]
fn each_finding_says_what_to_do() {
    let (code, stdout, _) = run(&["gaps", "--data", &fixture("plans"), "--format", "json"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 5 + 3 + 5 + 2 + 1, "one per counted item (C3: per prerequisite)");
    let c3: Vec<&Value> = findings.iter().filter(|f| f["code"] == "C3" && f["scope"] == "s1").collect();
    assert_eq!(c3.len(), 2);
    assert_eq!(c3[0]["ids"], json!(["A2", "A3", "B3"]), "the prerequisite, then the taught standards that need it");
    assert!(
        c3[0]["message"]
            .as_str()
            .unwrap()
            .contains("is taught in P1 \"Adding through the grades\" (session 1) but its prerequisite A2")
    );
    assert!(c3[0]["help"].as_str().unwrap().contains("no intervention in the catalog addresses A2"));
    let c1: Vec<&Value> = findings.iter().filter(|f| f["code"] == "C1" && f["scope"] == "s1").collect();
    assert_eq!(c1[0]["standard"], "A2");
    assert!(c1[0]["help"].as_str().unwrap().contains("adopt P3 \"Place value to 100\""), "{}", c1[0]["help"]);
    assert!(c1[0]["help"].as_str().unwrap().contains("s2 (100% priority coverage) teaches it: learn from it"));
    assert_eq!(c1[0]["peers"], json!([{"scope": "s2", "rate": 1.0}]), "the peer that teaches A2, with its rate");
    assert_eq!(c1[0]["priority"], true);
    assert_eq!(c1[0]["summary"], "Add within 100");
    let c5: Vec<&Value> = findings.iter().filter(|f| f["code"] == "C5").collect();
    assert_eq!(c5[0]["ids"], json!(["A1", "A2"]));
    assert!(c5[0]["message"].as_str().unwrap().contains("A1 is taught in session 2"));
    assert_eq!(doc["summary"], summary(&fixture("plans")), "the full report carries the same summary");
}

#[test]
fn csv_has_one_row_per_finding() {
    let (code, stdout, _) = run(&["gaps", "--data", &fixture("plans"), "--format", "csv"]);
    assert_eq!(code, 0);
    let mut rdr = csv::Reader::from_reader(stdout.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&header[..6], ["code", "name", "severity", "scope", "scope_name", "standard"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let plan_rows = rows.iter().filter(|r| r[0].starts_with('C')).count();
    assert_eq!(plan_rows, 16);
    assert_eq!(rows.len() - plan_rows, 5, "the dataset findings (V1 1, H1 3, F10 1) come first");
}

#[test]
fn the_example_district_reads_well_and_adds_up() {
    let data = "examples/district";
    let (code, text, stderr) = run(&["gaps", "--data", data, "--top", "3"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text.starts_with("Coherence gaps"));
    assert!(text.contains("Riverbend Unified School District (riverbend), grades K-12"));
    assert!(text.contains("riverbend: median of 42 schools"), "a district shows its schools' median");
    assert!(!text.contains("together"), "never sums of school counts");
    assert!(text.contains("-> adopt"), "findings say what to do");
    let s = summary(data);
    let scopes = s["scopes"].as_object().unwrap();
    assert!(scopes.len() >= 40);
    for c in ["C1", "C2", "C4", "C5"] {
        let sum: u64 = scopes.values().map(|v| v[c].as_u64().unwrap()).sum();
        assert_eq!(s["totals"][c].as_u64().unwrap(), sum, "{c}");
        assert!(sum > 0, "the example shows {c}");
    }
    assert!(s["totals"]["C3"]["pairs"].as_u64().unwrap() > 0);
    let (_, md, _) = run(&["gaps", "--data", data, "--format", "markdown", "--top", "2"]);
    assert!(md.starts_with("# Coherence gaps"));
    assert!(md.contains("| scope | name | grades | taught | priority coverage |"));
    assert!(md.contains("## What to do first"));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let go = |threads: &str| {
        coherence()
            .env("RAYON_NUM_THREADS", threads)
            .args(["gaps", "--data", "examples/district", "--format", "csv"])
            .output()
            .unwrap()
            .stdout
    };
    let one = go("1");
    assert!(one.len() > 10_000);
    assert_eq!(one, go("2"));
}

#[test]
fn scopes_can_be_picked_and_unknown_ones_are_named() {
    let (code, stdout, _) =
        run(&["gaps", "--data", &fixture("plans"), "--scope", "s2", "--format", "json", "--summary-only"]);
    assert_eq!(code, 0);
    let s: Value = serde_json::from_str::<Value>(&stdout).unwrap()["summary"].clone();
    assert_eq!(s["scopes"].as_object().unwrap().keys().collect::<Vec<_>>(), ["s2"]);
    assert_eq!(s["totals"]["C5"], 1);
    coherence()
        .args(["gaps", "--data", &fixture("plans"), "--scope", "s3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no scope s3; the nearest scope ids are s1, s2, d1"));
}

#[test]
fn fail_on_warning_makes_gaps_a_gate() {
    coherence().args(["gaps", "--data", &fixture("plans"), "--fail-on", "warning"]).assert().code(1);
    coherence().args(["gaps", "--data", &fixture("plans")]).assert().code(0);
}

#[test]
fn out_is_atomic_and_a_failed_run_leaves_the_old_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("gaps.csv");
    coherence()
        .args(["gaps", "--data", &fixture("plans"), "--format", "csv", "--out"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout("");
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(first.lines().count() > 10);
    coherence().args(["gaps", "--data", "no/such/folder", "--format", "csv", "--out"]).arg(&file).assert().code(2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
    let names: Vec<String> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert_eq!(names, ["gaps.csv"], "no partial or temporary file");
}

fn plan_data(modules: &[u8], scopes: &[u8], plans: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    folder("plans", &[("modules.csv", modules), ("scopes.csv", scopes), ("plans.csv", plans)])
}

fn report(dir: &Path) -> Value {
    let out = coherence().args(["validate", "--format", "json", "--data"]).arg(dir).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn bad_plan_rows_are_findings_with_their_line() {
    let (_t, dir) = plan_data(
        b"id,kind,standards\nM1,pd,4.NF.B.3a\nM1,pd,4.NF.B.4\nM2,intervention,\nM3,pd,4.NF.B.9\n",
        b"id,grade_lo,grade_hi\nS1,3,5\nS2,5,3\n",
        b"scope,module,sequence\nS1,M1,1\nS1,M9,2\nS9,M1,\nS1,M3,two\n",
    );
    let r = report(&dir);
    let got: Vec<(String, String, u64)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with('D'))
        .map(|f| {
            let file = f["file"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
            (f["code"].as_str().unwrap().to_string(), file, f["line"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("D1".to_string(), "modules.csv".to_string(), 3),
            ("D2".to_string(), "modules.csv".to_string(), 5),
            ("D2".to_string(), "plans.csv".to_string(), 3),
            ("D2".to_string(), "plans.csv".to_string(), 4),
            ("D6".to_string(), "modules.csv".to_string(), 4),
            ("D6".to_string(), "plans.csv".to_string(), 5),
            ("D6".to_string(), "scopes.csv".to_string(), 3),
        ]
    );
    let messages: Vec<&str> =
        r["findings"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(messages.iter().any(|m| m.contains("module M9, which does not exist")));
    assert!(messages.iter().any(|m| m.contains("sequence \"two\" is not an integer")));
    assert!(messages.iter().any(|m| m.contains("grade_lo 5 is above grade_hi 3")));
    assert!(messages.iter().any(|m| m.contains("M2 dropped: it names no standard")));
    // The gaps report still runs on what is left.
    let (code, stdout, _) = run(&["gaps", "--data", dir.to_str().unwrap(), "--format", "json", "--summary-only"]);
    assert_eq!(code, 1, "data errors make gaps exit 1 at the default --fail-on error");
    let s: Value = serde_json::from_str::<Value>(&stdout).unwrap()["summary"].clone();
    assert_eq!(s["dataset"]["D2"], 3);
    assert_eq!(s["scopes"].as_object().unwrap().keys().collect::<Vec<_>>(), ["S1"]);
}

#[test]
fn an_empty_catalogue_file_exits_2() {
    let (_t, dir) = plan_data(b"", b"id,grade_lo,grade_hi\nS1,3,5\n", b"scope,module\n");
    coherence()
        .args(["gaps", "--data"])
        .arg(&dir)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("modules.csv").and(predicate::str::contains("empty")));
}

#[test]
fn plans_in_the_native_format_give_the_same_report() {
    let tmp = tempfile::tempdir().unwrap();
    coherence()
        .args(["export", "--format", "json", "--data", "examples/district", "--out"])
        .arg(tmp.path())
        .assert()
        .code(0);
    let native = tmp.path().join("ccss-math").join("plans.json");
    assert!(native.is_file());
    // The exported plans file alone: the embedded standards are added, as for the CSV files.
    let (code, stdout, stderr) =
        run(&["gaps", "--data", native.to_str().unwrap(), "--format", "json", "--summary-only"]);
    assert_eq!(code, 0, "{stderr}");
    let s: Value = serde_json::from_str::<Value>(&stdout).unwrap()["summary"].clone();
    assert_eq!(s, summary("examples/district"));
}

#[test]
fn an_unknown_code_in_a_module_gets_the_nearest_known_codes() {
    let (_t, dir) = plan_data(
        b"id,kind,standards\nM1,pd,4.NF.B.3a;4.NF.B.9\n",
        b"id,grade_lo,grade_hi\nS1,3,5\n",
        b"scope,module\nS1,M1\n",
    );
    let r = report(&dir);
    let d2: Vec<&Value> = r["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "D2").collect();
    assert_eq!(d2.len(), 1);
    assert_eq!(d2[0]["line"], 2);
    assert!(d2[0]["help"].as_str().unwrap().starts_with("did you mean 4.NF.B.3"), "{}", d2[0]);
}
