//! The commands as a CI pipeline and a person use them.

use std::path::Path;

use predicates::prelude::*;

use crate::util::{coherence, findings, fixture, folder, validate_json};

#[test]
fn validate_on_the_embedded_data_exits_0() {
    coherence()
        .arg("validate")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors"))
        .stdout(predicate::str::contains("509 standards"))
        .stdout(predicate::str::contains("in 15 files"));
}

#[test]
fn a_three_cycle_is_one_d4_listing_the_three_ids() {
    let (code, report, _) = validate_json(&[Path::new(&fixture("cycle"))]);
    assert_eq!(code, 1);
    let d4 = findings(&report, "D4");
    assert_eq!(d4.len(), 1, "{report:#}");
    assert_eq!(d4[0]["ids"], serde_json::json!(["3.OA.A.1", "3.OA.A.2", "3.OA.A.3"]));
    assert_eq!(d4[0]["severity"], "error");
    assert_eq!(d4[0]["file"], "tests/fixtures/cycle/progressions.csv");
    assert_eq!(d4[0]["line"], 2);
    assert_eq!(report["summary"]["D4"], 1);
    assert_eq!(report["summary"]["D5"], 0, "the closing edge goes from grade 3 to grade 3: not backward");
}

#[test]
fn a_dangling_reference_in_native_json_names_file_line_and_column() {
    let (code, report, _) = validate_json(&[Path::new(&fixture("native-dangling"))]);
    assert_eq!(code, 1);
    let d2 = findings(&report, "D2");
    assert_eq!(d2.len(), 1);
    assert_eq!(d2[0]["file"], "tests/fixtures/native-dangling/grade-4.json");
    assert_eq!(d2[0]["line"], 15);
    assert_eq!(d2[0]["column"], 12);
    assert!(d2[0]["help"].as_str().unwrap().contains("did you mean 4.NF.B.3"), "{}", d2[0]);
}

#[test]
fn fail_on_warning_turns_warnings_into_exit_1() {
    let (_tmp, dir) = folder(
        "w",
        &[
            ("standards.csv", b"id,grade\nA.1,1\nA.2,2\n"),
            ("progressions.csv", b"from,to,kind\nA.1,A.2,builds_towards\n"),
        ],
    );
    // A.1 and A.2 have no same-grade link: two H1 warnings, no error.
    coherence().args(["validate", "--data"]).arg(&dir).assert().code(0);
    coherence().args(["validate", "--fail-on", "warning", "--data"]).arg(&dir).assert().code(1);
    coherence().args(["validate", "--fail-on", "never", "--data"]).arg(&dir).assert().code(0);
}

#[test]
fn export_csv_writes_the_spec_columns_and_reads_back_with_the_same_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("csv");
    coherence().args(["export", "--format", "csv", "--out"]).arg(&out).assert().code(0);
    let standards = std::fs::read_to_string(out.join("standards.csv")).unwrap();
    let header = standards.lines().next().unwrap();
    for col in ["id", "framework", "grade", "domain", "cluster", "focus", "parent", "entry", "summary", "note"] {
        assert!(header.split(',').any(|c| c == col), "{col} missing from {header}");
    }
    let progressions = std::fs::read_to_string(out.join("progressions.csv")).unwrap();
    assert_eq!(progressions.lines().next().unwrap(), "from,to,kind,progression,note");

    let (code, before, _) = validate_json(&[]);
    let (code2, after, _) = validate_json(&[&out]);
    assert_eq!((code, code2), (0, 0));
    assert_eq!(before["summary"], after["summary"]);
    for k in ["standards", "builds_towards", "relates_to"] {
        assert_eq!(before["input"][k], after["input"][k], "{k}");
    }
}

#[test]
fn export_json_reproduces_the_shipped_files_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    coherence().args(["export", "--format", "json", "--out"]).arg(tmp.path()).assert().code(0);
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards/ccss-math");
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap();
        let exported = std::fs::read_to_string(tmp.path().join("ccss-math").join(name)).unwrap_or_default();
        assert_eq!(exported, std::fs::read_to_string(&p).unwrap(), "{}", p.display());
    }
}

#[test]
fn a_failed_export_leaves_old_files_as_they_were() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("standards.csv"), "old contents").unwrap();
    // A folder where progressions.csv should go makes the second file fail.
    std::fs::create_dir_all(out.join("progressions.csv")).unwrap();
    coherence()
        .args(["export", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("progressions.csv"));
    assert_eq!(std::fs::read_to_string(out.join("standards.csv")).unwrap(), "old contents");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn builtin_is_added_when_the_data_holds_no_standards_and_only_then() {
    let (_tmp, plans) = folder("plans", &[("modules.csv", b"id,kind,standards\nM-1,pd,4.NF.B.3a;4.NF.3b\n")]);
    let (code, report, _) = validate_json(&[&plans]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["input"]["standards"], 509);
    assert_eq!(report["input"]["modules"], 1);
    assert_eq!(report["summary"]["D2"], 0, "4.NF.3b resolves as a spelling variant");

    let (code, report, _) = validate_json(&[Path::new(&fixture("cycle"))]);
    assert_eq!(code, 1);
    assert_eq!(report["input"]["standards"], 3);

    let mut cmd = coherence();
    let out = cmd
        .args(["validate", "--format", "json", "--data", "builtin:ccss-math", "--data", &fixture("cycle")])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["input"]["standards"], 512);
    assert_eq!(report["input"]["frameworks"], serde_json::json!(["ccss-math", "cycle"]));
}

#[test]
fn unknown_builtin_and_bad_usage_exit_2() {
    coherence()
        .args(["validate", "--data", "builtin:nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ccss-math"));
    coherence().args(["validate", "--format", "yaml"]).assert().code(2);
    coherence()
        .args(["validate", "--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("text, json, github"));
    coherence().arg("frobnicate").assert().code(2);
}

#[test]
fn stats_counts_grades_domains_focus_and_edges() {
    let out = coherence().args(["stats", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["standards"], 385);
    assert_eq!(s["sub_standards"], 124);
    assert_eq!(s["domains_by_standards"]["4.NF"], 14);
    let per_grade: u64 = s["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["standards"].as_u64().unwrap() + g["sub_standards"].as_u64().unwrap())
        .sum();
    assert_eq!(per_grade, 509);
    let per_focus: u64 = s["focus"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(per_focus, 509);
    let tagged: u64 = s["edges_by_progression"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.starts_with("builds_towards/"))
        .map(|(_, v)| v.as_u64().unwrap())
        .sum();
    assert_eq!(s["edges"]["builds_towards"], tagged);
    assert!(s["edges_by_progression"].as_object().unwrap().keys().all(|k| !k.starts_with("builds_towards/(untagged)")));
    coherence().arg("stats").assert().code(0).stdout(predicate::str::contains("builds_towards"));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let run = |threads: &str| {
        coherence()
            .env("RAYON_NUM_THREADS", threads)
            .args(["validate", "--format", "json", "--data", &fixture("defects")])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn validate_out_writes_the_report_to_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("report.json");
    coherence().args(["validate", "--format", "json", "--out"]).arg(&file).assert().code(0).stdout("");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(v["summary"]["D1"], 0);
}

#[test]
fn color_is_used_only_when_asked_or_on_a_terminal() {
    let out = coherence().args(["validate", "--data", &fixture("cycle")]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
    let out = coherence().args(["--color", "always", "validate", "--data", &fixture("cycle")]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\x1b[1;31merror"));
}

#[test]
fn progress_goes_to_stderr_only_when_asked_or_at_a_terminal() {
    let run = |extra: &[&str]| {
        coherence()
            .args(["gaps", "--format", "json", "--summary-only", "--data", "examples/district"])
            .args(extra)
            .output()
            .unwrap()
    };
    let piped = run(&[]);
    let told = run(&["--progress", "always", "--timings"]);
    let quiet = run(&["--progress", "always", "--quiet"]);
    assert_eq!(piped.stdout, told.stdout, "progress never enters the report");
    assert_eq!(piped.stdout, quiet.stdout);
    assert!(piped.stderr.is_empty(), "piped: nothing on stderr");
    assert!(quiet.stderr.is_empty(), "--quiet: nothing on stderr");
    let err = String::from_utf8(told.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("coherence: loading 4 files ("), "{err}");
    assert!(lines[1].starts_with("coherence: building the graph of 509 standards"), "{err}");
    assert!(lines[2].starts_with("coherence: checking the plans of 43 scopes: "), "{err}");
    assert!(lines[3].starts_with("timings: load ") && lines[3].contains("plan checks") && lines[3].contains("total"));
}

/// Each command's `--help` lists exactly the formats it writes, and clap
/// refuses any other before anything runs (exit 2).
#[test]
fn every_command_lists_exactly_its_formats() {
    let expected: [(&[&str], &[&str]); 10] = [
        (&["validate"], &["text", "json", "github"]),
        (&["gaps"], &["text", "json", "csv", "markdown", "xlsx"]),
        (&["show", "X"], &["text", "json", "svg", "dot", "mermaid"]),
        (&["trace", "X"], &["text", "json", "svg", "dot", "mermaid"]),
        (&["progression", "X"], &["text", "json", "svg", "dot", "mermaid"]),
        (&["path", "X", "Y"], &["text", "json"]),
        (&["diff", "a", "b"], &["text", "json", "markdown"]),
        (&["stats"], &["text", "markdown", "json"]),
        (&["export", "--out", "x"], &["csv", "json", "case", "xlsx"]),
        (&["import", "case", "--out", "x", "f"], &["text", "json"]),
    ];
    let all = ["text", "json", "github", "csv", "markdown", "svg", "dot", "mermaid", "case", "xlsx"];
    for (args, formats) in expected {
        let mut cmd: Vec<&str> =
            args.iter().copied().filter(|a| !["X", "Y", "a", "b", "x", "f", "--out"].contains(a)).collect();
        cmd.push("--help");
        let out = coherence().args(&cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{cmd:?}");
        let help = String::from_utf8_lossy(&out.stdout);
        let section = help.split("\n      --format <FORMAT>").nth(1).unwrap_or_else(|| panic!("{cmd:?} has --format"));
        let section = section.split("\n      --").next().unwrap_or(section);
        let listed: Vec<&str> = all.iter().copied().filter(|f| section.contains(&format!("- {f}:"))).collect();
        let mut want = formats.to_vec();
        want.sort_unstable();
        let mut listed = listed;
        listed.sort_unstable();
        assert_eq!(listed, want, "{cmd:?} --help lists {listed:?}");
        for f in all.iter().filter(|f| !formats.contains(f)) {
            let mut run: Vec<&str> = args.to_vec();
            run.extend(["--format", f]);
            let out = coherence().args(&run).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{run:?} is refused");
            assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value"), "{run:?}");
        }
    }
    // `map` and `schema` write one format each, and take no --format.
    for cmd in [["map", "--help"], ["schema", "--help"]] {
        let out = coherence().args(cmd).output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stdout).contains("--format"), "{cmd:?}");
    }
}

#[test]
fn progress_has_its_own_choices_and_help() {
    let out = coherence().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let section = help.split("--progress <PROGRESS>").nth(1).unwrap();
    assert!(
        section.contains("nothing otherwise") && !section.split("--").next().unwrap().contains("NO_COLOR"),
        "{section}"
    );
}
