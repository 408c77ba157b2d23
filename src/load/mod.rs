//! What a `--data` source is, and the only module that opens files.
//!
//! [`load`] takes the `--data` sources in order and returns the records it
//! could read plus the row findings it met ([`Loaded`]). Whether a path is a
//! native file or framework folder, a CSV folder, a Knowledge Graph export or
//! a folder of framework folders is decided here; the readers of each format
//! live in [`crate::formats`] and get their bytes through `Fs` and `decode`
//! here. A row problem (D6, an unknown field) is a finding and the run goes
//! on; a file that cannot be read at all is a [`LoadError`] and stops the run
//! (exit code 2).

mod builtin;

use std::fmt;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::finding::Finding;
use crate::formats::{csv, native};
use crate::model::{Dataset, Grade};

pub use crate::formats::{case, lckg};
pub use builtin::{BUILTIN_FRAMEWORKS, builtin_file};

/// Where data comes from: a path, or a framework embedded in the binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A framework folder, a native JSON file, a folder of CSV files (and
    /// workbooks), a workbook, a CASE package or a Knowledge Graph export.
    Path(PathBuf),
    /// `builtin:NAME`, a framework folder shipped inside the binary.
    Builtin(String),
}

impl Source {
    /// Reads a `--data` argument: `builtin:NAME` or a path.
    pub fn parse(arg: &str) -> Source {
        match arg.strip_prefix("builtin:") {
            Some(name) => Source::Builtin(name.to_string()),
            None => Source::Path(PathBuf::from(arg)),
        }
    }

    /// Reads a `--data` argument that may not be UTF-8 (a path from the
    /// file system): `builtin:NAME` or a path, kept as the bytes it is.
    pub fn from_os(arg: &std::ffi::OsStr) -> Source {
        match arg.to_str() {
            Some(text) => Source::parse(text),
            None => Source::Path(PathBuf::from(arg)),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Path(p) => write!(f, "{}", p.display()),
            Source::Builtin(n) => write!(f, "builtin:{n}"),
        }
    }
}

/// A file that cannot be read at all: the run stops with exit code 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", self.location())]
pub struct LoadError {
    /// Whether the file could not be opened or its contents could not be read.
    pub kind: LoadErrorKind,
    /// The file (or folder) as the user named it.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<u32>,
    /// 1-based column, where known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

/// Why a file cannot be loaded, for callers that treat the two apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// The file or folder cannot be opened or read: missing, or not permitted.
    Unreadable,
    /// It was read, but holds no data the engine can read: encoding, syntax, header or shape.
    Invalid,
}

impl LoadError {
    /// A file whose contents cannot be read.
    pub(crate) fn new(file: impl Into<String>, message: impl Into<String>, help: impl Into<String>) -> LoadError {
        let (file, message, help) = (file.into(), message.into(), help.into());
        LoadError { kind: LoadErrorKind::Invalid, file, line: None, column: None, message, help }
    }

    /// A file or folder that cannot be opened or read at all.
    fn unreadable(file: impl Into<String>, message: impl Into<String>, help: impl Into<String>) -> LoadError {
        LoadError { kind: LoadErrorKind::Unreadable, ..LoadError::new(file, message, help) }
    }

    pub(crate) fn at(mut self, line: u32, column: Option<u32>) -> LoadError {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// `file:line:column`, as far as known.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// What loading produced: the records, the row findings, and the files read.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Records as written (D6 rows dropped).
    pub dataset: Dataset,
    /// Row findings (D6, F1, F2) in file order.
    pub findings: Vec<Finding>,
    /// Every file read, as named in findings.
    pub files: Vec<String>,
    /// What each CASE package held: (file, summary).
    pub imports: Vec<(String, case::CaseSummary)>,
}

impl Loaded {
    /// Appends another load's records, findings and files after these.
    pub fn absorb(&mut self, other: Loaded) {
        if self.dataset == Dataset::default()
            && self.findings.is_empty()
            && self.files.is_empty()
            && self.imports.is_empty()
        {
            // The first source moves in whole: no copy of its records.
            *self = other;
            return;
        }
        self.dataset.extend(other.dataset);
        self.findings.extend(other.findings);
        self.files.extend(other.files);
        self.imports.extend(other.imports);
    }
}

/// How to read the sources beyond their paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Knowledge Graph exports: the jurisdiction and subject to keep.
    pub filters: lckg::Filters,
    /// CASE packages: the grade of standards with none of their own, above them or in their code.
    pub grade: Option<Grade>,
}

/// Loads the sources in order, applying the rule for the embedded dataset:
/// with no source, the embedded `ccss-math` is used; when no source is of a
/// kind that holds standards (only modules, scopes and plans, in CSV or
/// native part files; progressions or crosswalks alone), it is added in front
/// of them. A source of such a kind (a `standards.csv`, a native framework or
/// a part file with a standards list, a CASE package, a Knowledge Graph
/// export) that yields no standard is a [`LoadError`] saying why: the
/// embedded set never stands in for data the user meant to give.
///
/// # Errors
/// A [`LoadError`] for the first file that cannot be read at all, or that yields no standard it was meant to hold.
pub fn load(sources: &[Source]) -> Result<Loaded, LoadError> {
    load_with_options(sources, &Options::default())
}

/// [`load`], with the jurisdiction and subject filters of Knowledge Graph exports.
///
/// # Errors
/// As [`load`].
pub fn load_with(sources: &[Source], filters: &lckg::Filters) -> Result<Loaded, LoadError> {
    load_with_options(sources, &Options { filters: filters.clone(), grade: None })
}

/// [`load`], with the [`Options`].
///
/// # Errors
/// As [`load`].
pub fn load_with_options(sources: &[Source], options: &Options) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    for s in sources {
        loaded.absorb(load_one_with_options(s, options)?);
    }
    // Only sources of modules, scopes and plans can come here without standards: the others failed above.
    if loaded.dataset.standards.is_empty() && !sources.iter().any(|s| matches!(s, Source::Builtin(_))) {
        let mut with_builtin = load_one(&Source::Builtin("ccss-math".to_string()))?;
        with_builtin.absorb(loaded);
        loaded = with_builtin;
    }
    loaded.dataset.fill_derived();
    Ok(loaded)
}

/// How many files the sources hold and their size in bytes, for progress
/// messages: the files named, the workbooks of a folder, and the CSV and
/// JSON files of a folder and of the folders inside it. Embedded data and files that cannot be read count nothing.
pub fn input_size(sources: &[Source]) -> (usize, u64) {
    fn walk(path: &Path, depth: u8, acc: &mut (usize, u64)) {
        let Ok(meta) = std::fs::metadata(path) else { return };
        let data = |p: &Path| {
            p.extension().is_some_and(|e| ["csv", "json", "jsonl"].iter().any(|x| e.eq_ignore_ascii_case(x)))
        };
        // A folder's workbooks are read, those of the folders inside it are not.
        if meta.is_file() && (depth == 2 || data(path) || (depth == 1 && csv::is_workbook(path))) {
            acc.0 += 1;
            acc.1 += meta.len();
        } else if meta.is_dir() && depth > 0 {
            for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
                walk(&entry.path(), depth - 1, acc);
            }
        }
    }
    let mut acc = (0, 0);
    for s in sources {
        if let Source::Path(p) = s {
            walk(p, 2, &mut acc);
        }
    }
    acc
}

/// Loads one source, without the embedded-dataset rule.
///
/// # Errors
/// A [`LoadError`] for a file that cannot be read at all, or a source meant to hold standards that yields none.
pub fn load_one(source: &Source) -> Result<Loaded, LoadError> {
    load_one_with_options(source, &Options::default())
}

/// [`load_one`], with the [`Options`].
///
/// # Errors
/// As [`load_one`].
pub fn load_one_with_options(source: &Source, options: &Options) -> Result<Loaded, LoadError> {
    match source {
        Source::Builtin(name) => {
            if !BUILTIN_FRAMEWORKS.contains(&name.as_str()) {
                return Err(LoadError::new(
                    format!("builtin:{name}"),
                    "no embedded framework of that name",
                    format!("embedded frameworks: {}", BUILTIN_FRAMEWORKS.join(", ")),
                ));
            }
            native::load_folder(&Fs::Builtin, Path::new(name))
        }
        Source::Path(path) => load_path(path, options),
    }
}

fn load_path(path: &Path, options: &Options) -> Result<Loaded, LoadError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        LoadError::unreadable(&shown, format!("cannot read: {}", io_reason(&e)), "check the --data path")
    })?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(LoadError::new(
            &shown,
            "not a regular file or a folder (a FIFO, a socket or a device)",
            "give a data file or a folder holding a dataset",
        ));
    }
    if meta.is_file() {
        return match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("json") => native::load_file(&Fs::Disk, path, options.grade),
            Some("csv") => csv::load_files(path.parent().unwrap_or(Path::new(".")), &[path.to_path_buf()]),
            Some("xlsx" | "xlsm" | "ods") => csv::load_workbook(path),
            Some("xls" | "xlsb") => Err(LoadError::new(
                &shown,
                "an Excel 97-2003 or binary workbook is not read",
                "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)",
            )),
            _ => Err(LoadError::new(
                &shown,
                "format not recognized",
                "give a native JSON file (.json), a CSV file, a workbook (.xlsx, .ods), or a folder holding a dataset",
            )),
        };
    }
    if path.join(native::MANIFEST).is_file() {
        return native::load_folder(&Fs::Disk, path);
    }
    if lckg::is_lckg(path) {
        return lckg::load(path, &options.filters);
    }
    let csvs: Vec<PathBuf> = csv::FILE_NAMES.iter().map(|n| path.join(n)).filter(|p| p.is_file()).collect();
    // Workbooks beside the CSV files are read with them, in name order.
    let workbooks: Vec<PathBuf> =
        read_dir_sorted(path)?.into_iter().filter(|p| p.is_file() && csv::is_workbook(p)).collect();
    if !csvs.is_empty() || !workbooks.is_empty() {
        return csv::load_with_sheets(path, &csvs, &workbooks);
    }
    // A folder of framework folders (such as `standards/`) loads each of them.
    let mut subdirs: Vec<PathBuf> =
        read_dir_sorted(path)?.into_iter().filter(|p| p.join(native::MANIFEST).is_file()).collect();
    subdirs.sort();
    if !subdirs.is_empty() {
        let mut loaded = Loaded::default();
        for d in subdirs {
            loaded.absorb(native::load_folder(&Fs::Disk, &d)?);
        }
        return Ok(loaded);
    }
    Err(LoadError::new(
        &shown,
        "no dataset in this folder",
        format!(
            "a dataset folder holds {} (native), or any of {} (CSV), or a workbook (.xlsx, .ods) with sheets of those names",
            native::MANIFEST,
            csv::FILE_NAMES.join(", ")
        ),
    ))
}

fn read_dir_sorted(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let rd = std::fs::read_dir(path).map_err(|e| {
        LoadError::unreadable(
            path.display().to_string(),
            format!("cannot list folder: {}", io_reason(&e)),
            "check permissions",
        )
    })?;
    let mut out: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    out.sort();
    Ok(out)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Where files are read from: the disk, or the binary's embedded folder.
pub(crate) enum Fs {
    Disk,
    Builtin,
}

impl Fs {
    /// The name findings use for a path.
    pub(crate) fn name(&self, path: &Path) -> Arc<str> {
        match self {
            Fs::Disk => path.display().to_string().into(),
            Fs::Builtin => format!("builtin:{}", path.display()).into(),
        }
    }

    pub(crate) fn read(&self, path: &Path) -> Result<Vec<u8>, LoadError> {
        match self {
            Fs::Disk => read_regular(path),
            Fs::Builtin => builtin_file(&path.to_string_lossy()).map(|s| s.as_bytes().to_vec()).ok_or_else(|| {
                LoadError::unreadable(self.name(path).to_string(), "no such embedded file", "rebuild the binary")
            }),
        }
    }

    /// JSON files in a folder (for the unlisted-file notice); none for the embedded data.
    pub(crate) fn json_files(&self, dir: &Path) -> Vec<PathBuf> {
        match self {
            // The manifest in this folder was just read; the notice is advice, so a folder that
            // cannot be listed gives none rather than stopping a load that succeeded.
            Fs::Disk => read_dir_sorted(dir)
                .unwrap_or_default()
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")))
                .collect(),
            Fs::Builtin => Vec::new(),
        }
    }
}

/// Decodes UTF-8, dropping a byte-order mark; names the line of the first bad byte.
pub(crate) fn decode(name: &str, bytes: Vec<u8>) -> Result<String, LoadError> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let column = bytes[..bad].iter().rev().take_while(|&&b| b != b'\n').count() as u32 + 1;
            Err(LoadError::new(name, "not UTF-8 text", "save the file as UTF-8 (spreadsheets: \"CSV UTF-8\")")
                .at(line, Some(column)))
        }
    }
}

/// The start of an OLE (compound file) container: what Excel writes for a
/// workbook with a password to open, and what an old `.xls` is.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Opens a workbook (`.xlsx`, `.ods`) to be read sheet by sheet from the
/// disk, with a message a person can act on for one that is
/// protected by a password, or is not a workbook at all.
pub(crate) fn open_workbook(path: &Path) -> Result<calamine::Sheets<BufReader<std::fs::File>>, LoadError> {
    check_regular(path)?;
    let shown = path.display().to_string();
    let resave = "open it in Excel or LibreOffice and save it again as an Excel workbook (.xlsx) or OpenDocument spreadsheet (.ods)";
    let protected = || {
        LoadError::new(
            &shown,
            "the workbook is protected by a password (or is an old .xls under a new name), so its sheets cannot be read",
            "open it, remove the password to open (File > Info > Protect Workbook > Encrypt with Password), and save it again as .xlsx",
        )
    };
    let mut magic = [0u8; 8];
    let head = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut magic));
    if head.is_ok() && magic == OLE_MAGIC {
        return Err(protected());
    }
    calamine::open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Xlsx(calamine::XlsxError::Password) | calamine::Error::Ods(calamine::OdsError::Password) => {
            protected()
        }
        calamine::Error::Io(io) => LoadError::new(&shown, format!("cannot read: {io}"), "check the --data path"),
        other => LoadError::new(&shown, format!("not a workbook the engine can read ({other})"), resave),
    })
}

/// Reads a text file a command is given besides its data (a saved report,
/// a goals file), with the guards of data files: a regular file, of at most
/// [`MAX_FILE_BYTES`], in UTF-8.
///
/// # Errors
/// A [`LoadError`] naming the file (exit 2).
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    decode(&path.display().to_string(), read_regular(path)?)
}

/// The largest input file read: past it a file is refused, not read into memory.
pub const MAX_FILE_BYTES: u64 = 2 << 30;

/// Checks that `path` is a regular file of at most [`MAX_FILE_BYTES`], for
/// readers that open it themselves (workbooks are read entry by entry).
pub(crate) fn check_regular(path: &Path) -> Result<(), LoadError> {
    let name = || path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        LoadError::unreadable(
            name(),
            format!("cannot read: {}", io_reason(&e)),
            "check that the file exists and is readable",
        )
    })?;
    if !meta.is_file() {
        return Err(LoadError::new(
            name(),
            "not a regular file (a FIFO, a socket or a device)",
            "name a regular file: the engine reads its inputs whole",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::new(
            name(),
            format!("{} bytes, more than the {} bytes an input may hold", meta.len(), MAX_FILE_BYTES),
            "split the data into several files",
        ));
    }
    Ok(())
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`]: a FIFO would block,
/// a device like `/dev/zero` would grow without end.
fn read_regular(path: &Path) -> Result<Vec<u8>, LoadError> {
    let name = || path.display().to_string();
    check_regular(path)?;
    std::fs::read(path).map_err(|e| {
        LoadError::unreadable(
            name(),
            format!("cannot read: {}", io_reason(&e)),
            "check that the file exists and is readable",
        )
    })
}
