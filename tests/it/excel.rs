//! Files for spreadsheets: the CSV reports for people (a byte-order mark,
//! formulas neutralized, numbers kept), the interchange CSV of `export`
//! (plain), the xlsx gap report and the dataset workbook.

use std::path::{Path, PathBuf};

use crate::util::{coherence, fixture};

/// The `plans` fixture with text a spreadsheet would run: a scope name, a
/// summary and a module title that are formulas.
fn formulas() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("formulas");
    std::fs::create_dir_all(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("plans"));
    for f in ["progressions.csv", "plans.csv"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    let read = |f: &str| std::fs::read_to_string(src.join(f)).unwrap();
    let modules =
        read("modules.csv").replace("Place value to 100", "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"");
    let scopes = read("scopes.csv").replace("North School", "=1+1");
    let standards = read("standards.csv").replace("Add within 100\n", "@SUM(1+1)\n");
    std::fs::write(dir.join("modules.csv"), modules).unwrap();
    std::fs::write(dir.join("scopes.csv"), scopes).unwrap();
    std::fs::write(dir.join("standards.csv"), standards).unwrap();
    (tmp, dir)
}

fn stdout(args: &[&str], data: &Path) -> String {
    let out = coherence().args(args).arg("--data").arg(data).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Every cell of a CSV text after its byte-order mark.
fn cells(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// No cell a spreadsheet would run: each one starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is a number.
fn no_formula(what: &str, rows: &[Vec<String>]) {
    for cell in rows.iter().flatten() {
        if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            assert!(cell.parse::<f64>().is_ok(), "{what}: a formula left as it is: {cell:?}");
        }
    }
}

#[test]
fn csv_reports_for_people_start_with_a_bom_and_run_no_formula() {
    let (_t, data) = formulas();
    let report = stdout(&["gaps", "--format", "csv"], &data);
    let rows = cells(&report);
    no_formula("gaps csv", &rows);
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let s1: Vec<&Vec<String>> = rows.iter().filter(|r| r[col("scope")] == "s1").collect();
    assert!(!s1.is_empty());
    assert!(s1.iter().all(|r| r[col("scope_name")] == "'=1+1"), "{report}");
    assert!(rows.iter().any(|r| r[col("summary")] == "'@SUM(1+1)"), "{report}");
    // The title stands inside the help's words, where no spreadsheet runs it.
    assert!(report.contains("=HYPERLINK("), "{report}");

    let card = cells(&stdout(&["gaps", "--scorecard", "--format", "csv"], &data));
    no_formula("scorecard csv", &card);
    assert!(card.iter().any(|r| r[1] == "'=1+1"), "{card:?}");
}

#[test]
fn a_negative_change_stays_a_number_in_the_scorecard_csv() {
    // From baseline.rs: horizontal coherence of s1 goes from 2/3 to 0/2.
    let tmp = tempfile::tempdir().unwrap();
    let now = tmp.path().join("now");
    std::fs::create_dir_all(&now).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("plans"));
    for f in ["modules.csv", "progressions.csv", "scopes.csv", "standards.csv"] {
        std::fs::copy(src.join(f), now.join(f)).unwrap();
    }
    std::fs::write(
        now.join("plans.csv"),
        "scope,module,sequence\ns1,P1,1\ns1,P3,2\ns1,I1,\ns2,P1,2\ns2,P3,1\ns2,P2,\n",
    )
    .unwrap();
    let text = stdout(&["gaps", "--scorecard", "--format", "csv", "--baseline", &fixture("plans")], &now);
    let rows = cells(&text);
    let col = rows[0].iter().position(|h| h == "horizontal_coherence_change").unwrap();
    let s1 = rows.iter().find(|r| r[0] == "s1").unwrap();
    assert_eq!(s1[col], "-0.6667", "{text}");
}

#[test]
fn progress_csv_is_for_people_too() {
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("r.json");
    coherence()
        .args(["gaps", "--data", &fixture("plans"), "--format", "json", "--as-of", "2026-09-01", "--out"])
        .arg(&report)
        .assert()
        .code(0);
    let out = coherence().arg("progress").arg(&report).args(["--format", "csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = cells(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows[0][0], "scope");
    no_formula("progress csv", &rows);
}

#[test]
fn the_interchange_csv_of_export_stays_plain() {
    let (_t, data) = formulas();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("csv");
    coherence().arg("export").arg("--data").arg(&data).args(["--format", "csv", "--out"]).arg(&out).assert().code(0);
    let modules = std::fs::read(out.join("modules.csv")).unwrap();
    assert!(modules.starts_with(b"id,"), "no byte-order mark: {:?}", &modules[..8]);
    let text = String::from_utf8(modules).unwrap();
    assert!(text.contains(",\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","), "kept as written: {text}");
    let help = coherence().args(["export", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("no byte-order mark"), "{help}");
}
