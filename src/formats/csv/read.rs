//! Reads the CSV interchange files of `shared/spec/csv-interchange.md`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::finding::{Code, Finding};
use crate::load::{Fs, LoadError, Loaded, decode};
use crate::model::{
    Crosswalk, Edge, EdgeKind, Focus, Framework, Grade, Module, ModuleKind, Origin, PlanRow, Scope, Standard,
};

/// The five file names of the interchange, in load order.
pub const FILE_NAMES: [&str; 6] =
    ["standards.csv", "progressions.csv", "modules.csv", "scopes.csv", "plans.csv", "crosswalk.csv"];

/// A column of the interchange files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Id,
    Grade,
    Framework,
    Domain,
    Cluster,
    Focus,
    Parent,
    Entry,
    Wap,
    Summary,
    Note,
    Statement,
    Modeling,
    Plus,
    Courses,
    From,
    To,
    Kind,
    Progression,
    Standards,
    Title,
    Provider,
    Tier,
    Evidence,
    GradeLo,
    GradeHi,
    Name,
    Scope,
    Module,
    Sequence,
    StateCode,
    CcssCode,
}

/// How many [`Col`] variants there are.
const COLS: usize = Col::CcssCode as usize + 1;

impl Col {
    fn name(self) -> &'static str {
        use Col::*;
        match self {
            Id => "id",
            Grade => "grade",
            Framework => "framework",
            Domain => "domain",
            Cluster => "cluster",
            Focus => "focus",
            Parent => "parent",
            Entry => "entry",
            Wap => "wap",
            Summary => "summary",
            Note => "note",
            Statement => "statement",
            Modeling => "modeling",
            Plus => "plus",
            Courses => "courses",
            From => "from",
            To => "to",
            Kind => "kind",
            Progression => "progression",
            Standards => "standards",
            Title => "title",
            Provider => "provider",
            Tier => "tier",
            Evidence => "evidence",
            GradeLo => "grade_lo",
            GradeHi => "grade_hi",
            Name => "name",
            Scope => "scope",
            Module => "module",
            Sequence => "sequence",
            StateCode => "state_code",
            CcssCode => "ccss_code",
        }
    }
}

/// The columns of each file: (required, optional).
fn columns(file: &str) -> (&'static [Col], &'static [Col]) {
    use Col::*;
    match file {
        "standards.csv" => (
            &[Id, Grade],
            &[Framework, Domain, Cluster, Focus, Parent, Entry, Wap, Summary, Note, Statement, Modeling, Plus, Courses],
        ),
        "progressions.csv" => (&[From, To, Kind], &[Progression, Note]),
        "modules.csv" => (&[Id, Kind, Standards], &[Title, Provider, Tier, Evidence]),
        "scopes.csv" => (&[Id, GradeLo, GradeHi], &[Name, Framework, Parent]),
        "plans.csv" => (&[Scope, Module], &[Sequence]),
        "crosswalk.csv" => (&[StateCode, CcssCode], &[Framework]),
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
    // Every file is checked before any is read, so that an unknown name stops the run first.
    let mut named = Vec::with_capacity(ordered.len());
    for path in ordered {
        let base = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        if !FILE_NAMES.contains(&base.as_str()) {
            return Err(LoadError::new(
                path.display().to_string(),
                "format not recognised: not one of the interchange file names",
                format!("name CSV files {}", FILE_NAMES.join(", ")),
            ));
        }
        named.push((path, base));
    }
    // The files are read and parsed in parallel, then joined in load order, so
    // the records, the findings and the first error are those of one pass.
    let files: Vec<Result<ReadFile, LoadError>> = named
        .par_iter()
        .map(|(path, base)| {
            let name: Arc<str> = Fs::Disk.name(path);
            let text = lone_cr_to_lf(decode(&name, Fs::Disk.read(path)?)?);
            let mut header_findings = Vec::new();
            let parts = Table::read(&name, &text, base.as_str(), &mut header_findings, |table, line, record, part| {
                read_row(table, line, record, base.as_str(), &default_fw, part)
            })?;
            Ok((name, header_findings, parts))
        })
        .collect();
    for file in files {
        let (name, header_findings, parts) = file?;
        loaded.findings.extend(header_findings);
        loaded.dataset.reserve_for(parts.iter().map(|p| &p.dataset));
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

/// A file read: its name, the findings of its header, and its records in chunks.
type ReadFile = (Arc<str>, Vec<Finding>, Vec<Loaded>);

/// One CSV file being read: where each known column is in a record.
struct Table {
    /// The record position of each [`Col`], `usize::MAX` when the file lacks it.
    index: [usize; COLS],
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
        each: impl Fn(&Table, u32, &[&str], &mut Part) + Sync,
    ) -> Result<Vec<Loaded>, LoadError> {
        if text.trim().is_empty() {
            return Err(LoadError::new(
                name.to_string(),
                "empty file: no header row",
                "the first line names the columns",
            ));
        }
        // The delimiter is the one of `,` `;` tab that the header line holds most often (ties: `,`, then `;`).
        let first_line = text.split('\n').next().unwrap_or("");
        let delimiter = [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|&d| (memchr::memchr_iter(d, first_line.as_bytes()).count(), d == b',', d == b';'))
            .unwrap_or(b',');
        let threads = rayon::current_num_threads();
        let parts = if text.len() >= PARALLEL_BYTES && threads > 1 {
            (threads * 2).min(text.len() / PARALLEL_BYTES * 2)
        } else {
            1
        };
        // One search for a quote decides how the file is read and whether its quoting needs a check.
        let quoted = text.as_bytes().contains(&b'"');
        let cuts = match scan_quoting(text, quoted, parts, delimiter) {
            Ok(cuts) => cuts,
            Err((line, why)) => {
                return Err(LoadError::new(name.to_string(), format!("malformed CSV: {why}"), "fix the quoting on this line: a quoted cell ends with a quote followed by a comma or the end of the line; a quote inside it is written twice (\"\")").at(line, None));
            }
        };
        let mut rdr = ::csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        // Header names are compared after trimming, without regard to case.
        let header: Vec<String> =
            rdr.headers().map_err(|e| malformed(name, &e))?.iter().map(|h| h.trim().to_lowercase()).collect();
        if header.iter().all(String::is_empty) {
            return Err(
                LoadError::new(name.to_string(), "empty header row", "the first line names the columns").at(1, None)
            );
        }
        let mut twice: Vec<&str> = header
            .iter()
            .enumerate()
            .filter(|(i, h)| !h.is_empty() && header[..*i].contains(h))
            .map(|(_, h)| h.as_str())
            .collect();
        twice.dedup();
        if !twice.is_empty() {
            return Err(LoadError::new(
                name.to_string(),
                format!("the header names {} twice", twice.join(", ")),
                "keep one column of each name: the engine cannot tell which of the two holds the value",
            )
            .at(1, None));
        }
        let (required, optional) = columns(file);
        let missing: Vec<&str> = required.iter().map(|c| c.name()).filter(|c| !header.iter().any(|h| h == c)).collect();
        if !missing.is_empty() {
            return Err(LoadError::new(
                name.to_string(),
                format!("required column{} missing: {}", if missing.len() > 1 { "s" } else { "" }, missing.join(", ")),
                format!("add the column{} to the header row", if missing.len() > 1 { "s" } else { "" }),
            )
            .at(1, None));
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
                            "the columns of {file} are: {}",
                            required.iter().chain(optional).map(|c| c.name()).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .at(&Origin::at(name, 1, None)),
                ),
            }
        }
        let table = Table { index };
        // Chunks: from the end of the header to the first cut, between cuts, to the end.
        let body = rdr.position().byte() as usize;
        // The csv crate miscounts lines after a CRLF or a blank line: lines are counted here.
        let body_line = newlines(&text.as_bytes()[..body]) + 1;
        let mut bounds: Vec<(usize, u32)> = vec![(body, body_line)];
        bounds.extend(cuts.into_iter().filter(|&(at, _)| at > body));
        let chunks: Vec<(usize, usize, u32)> = bounds
            .iter()
            .enumerate()
            .map(|(i, &(start, line))| (start, bounds.get(i + 1).map_or(text.len(), |b| b.0), line))
            .collect();
        let read_chunk = |&(start, end, first_line): &(usize, usize, u32)| -> Result<Loaded, LoadError> {
            let bytes = &text.as_bytes()[start..end];
            let mut part = Part::new(name);
            part.loaded.dataset.reserve_rows(file, newlines(bytes) as usize + 1);
            if !quoted {
                let mut fields: Vec<&str> = Vec::with_capacity(16);
                // Without quotes a record is a line and a cell is what lies between commas.
                let chunk = &text[start..end];
                let mut line = first_line;
                let mut from = 0;
                while from < chunk.len() {
                    let to = memchr::memchr(b'\n', &chunk.as_bytes()[from..]).map_or(chunk.len(), |i| from + i);
                    let record = &chunk[from..to];
                    let record = record.strip_suffix('\r').unwrap_or(record);
                    if !record.is_empty() {
                        fields.clear();
                        let mut begin = 0;
                        for (i, &b) in record.as_bytes().iter().enumerate() {
                            if b == delimiter {
                                fields.push(&record[begin..i]);
                                begin = i + 1;
                            }
                        }
                        fields.push(&record[begin..]);
                        each(&table, line, &fields, &mut part);
                    }
                    line += 1;
                    from = to + 1;
                }
                return Ok(part.loaded);
            }
            let mut rdr =
                ::csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(delimiter).from_reader(bytes);
            let mut record = ::csv::StringRecord::new();
            let (mut seen, mut line) = (0usize, first_line);
            // The line of a record starting at or just before byte `at` (the csv crate
            // reports the line end before a record, and blank lines before it).
            let mut line_at = |at: usize| {
                let at = at + bytes[at..].iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
                line += newlines(&bytes[seen.min(at)..at]);
                seen = at;
                line
            };
            loop {
                match rdr.read_record(&mut record) {
                    Ok(true) => {
                        let at = record.position().map_or(0, |p| p.byte() as usize);
                        // Cells borrow the record, so they go in a buffer of this iteration.
                        let mut buf = [""; 32];
                        let long: Vec<&str>;
                        let cells: &[&str] = if record.len() <= buf.len() {
                            buf.iter_mut().zip(record.iter()).for_each(|(b, c)| *b = c);
                            &buf[..record.len()]
                        } else {
                            long = record.iter().collect();
                            &long
                        };
                        each(&table, line_at(at), cells, &mut part);
                    }
                    Ok(false) => break,
                    Err(e) => {
                        let err = malformed(name, &e);
                        return Err(match e.position() {
                            Some(p) => LoadError { line: Some(line_at(p.byte() as usize)), ..err },
                            None => err,
                        });
                    }
                }
            }
            Ok(part.loaded)
        };
        if chunks.len() == 1 {
            return Ok(vec![read_chunk(&chunks[0])?]);
        }
        chunks.par_iter().map(read_chunk).collect()
    }
}

/// Files at least this large are read in parallel chunks.
const PARALLEL_BYTES: usize = 256 * 1024;

/// Scans the RFC 4180 quoting once. Returns the first quoting error as
/// (line, what): a quoted cell never closed, or text right after a closing
/// quote (the csv crate accepts both silently, and would swallow the rest of
/// the file into one cell). Otherwise returns up to `parts - 1` cut points
/// (byte offset of a line start outside any quoted cell, and its line),
/// spread evenly, for parallel reading.
fn scan_quoting(
    text: &str,
    quoted: bool,
    parts: usize,
    delimiter: u8,
) -> Result<Vec<(usize, u32)>, (u32, &'static str)> {
    if !quoted {
        return Ok(line_cuts(text, parts));
    }
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
        // The delimiter reads as a comma here, and a comma as any other byte when it is not the delimiter.
        let c = if c == delimiter {
            b','
        } else if c == b',' {
            b'x'
        } else {
            c
        };
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

/// Old Mac files end lines with a lone CR: read as line feeds, so that
/// lines are counted and split the same way as LF and CRLF files.
fn lone_cr_to_lf(text: String) -> String {
    let b = text.as_bytes();
    let lone = memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'));
    if !lone {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The number of line feeds in `bytes`.
fn newlines(bytes: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', bytes).count() as u32
}

/// Without any quote every line start is a record start: up to `parts - 1`
/// cuts at the first line start after each even share of the text.
fn line_cuts(text: &str, parts: usize) -> Vec<(usize, u32)> {
    let bytes = text.as_bytes();
    let step = bytes.len() / parts.max(1);
    let (mut cuts, mut from, mut line) = (Vec::new(), 0usize, 1u32);
    for k in 1..parts {
        let Some(nl) = memchr::memchr(b'\n', &bytes[(k * step).max(from)..]) else { break };
        let at = (k * step).max(from) + nl + 1;
        if at >= bytes.len() {
            break;
        }
        line += newlines(&bytes[from..at]);
        cuts.push((at, line));
        from = at;
    }
    cuts
}

fn malformed(name: &Arc<str>, e: &::csv::Error) -> LoadError {
    let line = e.position().map(|p| p.line() as u32);
    let err = LoadError::new(name.to_string(), format!("malformed CSV: {e}"), "fix the quoting on this line");
    match line {
        Some(l) => err.at(l, None),
        None => err,
    }
}

/// A row's cells by column: trimmed, empty as `None`.
struct Row<'a> {
    table: &'a Table,
    cells: &'a [&'a str],
    origin: Origin,
}

impl<'a> Row<'a> {
    fn get(&self, col: Col) -> Option<&'a str> {
        self.cells.get(self.table.index[col as usize]).map(|c| trim(c)).filter(|s| !s.is_empty())
    }

    fn text(&self, col: Col) -> Option<String> {
        self.get(col).map(str::to_string)
    }

    fn bad(&self, message: String, help: &str) -> Finding {
        Finding::new(Code::D6, message, help).at(&self.origin)
    }
}

/// What one chunk of a file reads into.
struct Part {
    loaded: Loaded,
    /// The file's name: each chunk has its own copy, because every row clones
    /// it and threads sharing one reference count would contend for it.
    file: Arc<str>,
    /// Plan ids met in this chunk: rows that repeat one share it.
    names: rustc_hash::FxHashSet<Arc<str>>,
    /// The scope id of the row before.
    last: Option<Arc<str>>,
}

impl Part {
    fn new(file: &str) -> Part {
        Part { loaded: Loaded::default(), file: Arc::from(file), names: Default::default(), last: None }
    }

    fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.names.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.names.insert(a.clone());
        a
    }
}

fn read_row(table: &Table, line: u32, cells: &[&str], file: &str, default_fw: &str, part: &mut Part) {
    // A row whose cells are all empty is no row: spreadsheets leave them at the end.
    if cells.iter().all(|c| trim(c).is_empty()) {
        return;
    }
    let row = Row { table, cells, origin: Origin::at(&part.file, line, None) };
    let ds = &mut part.loaded.dataset;
    let result = match file {
        "standards.csv" => standard(&row, default_fw).map(|s| ds.standards.push(s)),
        "progressions.csv" => edge(&row).map(|e| ds.edges.push(e)),
        "modules.csv" => module(&row).map(|m| ds.modules.push(m)),
        "scopes.csv" => scope(&row).map(|s| ds.scopes.push(s)),
        "plans.csv" => plan(&row, part),
        "crosswalk.csv" => crosswalk(&row, default_fw).map(|c| ds.crosswalks.push(c)),
        _ => Ok(()),
    };
    if let Err(f) = result {
        part.loaded.findings.push(f);
    }
}

/// Trims white space; most cells have none, and are returned as they are.
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

fn missing(row: &Row, what: &str, col: Col) -> Finding {
    row.bad(format!("{what} row dropped: \"{}\" is empty", col.name()), "fill in the cell, or delete the row")
}

fn standard(row: &Row, default_fw: &str) -> Result<Standard, Finding> {
    let id = row.text(Col::Id).ok_or_else(|| missing(row, "standard", Col::Id))?;
    let grade_text = row.get(Col::Grade).ok_or_else(|| missing(row, "standard", Col::Grade))?;
    let grade = Grade::parse(grade_text).ok_or_else(|| {
        row.bad(format!("standard {id} dropped: unknown grade \"{grade_text}\""), "write PK, K, 0..12 or HS")
    })?;
    let focus = match row.get(Col::Focus) {
        None => None,
        Some(f) => Some(Focus::parse(f).ok_or_else(|| {
            row.bad(format!("standard {id} dropped: unknown focus \"{f}\""), "write major, supporting or additional")
        })?),
    };
    let flag = |col: Col| row.get(col).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    Ok(Standard {
        framework: row.text(Col::Framework).unwrap_or_else(|| default_fw.to_string()),
        id,
        grade,
        domain: row.text(Col::Domain),
        cluster: row.text(Col::Cluster),
        focus,
        parent: row.text(Col::Parent),
        summary: row.text(Col::Summary),
        statement: row.text(Col::Statement),
        note: row.text(Col::Note),
        entry: flag(Col::Entry),
        wap: flag(Col::Wap),
        modeling: flag(Col::Modeling),
        plus: flag(Col::Plus),
        courses: row.get(Col::Courses).map(split_list).unwrap_or_default(),
        origin: row.origin.clone(),
        parent_origin: row.origin.clone(),
    })
}

fn edge(row: &Row) -> Result<Edge, Finding> {
    let from = row.text(Col::From).ok_or_else(|| missing(row, "edge", Col::From))?;
    let to = row.text(Col::To).ok_or_else(|| missing(row, "edge", Col::To))?;
    let kind_text = row.get(Col::Kind).ok_or_else(|| missing(row, "edge", Col::Kind))?;
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
        progression: row.text(Col::Progression),
        note: row.text(Col::Note),
        origin: row.origin.clone(),
        from_origin: row.origin.clone(),
        to_origin: row.origin.clone(),
    })
}

fn module(row: &Row) -> Result<Module, Finding> {
    let id = row.text(Col::Id).ok_or_else(|| missing(row, "module", Col::Id))?;
    let kind_text = row.get(Col::Kind).ok_or_else(|| missing(row, "module", Col::Kind))?;
    let kind = ModuleKind::parse(kind_text).ok_or_else(|| {
        row.bad(format!("module {id} dropped: unknown kind \"{kind_text}\""), "write pd or intervention")
    })?;
    let standards = split_list(row.get(Col::Standards).unwrap_or(""));
    if standards.is_empty() {
        return Err(row.bad(format!("module {id} dropped: it names no standard"), "list its standards, separated by ;"));
    }
    Ok(Module {
        id,
        kind,
        title: row.text(Col::Title),
        provider: row.text(Col::Provider),
        standards,
        tier: row.text(Col::Tier),
        evidence: row.text(Col::Evidence),
        origin: row.origin.clone(),
    })
}

fn scope(row: &Row) -> Result<Scope, Finding> {
    let id = row.text(Col::Id).ok_or_else(|| missing(row, "scope", Col::Id))?;
    let grade = |col: Col| -> Result<Grade, Finding> {
        let t = row.get(col).ok_or_else(|| missing(row, "scope", col))?;
        Grade::parse(t).ok_or_else(|| {
            row.bad(format!("scope {id} dropped: unknown {} \"{t}\"", col.name()), "write PK, K, 0..12 or HS")
        })
    };
    let (lo, hi) = (grade(Col::GradeLo)?, grade(Col::GradeHi)?);
    if lo.level() > hi.level() {
        return Err(row.bad(
            format!("scope {id} dropped: grade_lo {lo} is above grade_hi {hi}"),
            "swap the two grades, or fix the one that is wrong",
        ));
    }
    Ok(Scope {
        id,
        name: row.text(Col::Name),
        framework: row.text(Col::Framework),
        parent: row.text(Col::Parent),
        grade_lo: lo,
        grade_hi: hi,
        origin: row.origin.clone(),
    })
}

fn plan(row: &Row, part: &mut Part) -> Result<(), Finding> {
    let scope = row.get(Col::Scope).ok_or_else(|| missing(row, "plan", Col::Scope))?;
    let module = row.get(Col::Module).ok_or_else(|| missing(row, "plan", Col::Module))?;
    let sequence = match row.get(Col::Sequence) {
        None => None,
        Some(t) => Some(parse_integer(t).ok_or_else(|| {
            row.bad(
                format!("plan row {scope} / {module} dropped: sequence \"{t}\" is not an integer"),
                "write a whole number, or leave the cell empty",
            )
        })?),
    };
    // A plan file lists a scope's rows together: most rows repeat the scope of the row before.
    let scope = match &part.last {
        Some(last) if **last == *scope => last.clone(),
        _ => {
            let id = part.intern(scope);
            part.last = Some(id.clone());
            id
        }
    };
    let module = part.intern(module);
    part.loaded.dataset.plans.push(PlanRow { scope, module, sequence, origin: row.origin.clone() });
    Ok(())
}

fn crosswalk(row: &Row, default_fw: &str) -> Result<Crosswalk, Finding> {
    let from = row.text(Col::StateCode).ok_or_else(|| missing(row, "crosswalk", Col::StateCode))?;
    let to = row.text(Col::CcssCode).ok_or_else(|| missing(row, "crosswalk", Col::CcssCode))?;
    Ok(Crosswalk {
        framework: row.text(Col::Framework).unwrap_or_else(|| default_fw.to_string()),
        from,
        to,
        origin: row.origin.clone(),
    })
}

/// A list in one cell, separated by `;` or `,` (csv-interchange.md).
fn split_list(cell: &str) -> Vec<String> {
    cell.split([';', ',']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// An integer with an optional sign; zero-padding allowed.
fn parse_integer(t: &str) -> Option<i64> {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}
