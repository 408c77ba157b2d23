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

/// Runs `diff OLD NEW` with `args` and returns (exit code, stdout).
fn run_diff(old: &Path, new: &Path, args: &[&str]) -> (i32, String) {
    let out = coherence().arg("diff").arg(old).arg(new).args(args).output().unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

fn diff_json(old: &Path, new: &Path) -> Value {
    let (code, out) = run_diff(old, new, &["--format", "json"]);
    assert_eq!(code, 0, "no --fail-on: a report, not a gate");
    serde_json::from_str(&out).unwrap()
}

/// `tests/fixtures/diff-plans/{name}`.
fn plans_fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff-plans").join(name)
}

/// A copy of the `old` fixture under a temporary folder, with `edit` applied to each file's text.
fn edited_old(edit: impl Fn(&str, String) -> String) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("edited");
    std::fs::create_dir(&dir).unwrap();
    for file in ["standards.csv", "progressions.csv", "modules.csv", "scopes.csv", "plans.csv"] {
        let text = std::fs::read_to_string(plans_fixture("old").join(file)).unwrap();
        std::fs::write(dir.join(file), edit(file, text)).unwrap();
    }
    (tmp, dir)
}

/// The hand-made fixture: between `old` and `new` a standard (the only one
/// of its cluster) is removed, one re-coded, modules come, go and change, a
/// scope comes, one goes and one is renamed, and four scopes' plans change.
#[test]
fn modules_scopes_and_plans_are_compared_by_id() {
    let d = diff_json(&plans_fixture("old"), &plans_fixture("new"));
    assert_eq!(d["removed"], json!(["toy:2.MD.A.1"]));
    assert_eq!(d["recoded"], json!([{"old": "toy:3.MD.A.1", "new": "toy:3.MD.A.2"}]));
    assert_eq!(
        d["modules_added"],
        json!([{"id": "INT-LEN", "title": "Lengths"}, {"id": "PD-NEW", "title": "Word problems"}])
    );
    assert_eq!(d["modules_removed"], json!([{"id": "PD-OLD", "title": "Retired workshop"}]));
    // PD-ADD writes 1.OA.A.1 as 1.OA.1 now: the same standard, no change; X.9, unknown on both sides, neither.
    // PD-MEAS is the same row as last year: no change to the module (its codes are broken, below).
    assert_eq!(
        d["modules_changed"],
        json!([
            {"id": "INT-TIME", "standards_added": ["3.MD.A.2"], "standards_dropped": ["3.MD.A.1"],
             "fields": [{"field": "tier", "old": "2", "new": "3"}, {"field": "evidence", "old": "moderate", "new": "strong"}]},
            {"id": "PD-MULT", "standards_added": ["2.OA.A.1", "toy:3.MD.A.1"], "standards_dropped": [],
             "fields": [{"field": "title", "old": "Products as groups", "new": "Products and sums"},
                        {"field": "provider", "old": "District team", "new": "State university"}]}
        ])
    );
    assert_eq!(d["scopes_added"], json!([{"id": "s-east", "name": "East School"}]));
    assert_eq!(d["scopes_removed"], json!([{"id": "s-west", "name": "West School"}]));
    assert_eq!(
        d["scopes_changed"],
        json!([{"id": "s-south", "fields": [{"field": "name", "old": "South School", "new": "South Primary"},
                                             {"field": "grades", "old": "1-2", "new": "1-3"}]}])
    );
    // d1 keeps its plan and is not listed.
    assert_eq!(
        d["plans"],
        json!([
            {"scope": "s-east", "adopted": ["PD-MULT", "PD-NEW"], "dropped": [], "resequenced": []},
            {"scope": "s-north", "adopted": ["PD-NEW"], "dropped": ["PD-OLD"],
             "resequenced": [{"module": "PD-ADD", "old": 1, "new": 2}, {"module": "PD-MEAS", "old": 2, "new": 1}]},
            {"scope": "s-south", "adopted": ["INT-LEN"], "dropped": [],
             "resequenced": [{"module": "INT-TIME", "old": null, "new": 1}]},
            {"scope": "s-west", "adopted": [], "dropped": ["PD-MULT"], "resequenced": []}
        ])
    );
    // Bare, qualified and whole-cluster entries alike; PD-ADD's X.9 named nothing last year either.
    assert_eq!(
        d["broken_modules"],
        json!([
            {"module": "INT-LEN", "codes": [{"code": "2.MD.A", "old": "toy:2.MD.A", "new": null}]},
            {"module": "PD-MEAS", "codes": [{"code": "2.MD.A.1", "old": "toy:2.MD.A.1", "new": null},
                                            {"code": "3.MD.A.1", "old": "toy:3.MD.A.1", "new": "toy:3.MD.A.2"}]},
            {"module": "PD-MULT", "codes": [{"code": "toy:3.MD.A.1", "old": "toy:3.MD.A.1", "new": "toy:3.MD.A.2"}]}
        ])
    );
    let counts = &d["counts"];
    for (key, n) in [
        ("modules_added", 2),
        ("modules_removed", 1),
        ("modules_changed", 2),
        ("scopes_added", 1),
        ("scopes_removed", 1),
        ("scopes_changed", 1),
        ("plans", 4),
        ("adopted", 4),
        ("dropped", 2),
        ("resequenced", 3),
        ("broken_modules", 3),
    ] {
        assert_eq!(counts[key], json!(n), "{key}");
    }
}

#[test]
fn fail_on_removed_names_the_modules_that_still_use_a_removed_or_recoded_code() {
    let (code, text) = run_diff(&plans_fixture("old"), &plans_fixture("new"), &["--fail-on", "removed"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "modules: 2 added, 1 removed, 2 changed; scopes: 1 added, 1 removed, 1 changed");
    assert_eq!(lines[2], "plans: 4 modules adopted, 2 dropped, 3 re-sequenced, in 4 scopes");
    assert_eq!(lines[3], "broken: 3 modules still name 4 codes that were removed or re-coded");
    let section = text.split("\nmodules naming removed or re-coded codes (3)\n").nth(1).unwrap();
    let section: Vec<&str> = section.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        section,
        [
            "  INT-LEN: 2.MD.A (removed)",
            "  PD-MEAS: 2.MD.A.1 (removed), 3.MD.A.1 (re-coded: name 3.MD.A.2 instead)",
            "  PD-MULT: toy:3.MD.A.1 (re-coded: name toy:3.MD.A.2 instead)",
        ]
    );
}

/// A re-coding alone passes `--fail-on removed` once every module names the
/// new code, and fails it while one still names the old.
#[test]
fn a_recode_fails_only_while_a_module_names_the_old_code() {
    let recode = |file: &str, text: String| {
        if file == "standards.csv" || file == "progressions.csv" { text.replace("3.MD.A.1", "3.MD.A.2") } else { text }
    };
    let (_t, stale) = edited_old(recode);
    let (code, text) = run_diff(&plans_fixture("old"), &stale, &["--fail-on", "removed"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.starts_with("standards: 0 added, 0 removed, 1 re-coded"), "{text}");
    assert!(text.contains("\n  INT-TIME: 3.MD.A.1 (re-coded: name 3.MD.A.2 instead)\n"), "{text}");
    assert!(text.contains("\n  PD-MEAS: 3.MD.A.1 (re-coded: name 3.MD.A.2 instead)\n"), "{text}");
    assert!(!text.contains("modules changed"), "the module rows are as they were: {text}");
    let (_t, fixed) = edited_old(|_, text| text.replace("3.MD.A.1", "3.MD.A.2"));
    let (code, text) = run_diff(&plans_fixture("old"), &fixed, &["--fail-on", "removed"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("\nbroken: no module names a removed or re-coded code\n"), "{text}");
    assert!(text.contains("\n  INT-TIME: standards added 3.MD.A.2; standards dropped 3.MD.A.1\n"), "{text}");
}

/// A plan change alone is a change for `--fail-on any`, and removes nothing.
#[test]
fn a_changed_sequence_is_a_change() {
    let (_t, dir) =
        edited_old(
            |file, text| if file == "plans.csv" { text.replace("s-west,PD-MULT,1", "s-west,PD-MULT,2") } else { text },
        );
    let (code, text) = run_diff(&plans_fixture("old"), &dir, &["--fail-on", "any"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.ends_with("\nplans changed (1)\n  s-west\n    re-sequenced: PD-MULT 1 -> 2\n"), "{text}");
    let (code, _) = run_diff(&plans_fixture("old"), &dir, &["--fail-on", "removed"]);
    assert_eq!(code, 0);
}

/// Last year's plans on the embedded CCSS-M, this year's on a dataset with
/// one code re-coded and one standard removed: the modules that name them are named.
#[test]
fn modules_naming_codes_gone_from_the_embedded_set_are_found() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("this-year");
    coherence().args(["export", "--format", "csv", "--out"]).arg(&dir).assert().code(0);
    let district = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/district");
    for file in ["modules.csv", "scopes.csv", "plans.csv"] {
        std::fs::copy(district.join(file), dir.join(file)).unwrap();
    }
    for file in ["standards.csv", "progressions.csv"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let kept: Vec<&str> = text.lines().filter(|l| !l.split(',').take(2).any(|c| c == "K.CC.C.7")).collect();
        std::fs::write(dir.join(file), (kept.join("\n") + "\n").replace("K.CC.A.1,", "K.CC.A.1x,")).unwrap();
    }
    let (code, out) = run_diff(&district, &dir, &["--format", "json", "--fail-on", "removed"]);
    assert_eq!(code, 1);
    let d: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(d["removed"], json!(["ccss-math:K.CC.C.7"]));
    assert_eq!(d["recoded"], json!([{"old": "ccss-math:K.CC.A.1", "new": "ccss-math:K.CC.A.1x"}]));
    let codes = json!([
        {"code": "K.CC.A.1", "old": "ccss-math:K.CC.A.1", "new": "ccss-math:K.CC.A.1x"},
        {"code": "K.CC.C.7", "old": "ccss-math:K.CC.C.7", "new": null}
    ]);
    assert_eq!(
        d["broken_modules"],
        json!([{"module": "INT-CNT-01", "codes": codes}, {"module": "PD-CC-K1", "codes": codes}])
    );
    assert_eq!(d["modules_changed"], json!([]), "the catalogue itself did not change");
    assert_eq!(d["plans"], json!([]));
}

#[test]
fn the_example_district_has_no_diff_against_itself() {
    let (code, text) = run_diff(Path::new("examples/district"), Path::new("examples/district"), &["--fail-on", "any"]);
    assert_eq!(code, 0);
    assert_eq!(
        text,
        "standards: 0 added, 0 removed, 0 re-coded, 0 re-graded, 0 summaries changed, 0 focus changed, 0 other field changes; edges: 0 added, 0 removed\n\
         modules: 0 added, 0 removed, 0 changed; scopes: 0 added, 0 removed, 0 changed\n\
         plans: 0 modules adopted, 0 dropped, 0 re-sequenced, in 0 scopes\n\
         broken: no module names a removed or re-coded code\n"
    );
}
