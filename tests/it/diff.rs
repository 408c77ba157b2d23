//! `coherence diff`: exactly what changed between two versions of a dataset.

use std::path::Path;

use serde_json::{Value, json};

use crate::util::coherence;

fn edit(dir: &Path, file: &str, f: impl FnOnce(&mut Value)) {
    let path = dir.join("ccss-math").join(file);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    f(&mut doc);
    std::fs::write(&path, coherence::export::render(&doc).unwrap()).unwrap();
}

fn standard<'a>(doc: &'a mut Value, id: &str) -> &'a mut Value {
    doc["standards"].as_array_mut().unwrap().iter_mut().find(|s| s["id"] == id).unwrap()
}

#[test]
fn the_diff_lists_exactly_the_modifications() {
    let tmp = tempfile::tempdir().unwrap();
    coherence().args(["export", "--format", "json", "--out"]).arg(tmp.path()).assert().code(0);
    let dir = tmp.path();
    // A summary changed, a standard re-graded, one re-coded (its edges follow it), one removed with its edges,
    // one added, an edge added and an edge removed.
    edit(dir, "grade-4.json", |d| {
        standard(d, "4.NF.B.3a")["summary"] = json!("Adding fractions as joining parts of one whole.");
        standard(d, "4.G.A.3")["grade"] = json!("5");
        d["standards"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "4.NF.B.9", "cluster": "4.NF.B", "summary": "A new standard."}));
        d["builds_towards"]
            .as_array_mut()
            .unwrap()
            .push(json!({"from": "3.NF.A.1", "to": "4.NF.B.9", "progression": "NF.3-5"}));
    });
    let files: Vec<String> = std::fs::read_dir(dir.join("ccss-math"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "framework.json")
        .collect();
    for file in &files {
        edit(dir, file, |d| {
            for list in ["standards", "builds_towards", "relates_to"] {
                for rec in d[list].as_array_mut().into_iter().flatten() {
                    for field in ["id", "from", "to"] {
                        if rec[field] == "2.G.A.1" {
                            rec[field] = json!("2.G.A.1x");
                        }
                    }
                }
            }
        });
    }
    let mut removed_edges = 0;
    for file in ["grade-5.json", "grade-6.json", "grade-7.json", "grade-8.json", "hs-geometry.json"] {
        edit(dir, file, |d| {
            d["standards"].as_array_mut().into_iter().for_each(|v| v.retain(|s| s["id"] != "5.G.B.4"));
            for list in ["builds_towards", "relates_to"] {
                if let Some(v) = d[list].as_array_mut() {
                    let before = v.len();
                    v.retain(|e| e["from"] != "5.G.B.4" && e["to"] != "5.G.B.4");
                    removed_edges += before - v.len();
                }
            }
        });
    }
    assert!(removed_edges > 0);
    edit(dir, "grade-5.json", |d| {
        let v = d["builds_towards"].as_array_mut().unwrap();
        let gone = v.iter().position(|e| e["from"] == "4.NF.C.5" && e["to"] == "5.NF.A.1").unwrap();
        v.remove(gone);
    });
    let out = coherence()
        .args(["diff", "builtin:ccss-math", "--format", "json", "--fail-on", "removed"])
        .arg(dir.join("ccss-math"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "something was removed");
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["added"], json!(["ccss-math:4.NF.B.9"]));
    assert_eq!(d["removed"], json!(["ccss-math:5.G.B.4"]));
    assert_eq!(d["recoded"], json!([{"old": "ccss-math:2.G.A.1", "new": "ccss-math:2.G.A.1x"}]));
    assert_eq!(d["regraded"], json!([{"code": "ccss-math:4.G.A.3", "old": "4", "new": "5"}]));
    assert_eq!(d["summaries"].as_array().unwrap().len(), 1);
    assert_eq!(d["summaries"][0]["code"], "ccss-math:4.NF.B.3a");
    assert_eq!(d["focus"], json!([]));
    assert_eq!(d["other"], json!([]));
    assert_eq!(
        d["edges_added"],
        json!([{"kind": "builds_towards", "from": "ccss-math:3.NF.A.1", "to": "ccss-math:4.NF.B.9"}])
    );
    assert_eq!(d["counts"]["edges_removed"].as_u64().unwrap() as usize, removed_edges + 1);
    assert!(
        d["edges_removed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["from"] == "ccss-math:4.NF.C.5" && e["to"] == "ccss-math:5.NF.A.1")
    );
    let text = coherence().args(["diff", "builtin:ccss-math"]).arg(dir.join("ccss-math")).output().unwrap();
    assert_eq!(text.status.code(), Some(0), "no --fail-on: a report, not a gate");
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .starts_with("standards: 1 added, 1 removed, 1 re-coded, 1 re-graded, 1 summaries changed")
    );
}

#[test]
fn the_same_data_has_no_diff() {
    coherence()
        .args(["diff", "builtin:ccss-math", "standards/ccss-math", "--fail-on", "any"])
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with("standards: 0 added, 0 removed"));
}
