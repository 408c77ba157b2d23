//! Inputs shaped to make a naive engine slow or deep: huge ids, many
//! unknown codes, a family of many parts, deep and cyclic scope trees, a
//! crosswalk that fans out, many re-coded standards. Each must finish (these
//! tests assert outcomes, never times; the benches measure the times).

use std::fmt::Write as _;

use crate::util::{coherence, findings, folder, validate_json};

#[test]
fn a_huge_unknown_id_gets_no_suggestion_and_costs_nothing() {
    let mut standards = String::from("id,grade\n");
    for i in 0..2000 {
        let _ = writeln!(standards, "S.{i},3");
    }
    let huge = "X".repeat(80_000);
    let edges = format!("from,to,kind\nS.1,{huge},builds_towards\n");
    let (_t, dir) = folder("huge", &[("standards.csv", standards.as_bytes()), ("progressions.csv", edges.as_bytes())]);
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 1);
    let d2 = findings(&report, "D2");
    assert_eq!(d2.len(), 1);
    assert_eq!(d2[0]["help"], "fix the code, or add the standard it names");
}

#[test]
fn many_unknown_codes_share_one_budget_of_suggestions() {
    let mut standards = String::from("id,grade\n");
    let mut edges = String::from("from,to,kind\n");
    for i in 0..5000 {
        let _ = writeln!(standards, "S.{i},3");
    }
    for i in 0..1000 {
        let _ = writeln!(edges, "S.{i},T.{i},builds_towards");
    }
    let (_t, dir) = folder("many", &[("standards.csv", standards.as_bytes()), ("progressions.csv", edges.as_bytes())]);
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 1);
    let d2 = findings(&report, "D2");
    assert_eq!(d2.len(), 1000, "every unknown code is a finding, with or without a suggestion");
    assert!(
        d2.iter().any(|f| f["help"].as_str().unwrap().starts_with("did you mean")),
        "the first ones get suggestions"
    );
}

#[test]
fn a_standard_with_many_parts_is_one_family_walked_once() {
    let mut standards = String::from("id,grade,parent\nP,3,\nQ,3,\n");
    for i in 0..20_000 {
        let _ = writeln!(standards, "P.{i},3,P");
    }
    let (_t, dir) = folder(
        "fat",
        &[("standards.csv", standards.as_bytes()), ("progressions.csv", b"from,to,kind\nP.7,Q,relates_to\n")],
    );
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(findings(&report, "H1").len(), 0, "one part's link serves the whole family");
}

#[test]
fn a_sub_standard_of_another_grade_than_its_parent_is_reported() {
    let (_t, dir) = folder("grades", &[("standards.csv", b"id,grade,parent\nA.1,3,\nA.1a,4,A.1\n")]);
    let (_, report, _) = validate_json(&[&dir]);
    let f8 = findings(&report, "F8");
    assert_eq!(f8.len(), 1, "{report}");
    assert!(f8[0]["message"].as_str().unwrap().contains("A.1a (grade 4) names parent A.1 of grade 3"));
    assert_eq!(f8[0]["line"], 3);
}

fn scopes_of(rows: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    folder(
        "scopes",
        &[
            ("standards.csv", b"id,grade,focus\nA.1,3,major\n"),
            ("scopes.csv", format!("id,name,parent,grade_lo,grade_hi\n{rows}").as_bytes()),
        ],
    )
}

#[test]
fn a_cycle_of_scope_parents_is_reported_and_every_scope_is_shown() {
    let (_t, dir) = scopes_of("a,,c,3,3\nb,,a,3,3\nc,,b,3,3\nd,,,3,3\n");
    let (_, report, _) = validate_json(&[&dir]);
    let f9 = findings(&report, "F9");
    assert_eq!(f9.len(), 1, "{report}");
    assert_eq!(f9[0]["ids"], serde_json::json!(["a", "b", "c"]));
    let out = coherence().args(["gaps", "--data"]).arg(&dir).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for id in ["a", "b", "c", "d"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(&format!("{id}, grades"))),
            "{id} has a section:\n{text}"
        );
    }
}

#[test]
fn a_deep_chain_of_scopes_is_reported_without_a_growing_indent() {
    let mut rows = String::from("s0,,,3,3\n");
    for i in 1..5000 {
        let _ = writeln!(rows, "s{i},,s{},3,3", i - 1);
    }
    let (_t, dir) = scopes_of(&rows);
    let out = coherence().args(["gaps", "--data"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let widest = text.lines().map(|l| l.len() - l.trim_start().len()).max().unwrap_or(0);
    assert!(widest <= 20, "indentation stops growing: {widest} spaces");
    assert!(text.contains("s4999, grades 3-3"));
    let md = coherence().args(["gaps", "--format", "markdown", "--data"]).arg(&dir).output().unwrap();
    assert_eq!(md.status.code(), Some(0));
}

#[test]
fn a_crosswalk_that_fans_out_is_refused_before_it_is_built() {
    let mut standards = String::from("id,grade\n");
    let mut crosswalk = String::from("state_code,ccss_code\n");
    for i in 0..1500 {
        let _ = writeln!(standards, "ST.{i},3");
        let _ = writeln!(crosswalk, "ST.{i},3.NF.A.1");
        let _ = writeln!(standards, "SU.{i},4");
        let _ = writeln!(crosswalk, "SU.{i},4.NF.B.3a");
    }
    let (_t, dir) = folder("fan", &[("standards.csv", standards.as_bytes()), ("crosswalk.csv", crosswalk.as_bytes())]);
    let out = coherence()
        .args(["validate", "--format", "json", "--data", "builtin:ccss-math", "--data"])
        .arg(&dir)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f5 = findings(&report, "F5");
    let refused =
        f5.iter().find(|f| f["message"].as_str().unwrap().contains("would carry")).expect("the fan-out is told");
    assert!(refused["message"].as_str().unwrap().contains("2250000 edges"), "{refused}");
    assert!(refused["file"].as_str().unwrap().ends_with("crosswalk.csv"));
    assert!(report["input"]["builds_towards"].as_u64().unwrap() < 2000, "nothing carried");
}

#[test]
fn trace_takes_no_negative_number_of_grades() {
    coherence().args(["trace", "4.NF.B.3", "--back=-5"]).assert().code(2);
    coherence().args(["trace", "4.NF.B.3", "--forward=-1"]).assert().code(2);
}
