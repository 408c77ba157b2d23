//! Reads the CSV interchange files of `shared/spec/csv-interchange.md`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Fs, LoadError, Loaded, decode};
use crate::finding::{Code, Finding};
use crate::model::{
    Crosswalk, Dataset, Edge, EdgeKind, Focus, Framework, Grade, Module, ModuleKind, Origin, PlanRow, Scope, Standard,
};

/// The five file names of the interchange, in load order.
pub const FILE_NAMES: [&str; 6] =
    ["standards.csv", "progressions.csv", "modules.csv", "scopes.csv", "plans.csv", "crosswalk.csv"];

/// The columns of each file: (required, optional).
fn columns(file: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match file {
        "standards.csv" => (
            &["id", "grade"],
            &[
                "framework",
                "domain",
                "cluster",
                "focus",
                "parent",
                "entry",
                "summary",
                "note",
                "statement",
                "modeling",
                "plus",
                "courses",
            ],
        ),
        "progressions.csv" => (&["from", "to", "kind"], &["progression", "note"]),
        "modules.csv" => (&["id", "kind", "standards"], &["title", "provider", "tier", "evidence"]),
        "scopes.csv" => (&["id", "grade_lo", "grade_hi"], &["name", "framework", "parent"]),
        "plans.csv" => (&["scope", "module"], &["sequence"]),
        "crosswalk.csv" => (&["state_code", "ccss_code"], &["framework"]),
        _ => (&[], &[]),
    }
}

/// Loads the given CSV files of one folder; the folder's name is the default framework.
pub fn load_files(dir: &Path, files: &[PathBuf]) -> Result<Loaded, LoadError> {
    let default_fw = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "default".to_string());
    let mut loaded = Loaded::default();
    let mut ordered: Vec<&PathBuf> = files.iter().collect();
    ordered.sort_by_key(|p| {
        let n = p.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        FILE_NAMES.iter().position(|f| *f == n).unwrap_or(FILE_NAMES.len())
    });
    // Files are read one after another: at a state's size, threads cost more than they save.
    for path in ordered {
        let base = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        if !FILE_NAMES.contains(&base.as_str()) {
            return Err(LoadError::new(
                path.display().to_string(),
                "format not recognised: not one of the interchange file names",
                format!("name CSV files {}", FILE_NAMES.join(", ")),
            ));
        }
        let name: Arc<str> = Fs::Disk.name(path);
        let text = decode(&name, Fs::Disk.read(path)?)?;
        let parts = Table::read(&name, &text, base.as_str(), &mut loaded.findings, |table, line, record, part| {
            read_row(table, line, record, base.as_str(), &default_fw, &mut part.dataset, &mut part.findings)
        })?;
        for part in parts {
            loaded.absorb(part);
        }
        loaded.files.push(name.to_string());
    }
    // Frameworks are implied by the standards' framework column (or the folder name).
    for s in &loaded.dataset.standards {
        if !loaded.dataset.frameworks.iter().any(|f| f.id == s.framework) {
            loaded.dataset.frameworks.push(Framework {
                id: s.framework.clone(),
                origin: Origin::file(&s.origin.file),
                ..Framework::default()
            });
        }
    }
    Ok(loaded)
}

/// One CSV file being read: its name and the column index.
struct Table {
    name: Arc<str>,
    /// Known columns and their positions; a short list scans faster than a hash lookup.
    index: Vec<(String, usize)>,
}

impl Table {
    /// Checks the header, then hands each record, with its line, to `each`,
    /// which reads it into a part. A large file is cut at line starts outside
    /// quoted cells and its chunks are read in parallel; the parts come back
    /// in file order, so the result is the same as one pass would give.
    fn read(
        name: &Arc<str>,
        text: &str,
        file: &str,
        findings: &mut Vec<Finding>,
        each: impl Fn(&Table, u32, &::csv::StringRecord, &mut Loaded) + Sync,
    ) -> Result<Vec<Loaded>, LoadError> {
        if text.trim().is_empty() {
            return Err(LoadError::new(
                name.to_string(),
                "empty file: no header row",
                "the first line names the columns",
            ));
        }
        let threads = rayon::current_num_threads();
        let parts = if text.len() >= PARALLEL_BYTES && threads > 1 { threads * 2 } else { 1 };
        let cuts = match scan_quoting(text, parts) {
            Ok(cuts) => cuts,
            Err((line, why)) => {
                return Err(LoadError::new(name.to_string(), format!("malformed CSV: {why}"), "fix the quoting on this line: a quoted cell ends with a quote followed by a comma or the end of the line; a quote inside it is written twice (\"\")").at(line, None));
            }
        };
        let mut rdr = ::csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(text.as_bytes());
        let header: Vec<String> =
            rdr.headers().map_err(|e| malformed(name, &e))?.iter().map(|h| h.trim().to_string()).collect();
        if header.iter().all(String::is_empty) {
            return Err(
                LoadError::new(name.to_string(), "empty header row", "the first line names the columns").at(1, None)
            );
        }
        let (required, optional) = columns(file);
        let missing: Vec<&str> = required.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
        if !missing.is_empty() {
            return Err(LoadError::new(
                name.to_string(),
                format!("required column{} missing: {}", if missing.len() > 1 { "s" } else { "" }, missing.join(", ")),
                format!(
                    "add the column{} to the header row (names are case-sensitive)",
                    if missing.len() > 1 { "s" } else { "" }
                ),
            )
            .at(1, None));
        }
        let mut index: Vec<(String, usize)> = Vec::new();
        for (i, h) in header.iter().enumerate() {
            if required.contains(&h.as_str()) || optional.contains(&h.as_str()) {
                if !index.iter().any(|(k, _)| k == h) {
                    index.push((h.clone(), i));
                }
            } else if !h.is_empty() {
                findings.push(
                    Finding::new(
                        Code::F1,
                        format!("unknown column \"{h}\" is ignored"),
                        format!("the columns of {file} are: {}", [required, optional].concat().join(", ")),
                    )
                    .at(&Origin::at(name, 1, None)),
                );
            }
        }
        let table = Table { name: name.clone(), index };
        // Chunks: from the end of the header to the first cut, between cuts, to the end.
        let body = rdr.position().byte() as usize;
        let body_line = rdr.position().line() as u32;
        let mut bounds: Vec<(usize, u32)> = vec![(body, body_line)];
        bounds.extend(cuts.into_iter().filter(|&(at, _)| at > body));
        let chunks: Vec<(usize, usize, u32)> = bounds
            .iter()
            .enumerate()
            .map(|(i, &(start, line))| (start, bounds.get(i + 1).map_or(text.len(), |b| b.0), line))
            .collect();
        let read_chunk = |&(start, end, first_line): &(usize, usize, u32)| -> Result<Loaded, LoadError> {
            let mut part = Loaded::default();
            let mut rdr =
                ::csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(&text.as_bytes()[start..end]);
            let mut record = ::csv::StringRecord::new();
            let shift = |l: u64| first_line + l as u32 - 1;
            loop {
                match rdr.read_record(&mut record) {
                    Ok(true) => {
                        let line = record.position().map_or(0, |p| shift(p.line()));
                        each(&table, line, &record, &mut part);
                    }
                    Ok(false) => break,
                    Err(e) => {
                        let err = malformed(name, &e);
                        return Err(match err.line {
                            Some(l) => LoadError { line: Some(shift(u64::from(l))), ..err },
                            None => err,
                        });
                    }
                }
            }
            Ok(part)
        };
        if chunks.len() == 1 {
            return Ok(vec![read_chunk(&chunks[0])?]);
        }
        chunks.par_iter().map(read_chunk).collect()
    }
}

/// Files at least this large are read in parallel chunks.
const PARALLEL_BYTES: usize = 2 * 1024 * 1024;

/// Scans the RFC 4180 quoting once. Returns the first quoting error as
/// (line, what): a quoted cell never closed, or text right after a closing
/// quote (the csv crate accepts both silently, and would swallow the rest of
/// the file into one cell). Otherwise returns up to `parts - 1` cut points
/// (byte offset of a line start outside any quoted cell, and its line),
/// spread evenly, for parallel reading.
fn scan_quoting(text: &str, parts: usize) -> Result<Vec<(usize, u32)>, (u32, &'static str)> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut line = 1u32;
    let mut opened_at = 1u32;
    let step = text.len() / parts.max(1);
    let mut next_cut = if parts > 1 { step } else { usize::MAX };
    let mut cuts = Vec::new();
    for (i, &c) in text.as_bytes().iter().enumerate() {
        // Quotes, commas and line ends are ASCII, and no byte of a multi-byte UTF-8 character is.
        state = match (state, c) {
            (State::FieldStart, b'"') => {
                opened_at = line;
                State::Quoted
            }
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::QuoteInQuoted, b',' | b'\r' | b'\n')
            | (State::FieldStart | State::Unquoted, b',' | b'\r' | b'\n') => State::FieldStart,
            (State::QuoteInQuoted, _) => return Err((line, "text after the closing quote of a cell")),
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
        };
        if c == b'\n' {
            line += 1;
            if i + 1 >= next_cut && state == State::FieldStart && i + 1 < text.len() {
                cuts.push((i + 1, line));
                next_cut = if cuts.len() + 1 < parts { (cuts.len() + 1) * step } else { usize::MAX };
            }
        }
    }
    if state == State::Quoted { Err((opened_at, "a quoted cell is never closed")) } else { Ok(cuts) }
}

fn malformed(name: &Arc<str>, e: &::csv::Error) -> LoadError {
    let line = e.position().map(|p| p.line() as u32);
    let err = LoadError::new(name.to_string(), format!("malformed CSV: {e}"), "fix the quoting on this line");
    match line {
        Some(l) => err.at(l, None),
        None => err,
    }
}

/// A row's cells by column name: trimmed, empty as `None`.
struct Row<'a> {
    table: &'a Table,
    cells: &'a ::csv::StringRecord,
    origin: Origin,
}

impl<'a> Row<'a> {
    fn get(&self, col: &str) -> Option<&'a str> {
        let i = self.table.index.iter().find(|(k, _)| k == col)?.1;
        self.cells.get(i).map(str::trim).filter(|s| !s.is_empty())
    }

    fn text(&self, col: &str) -> Option<String> {
        self.get(col).map(str::to_string)
    }

    fn bad(&self, message: String, help: &str) -> Finding {
        Finding::new(Code::D6, message, help).at(&self.origin)
    }
}

fn read_row(
    table: &Table,
    line: u32,
    cells: &::csv::StringRecord,
    file: &str,
    default_fw: &str,
    ds: &mut Dataset,
    findings: &mut Vec<Finding>,
) {
    {
        let row = Row { table, cells, origin: Origin::at(&table.name, line, None) };
        let result = match file {
            "standards.csv" => standard(&row, default_fw).map(|s| ds.standards.push(s)),
            "progressions.csv" => edge(&row).map(|e| ds.edges.push(e)),
            "modules.csv" => module(&row).map(|m| ds.modules.push(m)),
            "scopes.csv" => scope(&row).map(|s| ds.scopes.push(s)),
            "plans.csv" => plan(&row).map(|p| ds.plans.push(p)),
            "crosswalk.csv" => crosswalk(&row, default_fw).map(|c| ds.crosswalks.push(c)),
            _ => Ok(()),
        };
        if let Err(f) = result {
            findings.push(f);
        }
    }
}

fn missing(row: &Row, what: &str, col: &str) -> Finding {
    row.bad(format!("{what} row dropped: \"{col}\" is empty"), "fill in the cell, or delete the row")
}

fn standard(row: &Row, default_fw: &str) -> Result<Standard, Finding> {
    let id = row.text("id").ok_or_else(|| missing(row, "standard", "id"))?;
    let grade_text = row.get("grade").ok_or_else(|| missing(row, "standard", "grade"))?;
    let grade = Grade::parse(grade_text).ok_or_else(|| {
        row.bad(format!("standard {id} dropped: unknown grade \"{grade_text}\""), "write PK, K, 0..12 or HS")
    })?;
    let focus = match row.get("focus") {
        None => None,
        Some(f) => Some(Focus::parse(f).ok_or_else(|| {
            row.bad(format!("standard {id} dropped: unknown focus \"{f}\""), "write major, supporting or additional")
        })?),
    };
    let flag = |col: &str| row.get(col).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    Ok(Standard {
        framework: row.text("framework").unwrap_or_else(|| default_fw.to_string()),
        id,
        grade,
        domain: row.text("domain"),
        cluster: row.text("cluster"),
        focus,
        parent: row.text("parent"),
        summary: row.text("summary"),
        statement: row.text("statement"),
        note: row.text("note"),
        entry: flag("entry"),
        modeling: flag("modeling"),
        plus: flag("plus"),
        courses: row.get("courses").map(split_list).unwrap_or_default(),
        origin: row.origin.clone(),
        parent_origin: row.origin.clone(),
    })
}

fn edge(row: &Row) -> Result<Edge, Finding> {
    let from = row.text("from").ok_or_else(|| missing(row, "edge", "from"))?;
    let to = row.text("to").ok_or_else(|| missing(row, "edge", "to"))?;
    let kind_text = row.get("kind").ok_or_else(|| missing(row, "edge", "kind"))?;
    let kind = EdgeKind::parse(kind_text).ok_or_else(|| {
        row.bad(
            format!("edge {from} -> {to} dropped: unknown kind \"{kind_text}\""),
            "write builds_towards or relates_to",
        )
    })?;
    Ok(Edge {
        kind,
        from,
        to,
        progression: row.text("progression"),
        note: row.text("note"),
        origin: row.origin.clone(),
        from_origin: row.origin.clone(),
        to_origin: row.origin.clone(),
    })
}

fn module(row: &Row) -> Result<Module, Finding> {
    let id = row.text("id").ok_or_else(|| missing(row, "module", "id"))?;
    let kind_text = row.get("kind").ok_or_else(|| missing(row, "module", "kind"))?;
    let kind = ModuleKind::parse(kind_text).ok_or_else(|| {
        row.bad(format!("module {id} dropped: unknown kind \"{kind_text}\""), "write pd or intervention")
    })?;
    let standards = split_list(row.get("standards").unwrap_or(""));
    if standards.is_empty() {
        return Err(row.bad(format!("module {id} dropped: it names no standard"), "list its standards, separated by ;"));
    }
    Ok(Module {
        id,
        kind,
        title: row.text("title"),
        provider: row.text("provider"),
        standards,
        tier: row.text("tier"),
        evidence: row.text("evidence"),
        origin: row.origin.clone(),
    })
}

fn scope(row: &Row) -> Result<Scope, Finding> {
    let id = row.text("id").ok_or_else(|| missing(row, "scope", "id"))?;
    let grade = |col: &str| -> Result<Grade, Finding> {
        let t = row.get(col).ok_or_else(|| missing(row, "scope", col))?;
        Grade::parse(t)
            .ok_or_else(|| row.bad(format!("scope {id} dropped: unknown {col} \"{t}\""), "write PK, K, 0..12 or HS"))
    };
    let (lo, hi) = (grade("grade_lo")?, grade("grade_hi")?);
    if lo.level() > hi.level() {
        return Err(row.bad(
            format!("scope {id} dropped: grade_lo {lo} is above grade_hi {hi}"),
            "swap the two grades, or fix the one that is wrong",
        ));
    }
    Ok(Scope {
        id,
        name: row.text("name"),
        framework: row.text("framework"),
        parent: row.text("parent"),
        grade_lo: lo,
        grade_hi: hi,
        origin: row.origin.clone(),
    })
}

fn plan(row: &Row) -> Result<PlanRow, Finding> {
    let scope = row.text("scope").ok_or_else(|| missing(row, "plan", "scope"))?;
    let module = row.text("module").ok_or_else(|| missing(row, "plan", "module"))?;
    let sequence = match row.get("sequence") {
        None => None,
        Some(t) => Some(parse_integer(t).ok_or_else(|| {
            row.bad(
                format!("plan row {scope} / {module} dropped: sequence \"{t}\" is not an integer"),
                "write a whole number, or leave the cell empty",
            )
        })?),
    };
    Ok(PlanRow { scope, module, sequence, origin: row.origin.clone() })
}

fn crosswalk(row: &Row, default_fw: &str) -> Result<Crosswalk, Finding> {
    let from = row.text("state_code").ok_or_else(|| missing(row, "crosswalk", "state_code"))?;
    let to = row.text("ccss_code").ok_or_else(|| missing(row, "crosswalk", "ccss_code"))?;
    Ok(Crosswalk {
        framework: row.text("framework").unwrap_or_else(|| default_fw.to_string()),
        from,
        to,
        origin: row.origin.clone(),
    })
}

/// A `;`-separated list in one cell.
fn split_list(cell: &str) -> Vec<String> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// An integer with an optional sign; zero-padding allowed.
fn parse_integer(t: &str) -> Option<i64> {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}
