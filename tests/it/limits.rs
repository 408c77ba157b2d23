//! Input at the limits: chains of 100,000 standards (builds_towards and
//! parent links) and JSON nested 200,000 deep. Every command ends with exit
//! 0, 1 or 2 and a message, never a crash; the chains of a million are
//! ignored by default (a minute in a debug build):
//! `cargo test --release --test it limits -- --ignored`.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::{coherence, folder};

/// Runs `args` on `data` and returns (exit code, stdout, stderr); a crash or a signal fails the test.
fn run(data: &Path, args: &[&str]) -> (i32, String, String) {
    let start = Instant::now();
    let out = coherence().args(args).arg("--data").arg(data).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let code = out.status.code();
    assert!(matches!(code, Some(0..=2)), "{args:?}: {:?}, stderr: {stderr}", out.status);
    if code == Some(2) {
        assert!(stderr.contains("error"), "{args:?}: exit 2 says why: {stderr}");
    }
    // Generous: a debug build on a busy machine; a quadratic walk takes minutes.
    assert!(start.elapsed() < Duration::from_secs(120), "{args:?} took {:?}", start.elapsed());
    (code.unwrap_or(-1), stdout.into_owned(), stderr.into_owned())
}

/// `n` standards of grade 3, each linked to the next: by builds_towards, or as its parent.
fn chain(n: usize, parents: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut standards = String::from("id,grade,parent,summary\n");
    let mut edges = String::from("from,to,kind\n");
    for i in 0..n {
        let parent = if parents && i > 0 { format!("S{}", i - 1) } else { String::new() };
        writeln!(standards, "S{i},3,{parent},the same text").unwrap();
        if !parents && i > 0 {
            writeln!(edges, "S{},S{i},builds_towards", i - 1).unwrap();
        }
    }
    let plans: &[(&str, &[u8])] = &[
        ("modules.csv", b"id,kind,standards\nPD,pd,S0\nINT,intervention,S1\n"),
        ("scopes.csv", b"id,grade_lo,grade_hi\nX,3,3\n"),
        ("plans.csv", b"scope,module\nX,PD\nX,INT\n"),
    ];
    let mut files: Vec<(&str, &[u8])> =
        vec![("standards.csv", standards.as_bytes()), ("progressions.csv", edges.as_bytes())];
    files.extend_from_slice(plans);
    folder("chain", &files)
}

fn builds_towards_chain(n: usize) {
    let (_t, dir) = chain(n, false);
    let last = format!("S{}", n - 1);
    let (code, out, _) = run(&dir, &["validate", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["input"]["standards"], n);
    let (code, out, _) = run(&dir, &["gaps", "--format", "json"]);
    assert!(code <= 1, "{out}");
    let (code, out, _) = run(&dir, &["trace", &last]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().filter(|l| l.contains("[3]")).count(), n - 1, "every prerequisite once");
    // Past the indentation's limit a line carries its level instead of more spaces.
    let deepest = out.lines().find(|l| l.contains("S0 [3]")).unwrap();
    assert!(deepest.trim_start().starts_with(&format!("{}: ", n - 1)), "{deepest}");
    assert!(deepest.len() < 200, "{deepest}");
    let (code, out, _) = run(&dir, &["show", &format!("S{}", n / 2)]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = run(&dir, &["path", "S0", &last, "--format", "json"]);
    assert_eq!(code, 0);
    let paths: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(paths["paths"][0].as_array().unwrap().len(), n, "the one path, whole");
    // Another framework with the same texts: every standard is removed and added, and
    // none pairs up as re-coded (each text fits them all).
    let other = dir.with_file_name("other");
    std::fs::create_dir_all(&other).unwrap();
    for f in ["standards.csv", "progressions.csv"] {
        std::fs::copy(dir.join(f), other.join(f)).unwrap();
    }
    let start = Instant::now();
    let out = coherence().arg("diff").arg(&dir).arg(&other).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(start.elapsed() < Duration::from_secs(120), "diff took {:?}", start.elapsed());
}

fn parent_chain(n: usize) {
    let (_t, dir) = chain(n, true);
    let last = format!("S{}", n - 1);
    let (code, out, _) = run(&dir, &["validate", "--format", "json"]);
    assert!(code <= 1, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["input"]["standards"], n);
    let (code, out, _) = run(&dir, &["gaps", "--format", "json"]);
    assert!(code <= 1, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    // PD names S0, which covers its n - 1 descendants too: nothing in scope is left untaught.
    assert_eq!(report["summary"]["scopes"]["X"]["base"]["taught"], n, "{}", report["summary"]);
    for args in [&["show", last.as_str()][..], &["trace", &last]] {
        assert_eq!(run(&dir, args).0, 0, "{args:?}");
    }
}

#[test]
fn a_builds_towards_chain_of_100_000_standards() {
    builds_towards_chain(100_000);
}

#[test]
fn a_parent_chain_of_100_000_standards() {
    parent_chain(100_000);
}

#[test]
#[ignore = "a minute in a debug build"]
fn a_builds_towards_chain_of_a_million_standards() {
    builds_towards_chain(1_000_000);
}

#[test]
#[ignore = "a minute in a debug build"]
fn a_parent_chain_of_a_million_standards() {
    parent_chain(1_000_000);
}

/// Runs validate on `data` and expects exit 2 naming `place` and the nesting.
fn too_deep(data: &Path, place: &str) {
    let (code, out, err) = run(data, &["validate"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains(place), "{place} not in {err}");
    assert!(err.contains("recursion limit exceeded"), "{err}");
}

#[test]
fn json_nested_200_000_deep_is_a_load_error_with_its_place() {
    let deep = |d: usize| format!("{}{}", "[".repeat(d), "]".repeat(d));
    let native = format!("{{\"grade\": \"3\",\n \"standards\": {}}}", deep(200_000));
    let (_t, dir) = folder("fw", &[("part.json", native.as_bytes())]);
    // The root object is the first level: the 128th is the 127th bracket, at column 14 + 127 of line 2.
    too_deep(&dir.join("part.json"), "part.json:2:141");
    let case = format!("{{\"CFDocument\": {{}}, \"CFItems\": [{{\"identifier\": {}}}]}}", deep(200_000));
    let (_t, dir) = folder("case", &[("pkg.json", case.as_bytes())]);
    too_deep(&dir.join("pkg.json"), "pkg.json:1:");
    let manifest = format!("{{\"framework\": {{\"id\": \"x\"}}, \"files\": [],\n\"x\": {}}}", deep(200_000));
    let (_t, dir) = folder("fw", &[("framework.json", manifest.as_bytes())]);
    too_deep(&dir, "framework.json:2:");
    let jsonl = format!("{{\"labels\": []}}\n{}\n", deep(200_000));
    let (_t, dir) = folder("kg", &[("nodes.jsonl", jsonl.as_bytes())]);
    too_deep(&dir, "nodes.jsonl:2:");
}

#[test]
fn json_as_deep_as_serde_json_allows_still_loads() {
    let ok = format!(
        "{{\"grade\": \"3\", \"standards\": [{{\"id\": \"A\", \"x\": {}{}}}]}}",
        "[".repeat(124),
        "]".repeat(124)
    );
    let (_t, dir) = folder("fw", &[("part.json", ok.as_bytes())]);
    let (code, _, err) = run(&dir.join("part.json"), &["validate"]);
    assert!(code <= 1, "{err}");
}
