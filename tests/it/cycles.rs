//! Parent cycles (F7) in every format: one warning per cycle, naming its
//! members and where they are; the run goes on, and every count is as if the
//! walk up or down the hierarchy ended where it repeats (spec, Fine print).

use serde_json::Value;

use crate::util::{coherence, findings, folder, validate_json};

/// The F7 findings of `report`: (message, file name, line).
fn f7(report: &Value) -> Vec<(String, String, Option<u64>)> {
    findings(report, "F7")
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default().to_string();
            (f["message"].as_str().unwrap().to_string(), file, f["line"].as_u64())
        })
        .collect()
}

#[test]
fn csv_parent_cycles_are_one_warning_each_and_descendants_end_where_they_repeat() {
    let (_t, dir) = folder(
        "x",
        &[
            ("standards.csv", b"id,grade,parent\nA,3,\nB,3,C\nC,3,B\nD,3,F\nE,3,D\nF,3,E\nG,3,F\n"),
            ("progressions.csv", b"from,to,kind\nA,B,builds_towards\nA,C,relates_to\n"),
            ("modules.csv", b"id,kind,standards\nPD-B,pd,B\nPD-E,pd,E\n"),
            ("scopes.csv", b"id,grade_lo,grade_hi\nS,3,3\n"),
            ("plans.csv", b"scope,module\nS,PD-B\nS,PD-E\n"),
        ],
    );
    let (code, report, err) = validate_json(&[&dir]);
    assert_eq!(code, 0, "a warning does not fail validate: {err}");
    assert_eq!(
        f7(&report),
        [
            ("parent cycle among 2 standards: B, C".to_string(), "standards.csv".to_string(), Some(3)),
            ("parent cycle among 3 standards: D, E, F".to_string(), "standards.csv".to_string(), Some(5)),
        ]
    );
    let f = &findings(&report, "F7")[0];
    assert_eq!((f["severity"].as_str(), f["name"].as_str()), (Some("warning"), Some("parent-cycle")));
    assert_eq!(f["ids"], serde_json::json!(["B", "C"]));
    assert_eq!(report["summary"]["F7"], 2);
    // The family checks still judge each standard once, over its one-level family.
    assert_eq!(findings(&report, "H1").len(), 4, "D, E, F, G: {report:#}");

    // PD-B covers B and C; PD-E covers D, E, F and G (G hangs below F): each once.
    let out = coherence().args(["gaps", "--format", "json", "--data"]).arg(&dir).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let gaps: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(gaps["summary"]["scopes"]["S"]["base"]["taught"], 6, "{}", gaps["summary"]);
    for cmd in [&["show", "B"][..], &["trace", "E"], &["show", "G", "--format", "json"]] {
        let out = coherence().args(cmd).arg("--data").arg(&dir).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_native_parent_cycle_points_at_the_first_parent_field() {
    let part = b"{\n  \"grade\": \"4\",\n  \"standards\": [\n    {\"id\": \"4.A.1\", \"parent\": \"4.A.2\"},\n    {\"id\": \"4.A.2\", \"parent\": \"4.A.1\"}\n  ]\n}\n";
    let (_t, dir) = folder("fw", &[("part.json", part)]);
    let (code, report, err) = validate_json(&[&dir.join("part.json")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        f7(&report),
        [("parent cycle among 2 standards: 4.A.1, 4.A.2".to_string(), "part.json".to_string(), Some(4))]
    );
    assert_eq!(findings(&report, "F7")[0]["column"], 31, "at the parent field's value");
}

/// A CASE package: two standards children of each other (they become
/// sub-standards of each other: the graph reports them, once) and a domain
/// and a cluster children of each other (no standard keeps that cycle: the
/// reader reports it).
#[test]
fn case_is_child_of_cycles_are_reported_once_each() {
    let item = |id: &str, kind: &str| {
        format!(
            "{{\"identifier\": \"{id}\", \"humanCodingScheme\": \"{id}\", \"CFItemType\": \"{kind}\", \"educationLevel\": [\"03\"]}}"
        )
    };
    let child = |a: &str, b: &str| {
        format!(
            "{{\"associationType\": \"isChildOf\", \"originNodeURI\": {{\"identifier\": \"{a}\"}}, \"destinationNodeURI\": {{\"identifier\": \"{b}\"}}}}"
        )
    };
    let package = format!(
        "{{\"CFDocument\": {{\"identifier\": \"doc\", \"title\": \"Loops\"}},\n\"CFItems\": [\n{},\n{},\n{},\n{},\n{}\n],\n\"CFAssociations\": [{}, {}, {}, {}, {}]}}\n",
        item("S1", "Standard"),
        item("S2", "Standard"),
        item("DOM", "Domain"),
        item("CL", "Cluster"),
        item("S3", "Standard"),
        child("S1", "S2"),
        child("S2", "S1"),
        child("DOM", "CL"),
        child("CL", "DOM"),
        child("S3", "CL"),
    );
    let (_t, dir) = folder("case", &[("loops.json", package.as_bytes())]);
    let (code, report, err) = validate_json(&[&dir.join("loops.json")]);
    assert!(matches!(code, 0 | 1), "{err}");
    assert_eq!(
        f7(&report),
        [
            ("parent cycle among 2 standards: S1, S2".to_string(), "loops.json".to_string(), Some(3)),
            ("isChildOf cycle among 2 items: CL, DOM".to_string(), "loops.json".to_string(), Some(5)),
        ]
    );
    assert_eq!(report["input"]["standards"], 3, "the run goes on: S3 under the looping cluster is read");
}

/// Knowledge Graph exports, CSV and JSONL: two standards each the other's
/// child (the graph reports them), two groupings likewise (the reader does).
#[test]
fn knowledge_graph_has_child_cycles_are_reported_once_each() {
    let items = "identifier,caseIdentifierUUID,statementCode,normalizedStatementType,jurisdiction,academicSubject,gradeLevel\n\
        i-1,u-1,3.A.1,Standard,Multi-State,Mathematics,3\n\
        i-2,u-2,3.A.1a,Standard,Multi-State,Mathematics,3\n\
        i-3,u-3,3.A,Domain,Multi-State,Mathematics,3\n\
        i-4,u-4,3.B,Cluster,Multi-State,Mathematics,3\n";
    let rels = "relationshipType,sourceEntityValue,targetEntityValue\n\
        hasChild,u-1,u-2\nhasChild,u-2,u-1\nhasChild,u-3,u-4\nhasChild,u-4,u-3\n";
    let (_t, csv) =
        folder("kg", &[("StandardsFrameworkItem.csv", items.as_bytes()), ("Relationships.csv", rels.as_bytes())]);
    let node = |uuid: &str, code: &str, kind: &str| {
        format!(
            "{{\"labels\": [\"StandardsFrameworkItem\"], \"properties\": {{\"caseIdentifierUUID\": \"{uuid}\", \"statementCode\": \"{code}\", \"normalizedStatementType\": \"{kind}\", \"jurisdiction\": \"Multi-State\", \"academicSubject\": \"Mathematics\", \"gradeLevel\": [\"3\"]}}}}\n"
        )
    };
    let nodes = [
        node("u-1", "3.A.1", "Standard"),
        node("u-2", "3.A.1a", "Standard"),
        node("u-3", "3.A", "Domain"),
        node("u-4", "3.B", "Cluster"),
    ]
    .concat();
    let edge = |s: &str, t: &str| format!("{{\"type\": \"hasChild\", \"source\": \"{s}\", \"target\": \"{t}\"}}\n");
    let edges = [edge("u-1", "u-2"), edge("u-2", "u-1"), edge("u-3", "u-4"), edge("u-4", "u-3")].concat();
    let (_t2, jsonl) = folder("kg", &[("nodes.jsonl", nodes.as_bytes()), ("relationships.jsonl", edges.as_bytes())]);
    for (dir, file) in [(&csv, "StandardsFrameworkItem.csv"), (&jsonl, "nodes.jsonl")] {
        let (code, report, err) = validate_json(&[dir]);
        assert!(matches!(code, 0 | 1), "{err}");
        let line = if file == "nodes.jsonl" { 3 } else { 4 };
        assert_eq!(
            f7(&report),
            [
                ("parent cycle among 2 standards: 3.A.1, 3.A.1a".to_string(), file.to_string(), Some(line - 2)),
                ("hasChild cycle among 2 items: 3.A, 3.B".to_string(), file.to_string(), Some(line)),
            ],
            "{file}"
        );
    }
}
