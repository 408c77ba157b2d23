//! Learning Commons Knowledge Graph exports (CSV and JSONL), on small samples
//! written to the published columns (import_scripts/postgresql/create_tables.sql).

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{coherence, findings, fixture, folder, validate_json};

fn json(args: &[&str]) -> Value {
    let out = coherence().args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

const FILTER: [&str; 6] = ["--jurisdiction", "Multi-State", "--subject", "Mathematics", "--format", "json"];

/// Runs a command on the multi-state mathematics of an export, with JSON output.
fn filtered(args: &[&str]) -> Value {
    json(&[args, &FILTER[..]].concat())
}

#[test]
fn the_csv_export_imports_with_its_hierarchy_and_links() {
    let dir = fixture("lckg-csv");
    let mut args = vec!["validate", "--data", &dir];
    args.extend(FILTER);
    let r = json(&args);
    assert_eq!(r["input"]["frameworks"], serde_json::json!(["multi-state-mathematics"]));
    assert_eq!(r["input"]["standards"], 4, "the cluster is data, the ELA and state items are filtered out");
    assert_eq!(r["input"]["builds_towards"], 1);
    assert_eq!(r["input"]["relates_to"], 1);
    let f4: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "F4")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(f4.iter().any(|m| m.contains("1 supports relationship not loaded")), "{f4:?}");
    let card = filtered(&["show", "4.NF.B.3", "--data", &dir]);
    assert_eq!(
        card["family"],
        serde_json::json!(["4.NF.B.3", "4.NF.B.3a"]),
        "hasChild between standards is a sub-standard"
    );
    let before: Vec<&str> = card["builds_on"].as_array().unwrap().iter().map(|x| x["code"].as_str().unwrap()).collect();
    assert_eq!(before, ["3.NF.A.1"], "buildsTowards, via 4.NF.B.3a");
}

#[test]
fn the_jsonl_export_gives_the_same_data() {
    let csv = filtered(&["stats", "--data", &fixture("lckg-csv")]);
    let jsonl = filtered(&["stats", "--data", &fixture("lckg-jsonl")]);
    assert_eq!(csv, jsonl);
}

#[test]
fn a_state_aligned_by_has_standard_alignment_is_crosswalked() {
    let r = json(&["validate", "--data", &fixture("lckg-csv"), "--subject", "Mathematics", "--format", "json"]);
    assert_eq!(r["input"]["frameworks"], serde_json::json!(["multi-state-mathematics", "massachusetts-mathematics"]));
    assert!(
        r["findings"].as_array().unwrap().iter().any(|f| f["code"] == "F5"),
        "the alignment is a crosswalk, and its gaps are reported"
    );
}

#[test]
fn a_missing_published_column_exits_2() {
    let (_t, dir) = folder("kg", &[("StandardsFrameworkItem.csv", b"identifier,statementCode\ni-1,3.NF.A.1\n")]);
    coherence().args(["validate", "--data"]).arg(&dir).assert().code(2).stderr(
        predicate::str::contains("StandardsFrameworkItem.csv").and(predicate::str::contains("caseIdentifierUUID")),
    );
}

#[test]
fn a_has_child_cycle_without_grades_ends_with_a_finding_for_each_item() {
    let items = b"caseIdentifierUUID,statementCode,gradeLevel,normalizedStatementType,jurisdiction,academicSubject\n\
u-1,A.1,,Standard,X,Math\nu-2,A.2,,Standard,X,Math\nu-3,A.3,3,Standard,X,Math\n";
    let rels = b"relationshipType,sourceEntityValue,targetEntityValue\nhasChild,u-1,u-2\nhasChild,u-2,u-1\n";
    let (_t, dir) = folder("kg", &[("StandardsFrameworkItem.csv", items), ("Relationships.csv", rels)]);
    let out = coherence()
        .args(["validate", "--format", "json", "--data"])
        .arg(&dir)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the walk up the parents ends: {}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<u64> = findings(&r, "D6").iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 3], "no grade on either item or above it: {r:#}");
    assert_eq!(r["input"]["standards"], 1, "A.3; not the embedded set");
}

#[test]
fn crlf_line_ends_and_a_blank_line_give_the_right_line() {
    let items = b"identifier,caseIdentifierUUID,statementCode,gradeLevel,jurisdiction,academicSubject,normalizedStatementType,description\r\n\
i-1,u-1,3.NF.A.1,\"[\"\"3\"\"]\",Multi-State,Mathematics,Standard,\"A unit fraction, 1/b.\"\r\n\
\r\n\
i-2,u-2,3.NF.A.2,,Multi-State,Mathematics,Standard,No grade here.\r\n";
    let (_t, dir) = folder("kg", &[("StandardsFrameworkItem.csv", items)]);
    let (code, r, _) = validate_json(&[&dir]);
    assert_eq!(code, 1);
    let d6 = findings(&r, "D6");
    assert_eq!(d6.len(), 1, "{r:#}");
    assert!(d6[0]["message"].as_str().unwrap().contains("3.NF.A.2"), "{r:#}");
    assert_eq!(d6[0]["line"], 4, "the header, a row, a blank line, then the item");
}
