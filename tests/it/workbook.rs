//! Workbooks (`.xlsx`, `.ods`) as data: sheets named like the CSV files,
//! read by the CSV rules; findings that name file, sheet and row; numbers,
//! dates, formulas and merged cells as spreadsheets store them; and every
//! bad workbook an exit 2 with a clear message.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use serde_json::Value;

use crate::util::{coherence, fixture, folder, validate_json};

/// A cell to write: text, a number, a date, or a formula with its saved value.
enum Cell<'a> {
    T(&'a str),
    N(f64),
    Date(u16, u8, u8),
    F(&'a str, &'a str),
}
use Cell::{Date, F, N, T};

/// Writes a workbook of `sheets` (name, rows) to `path`; an empty text cell is left blank.
fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    T("") => {}
                    T(s) => {
                        sheet.write_string(r, c, *s).unwrap();
                    }
                    N(n) => {
                        sheet.write_number(r, c, *n).unwrap();
                    }
                    Date(y, m, d) => {
                        let when = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet.write_datetime_with_format(r, c, &when, &date).unwrap();
                    }
                    F(f, value) => {
                        sheet.write_formula(r, c, Formula::new(*f).set_result(*value)).unwrap();
                    }
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// Text cells from a line of comma-separated words (no quoting needed here).
fn row(line: &str) -> Vec<Cell<'_>> {
    line.split(',').map(T).collect()
}

fn rows(text: &str) -> Vec<Vec<Cell<'_>>> {
    text.lines().map(row).collect()
}

const STANDARDS: &str = "id,grade,focus\nA1,1,major\nA2,2,major\nA3,2,major\n";

/// `gaps --format json --summary-only` on `data`: exit code and the summary.
fn gaps_summary(data: &Path) -> (i32, Value) {
    let out = coherence().args(["gaps", "--format", "json", "--summary-only", "--data"]).arg(data).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), v["summary"].clone())
}

/// Runs `validate` on `data` and returns (exit code, stdout, stderr).
fn validate_text(data: &Path) -> (i32, String, String) {
    let out = coherence().args(["validate", "--data"]).arg(data).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The findings of a code in a validate JSON report.
fn of_code(report: &Value, code: &str) -> Vec<Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == code).cloned().collect()
}

fn tmp_xlsx(name: &str, sheets: &[(&str, Vec<Vec<Cell>>)]) -> (tempfile::TempDir, PathBuf) {
    let (t, dir) = folder("wb", &[]);
    let path = dir.join(name);
    xlsx(&path, sheets);
    (t, path)
}

#[test]
fn the_example_district_as_one_workbook_gives_the_summary_of_its_csv_folder() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/district/workbook/district.xlsx");
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/district");
    let (code_book, from_book) = gaps_summary(&book);
    let (code_csv, from_csv) = gaps_summary(&csv);
    assert_eq!(code_book, code_csv);
    assert!(from_csv["scopes"].as_object().is_some_and(|s| s.len() == 43), "{from_csv}");
    assert_eq!(from_book, from_csv);
    // Record for record: both export to the same CSV files.
    let (_t, out) = folder("exports", &[]);
    for (data, to) in [(&book, "book"), (&csv, "csv")] {
        let run = coherence()
            .args(["export", "--format", "csv", "-q", "--data"])
            .arg(data)
            .arg("--out")
            .arg(out.join(to))
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    }
    for file in ["modules.csv", "scopes.csv", "plans.csv", "results.csv"] {
        let (a, b) =
            (std::fs::read(out.join("book").join(file)).unwrap(), std::fs::read(out.join("csv").join(file)).unwrap());
        assert!(a == b, "{file} differs: run examples/district/workbook.py");
    }
}

#[test]
fn sheets_in_any_case_with_numbers_lists_and_empty_rows_read_as_the_csv_rules_say() {
    let (_t, dir) = folder(
        "csv",
        &[
            ("standards.csv", STANDARDS.as_bytes()),
            ("modules.csv", b"id,kind,standards\nPD-1,pd,\"A1, A2\"\n"),
            ("scopes.csv", b"id,grade_lo,grade_hi\ns1,1,2\n"),
            ("plans.csv", b"scope,module,sequence\ns1,PD-1,1\n"),
        ],
    );
    let (_t2, book) = tmp_xlsx(
        "csv.xlsx",
        &[
            // Grades stored as numbers, one of them as 2.0; header names in upper case.
            (
                "Standards",
                vec![
                    row("ID,Grade,Focus"),
                    vec![T("A1"), N(1.0), T("major")],
                    vec![T("A2"), N(2.0), T("major")],
                    vec![T("A3"), N(2.0), T("major")],
                ],
            ),
            ("MODULES", vec![row("id,kind,standards"), row("PD-1,PD,A1; A2"), row(",,"), row(",,")]),
            ("scopes", vec![row("id,grade_lo,grade_hi"), vec![T("s1"), N(1.0), N(2.0)]]),
            ("Plans", vec![row("Scope,Module,Sequence"), vec![T("s1"), T("PD-1"), N(1.0)]]),
            ("Notes", vec![row("anything,at,all")]),
        ],
    );
    let (code, from_csv) = gaps_summary(&dir);
    assert_eq!(code, 0, "{from_csv}");
    let (code, from_book) = gaps_summary(&book);
    assert_eq!(code, 0, "{from_book}");
    assert_eq!(from_book, from_csv);
    let (_, report, _) = validate_json(&[&book]);
    assert!(of_code(&report, "D6").is_empty(), "{report}");
}

#[test]
fn a_finding_names_the_file_the_sheet_and_the_row() {
    let (_t, book) = tmp_xlsx(
        "plans.xlsx",
        &[
            ("standards", rows(STANDARDS)),
            ("modules", rows("id,kind,standards\nPD-1,pd,A1;A2")),
            ("scopes", rows("id,grade_lo,grade_hi\ns1,1,2")),
            ("plans", rows("scope,module,sequence\ns1,PD-1,1\n,,\ns1,PD-1,soon")),
        ],
    );
    let (code, report, _) = validate_json(&[&book]);
    assert_eq!(code, 1);
    let d6 = of_code(&report, "D6");
    assert_eq!(d6.len(), 1, "{report}");
    let file = format!("{}[plans]", book.display());
    assert_eq!(d6[0]["file"], file.as_str());
    assert_eq!(d6[0]["line"], 4, "row 4 of the sheet: the empty row 3 is skipped but counted");
    let (_, text, _) = validate_text(&book);
    assert!(text.contains(&format!("{file}:4")), "{text}");
    let out = coherence().args(["validate", "--format", "github", "--data"]).arg(&book).output().unwrap();
    let gh = String::from_utf8_lossy(&out.stdout);
    // GitHub gets the workbook's path, and the sheet in the title.
    assert!(gh.contains("plans.xlsx,line=4,title=D6 bad-row (sheet plans)::"), "{gh}");
}

#[test]
fn a_date_where_a_grade_was_expected_is_a_d6_that_says_to_format_the_column_as_text() {
    let (_t, book) = tmp_xlsx(
        "scopes.xlsx",
        &[
            ("standards", rows(STANDARDS)),
            (
                "scopes",
                vec![
                    row("id,name,grade_lo,grade_hi"),
                    vec![T("s1"), T("One"), N(1.0), N(2.0)],
                    // Excel turned "3-5" into the 5th of March.
                    vec![T("s2"), T("Two"), Date(2026, 3, 5), N(2.0)],
                ],
            ),
        ],
    );
    let (code, report, _) = validate_json(&[&book]);
    assert_eq!(code, 1);
    let d6 = of_code(&report, "D6");
    assert_eq!(d6.len(), 1, "{report}");
    let message = d6[0]["message"].as_str().unwrap();
    assert!(message.contains("cell C3 (grade_lo) holds a date, 2026-03-05"), "{message}");
    assert!(d6[0]["help"].as_str().unwrap().contains("format the column as Text"), "{}", d6[0]);
    assert_eq!(d6[0]["line"], 3);
}

#[test]
fn a_date_in_a_free_text_column_is_kept_as_its_iso_text() {
    let (_t, book) = tmp_xlsx(
        "results.xlsx",
        &[
            ("scopes", rows("id,grade_lo,grade_hi\ns1,3,3")),
            (
                "results",
                vec![
                    row("scope,standard,term,tested,proficient"),
                    vec![T("s1"), T("3.OA.A.1"), Date(2026, 5, 1), N(40.0), N(30.0)],
                ],
            ),
        ],
    );
    let (code, report, _) = validate_json(&[&book]);
    assert!(of_code(&report, "D6").is_empty(), "{report}");
    assert_eq!(code, 0, "{report}");
}

#[test]
fn formula_cells_give_their_saved_values_and_one_notice_per_sheet() {
    let (_t, book) = tmp_xlsx(
        "formulas.xlsx",
        &[
            ("standards", rows(STANDARDS)),
            ("modules", rows("id,kind,standards\nPD-1,pd,A1;A2")),
            ("scopes", rows("id,grade_lo,grade_hi\ns1,1,2")),
            (
                "plans",
                vec![
                    row("scope,module,sequence"),
                    vec![T("s1"), T("PD-1"), F("=1+1", "2")],
                    vec![T("s1"), F("=\"PD-\"&\"1\"", "PD-1"), N(3.0)],
                ],
            ),
        ],
    );
    let (_, report, _) = validate_json(&[&book]);
    let f12 = of_code(&report, "F12");
    assert_eq!(f12.len(), 1, "{report}");
    assert_eq!(f12[0]["severity"], "info");
    assert!(f12[0]["message"].as_str().unwrap().contains("2 cells of the sheet hold a formula (the first: C2)"));
    assert_eq!(f12[0]["line"], 2);
    assert!(of_code(&report, "D6").is_empty(), "the saved values are read: {report}");
    // The module named by a formula's value is found: its two standards are taught.
    let (code, summary) = gaps_summary(&book);
    assert_eq!(code, 0, "{summary}");
    assert_eq!(summary["scopes"]["s1"]["base"]["taught"], 2, "{summary}");
}

#[test]
fn merged_cells_hold_their_value_in_the_first_cell_only() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("scopes").unwrap();
    for (c, h) in ["id", "name", "grade_lo", "grade_hi"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=2u32 {
        sheet.write_string(r, 0, format!("s{r}")).unwrap();
        sheet.write_number(r, 3, 5).unwrap();
    }
    // grade_lo merged over both schools: the second row has an empty grade_lo.
    sheet.merge_range(1, 2, 2, 2, "K", &Format::new()).unwrap();
    let (_t, dir) = folder("merged", &[]);
    let path = dir.join("merged.xlsx");
    book.save(&path).unwrap();
    let (_, report, _) = validate_json(&[&path]);
    let d6 = of_code(&report, "D6");
    assert_eq!(d6.len(), 1, "{report}");
    assert_eq!(d6[0]["line"], 3);
    assert!(d6[0]["message"].as_str().unwrap().contains("\"grade_lo\" is empty"), "{}", d6[0]);
}

#[test]
fn an_ods_workbook_reads_as_its_csv_files() {
    let ods = PathBuf::from(fixture("workbook/workbook.ods"));
    let csv = PathBuf::from(fixture("workbook/csv"));
    let (code_ods, from_ods) = gaps_summary(&ods);
    let (code_csv, from_csv) = gaps_summary(&csv);
    assert_eq!((code_ods, &from_ods), (code_csv, &from_csv));
    let (_, report, _) = validate_json(&[&ods]);
    let d6 = of_code(&report, "D6");
    assert_eq!(d6.len(), 1, "{report}");
    assert_eq!(d6[0]["file"], "tests/fixtures/workbook/workbook.ods[plans]");
    assert_eq!(d6[0]["line"], 5);
}

#[test]
fn a_folder_reads_its_workbook_and_refuses_a_file_given_twice() {
    let (_t, dir) = folder("district", &[("standards.csv", STANDARDS.as_bytes())]);
    xlsx(
        &dir.join("plans.xlsx"),
        &[
            ("modules", rows("id,kind,standards\nPD-1,pd,A1;A2")),
            ("scopes", rows("id,grade_lo,grade_hi\ns1,1,2")),
            ("plans", rows("scope,module,sequence\ns1,PD-1,1")),
        ],
    );
    // Excel's lock file beside an open workbook is no workbook.
    std::fs::write(dir.join("~$plans.xlsx"), b"owner").unwrap();
    let (code, summary) = gaps_summary(&dir);
    assert_eq!(code, 0, "{summary}");
    assert_eq!(summary["scopes"]["s1"]["base"]["taught"], 2, "{summary}");

    std::fs::write(dir.join("plans.csv"), b"scope,module\ns1,PD-1\n").unwrap();
    let (code, _, err) = validate_text(&dir);
    assert_eq!(code, 2);
    assert!(err.contains("plans is given twice"), "{err}");
    assert!(err.contains("plans.csv") && err.contains("plans.xlsx[plans]"), "{err}");

    // Two sheets of one workbook for one file, too.
    let (_t, book) =
        tmp_xlsx("twice.xlsx", &[("plans", rows("scope,module\ns1,PD-1")), ("PLANS ", rows("scope,module\ns2,PD-1"))]);
    let (code, _, err) = validate_text(&book);
    assert_eq!(code, 2);
    assert!(err.contains("plans is given twice: by ") && err.contains("twice.xlsx[PLANS ]"), "{err}");
}

#[test]
fn a_workbook_with_no_known_sheet_stops_the_run_naming_the_sheets_it_has() {
    let (_t, book) = tmp_xlsx("notes.xlsx", &[("Sheet1", rows("a,b\n1,2")), ("Budget", rows("x\n1"))]);
    let (code, out, err) = validate_text(&book);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("the sheets are: Sheet1, Budget"), "{err}");
    assert!(err.contains("standards, progressions, modules, scopes, plans"), "{err}");
}

#[test]
fn a_sheet_without_a_required_column_stops_the_run_naming_the_sheet_and_the_columns() {
    let (_t, book) = tmp_xlsx(
        "plans.xlsx",
        &[("scopes", rows("id,grade_lo,grade_hi\ns1,1,2")), ("plans", rows("school,sequence\ns1,1"))],
    );
    let (code, _, err) = validate_text(&book);
    assert_eq!(code, 2);
    assert!(err.contains("plans.xlsx[plans]:1"), "{err}");
    assert!(err.contains("required columns missing: scope, module"), "{err}");

    // A title above the table: the message says where the header seems to be.
    let (_t, book) = tmp_xlsx("titled.xlsx", &[("plans", rows("Plans for 2026-27,\n,\nscope,module\ns1,PD-1"))]);
    let (code, _, err) = validate_text(&book);
    assert_eq!(code, 2);
    assert!(err.contains("titled.xlsx[plans]:1"), "{err}");
    assert!(err.contains("it seems to be on line 3"), "{err}");
}

#[test]
fn a_corrupt_truncated_or_password_protected_workbook_is_exit_2_with_a_clear_message() {
    let (_t, good) = tmp_xlsx("good.xlsx", &[("plans", rows("scope,module\ns1,PD-1"))]);
    let bytes = std::fs::read(&good).unwrap();
    let dir = good.parent().unwrap();
    // Excel saves a workbook with a password to open as an OLE container.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 4096));
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("garbage.xlsx", b"this is not a zip file".to_vec(), "not a workbook the engine can read"),
        ("truncated.xlsx", bytes[..bytes.len() / 2].to_vec(), "not a workbook the engine can read"),
        ("locked.xlsx", ole, "protected by a password"),
        ("empty.ods", Vec::new(), "not a workbook the engine can read"),
    ];
    for (name, content, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let (code, _, err) = validate_text(&path);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn a_sheet_of_a_hundred_thousand_rows_is_read() {
    const ROWS: u32 = 100_000;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("results").unwrap();
    for (c, h) in ["scope", "standard", "term", "tested", "proficient"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=ROWS {
        sheet.write_string(r, 0, format!("s{}", r % 50)).unwrap();
        sheet.write_string(r, 1, "3.OA.A.1").unwrap();
        sheet.write_string(r, 2, format!("t{r}")).unwrap();
        sheet.write_number(r, 3, 40).unwrap();
        // The last row is bad, so the run reports where it is.
        sheet.write_number(r, 4, if r == ROWS { 41 } else { 30 }).unwrap();
    }
    let scopes = book.add_worksheet();
    scopes.set_name("scopes").unwrap();
    for (c, h) in ["id", "grade_lo", "grade_hi"].iter().enumerate() {
        scopes.write_string(0, c as u16, *h).unwrap();
    }
    for s in 0..50u32 {
        scopes.write_string(s + 1, 0, format!("s{s}")).unwrap();
        scopes.write_number(s + 1, 1, 3).unwrap();
        scopes.write_number(s + 1, 2, 3).unwrap();
    }
    let (_t, dir) = folder("large", &[]);
    let path = dir.join("large.xlsx");
    book.save(&path).unwrap();
    let (code, report, err) = validate_json(&[&path]);
    assert_eq!(code, 1, "{err}");
    let d6 = of_code(&report, "D6");
    assert_eq!(d6.len(), 1, "{report}");
    assert_eq!(d6[0]["line"], ROWS + 1);
}

#[test]
fn a_table_that_starts_below_and_right_of_a1_keeps_the_sheet_row_numbers() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("plans").unwrap();
    // The table starts at B3: rows 1-2 and column A are empty.
    let cells = [["scope", "module", "sequence"], ["s1", "PD-1", "1"], ["", "", ""], ["s1", "PD-1", "later"]];
    for (r, line) in cells.iter().enumerate() {
        for (c, v) in line.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 2, c as u16 + 1, *v).unwrap();
            }
        }
    }
    let (_t, dir) = folder("offset", &[]);
    let path = dir.join("offset.xlsx");
    book.save(&path).unwrap();
    let (_, report, _) = validate_json(&[&path]);
    let d6 = of_code(&report, "D6");
    assert_eq!(d6.len(), 1, "{report}");
    assert_eq!(d6[0]["line"], 6, "{report}");
}

#[test]
fn mutated_workbooks_never_panic() {
    let (_t, good) = tmp_xlsx(
        "m.xlsx",
        &[("scopes", rows("id,grade_lo,grade_hi\ns1,1,2")), ("plans", rows("scope,module,sequence\ns1,PD-1,1"))],
    );
    let bytes = std::fs::read(&good).unwrap();
    let ods = std::fs::read(fixture("workbook/workbook.ods")).unwrap();
    let dir = good.parent().unwrap().to_path_buf();
    for (ext, original) in [("xlsx", &bytes), ("ods", &ods)] {
        // Truncations and flipped bytes spread over the whole file, the same every run.
        let n = original.len();
        let mut cases: Vec<Vec<u8>> = (1..12).map(|k| original[..n * k / 12].to_vec()).collect();
        for k in 0..24 {
            let mut m = original.clone();
            let at = (n * k / 24 + 7 * k) % n;
            m[at] ^= 0x5a;
            cases.push(m);
        }
        for (i, case) in cases.into_iter().enumerate() {
            let path = dir.join(format!("case{i}.{ext}"));
            std::fs::write(&path, case).unwrap();
            let (code, _, err) = validate_text(&path);
            assert!((0..=2).contains(&code), "{ext} case {i}: exit {code}: {err}");
            assert!(!err.contains("panicked"), "{ext} case {i}: {err}");
        }
    }
}
