//! CSV as spreadsheets save it (spec revision 2, csv-interchange.md): the
//! delimiter from the header line, header names in any case, empty rows,
//! CR line ends, lists separated by `,` or `;`, and a column named twice.

use serde_json::Value;

use crate::util::{coherence, findings, folder, validate_json};

const STANDARDS: &str = "id,grade,focus\nA1,1,major\nA2,2,major\nA3,2,major\n";

/// The spec's summary of `gaps` on `dir`, with the exit code.
fn gaps_summary(dir: &std::path::Path) -> (i32, Value) {
    let out = coherence().args(["gaps", "--format", "json", "--summary-only", "--data"]).arg(dir).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), v["summary"].clone())
}

#[test]
fn semicolons_upper_case_headers_and_empty_rows_read_as_excel_saves_them() {
    let (_t, dir) = folder(
        "xl",
        &[
            ("standards.csv", STANDARDS.as_bytes()),
            ("modules.csv", b"ID;Kind;Standards;Title\r\nPD-1;PD;A1, A2;Two standards\r\n;;;\r\n;;;\r\n"),
            ("scopes.csv", b"Id\tName\tGrade_Lo\tGrade_Hi\ns1\tSchool\t1\t2\n\t\t\t\n"),
            ("plans.csv", b"SCOPE,MODULE,SEQUENCE\ns1,PD-1,1\n,,\n"),
        ],
    );
    let (code, s) = gaps_summary(&dir);
    assert_eq!(code, 0, "no D6 for the empty rows: {s}");
    assert_eq!(s["scopes"]["s1"]["base"]["taught"], 2, "A1 and A2, listed with a comma: {s}");
    assert_eq!(s["scopes"]["s1"]["C1"], 1, "A3 is uncovered: {s}");
}

#[test]
fn lone_cr_line_ends_count_lines_like_any_other() {
    let (_t, dir) = folder("mac", &[("standards.csv", b"id,grade\rA1,1\rA2,7x\rA3,2\r")]);
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 1);
    let d6 = findings(&report, "D6");
    assert_eq!(d6.len(), 1, "{report:#}");
    assert_eq!(d6[0]["line"], 3, "the bad grade is on line 3");
    assert_eq!(report["input"]["standards"], 2);
}

#[test]
fn a_column_named_twice_cannot_be_read() {
    let (_t, dir) = folder("dup", &[("standards.csv", b"id,grade,Grade\nA1,1,2\n")]);
    let out = coherence().args(["validate", "--data"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("standards.csv:1") && stderr.contains("names grade twice, in columns 2 and 3"), "{stderr}");
}

#[test]
fn every_repeated_column_is_named_with_its_positions() {
    let (_t, dir) = folder(
        "dup",
        &[(
            "modules.csv",
            b"id,kind,standards,ID,kind,Kind
m,pd,4.NF
",
        )],
    );
    let out = coherence().args(["validate", "--data"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("names id twice, in columns 1 and 4; kind 3 times, in columns 2, 5 and 6"), "{stderr}");
}

/// Runs validate on a folder holding one standards.csv; expects exit 2 and returns stderr.
fn refused(text: &[u8]) -> String {
    let (_t, dir) = folder("std", &[("standards.csv", text)]);
    let out = coherence().args(["validate", "--data"]).arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

#[test]
fn a_header_below_the_first_line_is_named_with_its_line() {
    // A blank first line: the csv crate would skip it, and sniff the delimiter from the blank line.
    let stderr = refused(b"\r\nid;grade\r\nA1;1\r\n");
    assert!(stderr.contains("standards.csv:1: the first line is empty"), "{stderr}");
    assert!(stderr.contains("the header must be the first line, and it seems to be on line 2"), "{stderr}");
    // Delimiters only, as a spreadsheet saves an empty first row.
    let stderr = refused(b",,\n,,\nid,grade,summary\nA1,1,x\n");
    assert!(stderr.contains("the first line names no column"), "{stderr}");
    assert!(stderr.contains("seems to be on line 3") && stderr.contains("delete the lines above"), "{stderr}");
    // A title above the table.
    let stderr = refused(b"Standards of my state\nid,grade\nA1,1\n");
    assert!(stderr.contains("required columns missing from the first line (id, grade)"), "{stderr}");
    assert!(stderr.contains("seems to be on line 2") && stderr.contains("delete the line above"), "{stderr}");
    // Nothing that looks like a header anywhere: the plain messages.
    assert!(refused(b"\n\nA1\n").contains("the first line is empty: the header must be the first line"));
    assert!(refused(b"id\nA1\n").contains("required column missing: grade"));
}

#[test]
fn a_tie_between_delimiters_goes_to_the_comma() {
    // One comma and one semicolon in the header: a comma-delimited file whose last column name holds a `;`.
    let (_t, dir) = folder("tie", &[("standards.csv", b"id,grade;x\nA1,1;x\n")]);
    let out = coherence().args(["validate", "--data"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "grade is missing: the second column is named \"grade;x\"");
    assert!(String::from_utf8_lossy(&out.stderr).contains("required column missing: grade"));
}
