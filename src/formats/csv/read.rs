//! Reads the CSV interchange files of `shared/spec/csv-interchange.md`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::records::{self, Chunk, Dialect, RecordError};
use super::rows::{Part, read_row};
use super::{COLS, Col, FILE_NAMES, File};
use crate::finding::{Code, Finding};
use crate::load::{Fs, LoadError, Loaded, decode};
use crate::model::{Dataset, Framework, Origin};

/// Loads the given CSV files of one folder; the folder's name is the default framework.
pub(crate) fn load_files(dir: &Path, files: &[PathBuf]) -> Result<Loaded, LoadError> {
    load_with_sheets(dir, files, &[])
}

/// Loads the given CSV files and workbooks of one folder, the folder's name
/// being the default framework. Each file of the interchange comes from one
/// place only: a CSV file and a sheet (or two sheets) for the same one stop
/// the load, since the engine cannot tell which the district means.
pub(crate) fn load_with_sheets(dir: &Path, files: &[PathBuf], workbooks: &[PathBuf]) -> Result<Loaded, LoadError> {
    let default_fw = folder_name(dir);
    let named = in_load_order(files)?;
    // Workbooks are read one after another (a sheet's cells at a time), the
    // CSV files in parallel; then all are joined in load order, so the
    // records, the findings and the first error are those of one pass.
    let mut sheets = Vec::new();
    for w in workbooks {
        sheets.extend(super::workbook::read_sheets(w, &default_fw)?);
    }
    let mut given: Vec<(File, String)> = named.iter().map(|&(p, f)| (f, p.display().to_string())).collect();
    given.extend(sheets.iter().map(|(f, r)| (*f, r.0.to_string())));
    refuse_twice(&given)?;
    let mut read: Vec<(File, Result<ReadFile, LoadError>)> =
        named.par_iter().map(|&(path, file)| (file, read_file(path, file, &default_fw))).collect();
    read.extend(sheets.into_iter().map(|(f, r)| (f, Ok(r))));
    read.sort_by_key(|(file, _)| *file as usize);
    assemble(read)
}

/// The name of a folder, the default framework of the files in it.
pub(super) fn folder_name(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "default".to_string())
}

/// A file of the interchange given twice (by a CSV file and a sheet, or two sheets).
pub(super) fn refuse_twice(given: &[(File, String)]) -> Result<(), LoadError> {
    for (i, (file, first)) in given.iter().enumerate() {
        if let Some((_, second)) = given[i + 1..].iter().find(|(f, _)| f == file) {
            let stem = file.name().trim_end_matches(".csv");
            return Err(LoadError::new(
                second.clone(),
                format!("{stem} is given twice: by {first} and by {second}"),
                "keep one of the two: delete the CSV file or the sheet, or move the workbook to a folder of its own",
            ));
        }
    }
    Ok(())
}

/// Joins files read, in load order: their records, findings and names. A
/// standards file that yields no standard stops the load.
pub(super) fn assemble(files: Vec<(File, Result<ReadFile, LoadError>)>) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    let mut standards_file = None;
    for (kind, file) in files {
        let (name, header_findings, parts) = file?;
        if kind == File::Standards {
            standards_file = Some(name.clone());
        }
        loaded.findings.extend(header_findings);
        // The first chunk moves in whole; the room for the others is made
        // after it (a move would drop room made before), so nothing is copied twice.
        let mut parts = parts.into_iter();
        if let Some(first) = parts.next() {
            loaded.absorb(first);
        }
        let rest: Vec<Loaded> = parts.collect();
        loaded.dataset.reserve_for(rest.iter().map(|p| &p.dataset));
        for part in rest {
            loaded.absorb(part);
        }
        loaded.files.push(name.to_string());
    }
    if let Some(name) = standards_file
        && loaded.dataset.standards.is_empty()
    {
        return Err(no_standard(&name, &loaded));
    }
    imply_frameworks(&mut loaded.dataset);
    Ok(loaded)
}

/// A standards.csv that yields no standard: the error that stops the load,
/// with why (no rows, or the first row dropped), rather than a run on the
/// embedded data.
fn no_standard(name: &Arc<str>, loaded: &Loaded) -> LoadError {
    let dropped: Vec<&Finding> = loaded
        .findings
        .iter()
        .filter(|f| f.code == Code::D6 && f.origin.as_ref().is_some_and(|o| o.file == *name))
        .collect();
    let (message, help) = match dropped.first() {
        None => (
            "no standard: the file has a header and no rows".to_string(),
            "add a row per standard, or remove standards.csv to check modules, scopes and plans against the embedded CCSS-M",
        ),
        Some(f) => {
            let line = f.origin.as_ref().and_then(|o| o.line).map(|l| format!("line {l}: ")).unwrap_or_default();
            let n = dropped.len();
            (
                format!(
                    "no standard could be read: {n} row{} dropped, the first: {line}{}",
                    if n == 1 { "" } else { "s" },
                    f.message
                ),
                "fix the rows (validate lists every dropped row once one loads)",
            )
        }
    };
    LoadError::new(name.to_string(), message, help)
}

/// The files with their kind, in load order. Every name is checked before
/// any file is read, so that an unknown name stops the run first.
fn in_load_order(files: &[PathBuf]) -> Result<Vec<(&PathBuf, File)>, LoadError> {
    let mut named = Vec::with_capacity(files.len());
    for path in files {
        let base = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(file) = File::from_name(&base) else {
            return Err(LoadError::new(
                path.display().to_string(),
                "format not recognized: not one of the interchange file names",
                format!("name CSV files {}", FILE_NAMES.join(", ")),
            ));
        };
        named.push((path, file));
    }
    named.sort_by_key(|&(_, file)| file as usize);
    Ok(named)
}

/// Frameworks are implied by the standards' framework column (or the folder name), in order of appearance.
fn imply_frameworks(ds: &mut Dataset) {
    let mut known: HashSet<String> = ds.frameworks.iter().map(|f| f.id.clone()).collect();
    for s in &ds.standards {
        if known.insert(s.framework.clone()) {
            ds.frameworks.push(Framework {
                id: s.framework.clone(),
                origin: Origin::file(&s.origin.file),
                ..Framework::default()
            });
        }
    }
}

/// A file read: its name, the findings of its header, and its records in chunks.
pub(super) type ReadFile = (Arc<str>, Vec<Finding>, Vec<Loaded>);

fn read_file(path: &Path, file: File, default_fw: &str) -> Result<ReadFile, LoadError> {
    let name: Arc<str> = Fs::Disk.name(path);
    let text = records::lone_cr_to_lf(decode(&name, Fs::Disk.read(path)?)?);
    let mut header_findings = Vec::new();
    let parts = Table::read(&name, &text, file, &mut header_findings, |table, line, record, part| {
        read_row(table, line, record, file, default_fw, part)
    })?;
    Ok((name, header_findings, parts))
}

/// Files at least this large are read in parallel chunks.
const PARALLEL_BYTES: usize = 256 * 1024;

/// One CSV file being read: where each known column is in a record.
pub(super) struct Table {
    /// The record position of each [`Col`], `usize::MAX` when the file lacks it.
    index: [usize; COLS],
}

impl Table {
    /// Where `col` is in a record; past the end when the file lacks it.
    pub(super) fn position(&self, col: Col) -> usize {
        self.index[col as usize]
    }

    /// Checks the header, then hands each record, with its line, to `each`,
    /// which reads it into a part. A large file is cut at line starts outside
    /// quoted cells and its chunks are read in parallel; the parts come back
    /// in file order, so the result is the same as one pass would give.
    fn read(
        name: &Arc<str>,
        text: &str,
        file: File,
        findings: &mut Vec<Finding>,
        each: impl Fn(&Table, u32, &[&str], &mut Part) + Sync,
    ) -> Result<Vec<Loaded>, LoadError> {
        if text.trim().is_empty() {
            return Err(LoadError::new(
                name.to_string(),
                "empty file: no header row",
                "the first line names the columns",
            ));
        }
        if let Some(e) = blank_first_line(name, text, file) {
            return Err(e);
        }
        let dialect = Dialect::sniff(text);
        let threads = rayon::current_num_threads();
        let parts = if text.len() >= PARALLEL_BYTES && threads > 1 {
            (threads * 2).min(text.len() / PARALLEL_BYTES * 2)
        } else {
            1
        };
        let cuts = records::scan_quoting(text, dialect, parts).map_err(|(line, why)| {
            LoadError::new(
                name.to_string(),
                format!("malformed CSV: {why}"),
                "fix the quoting on this line: a quoted cell ends with a quote followed by a comma or the end of the line; a quote inside it is written twice (\"\")",
            )
            .at(line, None)
        })?;
        let (header, body) = records::header(text, dialect).map_err(|e| malformed(name, e))?;
        let table = Table::new(name, text, &header, 1, file, findings)?;
        let chunks = chunks(body, cuts);
        let read_chunk = |&chunk: &Chunk| -> Result<Loaded, LoadError> {
            let mut part = Part::new(name);
            file.reserve(&mut part.loaded.dataset, records::newlines(&text.as_bytes()[chunk.0..chunk.1]) as usize + 1);
            records::each_record(text, chunk, dialect, |line, cells| each(&table, line, cells, &mut part))
                .map_err(|e| malformed(name, e))?;
            Ok(part.loaded)
        };
        if chunks.len() == 1 {
            return Ok(vec![read_chunk(&chunks[0])?]);
        }
        chunks.par_iter().map(read_chunk).collect()
    }

    /// Checks the header row of `file` and finds its columns: a missing
    /// required column or a name written twice is a [`LoadError`], an
    /// unknown column an F1. Names are compared trimmed, without regard to case.
    /// `text` is searched for a misplaced header (empty: no search), and
    /// `header_row` is the line or row the header is on.
    pub(super) fn new(
        name: &Arc<str>,
        text: &str,
        header: &[String],
        header_row: u32,
        file: File,
        findings: &mut Vec<Finding>,
    ) -> Result<Table, LoadError> {
        let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let at_header =
            |message: String, help: &str| LoadError::new(name.to_string(), message, help).at(header_row, None);
        if header.iter().all(String::is_empty) {
            return Err(at_header("empty header row".to_string(), "the first line names the columns"));
        }
        let repeated = repeated_columns(&header);
        if !repeated.is_empty() {
            return Err(at_header(
                format!("the header names {}", repeated.join("; ")),
                "keep one column of each name: the engine cannot tell which of them holds the value",
            ));
        }
        let (required, optional) = file.columns();
        let missing: Vec<&str> = required.iter().map(|c| c.name()).filter(|c| !header.iter().any(|h| h == c)).collect();
        if !missing.is_empty() {
            let s = if missing.len() > 1 { "s" } else { "" };
            let missing = missing.join(", ");
            // A title above the table: say where the header seems to be.
            return Err(match header_line(text, file, false) {
                Some(line) => at_header(
                    format!(
                        "required column{s} missing from the first line ({missing}): the header must be the first line, and it seems to be on line {line}"
                    ),
                    &lines_above(line),
                ),
                None => at_header(
                    format!("required column{s} missing: {missing}"),
                    &format!("add the column{s} to the header row"),
                ),
            });
        }
        let mut index = [usize::MAX; COLS];
        for (i, h) in header.iter().enumerate() {
            match required.iter().chain(optional).find(|c| c.name() == h) {
                Some(&c) => index[c as usize] = i,
                None if h.is_empty() => {}
                None => findings.push(
                    Finding::new(
                        Code::F1,
                        format!("unknown column \"{h}\" is ignored"),
                        format!(
                            "the columns of {} are: {}",
                            file.name(),
                            required.iter().chain(optional).map(|c| c.name()).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .at(&Origin::at(name, header_row, None)),
                ),
            }
        }
        Ok(Table { index })
    }
}

/// Each name the header gives more than once, with its columns (1-based):
/// `grade twice, in columns 2 and 4`, in the order the names first appear.
fn repeated_columns(header: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if h.is_empty() || header[..i].contains(h) {
            continue;
        }
        let at: Vec<String> =
            header.iter().enumerate().filter(|(_, x)| *x == h).map(|(j, _)| (j + 1).to_string()).collect();
        if let [first @ .., last] = at.as_slice()
            && !first.is_empty()
        {
            let times = if at.len() == 2 { "twice".to_string() } else { format!("{} times", at.len()) };
            out.push(format!("{h} {times}, in columns {} and {last}", first.join(", ")));
        }
    }
    out
}

/// The cells of one line as header names: split at any delimiter, trimmed of
/// spaces and quotes, in lower case. Only a guess, for error messages.
fn names_in(line: &str) -> Vec<String> {
    line.split([',', ';', '\t']).map(|c| c.trim().trim_matches('"').trim().to_lowercase()).collect()
}

/// How many lines below the first are searched for a misplaced header: a
/// title or notes above a table are a few lines, and a large file is not read twice.
pub(super) const HEADER_SEARCH: usize = 100;

/// The line (1-based) below the first that seems to be the header: the first
/// that names every required column of `file`, else, when `any` is set, the
/// first that names any column at all.
fn header_line(text: &str, file: File, any: bool) -> Option<u32> {
    let (required, _) = file.columns();
    let lines = || text.split('\n').enumerate().skip(1).take(HEADER_SEARCH).map(|(i, l)| (i as u32 + 1, names_in(l)));
    lines()
        .find(|(_, names)| required.iter().all(|c| names.iter().any(|n| n == c.name())))
        .or_else(|| if any { lines().find(|(_, names)| names.iter().any(|n| !n.is_empty())) } else { None })
        .map(|(line, _)| line)
}

/// A first line that names no column at all (blank, or delimiters only):
/// the csv crate would skip a blank line and take the next for the header, so
/// the delimiter (sniffed from line 1) and the line numbers would be wrong.
fn blank_first_line(name: &Arc<str>, text: &str, file: File) -> Option<LoadError> {
    let first = text.split('\n').next().unwrap_or("");
    if names_in(first).iter().any(|n| !n.is_empty()) {
        return None;
    }
    let what = if first.trim().is_empty() { "the first line is empty" } else { "the first line names no column" };
    let (message, help) = match header_line(text, file, true) {
        Some(line) => {
            (format!("{what}: the header must be the first line, and it seems to be on line {line}"), lines_above(line))
        }
        None => (format!("{what}: the header must be the first line"), "the first line names the columns".to_string()),
    };
    Some(LoadError::new(name.to_string(), message, help).at(1, None))
}

/// What to do when the header is on `line`.
fn lines_above(line: u32) -> String {
    format!("delete the line{} above the header", if line > 2 { "s" } else { "" })
}

/// The body cut into chunks: from its start to the first cut, between cuts, to the end.
fn chunks(body: Chunk, cuts: Vec<(usize, u32)>) -> Vec<Chunk> {
    let (start, end, line) = body;
    let mut bounds: Vec<(usize, u32)> = vec![(start, line)];
    bounds.extend(cuts.into_iter().filter(|&(at, _)| at > start));
    bounds.iter().enumerate().map(|(i, &(from, line))| (from, bounds.get(i + 1).map_or(end, |b| b.0), line)).collect()
}

fn malformed(name: &Arc<str>, e: RecordError) -> LoadError {
    let err = LoadError::new(name.to_string(), format!("malformed CSV: {}", e.error), "fix the quoting on this line");
    match e.line {
        Some(l) => err.at(l, None),
        None => err,
    }
}
