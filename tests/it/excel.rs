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

/// The cells of a workbook's sheet as calamine reads them, row by row.
fn sheet(path: &Path, name: &str) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let formulas = wb.worksheet_formula(name).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "{name}: no formula anywhere");
    wb.worksheet_range(name).unwrap().rows().map(<[calamine::Data]>::to_vec).collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    wb.sheet_names()
}

fn text(d: &calamine::Data) -> String {
    match d {
        calamine::Data::String(s) => s.clone(),
        calamine::Data::Empty => String::new(),
        calamine::Data::Float(f) => f.to_string(),
        calamine::Data::Int(i) => i.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn column(rows: &[Vec<calamine::Data>], head: &str) -> usize {
    rows[0].iter().position(|h| text(h) == head).unwrap_or_else(|| panic!("no column {head}: {:?}", rows[0]))
}

fn xlsx(data: &Path, extra: &[&str], out: &Path) {
    let run = coherence()
        .args(["gaps", "--format", "xlsx", "--data"])
        .arg(data)
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.stdout.is_empty());
}

#[test]
fn the_xlsx_report_needs_a_file() {
    let out = coherence().args(["gaps", "--data", &fixture("plans"), "--format", "xlsx"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing binary on stdout");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--format xlsx") && err.contains("--out"), "{err}");
}

#[test]
fn the_xlsx_report_holds_the_run_and_keeps_text_as_text() {
    let (tmp, data) = formulas();
    let book = tmp.path().join("report.xlsx");
    xlsx(&data, &[], &book);
    assert_eq!(sheet_names(&book), ["Scorecard", "Actions", "Findings", "Coverage"]);

    // The scorecard: a row per scope in the JSON's order, each rate a number.
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["gaps", "--format", "json", "--scorecard"], &data)).unwrap();
    let card = sheet(&book, "Scorecard");
    let rows = json["scorecard"].as_array().unwrap();
    assert_eq!(card.len(), 1 + rows.len());
    let (scope, name, rate) = (column(&card, "scope"), column(&card, "name"), column(&card, "chain integrity"));
    for (row, want) in card[1..].iter().zip(rows) {
        assert_eq!(text(&row[scope]), want["scope"].as_str().unwrap());
        match want["rates"]["chain_integrity"]["rate"].as_f64() {
            Some(v) => match row[rate] {
                calamine::Data::Float(f) => assert!((f - v).abs() < 1e-4, "{f} {v}"),
                ref other => panic!("a rate is a number: {other:?}"),
            },
            None => assert_eq!(text(&row[rate]), "n/a"),
        }
    }
    let s1 = card.iter().find(|r| text(&r[scope]) == "s1").unwrap();
    assert_eq!(s1[name], calamine::Data::String("=1+1".to_string()), "text as written, not a formula");

    // The actions: the hostile title is a text cell.
    let actions = sheet(&book, "Actions");
    let title = column(&actions, "title");
    assert!(
        actions
            .iter()
            .any(|r| r[title] == calamine::Data::String("=HYPERLINK(\"http://evil.example\",\"click\")".into())),
        "{actions:?}"
    );

    // The findings: every row of the CSV report, in its order.
    let csv = cells(&stdout(&["gaps", "--format", "csv"], &data));
    let findings = sheet(&book, "Findings");
    assert_eq!(findings.len(), csv.len());
    let (code, std, summary) = (column(&findings, "code"), column(&findings, "standard"), column(&findings, "summary"));
    for (row, want) in findings[1..].iter().zip(&csv[1..]) {
        assert_eq!(text(&row[code]), want[0]);
        assert_eq!(text(&row[std]), want[5]);
        // The CSV neutralizes what the workbook keeps as text.
        assert_eq!(text(&row[summary]), want[8].strip_prefix('\'').unwrap_or(&want[8]));
    }

    // Coverage: s1 (grades 2-3) has A2 and A3 of the priority work, B3
    // too; its PD (P1, P2) covers A1, A3 and B3. Without domains they share one column per grade.
    let coverage = sheet(&book, "Coverage");
    let row = coverage.iter().find(|r| text(&r[0]) == "s1").unwrap();
    let g2 = column(&coverage, "2 (no domain)");
    let g3 = column(&coverage, "3 (no domain)");
    assert_eq!(row[g2], calamine::Data::Float(0.0), "A2 uncovered");
    assert_eq!(row[g3], calamine::Data::Float(1.0), "A3 and B3 covered");
}

#[test]
fn the_xlsx_report_is_the_same_bytes_for_the_same_run() {
    let tmp = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("plans"));
    let (a, b, c) = (tmp.path().join("a.xlsx"), tmp.path().join("b.xlsx"), tmp.path().join("c.xlsx"));
    xlsx(&data, &[], &a);
    // The creation date has seconds: a clock would show between these runs.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    xlsx(&data, &[], &b);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // A dated report carries its date.
    xlsx(&data, &["--as-of", "2026-09-01"], &c);
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
}

#[test]
fn the_xlsx_report_with_a_baseline_has_its_changes() {
    let (tmp, now) = {
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
        (tmp, now)
    };
    let book = tmp.path().join("report.xlsx");
    xlsx(&now, &["--baseline", &fixture("plans")], &book);
    assert_eq!(sheet_names(&book), ["Scorecard", "Actions", "Findings", "Coverage", "Changes"]);
    let changes = sheet(&book, "Changes");
    let s1 = changes.iter().find(|r| text(&r[0]) == "s1").unwrap();
    // From baseline.rs: horizontal coherence 2/3 -> 0/2, chain integrity 0 -> 1, 4 closed, 3 opened.
    let f = |head: &str| match s1[column(&changes, head)] {
        calamine::Data::Float(f) => f,
        ref other => panic!("{head}: {other:?}"),
    };
    assert!((f("horizontal then") - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(f("horizontal now"), 0.0);
    assert!((f("horizontal change") + 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(f("chains change"), 1.0);
    assert_eq!((f("closed"), f("opened")), (4.0, 3.0));
    assert_eq!(text(&s1[column(&changes, "status")]), "kept");
}

/// The Coverage sheet's cells split C1 and its base: over a scope's grades
/// and domains they add up to its priority base and its C1 count.
#[test]
fn priority_by_domain_adds_up_to_c1() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let v = coherence::validate_sources(&[coherence::load::Source::Path(root.join("examples/district"))]).unwrap();
    let run = coherence::gaps(v, 2, &[], true).unwrap();
    let cov = coherence::advice::Coverage::new(&run);
    let cells = coherence::advice::priority_by_domain(&run, &cov);
    assert_eq!(cells.len(), run.scopes.len());
    for ((s, cs), sg) in cells.iter().zip(&run.scopes) {
        assert_eq!(*s, sg.scope);
        let priority: u64 = cs.iter().map(|c| c.priority).sum();
        let open: u64 = cs.iter().map(|c| c.priority - c.covered).sum();
        assert_eq!(priority, sg.counts.base.priority);
        assert_eq!(open, sg.counts.c1);
        assert!(cs.windows(2).all(|w| (w[0].grade.level(), w[0].domain) < (w[1].grade.level(), w[1].domain)));
    }
    assert!(cells.iter().any(|(_, cs)| cs.iter().any(|c| c.domain == "3.NF")));
}

/// The dataset workbook gives back what the CSV export holds, sheet by
/// sheet and cell by cell. The workbook reader is being written on another
/// branch (x18a); until it lands, calamine reads the sheets here. When it
/// does, this test should also load the workbook with `--data` and compare
/// the datasets.
#[test]
fn the_dataset_workbook_holds_the_csv_export() {
    let (_t, hostile) = formulas();
    let district = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/district");
    for data in [hostile, district] {
        let tmp = tempfile::tempdir().unwrap();
        let (dir, book) = (tmp.path().join("csv"), tmp.path().join("data.xlsx"));
        for (format, out) in [("csv", &dir), ("xlsx", &book)] {
            let run = coherence()
                .arg("export")
                .arg("--data")
                .arg(&data)
                .args(["--format", format, "--out"])
                .arg(out)
                .output();
            let run = run.unwrap();
            assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
        }
        let names = sheet_names(&book);
        for core in ["standards", "progressions", "modules", "scopes", "plans"] {
            assert!(names.iter().any(|n| n == core), "{names:?}");
        }
        for name in &names {
            let rows: Vec<Vec<String>> = sheet(&book, name).iter().map(|r| r.iter().map(text).collect()).collect();
            let file = dir.join(format!("{name}.csv"));
            let want: Vec<Vec<String>> = match std::fs::read(&file) {
                Ok(bytes) => csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(bytes.as_slice())
                    .records()
                    .map(|r| r.unwrap().iter().map(str::to_string).collect())
                    .collect(),
                // A sheet without a file holds its header only.
                Err(_) => vec![rows[0].clone()],
            };
            assert_eq!(rows, want, "{name} of {}", data.display());
        }
    }
    // Text that looks like a formula is text in the workbook too.
    let (_t, hostile) = formulas();
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("data.xlsx");
    coherence()
        .arg("export")
        .arg("--data")
        .arg(&hostile)
        .args(["--format", "xlsx", "--out"])
        .arg(&book)
        .assert()
        .code(0);
    let modules = sheet(&book, "modules");
    assert!(
        modules
            .iter()
            .flatten()
            .any(|c| c == &calamine::Data::String("=HYPERLINK(\"http://evil.example\",\"click\")".into()))
    );
}

#[test]
fn the_dataset_workbook_is_the_same_bytes_each_time() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a.xlsx"), tmp.path().join("b.xlsx"));
    for out in [&a, &b] {
        coherence()
            .args(["export", "--data", &fixture("plans"), "--format", "xlsx", "--out"])
            .arg(out)
            .assert()
            .code(0);
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

/// A summary longer than a cell holds (Excel counts UTF-16 units, two for
/// an emoji): the report cuts it, the dataset workbook refuses rather than
/// lose it.
#[test]
fn text_longer_than_a_cell_is_cut_in_the_report_and_refused_in_the_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("long");
    std::fs::create_dir_all(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("plans"));
    for f in ["modules.csv", "progressions.csv", "scopes.csv", "plans.csv"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    let long = "😀".repeat(20_000);
    let standards =
        std::fs::read_to_string(src.join("standards.csv")).unwrap().replace("Add within 100\n", &format!("{long}\n"));
    std::fs::write(dir.join("standards.csv"), standards).unwrap();
    let book = tmp.path().join("report.xlsx");
    xlsx(&dir, &[], &book);
    let findings = sheet(&book, "Findings");
    let summary = column(&findings, "summary");
    let cut = findings.iter().map(|r| text(&r[summary])).find(|t| t.starts_with('😀')).unwrap();
    assert!(cut.ends_with('…') && cut.encode_utf16().count() <= 32_767, "{}", cut.len());

    let data = tmp.path().join("data.xlsx");
    let out = coherence()
        .arg("export")
        .arg("--data")
        .arg(&dir)
        .args(["--format", "xlsx", "--out"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("standards.csv line 3") && err.contains("export it as csv"), "{err}");
    assert!(!data.exists());
}

/// Control characters from the data are shown escaped in the report's
/// cells, as in every report for people.
#[test]
fn the_xlsx_report_shows_control_characters_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("evil");
    std::fs::create_dir_all(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("plans"));
    for f in ["modules.csv", "progressions.csv", "standards.csv", "plans.csv"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    let scopes =
        std::fs::read_to_string(src.join("scopes.csv")).unwrap().replace("North School", "North\u{1b}[2J\u{7}School");
    std::fs::write(dir.join("scopes.csv"), scopes).unwrap();
    let book = tmp.path().join("report.xlsx");
    xlsx(&dir, &[], &book);
    for name in sheet_names(&book) {
        for cell in sheet(&book, &name).iter().flatten() {
            let t = text(cell);
            assert!(!t.chars().any(char::is_control), "{name}: {t:?}");
        }
    }
    let card = sheet(&book, "Scorecard");
    assert!(card.iter().any(|r| text(&r[1]) == "North\\u{1b}[2J\\u{7}School"), "{card:?}");
}
