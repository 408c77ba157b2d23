//! Workbooks (`.xlsx`, `.ods`) read as CSV files: a sheet named like a file
//! of the interchange (`plans` for `plans.csv`, in any case) is turned into
//! the same rows of text cells the CSV reader cuts, and read by the same row
//! readers, so every rule of the interchange applies unchanged.
//!
//! Findings name the sheet in the file: `plans.xlsx[plans]:12` is row 12 of
//! the sheet `plans`. One sheet's cells are held at a time, and the workbook
//! is read from the disk entry by entry (`load::open_workbook`) rather than
//! copied into memory.

use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Reader, Sheets};

use super::read::{HEADER_SEARCH, ReadFile, Table, assemble, refuse_twice};
use super::rows::{Part, read_row};
use super::{Col, FILE_NAMES, File};
use crate::finding::{Code, Finding};
use crate::load::{LoadError, Loaded, open_workbook};
use crate::model::Origin;

/// The extensions read as workbooks, in lower case.
pub(crate) const EXTENSIONS: [&str; 3] = ["xlsx", "xlsm", "ods"];

/// Whether `path` names a workbook by its extension. Lock files that Excel
/// (`~$plans.xlsx`) and LibreOffice (`.~lock.plans.ods#`) leave beside an
/// open workbook are not workbooks.
pub(crate) fn is_workbook(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    EXTENSIONS.contains(&ext.as_str()) && !name.starts_with("~$") && !name.starts_with(".~lock")
}

/// Loads one workbook given as `--data`: its name without the extension is
/// the default framework, as a folder's name is for the CSV files in it.
pub(crate) fn load(path: &Path) -> Result<Loaded, LoadError> {
    let default_fw = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let sheets = read_sheets(path, &default_fw)?;
    // Two sheets for one file (`plans` and `Plans`) are refused, as in a folder.
    let given: Vec<(File, String)> = sheets.iter().map(|(f, r)| (*f, r.0.to_string())).collect();
    refuse_twice(&given)?;
    assemble(sheets.into_iter().map(|(f, r)| (f, Ok(r))).collect())
}

/// The known sheets of a workbook, each read as the file it is named after,
/// in sheet order. A workbook with no known sheet is a [`LoadError`] that
/// names the sheets it has.
pub(super) fn read_sheets(path: &Path, default_fw: &str) -> Result<Vec<(File, ReadFile)>, LoadError> {
    let shown = path.display().to_string();
    let mut book = open_workbook(path)?;
    let names = book.sheet_names();
    let known: Vec<(String, File)> =
        names.iter().filter_map(|n| File::from_name(&format!("{}.csv", n.trim())).map(|f| (n.clone(), f))).collect();
    if known.is_empty() {
        let found = if names.is_empty() { "none".to_string() } else { names.join(", ") };
        let stems: Vec<&str> = FILE_NAMES.iter().map(|n| n.trim_end_matches(".csv")).collect();
        return Err(LoadError::new(
            shown,
            format!("no sheet named after a file of the interchange; the sheets are: {found}"),
            format!("name each sheet after the file it stands for: {}", stems.join(", ")),
        ));
    }
    let mut out = Vec::with_capacity(known.len());
    for (sheet, file) in known {
        if let Some(read) = read_sheet(&mut book, &shown, &sheet, file, default_fw)? {
            out.push((file, read));
        }
    }
    Ok(out)
}

/// How a column's cells are used: as free text (a date is kept as its ISO
/// text), as a code, grade or number (a date there is a mistake), or not at all.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Text,
    Code,
    Ignored,
}

/// The columns whose cells are free text, where a date may be meant.
const TEXT_COLUMNS: [Col; 7] =
    [Col::Summary, Col::Note, Col::Title, Col::Name, Col::Provider, Col::Statement, Col::Term];

/// Reads one sheet as `file`; `None` for a sheet with no cell at all, which
/// holds nothing, as an absent CSV file does.
// Whole on purpose: the cell-by-cell rules (dates, formulas, numbers, empty rows) share the error closures of one sheet.
fn read_sheet(
    book: &mut Sheets<BufReader<std::fs::File>>,
    shown: &str,
    sheet: &str,
    file: File,
    default_fw: &str,
) -> Result<Option<ReadFile>, LoadError> {
    let name: Arc<str> = Arc::from(format!("{shown}[{sheet}]"));
    let cannot = |e: calamine::Error| {
        LoadError::new(
            name.to_string(),
            format!("cannot read the sheet ({e})"),
            "open the workbook in Excel or LibreOffice and save it again",
        )
    };
    let mut findings = Vec::new();
    // Formulas first: their cells are read as the values last saved, which
    // may be stale, so the sheet gets one notice.
    if let Ok(formulas) = book.worksheet_formula(sheet) {
        let mut used = formulas.used_cells().filter(|(_, _, f)| !f.is_empty());
        if let Some((r, c, _)) = used.next() {
            let (r0, c0) = formulas.start().unwrap_or((0, 0));
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            let n = 1 + used.count();
            findings.push(
                Finding::new(
                    Code::F12,
                    format!(
                        "{n} cell{} of the sheet hold{} a formula (the first: {}): the values last saved are read",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "s" } else { "" },
                        address(row, col)
                    ),
                    "recalculate and save the workbook before a run, or paste the values over the formulas",
                )
                .at(&Origin::at(&name, row + 1, None)),
            );
        }
    }
    let range = book.worksheet_range(sheet).map_err(cannot)?;
    let Some((r0, c0)) = range.start() else { return Ok(None) };
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap_or_default().iter().map(header_text).collect();
    // The first rows as lines of text, so that a title above the table gets
    // the CSV reader's message saying where the header seems to be.
    let mut guess = "\n".repeat(r0 as usize);
    for cells in range.rows().take(HEADER_SEARCH + 1) {
        let texts: Vec<String> = cells.iter().map(header_text).collect();
        guess.push_str(&texts.join("\t"));
        guess.push('\n');
    }
    let table = Table::new(&name, &guess, &header, r0 + 1, file, &mut findings)?;
    drop(guess);
    let (required, optional) = file.columns();
    let uses: Vec<Use> = header
        .iter()
        .map(|h| {
            let h = h.trim().to_lowercase();
            match required.iter().chain(optional).find(|c| c.name() == h) {
                Some(c) if TEXT_COLUMNS.contains(c) => Use::Text,
                Some(_) => Use::Code,
                None => Use::Ignored,
            }
        })
        .collect();
    let mut part = Part::new(&name);
    file.reserve(&mut part.loaded.dataset, range.height());
    let mut cells: Vec<String> = Vec::with_capacity(header.len());
    for (i, row) in rows.enumerate() {
        let line = r0 + 2 + i as u32;
        cells.clear();
        let mut bad = None;
        for (j, data) in row.iter().enumerate() {
            let using = uses.get(j).copied().unwrap_or(Use::Ignored);
            match cell_text(data, using) {
                Ok(text) => cells.push(text),
                Err(why) => {
                    if using != Use::Ignored && bad.is_none() {
                        bad = Some((j, why));
                    }
                    cells.push(String::new());
                }
            }
        }
        if let Some((j, why)) = bad {
            let at = address(r0 + 1 + i as u32, c0 + j as u32);
            let column = header.get(j).map(|h| h.trim().to_lowercase()).unwrap_or_default();
            part.loaded.findings.push(why.finding(&at, &column).at(&Origin::at(&name, line, None)));
            continue;
        }
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        read_row(&table, line, &refs, file, default_fw, &mut part);
    }
    Ok(Some((name, findings, vec![part.loaded])))
}

/// Why a cell's value is not read.
enum Unread {
    /// A date (or time) where a code, grade or number was expected.
    Date(String),
    /// An error value (`#REF!`, `#N/A`).
    Error(String),
}

impl Unread {
    /// The D6 that drops the row, naming the cell (`C12`) and its column.
    fn finding(self, at: &str, column: &str) -> Finding {
        match self {
            Unread::Date(date) => Finding::new(
                Code::D6,
                format!(
                    "row dropped: cell {at} ({column}) holds a date, {date}, where a code, grade or number was expected; the spreadsheet took what was typed (such as 4.10 or 3-5) for a date"
                ),
                "format the column as Text, type the values again, and save",
            ),
            Unread::Error(e) => Finding::new(
                Code::D6,
                format!("row dropped: cell {at} ({column}) holds the error {e}"),
                "fix the formula, or type the value",
            ),
        }
    }
}

/// A header cell as text: a name typed as a number or a date is read as shown.
fn header_text(data: &Data) -> String {
    match cell_text(data, Use::Text) {
        Ok(t) => t,
        Err(Unread::Date(t) | Unread::Error(t)) => t,
    }
}

/// A cell as the text a person typed: numbers stored as numbers come back
/// without a trailing `.0` (`3.0` is `3`), booleans as `true`/`false`, and a
/// date as its ISO text in a free-text column only.
fn cell_text(data: &Data, using: Use) -> Result<String, Unread> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => return Err(Unread::Error(e.to_string())),
        Data::DateTime(d) => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            let text = if d.is_duration() || (h, mi, s) != (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}T{h:02}:{mi:02}:{s:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02}")
            };
            return date(text, using);
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => return date(s.clone(), using),
    })
}

fn date(text: String, using: Use) -> Result<String, Unread> {
    if using == Use::Text { Ok(text) } else { Err(Unread::Date(text)) }
}

/// A number as typed: a whole number without a fraction (`3.0` -> `3`),
/// others in the shortest form that reads back the same (`4.1`).
fn number(f: f64) -> String {
    // Below 2^53 every whole number is exact in a float, so the integer is what was typed.
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 { format!("{}", f as i64) } else { format!("{f}") }
}

/// A cell's address as a spreadsheet shows it (`C12`), from 0-based row and column.
fn address(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_as_a_spreadsheet_shows_them() {
        assert_eq!(address(0, 0), "A1");
        assert_eq!(address(11, 2), "C12");
        assert_eq!(address(0, 25), "Z1");
        assert_eq!(address(0, 26), "AA1");
        assert_eq!(address(4, 701), "ZZ5");
        assert_eq!(address(4, 702), "AAA5");
    }

    #[test]
    fn numbers_read_back_as_typed() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(-12.0), "-12");
        assert_eq!(number(4.1), "4.1");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(cell_text(&Data::Bool(true), Use::Code).ok().as_deref(), Some("true"));
    }
}
