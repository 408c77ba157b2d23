//! Every kind of bad input: the exit code and finding the spec prescribes,
//! with a location and a message that says what to fix.

use std::path::Path;

use predicates::prelude::*;

use crate::util::{coherence, findings, folder, validate_json};

/// Runs validate on `dir` and expects exit 2 with all of `needles` on stderr.
fn unreadable(dir: &Path, needles: &[&str]) {
    let out = coherence().args(["validate", "--data"]).arg(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{n:?} not in {stderr}");
    }
    assert!(out.stdout.is_empty(), "no report for unreadable input");
}

#[test]
fn malformed_json_exits_2_with_file_line_and_column() {
    let (_t, dir) =
        folder("fw", &[("framework.json", b"{\n  \"framework\": {\"id\": \"x\"},\n  \"files\": [\"a.json\",]\n}\n")]);
    unreadable(&dir, &["framework.json:3:22", "malformed JSON"]);
}

#[test]
fn malformed_json_in_a_part_names_the_part() {
    let (_t, dir) = folder(
        "fw",
        &[
            ("framework.json", b"{\"framework\": {\"id\": \"x\"}, \"files\": [\"g.json\"]}"),
            ("g.json", b"{\"grade\": \"3\",\n \"standards\": [{\"id\": \"3.A.1\"}\n}"),
        ],
    );
    unreadable(&dir, &["g.json:3:1"]);
}

#[test]
fn a_wrong_type_for_a_field_is_a_row_finding_at_the_value() {
    let (_t, dir) = folder(
        "fw",
        &[
            ("framework.json", b"{\"framework\": {\"id\": \"x\"}, \"files\": [\"g.json\"]}"),
            (
                "g.json",
                b"{\n  \"grade\": \"3\",\n  \"standards\": [\n    {\"id\": \"3.A.1\"},\n    {\"id\": \"3.A.2\", \"entry\": \"yes\"},\n    {\"id\": 7}\n  ]\n}\n",
            ),
        ],
    );
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 1);
    let d6 = findings(&report, "D6");
    assert_eq!(d6.len(), 2, "{report:#}");
    assert_eq!((d6[0]["line"].as_u64(), d6[0]["column"].as_u64()), (Some(5), Some(30)));
    assert!(d6[0]["message"].as_str().unwrap().contains("\"entry\""), "{}", d6[0]);
    assert!(d6[0]["message"].as_str().unwrap().contains("expected a boolean"), "{}", d6[0]);
    assert_eq!(d6[1]["line"], 6);
    assert_eq!(report["input"]["standards"], 1, "the bad records are dropped, the good one kept");
}

#[test]
fn unknown_grade_focus_and_kind_are_row_findings() {
    let (_t, dir) = folder(
        "x",
        &[
            ("standards.csv", b"id,grade,focus\nA.1,1,major\nA.2,13,major\nA.3,2,core\n"),
            ("progressions.csv", b"from,to,kind\nA.1,A.1,sideways\n"),
            ("modules.csv", b"id,kind,standards\nM,lecture,A.1\n"),
        ],
    );
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 1);
    let d6 = findings(&report, "D6");
    let lines: Vec<(String, u64)> = d6
        .iter()
        .map(|f| (f["file"].as_str().unwrap().rsplit('/').next().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        lines,
        [
            ("modules.csv".to_string(), 2),
            ("progressions.csv".to_string(), 2),
            ("standards.csv".to_string(), 3),
            ("standards.csv".to_string(), 4)
        ]
    );
    let messages: Vec<&str> = d6.iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(messages[0].contains("unknown kind \"lecture\""));
    assert!(messages[1].contains("unknown kind \"sideways\""));
    assert!(messages[2].contains("unknown grade \"13\""));
    assert!(messages[3].contains("unknown focus \"core\""));
}

#[test]
fn unknown_values_in_native_json_are_row_findings() {
    let (_t, dir) = folder(
        "fw",
        &[
            ("framework.json", b"{\"framework\": {\"id\": \"x\"}, \"files\": [\"g.json\"]}"),
            ("g.json", b"{\"grade\": \"3\",\n\"clusters\": [{\"id\": \"3.A\", \"focus\": \"core\"}],\n\"standards\": [{\"id\": \"3.A.1\", \"grade\": \"third\"}, {\"id\": \"3.A.2\"}]}"),
        ],
    );
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 1);
    let d6 = findings(&report, "D6");
    assert_eq!(d6.len(), 2);
    assert_eq!(d6[0]["line"], 2);
    assert_eq!(d6[1]["line"], 3);
    assert_eq!(report["input"]["standards"], 1, "3.A.2; not the embedded set");
    assert!(d6[1]["message"].as_str().unwrap().contains("\"third\""));
}

#[test]
fn an_empty_file_exits_2() {
    let (_t, dir) = folder("x", &[("standards.csv", b"")]);
    unreadable(&dir, &["standards.csv", "empty"]);
    let (_t, dir) = folder("fw", &[("framework.json", b"  \n")]);
    unreadable(&dir, &["framework.json", "empty"]);
}

#[test]
fn bom_crlf_and_quoted_commas_simply_work() {
    let (_t, dir) = folder(
        "x",
        &[
            (
                "standards.csv",
                b"\xEF\xBB\xBFid,grade,summary\r\nA.1,1,\"Add, then subtract\"\r\nA.2,1,\"Say \"\"why\"\"\"\r\n",
            ),
            (
                "progressions.csv",
                b"\xEF\xBB\xBFfrom,to,kind,note\r\nA.1,A.2,builds_towards,\"a note, with a comma\"\r\n",
            ),
        ],
    );
    let (code, report, stderr) = validate_json(&[&dir]);
    assert_eq!(code, 0, "{stderr}{report:#}");
    assert_eq!(report["input"]["standards"], 2);
    assert_eq!(report["input"]["builds_towards"], 1);
    assert_eq!(report["summary"]["F1"], 0, "the BOM is not part of the first column's name");
    let tmp = tempfile::tempdir().unwrap();
    coherence().args(["export", "--format", "csv", "--out"]).arg(tmp.path()).arg("--data").arg(&dir).assert().code(0);
    let back = std::fs::read_to_string(tmp.path().join("standards.csv")).unwrap();
    assert!(back.contains("\"Add, then subtract\""), "{back}");
    assert!(back.contains("\"Say \"\"why\"\"\""), "{back}");
}

#[test]
fn a_missing_required_column_exits_2_naming_it() {
    let (_t, dir) = folder("x", &[("standards.csv", b"id,summary\nA.1,x\n")]);
    unreadable(&dir, &["standards.csv:1", "required column missing: grade"]);
}

#[test]
fn an_unknown_column_is_a_warning() {
    let (_t, dir) = folder("x", &[("standards.csv", b"id,grade,colour\nA.1,1,red\n")]);
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 0);
    let f1 = findings(&report, "F1");
    assert_eq!(f1.len(), 1);
    assert_eq!(f1[0]["severity"], "warning");
    assert_eq!(f1[0]["line"], 1);
    assert!(f1[0]["message"].as_str().unwrap().contains("colour"));
}

#[test]
fn an_unknown_json_field_is_a_warning_at_its_line() {
    let (_t, dir) = folder(
        "fw",
        &[
            ("framework.json", b"{\"framework\": {\"id\": \"x\"}, \"files\": [\"g.json\"]}"),
            ("g.json", b"{\"grade\": \"3\",\n\"standards\": [\n{\"id\": \"3.A.1\", \"sumary\": \"typo\"}]}"),
        ],
    );
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 0);
    let f1 = findings(&report, "F1");
    assert_eq!(f1.len(), 1, "{report:#}");
    assert_eq!((f1[0]["line"].as_u64(), f1[0]["column"].as_u64()), (Some(3), Some(17)));
}

#[test]
fn a_file_that_is_not_utf8_exits_2_with_its_line() {
    let (_t, dir) = folder("x", &[("standards.csv", b"id,grade,summary\nA.1,1,ok\nA.2,1,caf\xE9\n")]);
    unreadable(&dir, &["standards.csv:3", "not UTF-8"]);
}

#[test]
fn a_folder_with_no_dataset_exits_2() {
    let (_t, dir) = folder("empty", &[("notes.txt", b"nothing here")]);
    unreadable(&dir, &["no dataset in this folder"]);
}

#[test]
fn a_path_that_does_not_exist_exits_2() {
    coherence()
        .args(["validate", "--data", "no/such/place"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/place").and(predicate::str::contains("no such file or folder")));
}

#[test]
fn a_manifest_listing_a_missing_part_exits_2_and_names_the_listing() {
    let (_t, dir) =
        folder("fw", &[("framework.json", b"{\"framework\": {\"id\": \"x\"},\n \"files\": [\"gone.json\"]}")]);
    unreadable(&dir, &["gone.json", "lists it at line 2"]);
}

#[test]
fn an_unlisted_json_file_in_a_framework_folder_is_a_warning() {
    let (_t, dir) = folder(
        "fw",
        &[
            ("framework.json", b"{\"framework\": {\"id\": \"x\"}, \"standards\": [{\"id\": \"A\", \"grade\": \"1\"}]}"),
            ("extra.json", b"{}"),
        ],
    );
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report, "F2").len(), 1);
}

#[test]
fn a_json_file_of_another_shape_exits_2() {
    let (_t, dir) = folder("x", &[("list.json", b"[1, 2]"), ("other.json", b"{\"hello\": 1}")]);
    unreadable(&dir.join("list.json"), &["list.json", "format not recognized"]);
    unreadable(&dir.join("other.json"), &["other.json", "format not recognized"]);
    let (_t, dir) = folder("x", &[("data.xlsx", b"PK"), ("data.xls", b"PK"), ("data.txt", b"PK")]);
    unreadable(&dir.join("data.xlsx"), &["data.xlsx", "not a workbook the engine can read"]);
    unreadable(&dir.join("data.xls"), &["data.xls", "save it as an Excel Workbook (.xlsx)"]);
    unreadable(&dir.join("data.txt"), &["format not recognized"]);
}

#[test]
fn malformed_csv_quoting_exits_2_with_the_line() {
    let (_t, dir) = folder("x", &[("standards.csv", b"id,grade,summary\nA.1,1,\"never closed\nA.2,1,x\n")]);
    unreadable(&dir, &["standards.csv:2", "never closed"]);
    let (_t, dir) = folder("x", &[("standards.csv", b"id,grade,summary\nA.1,1,ok\nA.2,1,\"quoted\"then text\n")]);
    unreadable(&dir, &["standards.csv:3", "after the closing quote"]);
    // A quote inside an unquoted cell, and doubled quotes inside a quoted one, are fine.
    let (_t, dir) =
        folder("x", &[("standards.csv", b"id,grade,summary\nA.1,1,a 5\" ruler\nA.2,1,\"say \"\"hi\"\"\"\n")]);
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 0);
    assert_eq!(report["input"]["standards"], 2);
}

#[test]
fn short_rows_read_the_rest_as_empty() {
    let (_t, dir) = folder("x", &[("standards.csv", b"id,grade,focus,summary\nA.1,1\n")]);
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 0);
    assert_eq!(report["input"]["standards"], 1);
}

#[test]
fn a_dangling_parent_and_an_ambiguous_bare_id_are_d2() {
    let (_t, dir) = folder(
        "x",
        &[
            ("standards.csv", b"id,framework,grade,parent\nA.1,F,1,\nA.1,G,1,\nA.1a,F,1,A.9\n"),
            ("progressions.csv", b"from,to,kind\nA.1,F:A.1a,relates_to\n"),
        ],
    );
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 1);
    let d2 = findings(&report, "D2");
    assert_eq!(d2.len(), 2, "{report:#}");
    assert!(d2[0]["message"].as_str().unwrap().contains("ambiguous"));
    assert!(d2[0]["help"].as_str().unwrap().contains("F:A.1"));
    assert!(d2[1]["message"].as_str().unwrap().contains("parent of A.1a"));
}

#[test]
fn a_large_file_read_in_parallel_chunks_gives_the_same_report_as_one_pass() {
    // Large enough to be cut into chunks; quoted cells with line breaks
    // and commas sit near every cut, and bad rows are spread through the file.
    let mut standards = String::from("id,grade,summary\n");
    for i in 0..30000 {
        match i % 4999 {
            13 => standards.push_str(&format!("S.{i},13,bad grade\n")),
            _ if i % 7 == 0 => {
                standards.push_str(&format!("S.{i},{},\"two\nlines, and a \"\"quote\"\"\"\n", i % 12 + 1))
            }
            _ => standards.push_str(&format!(
                "S.{i},{},plain summary of standard number {i}, padded out so that the file passes two mebibytes\n",
                i % 12 + 1
            )),
        }
    }
    let mut edges = String::from("from,to,kind\n");
    for i in 1..30000 {
        edges.push_str(&format!("S.{},S.{i},builds_towards\n", i - 1));
    }
    assert!(standards.len() > 2 * 1024 * 1024 + 1024);
    let (_t, dir) = folder("big", &[("standards.csv", standards.as_bytes()), ("progressions.csv", edges.as_bytes())]);
    let (one, two) = (validate_on(&dir, "1"), validate_on(&dir, "2"));
    assert_eq!(String::from_utf8_lossy(&one.stdout), String::from_utf8_lossy(&two.stdout));
    let report: serde_json::Value = serde_json::from_slice(&two.stdout).unwrap();
    let d6 = findings(&report, "D6");
    assert_eq!(d6.len(), 6, "rows 13, 5012, 10011, 15010, 20009, 25008 have grade 13");
    // Row i sits on line 2 + i plus one extra line for every two-line row before it.
    let line_of = |i: usize| 2 + i + (0..i).filter(|j| j % 7 == 0 && j % 4999 != 13).count();
    for (k, f) in d6.iter().enumerate() {
        assert_eq!(f["line"].as_u64().unwrap() as usize, line_of(13 + 4999 * k));
    }
}

/// Runs validate with JSON output on `threads` threads.
fn validate_on(dir: &Path, threads: &str) -> std::process::Output {
    coherence()
        .env("RAYON_NUM_THREADS", threads)
        .args(["validate", "--format", "json", "--data"])
        .arg(dir)
        .output()
        .unwrap()
}

/// The lines of the D6 findings of a validate report, in report order.
fn d6_lines(report: &serde_json::Value) -> Vec<u64> {
    findings(report, "D6").iter().map(|f| f["line"].as_u64().unwrap()).collect()
}

#[test]
fn line_numbers_count_crlf_line_ends_and_blank_lines() {
    // Spreadsheets write CRLF; a blank line counts as a line too. The same rows
    // are written once without any quote (read line by line) and once with
    // quoted cells (read by the csv crate), and must be placed alike.
    let plain = b"id,grade\r\nA.1,1\r\nA.2,13\r\n\r\n\r\nA.3,2\r\nA.4,14\r\n";
    let quoted = b"id,grade,summary\r\nA.1,1,\"a, b\"\r\nA.2,13,\"two\r\nlines\"\r\n\r\nA.3,2,x\r\nA.4,14,\r\n";
    let (_t, dir) = folder("x", &[("standards.csv", plain)]);
    let (_, report, _) = validate_json(&[&dir]);
    assert_eq!(d6_lines(&report), [3, 7]);
    let (_t, dir) = folder("x", &[("standards.csv", quoted)]);
    let (_, report, _) = validate_json(&[&dir]);
    assert_eq!(d6_lines(&report), [3, 7], "the quoted cell spans lines 3 and 4");
}

#[test]
fn a_large_file_without_quotes_read_in_chunks_keeps_its_lines() {
    // Quote-free, CRLF, with a blank line every 1,000 rows and bad rows spread
    // through it: large enough to be cut into chunks on two threads.
    let mut standards = String::from("id,grade,summary\r\n");
    let mut bad = Vec::new();
    let mut line = 1;
    for i in 0..20000 {
        if i % 1000 == 999 {
            standards.push_str("\r\n");
            line += 1;
        }
        line += 1;
        if i % 3001 == 7 {
            standards.push_str(&format!("S.{i},13,bad grade\r\n"));
            bad.push(line);
        } else {
            standards.push_str(&format!("S.{i},{},a plain summary without any quote\r\n", i % 12 + 1));
        }
    }
    assert!(standards.len() > 512 * 1024);
    let (_t, dir) = folder("big", &[("standards.csv", standards.as_bytes())]);
    let (one, two) = (validate_on(&dir, "1"), validate_on(&dir, "2"));
    assert_eq!(String::from_utf8_lossy(&one.stdout), String::from_utf8_lossy(&two.stdout));
    let report: serde_json::Value = serde_json::from_slice(&two.stdout).unwrap();
    assert_eq!(report["input"]["standards"], 20000 - bad.len());
    assert_eq!(d6_lines(&report), bad);
}

#[test]
fn a_value_serde_json_cannot_hold_is_a_row_finding_at_the_value() {
    let part = b"{\"grade\": \"3\",\n \"standards\": [\n  {\"id\": \"3.A.1\"},\n  {\"id\": \"3.A.2\", \"summary\": \"x\\ud800\"},\n  {\"id\": \"3.A.3\", \"note\": 1e309},\n  {\"id\": \"3.A.4\"}\n ]\n}\n";
    let (_t, dir) = folder("fw", &[("part.json", part)]);
    let (code, report, _) = validate_json(&[&dir.join("part.json")]);
    assert_eq!(code, 1);
    let d6 = findings(&report, "D6");
    assert_eq!(d6.len(), 2, "{report:#}");
    assert_eq!((d6[0]["line"].as_u64(), d6[0]["column"].as_u64()), (Some(4), Some(30)));
    assert!(d6[0]["message"].as_str().unwrap().contains("field \"summary\" holds a string with a lone surrogate"));
    assert_eq!((d6[1]["line"].as_u64(), d6[1]["column"].as_u64()), (Some(5), Some(27)));
    assert!(d6[1]["message"].as_str().unwrap().contains("field \"note\" holds a number out of range"));
    assert_eq!(report["input"]["standards"], 2, "3.A.1 and 3.A.4");
    // A file that is one such value cannot be read at all: exit 2 at its place, not "holds null".
    let (_t, dir) = folder("fw", &[("n.json", b"\n  1e309\n")]);
    unreadable(&dir.join("n.json"), &["n.json:2:3", "the file holds a number out of range"]);
    let (_t, dir) = folder("fw", &[("framework.json", b"{\"framework\": {\"id\": \"x\", \"title\": 1e999}}")]);
    unreadable(&dir, &["framework.json:1:36", "\"framework\" object holds a number out of range"]);
}

#[test]
fn data_meant_to_hold_standards_that_yields_none_exits_2_with_why() {
    // A standards.csv with a header only, and one whose every row is dropped.
    let (_t, dir) =
        folder("st", &[("standards.csv", b"id,grade\n"), ("modules.csv", b"id,kind,standards\nM,pd,4.NF\n")]);
    unreadable(&dir, &["standards.csv: no standard: the file has a header and no rows"]);
    let (_t, dir) = folder("st", &[("standards.csv", b"id,grade\nA.1,13\nA.2,\n")]);
    unreadable(&dir, &["standards.csv: no standard could be read: 2 rows dropped, the first: line 2:", "\"13\""]);
    // A native framework with no standard, and a part file with an empty standards list.
    let (_t, dir) = folder("fw", &[("framework.json", b"{\"framework\": {\"id\": \"x\"}, \"files\": []}")]);
    unreadable(&dir, &["framework.json: no standard: neither the manifest nor a part file"]);
    let (_t, dir) = folder("fw", &[("part.json", b"{\"standards\": [{\"id\": \"A.1\"}]}")]);
    unreadable(&dir.join("part.json"), &["part.json: no standard could be read: 1 record dropped", "no grade"]);
    let (_t, dir) = folder("fw", &[("part.json", b"{\"standards\": []}")]);
    unreadable(&dir.join("part.json"), &["no standard: its \"standards\" list is empty"]);
    // A Knowledge Graph export whose items the filters leave out.
    let items = b"caseIdentifierUUID,statementCode,gradeLevel,normalizedStatementType,jurisdiction,academicSubject\n\
u-1,A.1,3,Standard,Utopia,Mathematics\n";
    let (_t, dir) = folder("kg", &[("StandardsFrameworkItem.csv", items)]);
    let out = coherence().args(["validate", "--jurisdiction", "Multi-State", "--data"]).arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("none of its 1 framework item is kept by --jurisdiction Multi-State"), "{stderr}");
    assert!(stderr.contains("jurisdictions: Utopia; subjects: Mathematics"), "{stderr}");
    // Modules, scopes and plans alone (CSV, or a native part without standards) still run on the embedded set.
    let (_t, dir) = folder(
        "fw",
        &[("plans.json", b"{\"modules\": [{\"id\": \"M\", \"kind\": \"pd\", \"standards\": [\"4.NF\"]}]}")],
    );
    let (code, report, stderr) = validate_json(&[&dir.join("plans.json")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["input"]["standards"], 509);
}
