//! `coherence progress`: three dated reports of the `plans` fixture read back
//! as a series, in every table format and as charts; the reports that cannot
//! make a series are refused with the file they came from.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{changed_plans, coherence, fixture};

/// The `plans` fixture with North School (s1) dropping P2 and adopting P3
/// second, as in `baseline.rs`.
fn changed(root: &Path) -> PathBuf {
    changed_plans(root, "changed")
}

/// Saves the gap report of `data` as of `date` into `root/name`.
fn save(root: &Path, data: &Path, date: Option<&str>, extra: &[&str], name: &str) -> PathBuf {
    let out_path = root.join(name);
    let mut cmd = coherence();
    cmd.arg("gaps").arg("--data").arg(data).args(["--format", "json", "--out"]).arg(&out_path).args(extra);
    if let Some(d) = date {
        cmd.args(["--as-of", d]);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    out_path
}

/// Spring: the fixture as it is; fall: s1 changed; winter: back as in spring.
/// Given out of date order, to show that the series sorts them.
fn three_reports() -> (tempfile::TempDir, Vec<PathBuf>) {
    let tmp = tempfile::tempdir().unwrap();
    let plans = PathBuf::from(fixture("plans"));
    let fall_data = changed(tmp.path());
    let winter = save(tmp.path(), &plans, Some("2026-12-01"), &[], "winter.json");
    let spring = save(tmp.path(), &plans, Some("2026-03-02"), &[], "spring.json");
    let fall = save(tmp.path(), &fall_data, Some("2026-09-01"), &[], "fall.json");
    (tmp, vec![winter, spring, fall])
}

fn progress(reports: &[PathBuf], extra: &[&str]) -> (Option<i32>, String, String) {
    let out = coherence().arg("progress").args(reports).args(extra).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// By hand (baseline.rs derives the fall plan's findings): s1's chain
/// integrity is 0% (both chains broken) in spring, 100% in fall, 0% again
/// in winter; its horizontal coherence 67%, 0%, 67%; its readiness 40%,
/// 67%, 40%; sequencing has nothing to measure in spring and winter.
#[test]
fn the_text_table_follows_the_reports_in_date_order() {
    let (_tmp, reports) = three_reports();
    let (code, out, err) = progress(&reports, &["--scope", "s1"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("Progress over 3 reports, 2026-03-02 to 2026-12-01; window 2"), "{out}");
    assert!(out.contains("North School (s1)"), "{out}");
    let rows: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("2026-"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .collect();
    assert_eq!(rows.len(), 3, "{out}");
    let dates: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(dates, ["2026-03-02", "2026-09-01", "2026-12-01"]);
    // date, taught, priority, chains, readiness, horizontal, sequencing.
    let column = |i: usize| rows.iter().map(|r| r[i]).collect::<Vec<_>>();
    assert_eq!(column(3), ["0%", "100%", "0%"], "chains: {out}");
    assert_eq!(column(4), ["40%", "67%", "40%"], "readiness: {out}");
    assert_eq!(column(5), ["67%", "0%", "67%"], "horizontal: {out}");
    assert!(out.contains("change"), "{out}");
    assert!(!out.contains("Lakeside District"), "only the scope asked for: {out}");
}

/// Every point of the JSON table is the scorecard row of its report, and a
/// district's school medians are the medians of its schools' rates.
#[test]
fn the_json_table_agrees_with_every_report() {
    let (_tmp, reports) = three_reports();
    let (code, out, err) = progress(&reports, &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["window"], 2);
    let dates: Vec<&str> = doc["reports"].as_array().unwrap().iter().map(|r| r["as_of"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-03-02", "2026-09-01", "2026-12-01"]);
    let mut compared = 0;
    for path in &reports {
        let report: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let as_of = report["as_of"].as_str().unwrap();
        for row in report["scorecard"].as_array().unwrap() {
            let id = row["scope"].as_str().unwrap();
            let points = doc["scopes"][id]["points"].as_array().unwrap();
            let point = points.iter().find(|p| p["as_of"] == as_of).unwrap();
            assert_eq!(point["taught"], row["taught"], "{id} {as_of}");
            for (key, rate) in row["rates"].as_object().unwrap() {
                for part in ["count", "base", "rate"] {
                    assert_eq!(point["rates"][key][part], rate[part], "{id} {as_of} {key} {part}");
                }
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 9, "three scopes in three reports");
    // d1 has two schools: its median is their mean, where both have a value.
    let medians = doc["scopes"]["d1"]["school_medians"].as_array().unwrap();
    assert_eq!(medians.len(), 3);
    for (i, m) in medians.iter().enumerate() {
        assert_eq!(m["schools"], 2);
        let rate = |id: &str| doc["scopes"][id]["points"][i]["rates"]["prerequisite_readiness"]["rate"].as_f64();
        let (a, b) = (rate("s1").unwrap(), rate("s2").unwrap());
        let median = m["rates"]["prerequisite_readiness"].as_f64().unwrap();
        assert!((median - (a + b) / 2.0).abs() < 1e-4, "{i}: {median} vs {a} and {b}");
    }
    assert!(doc["scopes"]["s1"].get("school_medians").is_none(), "a school has no schools under it");
}

#[test]
fn markdown_and_csv_hold_the_same_figures() {
    let (_tmp, reports) = three_reports();
    let (code, md, _) = progress(&reports, &["--format", "markdown", "--scope", "s1"]);
    assert_eq!(code, Some(0));
    assert!(md.contains("## North School (s1)"), "{md}");
    assert!(md.contains("| 2026-09-01 |"), "{md}");
    let (code, csv, _) = progress(&reports, &["--format", "csv"]);
    assert_eq!(code, Some(0));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..5], ["scope", "name", "as_of", "source", "taught"]);
    let chain = header.iter().position(|h| *h == "chain_integrity_rate").unwrap();
    let s1: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect::<Vec<_>>()).filter(|r| r[0] == "s1").collect();
    assert_eq!(s1.iter().map(|r| r[chain]).collect::<Vec<_>>(), ["0", "1", "0"], "{csv}");
}

#[test]
fn charts_are_written_per_scope_with_goals_dashed() {
    let (tmp, reports) = three_reports();
    let goals = tmp.path().join("goals.toml");
    std::fs::write(
        &goals,
        "[[goal]]\nscope = \"d1\"\nover = \"median\"\nrate = \"prerequisite_readiness\"\nat_least = 0.75\nby = 2027-06-01\n",
    )
    .unwrap();
    let charts = tmp.path().join("charts");
    let mut args: Vec<&str> = vec!["--charts", charts.to_str().unwrap(), "--goals", goals.to_str().unwrap()];
    args.extend(["--format", "json"]);
    let (code, _, err) = progress(&reports, &args);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("wrote 4 charts"), "{err}");
    let mut names: Vec<String> =
        std::fs::read_dir(&charts).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["d1-schools.svg", "d1.svg", "s1.svg", "s2.svg"]);
    let svg = |n: &str| std::fs::read_to_string(charts.join(n)).unwrap();
    let s1 = svg("s1.svg");
    assert!(s1.starts_with("<svg") || s1.starts_with("<?xml"), "{s1}");
    assert!(s1.contains("North School (s1)"), "{s1}");
    assert!(s1.contains("2026-09-01"), "each date on the axis");
    assert!(!s1.contains("stroke-dasharray"), "the goal is on the district's schools, not on s1");
    let schools = svg("d1-schools.svg");
    assert!(schools.contains("median of its 2 schools"), "{schools}");
    assert!(schools.contains("stroke-dasharray"), "the median goal drawn on the chart of schools");
    // Chromium, in the browser tests, is not needed to know the file is well-formed XML.
    for n in &names {
        let text = svg(n);
        assert_eq!(text.matches("<svg").count(), 1, "{n}");
        assert!(text.trim_end().ends_with("</svg>"), "{n}");
    }
}

#[test]
fn reports_that_cannot_make_a_series_are_refused_with_their_file() {
    let (tmp, reports) = three_reports();
    let plans = PathBuf::from(fixture("plans"));
    let check = |set: &[PathBuf], names: &str, says: &str| {
        let (code, out, err) = progress(set, &[]);
        assert_eq!(code, Some(2), "{out}{err}");
        assert!(err.contains(names) && err.contains(says), "{names} / {says} not in {err}");
    };
    let undated = save(tmp.path(), &plans, None, &[], "undated.json");
    check(&[reports[0].clone(), undated], "undated.json", "without a date");
    let twin = save(tmp.path(), &plans, Some("2026-12-01"), &[], "twin.json");
    check(&[reports[0].clone(), twin], "winter.json", "dated 2026-12-01");
    let wide = save(tmp.path(), &plans, Some("2027-01-04"), &["--window", "3"], "wide.json");
    check(&[reports[0].clone(), wide], "wide.json", "window 3");
    let mut newer: Value = serde_json::from_slice(&std::fs::read(&reports[1]).unwrap()).unwrap();
    newer["version"] = Value::from(99);
    let newer_path = tmp.path().join("newer.json");
    std::fs::write(&newer_path, serde_json::to_vec(&newer).unwrap()).unwrap();
    check(&[reports[0].clone(), newer_path], "newer.json", "version 99");
    let (code, _, err) = progress(&reports, &["--scope", "s3"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no scope s3") && err.contains("s1"), "{err}");
    let charts_file = tmp.path().join("a-file");
    std::fs::write(&charts_file, "keep me").unwrap();
    let table = tmp.path().join("table.md");
    let (code, _, err) =
        progress(&reports, &["--charts", charts_file.to_str().unwrap(), "--out", table.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("is a file, not a folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&charts_file).unwrap(), "keep me", "nothing the user had is lost");
    assert!(!table.exists(), "a run that fails writes no table either");
}
