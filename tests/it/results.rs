//! Students' results (`results.csv`) on a fixture small enough to derive by
//! hand (tests/fixtures/results): the weak standards, the weak prerequisites
//! walked back, the intervention coverage rate, the order of C3 findings and
//! of interventions, the students reached, the bad rows, and the spec's
//! summary left as it is.
//!
//! The fixture, threshold 0.6, window 2 (K1 → A1 → A2 → A3, A1 → B2 → B3,
//! A2 → B3):
//!
//! | scope | K1 | A1 | A2 | A3 | B2 | B3 | C3 |
//! |---|---|---|---|---|---|---|---|
//! | s1 | 10/20 | 20/40 | 22/40 | 20/50 | 40/60 | 25/50 | 9/10 |
//! | s2 | | 30/30 | 12/30 (2025-spring; 25/30 in 2024-fall) | 15/20 | 15/30 | 16/30 | |
//!
//! s1 adopts P1 (A3, B3), P2 (A2) and intervention I1 (A2); s2 adopts P1 and
//! I2 (B2). I3 (A1) is in the catalogue only. Rows 15-19 of results.csv are bad.

use std::path::Path;

use serde_json::{Value, json};

use crate::util::{coherence, fixture};

/// The fixture's five files without results.csv, in a temporary folder.
fn without_results() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    for f in ["standards.csv", "progressions.csv", "modules.csv", "scopes.csv", "plans.csv"] {
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("results")).join(f), tmp.path().join(f))
            .unwrap();
    }
    let dir = tmp.path().to_string_lossy().to_string();
    (tmp, dir)
}

/// `coherence ARGS`: (exit code, stdout). The fixture's bad rows are data errors: exit 1.
fn run(args: &[&str]) -> (i32, String) {
    let out = coherence().args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

fn json_report(data: &str, extra: &[&str]) -> Value {
    let mut args = vec!["gaps", "--format", "json", "--data", data];
    args.extend_from_slice(extra);
    let (_, out) = run(&args);
    serde_json::from_str(&out).unwrap()
}

fn scope<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["evidence"]["scopes"].as_array().unwrap().iter().find(|s| s["scope"] == id).unwrap()
}

/// (standard, proficient, tested) of a list of results.
fn scores(list: &Value) -> Vec<(String, u64, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let r = &w["results"];
            (
                r["standard"].as_str().unwrap().to_string(),
                r["proficient"].as_u64().unwrap(),
                r["tested"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The standards of a weak standard's prerequisites, with their steps back.
fn prerequisites(weak: &Value) -> Vec<(String, u64)> {
    weak["prerequisites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["results"]["standard"].as_str().unwrap().to_string(), p["steps"].as_u64().unwrap()))
        .collect()
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect()
}

fn owned(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

#[test]
fn weak_standards_prerequisites_and_intervention_coverage_are_as_derived_by_hand() {
    let r = json_report(&fixture("results"), &[]);
    assert_eq!(r["evidence"]["weak"], json!(0.6));
    // d1 has no results of its own: no evidence for it.
    let ids: Vec<&str> =
        r["evidence"]["scopes"].as_array().unwrap().iter().map(|s| s["scope"].as_str().unwrap()).collect();
    assert_eq!(ids, ["s1", "s2"]);

    // s1: below 60% are A3 0.40, then at 0.50 B3 (25 below), A1 (20 below), K1 (10 below), then A2 0.55.
    let s1 = scope(&r, "s1");
    assert_eq!(s1["tested"], 7);
    let weak = &s1["weakest"];
    let want = [("A3", 20, 50), ("B3", 25, 50), ("A1", 20, 40), ("K1", 10, 20), ("A2", 22, 40)];
    assert_eq!(scores(weak), want.map(|(s, p, t)| (s.to_string(), p, t)));
    // Walked back through weak standards within two grades, lower grade first:
    // A3 ← A2 ← A1 (K1 is three grades below A3); B3 ← A2 ← A1 (B2 is not weak
    // and ends that path); A1 ← K1; A2 ← A1 ← K1.
    assert_eq!(prerequisites(&weak[0]), owned(&[("A1", 2), ("A2", 1)]));
    assert_eq!(prerequisites(&weak[1]), owned(&[("A1", 2), ("A2", 1)]));
    assert_eq!(prerequisites(&weak[2]), owned(&[("K1", 1)]));
    assert_eq!(prerequisites(&weak[3]), owned(&[]));
    assert_eq!(prerequisites(&weak[4]), owned(&[("K1", 2), ("A1", 1)]));
    // Only A2 has an intervention of s1's plan (I1): 1 of 5 weak standards.
    let backed: Vec<Vec<&str>> = weak.as_array().unwrap().iter().map(|w| strings(&w["interventions"])).collect();
    assert_eq!(backed, [vec![], vec![], vec![], vec![], vec!["I1"]]);
    assert_eq!(s1["intervention_coverage"], json!({"weak": 5, "covered": 1, "rate": 0.2}));
    // Taught by its PD and weak: A3, B3 (P1) and A2 (P2); A1 needs I3, which s1 does not adopt.
    let next = &s1["taught_next"];
    assert_eq!(scores(next).iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["A3", "B3", "A2"]);
    for t in next.as_array().unwrap() {
        assert_eq!(t["backed"], false);
        assert_eq!(strings(&t["offers"]), ["I3"]);
    }
    assert_eq!(strings(&next[0]["taught_in"]), ["P1"]);
    assert_eq!(strings(&next[2]["taught_in"]), ["P2"]);

    // s2: A2's latest term is 12 of 30 (0.40); B2 0.50; B3 16/30 = 0.5333. A1 and A3 are not weak.
    let s2 = scope(&r, "s2");
    let weak = &s2["weakest"];
    assert_eq!(scores(weak), [("A2", 12, 30), ("B2", 15, 30), ("B3", 16, 30)].map(|(s, p, t)| (s.to_string(), p, t)));
    assert_eq!(weak[0]["results"]["term"], "2025-spring");
    // B3 ← A2 and B3 ← B2, one step each, weaker first; A2 and B2 stop at A1 (proficient).
    assert_eq!(prerequisites(&weak[2]), owned(&[("A2", 1), ("B2", 1)]));
    assert_eq!(prerequisites(&weak[0]), owned(&[]));
    assert_eq!(strings(&weak[1]["interventions"]), ["I2"]);
    assert_eq!(s2["intervention_coverage"], json!({"weak": 3, "covered": 1, "rate": 0.3333}));
}

#[test]
fn weak_is_a_threshold_of_its_own() {
    // At 0.5 only s1's A3 (0.40) and s2's A2 (0.40) are weak: 0.50 is not below 0.50.
    let r = json_report(&fixture("results"), &["--weak", "0.5"]);
    let s1 = scope(&r, "s1");
    assert_eq!(scores(&s1["weakest"]), [("A3".to_string(), 20, 50)]);
    // A2 (0.55) is no longer weak, so nothing is walked back.
    assert_eq!(prerequisites(&s1["weakest"][0]), owned(&[]));
    assert_eq!(s1["intervention_coverage"], json!({"weak": 1, "covered": 0, "rate": 0.0}));
    assert_eq!(json_report(&fixture("results"), &["--weak", "50%"])["evidence"], r["evidence"]);
    for bad in ["0", "1.5", "x"] {
        let (code, _) = run(&["gaps", "--data", &fixture("results"), "--weak", bad]);
        assert_eq!(code, 2, "--weak {bad}");
    }
}

#[test]
fn a_term_reads_that_term_only() {
    let r = json_report(&fixture("results"), &["--term", "2024-fall"]);
    let ids: Vec<&str> =
        r["evidence"]["scopes"].as_array().unwrap().iter().map(|s| s["scope"].as_str().unwrap()).collect();
    assert_eq!(ids, ["s2"]);
    // 25 of 30 in 2024-fall: not weak.
    assert_eq!(scope(&r, "s2")["weakest"], json!([]));
    let out = coherence().args(["gaps", "--data", &fixture("results"), "--term", "2023"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2024-fall, 2025-spring"));
}

/// The prerequisites of the C3 lines of a scope's section of the text report, in order.
fn c3_lines(text: &str, scope: &str) -> Vec<String> {
    let start = text.find(&format!("({scope}), grades")).unwrap();
    let section = &text[start..];
    let end = section[1..].find("School (").map_or(section.len(), |e| e + 1);
    let joined = section[..end].replace("\n        ", " ");
    joined
        .lines()
        .filter_map(|l| l.split("[C3] ").nth(1))
        .map(|l| l.split("its prerequisite ").nth(1).unwrap().split(' ').next().unwrap().to_string())
        .collect()
}

#[test]
fn c3_findings_rank_by_the_weakness_of_their_prerequisite() {
    let (_tmp, plain) = without_results();
    let (_, with) = run(&["gaps", "--data", &fixture("results"), "--top", "20"]);
    let (_, without) = run(&["gaps", "--data", &plain, "--top", "20"]);
    // s2: A2 has 40% proficient, A1 100%: A2's line moves first.
    assert_eq!(c3_lines(&without, "s2"), ["A1", "A2"]);
    assert_eq!(c3_lines(&with, "s2"), ["A2", "A1"]);
    // s1: A1 and K1 are both at 50%, and A1 has more students below
    // proficient (20 to 10); B2 (40 of 60) comes last.
    assert_eq!(c3_lines(&with, "s1"), ["A1", "K1", "B2"]);
    assert!(with.contains("(grade 2, 40% proficient)"), "the C3 words name the share");
}

#[test]
fn interventions_rank_by_the_students_they_reach() {
    let (_tmp, plain) = without_results();
    let ranked = |r: &Value| -> Vec<(String, Option<u64>)> {
        r["actions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "intervention")
            .map(|a| (a["module"].as_str().unwrap().to_string(), a["closes"]["students"].as_u64()))
            .collect()
    };
    // Without results: I3 closes 2 prerequisites, then I1 (2 pairs) before I2 (1 pair).
    let without = ranked(&json_report(&plain, &[]));
    assert_eq!(without, [("I3".to_string(), None), ("I1".to_string(), None), ("I2".to_string(), None)]);
    // Students reached, tested - proficient on what it addresses where it is suggested:
    // I3 (A1) at s1 40-20 = 20 and at s2 30-30 = 0; I2 (B2) at s1 60-40 = 20; I1 (A2) at s2 30-12 = 18.
    // I3 and I2 tie at 20: I3 closes more. I1 reaches fewer than I2 and moves below it.
    let with = ranked(&json_report(&fixture("results"), &[]));
    assert_eq!(with, [("I3".to_string(), Some(20)), ("I2".to_string(), Some(20)), ("I1".to_string(), Some(18))]);
    let places = |r: &Value| -> Vec<String> {
        r["actions"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(
        places(&json_report(&plain, &[])),
        places(&json_report(&fixture("results"), &[])),
        "PD keeps its places"
    );
}

#[test]
fn bad_rows_are_findings_with_file_and_line() {
    let out = coherence().args(["validate", "--format", "json", "--data", &fixture("results")]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "data errors");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String, u64, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().is_some_and(|p| p.ends_with("results.csv")))
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                format!("{} | {}", f["message"].as_str().unwrap(), f["help"].as_str().unwrap()),
            )
        })
        .collect();
    let file = "tests/fixtures/results/results.csv".to_string();
    let want = [
        ("D2", 15, "results row for scope s1: A4 is not a known standard | did you mean A1, A2, A3?"),
        ("D2", 16, "results row names scope s9, which does not exist | did you mean s1, s2, d1?"),
        ("D6", 17, "results row s1 / B3 dropped: tested is 0, so there is no share proficient"),
        ("D6", 18, "results row s1 / B3 dropped: proficient 12 is more than tested 10"),
        ("D6", 19, "results row s1 / B3 dropped: tested \"ten\" is not a whole number"),
    ];
    assert_eq!(found.len(), want.len(), "{found:#?}");
    for ((code, f, line, words), (wc, wl, ww)) in found.iter().zip(want) {
        assert_eq!((code.as_str(), f, *line), (wc, &file, wl));
        assert!(words.starts_with(ww), "{words}");
    }
}

#[test]
fn results_leave_the_spec_summary_as_it_is() {
    let (_tmp, plain) = without_results();
    let summary = |data: &str| run(&["gaps", "--format", "json", "--summary-only", "--data", data]).1;
    assert_eq!(summary(&fixture("results")), summary(&plain));
    // The full report's summary too, though its dataset findings list the bad rows.
    let with = json_report(&fixture("results"), &[]);
    assert_eq!(with["summary"], json_report(&plain, &[])["summary"]);
    assert_eq!(with["dataset_findings"].as_array().unwrap().iter().filter(|f| f["code"] == "D6").count(), 3);
}

#[test]
fn without_results_the_report_has_no_evidence() {
    let (_tmp, plain) = without_results();
    let r = json_report(&plain, &[]);
    assert!(r.get("evidence").is_none());
    let (_, text) = run(&["gaps", "--data", &plain]);
    assert!(!text.contains("Students' results") && !text.contains("proficient"));
}

#[test]
fn every_format_shows_the_evidence() {
    let data = fixture("results");
    let (_, text) = run(&["gaps", "--data", &data]);
    assert!(text.contains("Students' results: 5 of 7 standards tested below 60% proficient (term 2025-spring);"));
    assert!(text.contains("interventions of the plan back 1 of them (20%)"));
    assert!(text.contains("A3 40% (20 of 50); weak before it: A1 50%, A2 55%; no intervention"));
    assert!(text.contains("A2 55% (22 of 40); weak before it: K1 50%, A1 50%; backed by I1"));
    let (_, md) = run(&["gaps", "--data", &data, "--format", "markdown"]);
    assert!(md.contains("| weak standard | proficient | weak before it | intervention |"));
    assert!(md.contains("| B2 | 50% (15 of 30) | none | I2 |"));
    let (_, csv) = run(&["gaps", "--data", &data, "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let count = |code: &str| records.iter().filter(|r| &r[0] == code).count();
    // E1: 5 weak in s1, 3 in s2. E2: s1's A3, B3 and A2 have two weak prerequisites each, s2's B3 two.
    assert_eq!((count("E1"), count("E2")), (8, 8));
    let e1 = records.iter().find(|r| &r[0] == "E1" && &r[5] == "B2").unwrap();
    assert_eq!((&e1[13], &e1[14]), ("tests/fixtures/results/results.csv", "13"));
    assert!(e1[11].ends_with("backed by I2"), "{}", &e1[11]);
}

#[test]
fn csv_with_a_baseline_keeps_one_width() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base.json");
    let out =
        coherence().args(["gaps", "--format", "json", "--data", &fixture("results"), "--out"]).arg(&base).output();
    assert!(out.unwrap().status.code().is_some());
    let out = coherence()
        .args(["gaps", "--format", "csv", "--data", &fixture("results"), "--baseline"])
        .arg(&base)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let width = rows.headers().unwrap().len();
    assert_eq!(width, 16);
    assert!(rows.records().all(|r| r.unwrap().len() == width));
    assert!(text.contains("\nE1,"));
}

#[test]
fn extreme_counts_and_odd_terms_never_panic() {
    let read = |f: &str| std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("results")).join(f)).unwrap();
    let max = u64::MAX;
    // Two rows of one term add up without overflow; a count past 64 bits is a D6; a term with a control character prints escaped.
    let results = format!(
        "scope,standard,term,tested,proficient\n\
         s1,A3,t\u{7},{max},{max}\n\
         s1,A3,t\u{7},{max},1\n\
         s1,B3,,18446744073709551616,1\n\
         s1,A2,,-3,1\n\
         s1,A1,,4.5,1\n"
    );
    let (standards, progressions, modules, scopes, plans) =
        (read("standards.csv"), read("progressions.csv"), read("modules.csv"), read("scopes.csv"), read("plans.csv"));
    let (_tmp, dir) = crate::util::folder(
        "data",
        &[
            ("standards.csv", &standards),
            ("progressions.csv", &progressions),
            ("modules.csv", &modules),
            ("scopes.csv", &scopes),
            ("plans.csv", &plans),
            ("results.csv", results.as_bytes()),
        ],
    );
    let dir = dir.to_string_lossy().to_string();
    for format in ["text", "markdown", "json", "csv"] {
        let out = coherence().args(["gaps", "--data", &dir, "--format", format]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: data errors, no panic: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let r = json_report(&dir, &[]);
    let a3 = &scope(&r, "s1")["weakest"];
    assert_eq!(a3, &json!([]), "saturated at u64::MAX of u64::MAX: all proficient");
    let d6 = r["dataset_findings"].as_array().unwrap().iter().filter(|f| f["code"] == "D6").count();
    assert_eq!(d6, 3);
    let (_, text) = run(&["gaps", "--data", &dir]);
    assert!(text.contains("Students' results: 0 of 1 standard tested below 60% proficient (term t\\u{7})"), "{text}");
    assert!(!text.contains('\u{7}'), "control characters never reach the terminal");
}
