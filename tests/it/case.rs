//! CASE packages: what real servers emit is read, nothing is silently dropped.

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::util::{coherence, findings, folder};

fn package(items: Value, associations: Value) -> Vec<u8> {
    let doc = json!({
        "CFDocument": {"identifier": "urn:doc:1", "uri": "https://example.org/doc/1", "title": "Toy State Math"},
        "CFItems": items,
        "CFAssociations": associations,
    });
    serde_json::to_vec_pretty(&doc).unwrap()
}

fn child(id: &str, parent: &str) -> Value {
    json!({"identifier": format!("a-{id}"), "associationType": "isChildOf", "originNodeURI": {"identifier": id, "uri": format!("https://example.org/{id}")}, "destinationNodeURI": {"identifier": parent}})
}

fn validate(dir: &std::path::Path) -> Value {
    let out = coherence().args(["validate", "--format", "json", "--data"]).arg(dir).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_case_package_loads_as_data_with_types_levels_and_links() {
    let items = json!([
        {"identifier": "https://example.org/items/d", "humanCodingScheme": "TS.NF", "CFItemTypeURI": {"title": "Domain", "identifier": "t1"}, "educationLevel": ["KG", "01", "02", "03", "04"], "fullStatement": "Fractions"},
        {"identifier": "c1", "humanCodingScheme": "TS.3.NF.A", "CFItemType": "Cluster", "educationLevel": ["03"], "fullStatement": "Unit fractions"},
        {"identifier": "s1", "humanCodingScheme": "TS.3.NF.1", "CFItemType": "Standard", "fullStatement": "Understand 1/b.", "educationLevel": "3"},
        {"identifier": "s1a", "listEnumeration": "TS.3.NF.1a", "CFItemType": "Component", "fullStatement": "Unit fractions on a line."},
        {"identifier": "s2", "humanCodingScheme": "TS.4.NF.1", "CFItemType": "Standard", "educationalLevel": ["04"]},
        {"identifier": "s3", "humanCodingScheme": "TS.HS.A.1", "CFItemType": "Standard", "educationLevel": ["09", "10", "11", "12"]},
        {"identifier": "s4", "humanCodingScheme": "TS.K2.1", "CFItemType": "Standard", "educationLevel": "K-2"},
        {"identifier": "s5", "humanCodingScheme": "TS.X.1", "CFItemType": "Standard"}
    ]);
    let assoc = json!([
        {"identifier": "h0", "associationType": "isChildOf", "originNodeURI": {"identifier": "https://example.org/items/d"}, "destinationNodeURI": {"identifier": "urn:doc:1"}},
        {"identifier": "h1", "associationType": "isChildOf", "originNodeURI": {"identifier": "c1"}, "destinationNodeURI": {"identifier": "https://example.org/items/d"}},
        child("s1", "c1"),
        child("s1a", "s1"),
        child("s2", "c1"),
        {"identifier": "p1", "associationType": "precedes", "originNodeURI": {"identifier": "s1a"}, "destinationNodeURI": {"identifier": "s2"}},
        {"identifier": "p2", "associationType": "precedes", "originNodeURI": {"identifier": "s1"}, "destinationNodeURI": {"identifier": "elsewhere"}},
        {"identifier": "r1", "associationType": "isPeerOf", "originNodeURI": {"identifier": "s2"}, "destinationNodeURI": {"identifier": "s3"}},
        {"identifier": "x1", "associationType": "ext:hasExample", "originNodeURI": {"identifier": "s1"}, "destinationNodeURI": {"identifier": "https://example.org/task/9"}},
        {"identifier": "m1", "associationType": "exactMatchOf", "originNodeURI": {"identifier": "s1"}, "destinationNodeURI": {"identifier": "3.NF.A.1", "uri": "https://example.org/ccss/3.NF.A.1"}},
        {"identifier": "bad", "associationType": "precedes", "originNodeURI": {"identifier": "s2"}}
    ]);
    let (_t, dir) = folder("case", &[("state.case.json", &package(items, assoc))]);
    let file = dir.join("state.case.json");
    let r = validate(&file);
    let grades: Vec<(String, String)> = {
        let tmp = tempfile::tempdir().unwrap();
        coherence()
            .args(["export", "--format", "csv", "--out"])
            .arg(tmp.path())
            .arg("--data")
            .arg(&file)
            .assert()
            .code(0);
        let text = std::fs::read_to_string(tmp.path().join("standards.csv")).unwrap();
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_string(), r[2].to_string())
            })
            .collect()
    };
    assert_eq!(
        grades,
        [
            ("TS.3.NF.1".to_string(), "3".to_string()),
            ("TS.3.NF.1a".to_string(), "3".to_string()),
            ("TS.4.NF.1".to_string(), "4".to_string()),
            ("TS.HS.A.1".to_string(), "HS".to_string()),
            ("TS.K2.1".to_string(), "K".to_string()),
        ],
        "levels 3, the parent's 03, 04, 09-12 as HS, K-2 as K; TS.X.1 has none anywhere"
    );
    assert_eq!(r["input"]["builds_towards"], 1);
    assert_eq!(r["input"]["relates_to"], 1, "isPeerOf is relates_to");
    let codes: Vec<&str> = r["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"D6"), "an item with no grade anywhere");
    assert_eq!(codes.iter().filter(|c| **c == "F4").count(), 1, "the precedes to an item outside the package");
    assert_eq!(codes.iter().filter(|c| **c == "F3").count(), 1, "ext:hasExample kept and reported");
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "D6" && f["message"].as_str().unwrap().contains("an end is missing"))
    );
    let d6 =
        r["findings"].as_array().unwrap().iter().find(|f| f["message"].as_str().unwrap().contains("TS.X.1")).unwrap();
    assert!(d6["line"].as_u64().unwrap() > 1, "located at the item's line");
}

#[test]
fn import_case_writes_the_native_format_and_keeps_crosswalks_and_other_links() {
    let items = json!([
        {"identifier": "s1", "humanCodingScheme": "A.1", "CFItemType": "Standard", "educationLevel": ["05"]},
        {"identifier": "s1", "humanCodingScheme": "A.1 again", "CFItemType": "Standard", "educationLevel": ["05"]}
    ]);
    let assoc = json!([
        {"identifier": "m", "associationType": "exactMatchOf", "originNodeURI": {"identifier": "s1"}, "destinationNodeURI": {"identifier": "x", "uri": "https://example.org/x"}},
        {"identifier": "e", "associationType": "exemplar", "originNodeURI": {"identifier": "s1"}, "destinationNodeURI": "https://example.org/task"}
    ]);
    let (_t, dir) = folder("case", &[("p.case.json", &package(items, assoc))]);
    let tmp = tempfile::tempdir().unwrap();
    coherence()
        .args(["import", "case", "--out"])
        .arg(tmp.path())
        .arg(dir.join("p.case.json"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 items").and(predicate::str::contains("error[D1]")));
    let manifest = std::fs::read_to_string(tmp.path().join("toy-state-math/framework.json")).unwrap();
    assert!(manifest.contains(r#"{"from": "A.1", "to": "https://example.org/x"}"#), "{manifest}");
    assert!(
        manifest.contains(r#"{"kind": "exemplar", "from": "A.1", "to": "https://example.org/task"}"#),
        "{manifest}"
    );
    // The written folder loads again, with the same standard.
    let r = validate(&tmp.path().join("toy-state-math"));
    assert_eq!(r["input"]["standards"], 1);
}

#[test]
fn a_json_file_of_neither_format_says_what_was_expected() {
    let (_t, dir) = folder("x", &[("other.json", b"{\"hello\": 1}")]);
    coherence()
        .args(["validate", "--data"])
        .arg(dir.join("other.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("neither the native format").and(predicate::str::contains("CASE package")));
    coherence().args(["import", "case", "--out", "/tmp/never"]).arg(dir.join("other.json")).assert().code(2);
}

fn csv_rows(dir: &std::path::Path, file: &str) -> std::collections::BTreeSet<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(|c| c.replace("ccss-math:", "")).collect())
        .collect()
}

#[test]
fn case_export_then_import_gives_back_the_same_standards_and_edges() {
    let tmp = tempfile::tempdir().unwrap();
    let package = tmp.path().join("ccss.case.json");
    coherence().args(["export", "--format", "case", "--out"]).arg(&package).assert().code(0);
    let (before, after) = (tmp.path().join("before"), tmp.path().join("after"));
    coherence().args(["export", "--format", "csv", "--out"]).arg(&before).assert().code(0);
    coherence().args(["export", "--format", "csv", "--out"]).arg(&after).arg("--data").arg(&package).assert().code(0);
    assert_eq!(csv_rows(&before, "standards.csv"), csv_rows(&after, "standards.csv"));
    assert_eq!(csv_rows(&before, "progressions.csv"), csv_rows(&after, "progressions.csv"));
    // High school's priority work travels in the extensions: the wap column comes back whole.
    let header = std::fs::read_to_string(after.join("standards.csv")).unwrap();
    let header = header.lines().next().unwrap();
    let wap = header.split(',').position(|c| c == "wap").expect("a wap column");
    let flagged = csv_rows(&after, "standards.csv").iter().filter(|r| r[wap] == "true").count();
    assert_eq!(flagged, 79, "the shipped widely applicable prerequisites");
    // Stable identifiers: a second export is byte-identical.
    let again = tmp.path().join("again.case.json");
    coherence().args(["export", "--format", "case", "--out"]).arg(&again).assert().code(0);
    assert_eq!(std::fs::read(&package).unwrap(), std::fs::read(&again).unwrap());
    let doc: Value = serde_json::from_slice(&std::fs::read(&package).unwrap()).unwrap();
    let id = doc["CFItems"][0]["identifier"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 5);
    let types: std::collections::BTreeSet<&str> =
        doc["CFAssociations"].as_array().unwrap().iter().map(|a| a["associationType"].as_str().unwrap()).collect();
    assert_eq!(types, ["isChildOf", "isRelatedTo", "precedes"].into_iter().collect());
}

#[test]
fn case_export_of_several_frameworks_asks_which() {
    coherence()
        .args([
            "export",
            "--format",
            "case",
            "--out",
            "/tmp/never.json",
            "--data",
            "builtin:ccss-math",
            "--data",
            "tests/fixtures/cycle",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--framework").and(predicate::str::contains("ccss-math, cycle")));
}

#[test]
fn an_is_child_of_cycle_without_levels_ends_with_a_finding_for_each_item() {
    let items = json!([
        {"identifier": "a", "humanCodingScheme": "C.1", "CFItemType": "Standard"},
        {"identifier": "b", "humanCodingScheme": "C.2", "CFItemType": "Standard"},
        {"identifier": "c", "humanCodingScheme": "C.3", "CFItemType": "Standard", "educationLevel": ["02"]}
    ]);
    let (_t, dir) = folder("case", &[("cycle.case.json", &package(items, json!([child("a", "b"), child("b", "a")])))]);
    let out = coherence()
        .args(["validate", "--format", "json", "--data"])
        .arg(dir.join("cycle.case.json"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let no_grade: Vec<&str> = findings(&r, "D6").iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(no_grade.len(), 2, "{no_grade:?}");
    assert!(no_grade.iter().all(|m| m.contains("no grade on it or any ancestor")), "{no_grade:?}");
    assert_eq!(r["input"]["standards"], 1, "C.3 has its own level");
}

/// A package's text with a value serde_json cannot represent put in place of `from`.
fn with_raw(items: Value, associations: Value, swaps: &[(&str, &str)]) -> Vec<u8> {
    let mut text = String::from_utf8(package(items, associations)).unwrap();
    for (from, to) in swaps {
        assert!(text.contains(from), "{from} not in the package");
        text = text.replacen(from, to, 1);
    }
    text.into_bytes()
}

/// The line and column of the first `needle` in `text`, 1-based.
fn place(text: &[u8], needle: &str) -> (u64, u64) {
    let text = std::str::from_utf8(text).unwrap();
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() as u64 + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    (line, col)
}

#[test]
fn a_value_serde_json_cannot_hold_drops_its_item_only() {
    let items: Vec<Value> = (1..=5)
        .map(|i| json!({"identifier": format!("s{i}"), "humanCodingScheme": format!("T.3.{i}"), "CFItemType": "Standard", "educationLevel": ["03"]}))
        .collect();
    let assoc = json!([
        {"identifier": "p1", "associationType": "precedes", "originNodeURI": {"identifier": "s1"}, "destinationNodeURI": {"identifier": "s5"}},
        {"identifier": "p2", "associationType": "precedes", "originNodeURI": {"identifier": "s4"}, "destinationNodeURI": {"identifier": "s5"}, "notes": "NOTE"}
    ]);
    let bytes = with_raw(
        json!(items),
        assoc,
        &[("\"T.3.2\"", "1e309"), ("\"T.3.3\"", "\"T.3.3\\ud800\""), ("\"NOTE\"", "\"\\udfff\"")],
    );
    let (_t, dir) = folder("case", &[("bad.case.json", &bytes)]);
    let r = validate(&dir.join("bad.case.json"));
    let d6 = findings(&r, "D6");
    let at = |f: &Value| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap());
    assert_eq!(d6.len(), 3, "{r:#}");
    assert!(d6[0]["message"].as_str().unwrap().contains("CFItem s2 dropped"), "{}", d6[0]);
    assert!(d6[0]["message"].as_str().unwrap().contains("out of range"), "{}", d6[0]);
    assert_eq!(at(d6[0]), place(&bytes, "1e309"));
    assert!(d6[1]["message"].as_str().unwrap().contains("lone surrogate"), "{}", d6[1]);
    assert_eq!(at(d6[1]), place(&bytes, "\"T.3.3\\ud800\""));
    assert!(d6[2]["message"].as_str().unwrap().contains("precedes association dropped"), "{}", d6[2]);
    assert_eq!(r["input"]["standards"], 3, "the items before and after the bad ones load");
    assert_eq!(r["input"]["builds_towards"], 1, "s1 -> s5; the association with the bad note is dropped");
    assert!(findings(&r, "F4").is_empty(), "no association points outside the package");
}

#[test]
fn a_package_of_the_wrong_shape_exits_2_at_the_place() {
    for (key, bad) in [("CFItems", json!({"a": 1})), ("CFAssociations", json!("none")), ("CFDocument", json!([1]))] {
        let mut doc = json!({
            "CFDocument": {"identifier": "d", "title": "T"},
            "CFItems": [{"identifier": "s1", "humanCodingScheme": "A.1", "educationLevel": ["03"]}],
            "CFAssociations": [],
        });
        doc[key] = bad;
        let bytes = serde_json::to_vec_pretty(&doc).unwrap();
        let (_t, dir) = folder("case", &[("p.case.json", &bytes)]);
        let out = coherence().args(["validate", "--data"]).arg(dir.join("p.case.json")).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{key}: {stderr}");
        let (line, col) = place(&bytes, &format!("\"{key}\""));
        let col = col + key.len() as u64 + 4;
        assert!(stderr.contains(&format!("p.case.json:{line}:{col}: {key} is ")), "{key}: {stderr}");
        assert!(stderr.contains("expected an"), "{stderr}");
    }
}

/// Runs `import case FILE --format json` with `extra` arguments: (exit code, report or Null, stderr, out dir).
fn import(file: &std::path::Path, extra: &[&str]) -> (i32, Value, String, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let out = coherence()
        .args(["import", "case", "--format", "json", "--out"])
        .arg(tmp.path().join("out"))
        .args(extra)
        .arg(file)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), report, String::from_utf8_lossy(&out.stderr).to_string(), tmp)
}

#[test]
fn a_package_without_grades_is_refused_not_replaced_by_the_embedded_set() {
    let items = json!([
        {"identifier": "g", "fullStatement": "A strand"},
        {"identifier": "a", "humanCodingScheme": "X.1", "fullStatement": "One"},
        {"identifier": "b", "humanCodingScheme": "X.2", "fullStatement": "Two"}
    ]);
    let (_t, dir) = folder("case", &[("p.case.json", &package(items, json!([child("a", "g"), child("b", "g")])))]);
    let file = dir.join("p.case.json");
    let out = coherence().args(["validate", "--data"]).arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("p.case.json: 3 items, none with a grade: add educationLevel or pass --grade"), "{stderr}");
    assert!(out.stdout.is_empty(), "no report on the embedded standards");
    let (code, _, stderr, tmp) = import(&file, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("none with a grade"), "{stderr}");
    assert!(!tmp.path().join("out").exists(), "nothing is written");
    // With --grade, for validate and import alike.
    let out = coherence().args(["validate", "--format", "json", "--grade", "2", "--data"]).arg(&file).output().unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["input"]["standards"], 2, "{r:#}");
    let (code, report, stderr, _tmp) = import(&file, &["--grade", "2"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["standards"], 2);
    assert_eq!(
        report["packages"][0]["grades"],
        json!({"educationLevel": 0, "ancestor": 0, "code": 0, "--grade": 2, "none": 0})
    );
    coherence().args(["validate", "--grade", "13"]).assert().code(2).stderr(predicate::str::contains("not a grade"));
}

#[test]
fn grades_come_from_the_level_the_ancestors_the_code_then_the_option() {
    let items = json!([
        {"identifier": "c", "humanCodingScheme": "C", "CFItemType": "Cluster", "educationLevel": ["05"]},
        {"identifier": "s1", "humanCodingScheme": "Q.1", "CFItemType": "Standard", "educationLevel": ["04"]},
        {"identifier": "s2", "humanCodingScheme": "Q.2", "CFItemType": "Standard"},
        {"identifier": "s3", "humanCodingScheme": "3.NF.A.1", "CFItemType": "Standard"},
        {"identifier": "s4", "humanCodingScheme": "HSA-SSE.A.1", "CFItemType": "Standard"},
        {"identifier": "s5", "humanCodingScheme": "MA.7.RP.1", "CFItemType": "Standard"},
        {"identifier": "s6", "humanCodingScheme": "Q.6", "CFItemType": "Standard"}
    ]);
    let (_t, dir) = folder("case", &[("p.case.json", &package(items, json!([child("s2", "c")])))]);
    let file = dir.join("p.case.json");
    let (code, report, stderr, tmp) = import(&file, &[]);
    assert_eq!(code, 0, "{stderr}");
    let grades = json!({"educationLevel": 1, "ancestor": 1, "code": 3, "--grade": 0, "none": 1});
    assert_eq!(report["packages"][0]["grades"], grades);
    assert_eq!(report["standards"], 5, "Q.6 has no grade anywhere");
    let part =
        |g: &str| std::fs::read_to_string(tmp.path().join(format!("out/toy-state-math/grade-{g}.json"))).unwrap();
    assert!(part("4").contains("\"Q.1\"") && part("5").contains("\"Q.2\"") && part("3").contains("\"3.NF.A.1\""));
    assert!(part("hs").contains("\"HSA-SSE.A.1\"") && part("7").contains("\"MA.7.RP.1\""));
    let (code, report, _, tmp) = import(&file, &["--grade", "K"]);
    assert_eq!(code, 0);
    let grades = json!({"educationLevel": 1, "ancestor": 1, "code": 3, "--grade": 1, "none": 0});
    assert_eq!(report["packages"][0]["grades"], grades, "--grade only for what has none");
    assert!(std::fs::read_to_string(tmp.path().join("out/toy-state-math/grade-k.json")).unwrap().contains("\"Q.6\""));
    let text = coherence()
        .args(["import", "case", "--grade", "K", "--out"])
        .arg(tmp.path().join("again"))
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(
            "grades of its standards: 1 from educationLevel, 1 from an item above, 3 from the code, 1 from --grade"
        ),
        "{text}"
    );
}

#[test]
fn items_without_a_code_take_a_unique_stable_id() {
    let items = json!([
        {"identifier": "urn:uuid:aaaa", "abbreviatedStatement": "Plane Figures", "CFItemType": "Standard"},
        {"identifier": "urn:uuid:bbbb", "abbreviatedStatement": "Plane  figures!", "CFItemType": "Standard"},
        {"identifier": "https://example.org/items/cccc", "CFItemType": "Standard"},
        {"identifier": "dddd", "humanCodingScheme": "plane-figures-2", "CFItemType": "Standard"},
        {"identifier": "eeee", "humanCodingScheme": "E.1", "CFItemType": "Standard"}
    ]);
    let assoc = json!([
        {"identifier": "p", "associationType": "precedes", "originNodeURI": {"identifier": "urn:uuid:bbbb"}, "destinationNodeURI": {"identifier": "https://example.org/items/cccc"}}
    ]);
    let (_t, dir) = folder("case", &[("p.case.json", &package(items, assoc))]);
    let file = dir.join("p.case.json");
    let ids = || {
        let tmp = tempfile::tempdir().unwrap();
        coherence()
            .args(["export", "--format", "csv", "--grade", "1", "--out"])
            .arg(tmp.path())
            .arg("--data")
            .arg(&file)
            .assert()
            .code(0);
        let read = |f: &str| std::fs::read_to_string(tmp.path().join(f)).unwrap();
        (read("standards.csv"), read("progressions.csv"))
    };
    let (standards, edges) = ids();
    let codes: Vec<&str> = standards.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(codes, ["plane-figures", "plane-figures-3", "cccc", "plane-figures-2", "E.1"], "{standards}");
    assert!(edges.contains("plane-figures-3,toy-state-math:cccc") || edges.contains("plane-figures-3,cccc"), "{edges}");
    assert_eq!(ids(), (standards, edges), "the same file gives the same ids");
}

/// Exports `dir` as a CASE package into `tmp` and returns the package.
fn export_case(dir: &std::path::Path, tmp: &std::path::Path) -> (std::path::PathBuf, Value) {
    let file = tmp.join("p.case.json");
    coherence().args(["export", "--format", "case", "--out"]).arg(&file).arg("--data").arg(dir).assert().code(0);
    let doc = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    (file, doc)
}

#[test]
fn case_export_writes_each_item_and_association_once_with_its_own_identifier() {
    let (_t, dir) = folder(
        "fa",
        &[
            ("standards.csv", b"id,grade\nS1,3\nS2,3\nS1,4\nS3,4\n"),
            (
                "progressions.csv",
                b"from,to,kind\nS1,S3,builds_towards\nS1,S3,builds_towards\nS2,S3,builds_towards\nS1,S2,relates_to\nS2,S1,relates_to\nfa:S1,S3,builds_towards\n",
            ),
            ("crosswalk.csv", b"state_code,ccss_code\nS1,3.NF.A.1\nS1,3.NF.A.1\n"),
        ],
    );
    let tmp = tempfile::tempdir().unwrap();
    let (file, doc) = export_case(&dir, tmp.path());
    let items = doc["CFItems"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|i| i["humanCodingScheme"].as_str().unwrap()).collect();
    assert_eq!(codes, ["S1", "S2", "S3"], "the D1 repeat of S1 is not exported");
    assert_eq!(items[0]["educationLevel"], json!(["03"]), "the kept S1 is the first row's");
    let assocs = doc["CFAssociations"].as_array().unwrap();
    let of = |t: &str| assocs.iter().filter(|a| a["associationType"] == t).count();
    assert_eq!((of("isChildOf"), of("precedes"), of("isRelatedTo"), of("exactMatchOf")), (3, 2, 1, 1));
    let ids: std::collections::HashSet<&str> =
        items.iter().chain(assocs).map(|x| x["identifier"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), items.len() + assocs.len(), "every identifier is unique");
    // The package reads back with the graph's counts, and exports again byte for byte.
    let r = validate(&file);
    assert_eq!((r["input"]["standards"].as_u64(), r["input"]["builds_towards"].as_u64()), (Some(3), Some(2)));
    assert_eq!(r["input"]["relates_to"], 1);
    let again = tempfile::tempdir().unwrap();
    let (_, doc2) = export_case(&dir, again.path());
    assert_eq!(doc, doc2, "stable identifiers");
}

#[test]
fn a_case_round_trip_keeps_qualified_parents_and_free_text_domains_and_clusters() {
    let (_t, dir) = folder(
        "fa",
        &[(
            "standards.csv",
            b"id,grade,domain,cluster,parent\n\
S0,3,Number and Operations,Understand fractions,\n\
S0a,3,Number and Operations,Understand fractions,fa:S0\n\
S0b,3,,,S0\n\
S9,3,,,elsewhere\n",
        )],
    );
    let tmp = tempfile::tempdir().unwrap();
    let (file, doc) = export_case(&dir, tmp.path());
    let s0a = &doc["CFItems"].as_array().unwrap()[1];
    assert_eq!(s0a["CFItemType"], "Component");
    assert_eq!(s0a["extensions"]["coherence"]["parent"], "fa:S0", "{s0a:#}");
    assert_eq!(s0a["extensions"]["coherence"]["domain"], "Number and Operations");
    let up: Vec<(&str, &str)> = doc["CFAssociations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["originNodeURI"]["title"].as_str().unwrap(), a["destinationNodeURI"]["title"].as_str().unwrap()))
        .collect();
    assert!(up.contains(&("S0a", "S0")), "the tree links the sub-standard to S0 for other readers: {up:?}");
    let rows = |data: &std::path::Path| {
        let out = tempfile::tempdir().unwrap();
        coherence()
            .args(["export", "--format", "csv", "--out"])
            .arg(out.path())
            .arg("--data")
            .arg(data)
            .assert()
            .code(0);
        std::fs::read_to_string(out.path().join("standards.csv")).unwrap()
    };
    assert_eq!(rows(&file), rows(&dir), "the same standards.csv after the round trip");
}

#[test]
fn a_package_with_no_standard_says_why() {
    let cases: [(&[u8], &str); 4] = [
        (br#"{"CFDocument": {"title": "T"}}"#, "no CFItems: the package holds no standard"),
        (br#"{"CFDocument": {"title": "T"}, "CFItems": []}"#, "CFItems is empty"),
        (
            br#"{"CFItems": [{"identifier": "d", "CFItemType": "Domain"}, {"identifier": "c", "CFItemType": "Cluster"}]}"#,
            "2 items, none a standard (1 cluster, 1 domain)",
        ),
        (
            br#"{"CFItems": [{"identifier": "\udc00"}]}"#,
            "1 item, none could be read as a standard; the first: CFItem dropped: field \"identifier\" holds a string with a lone surrogate",
        ),
    ];
    for (text, why) in cases {
        let (_t, dir) = folder("case", &[("p.case.json", text)]);
        let out =
            coherence().args(["validate", "--grade", "3", "--data"]).arg(dir.join("p.case.json")).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("p.case.json: {why}")), "{why}: {stderr}");
    }
}
