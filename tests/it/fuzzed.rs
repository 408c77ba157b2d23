//! What the fuzzers found (`scripts/fuzz`), each kept as a regression test:
//! the input, and what the engine must do with it.

use crate::util::{coherence, folder};

/// Runs validate on `file` in a fresh folder and returns (exit code, stderr).
fn validate_file(name: &str, bytes: &[u8]) -> (Option<i32>, String) {
    let (_t, dir) = folder("fuzzed", &[(name, bytes)]);
    let out = coherence().args(["validate", "--data"]).arg(dir.join(name)).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// spanned (empty input): serde_json puts an end of file at the start of a
/// line at column 0; the error pointed at `file:2:0`.
#[test]
fn json_ending_at_a_line_start_points_at_column_1() {
    let (code, err) = validate_file("part.json", b"{\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("part.json:2:1: malformed JSON: EOF while parsing an object"), "{err}");
}

/// spanned (a CASE package with `"\ud800d8d5..."` in an identifier): the
/// check skipped strings unread, so a lone surrogate escape passed it; the
/// parser then could not read that element and the CASE reader silently
/// stopped reading the list there. Now that one item is dropped with a D6 at
/// its place, and the items around it are read.
#[test]
fn a_lone_surrogate_escape_drops_its_item_at_its_place() {
    let package = "{\"CFDocument\": {\"title\": \"T\"},\n \"CFItems\": [\n  {\"identifier\": \"a\", \"educationLevel\": [\"03\"]},\n  {\"identifier\": \"\\ud800b\"},\n  {\"identifier\": \"c\", \"educationLevel\": [\"03\"]}\n ]}\n";
    let (code, err) = validate_file("package.json", package.as_bytes());
    assert_eq!(code, Some(1), "{err}");
    let (_t, dir) = folder("fuzzed", &[("package.json", package.as_bytes())]);
    let out =
        coherence().args(["validate", "--format", "json", "--data"]).arg(dir.join("package.json")).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let d6: Vec<_> = findings.iter().filter(|f| f["code"] == "D6").collect();
    assert_eq!(d6.len(), 1, "{findings:?}");
    assert_eq!(d6[0]["line"], 4, "{d6:?}");
    assert!(d6[0]["message"].as_str().unwrap().contains("lone surrogate"), "{d6:?}");
    assert_eq!(v["input"]["standards"], 2, "the items before and after it are read");
}

/// The same hole for numbers: `1e400` passed the check, and a part file
/// holding one was reported as "the file holds null". Now its one record is
/// dropped at its place, which leaves the file without a standard.
#[test]
fn a_number_out_of_range_drops_its_record_at_its_place() {
    let (code, err) =
        validate_file("part.json", b"{\"grade\": \"3\",\n \"standards\": [{\"id\": \"A\", \"x\": 1e400}]}");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("part.json:2:33") && err.contains("number out of range"), "{err}");
}
