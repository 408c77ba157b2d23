//! The command line as types: one argument struct and one format enum per
//! command, so that `--help` lists what each command accepts and clap refuses
//! the rest before anything runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;
use crate::load::Source;
use crate::model::Grade;

/// Maps the coherence of K-12 mathematics: standards, progressions, and their gaps.
#[derive(Debug, Parser)]
#[command(name = "coherence", version, about, propagate_version = true)]
pub struct Cli {
    /// Say nothing on stderr but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to color text output (NO_COLOR is respected under auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print the time of each phase on stderr.
    #[arg(long, global = true)]
    pub timings: bool,
    /// When to tell the phases of a run on stderr.
    #[arg(long, value_enum, default_value_t = ProgressChoice::Auto, global = true)]
    pub progress: ProgressChoice,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// When to tell the phases of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressChoice {
    /// On one rewritten line when stderr is a terminal; nothing otherwise.
    Auto,
    /// Always: at a terminal one rewritten line, elsewhere a line per phase with its time (for logs).
    Always,
    /// Never.
    Never,
}

/// The data to load.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// A framework folder, a native JSON file, a folder of CSV files, a
    /// workbook (.xlsx, .ods) with sheets named like the CSV files, a CASE
    /// package, a Knowledge Graph export, or builtin:ccss-math. Repeatable.
    /// Without it, the embedded CCSS-M is used.
    #[arg(long = "data", value_name = "PATH")]
    pub data: Vec<std::ffi::OsString>,
    /// Knowledge Graph exports: keep this jurisdiction only (e.g. Multi-State).
    #[arg(long, value_name = "NAME")]
    pub jurisdiction: Option<String>,
    /// Knowledge Graph exports: keep this academic subject only (e.g. Mathematics).
    #[arg(long, value_name = "NAME")]
    pub subject: Option<String>,
    /// CASE packages: the grade of standards with none on them, above them or in their code (PK, K, 1-12, HS).
    #[arg(long, value_name = "GRADE", value_parser = parse_grade)]
    pub grade: Option<Grade>,
    /// Official text: a CASE package or a Knowledge Graph export whose
    /// statements fill those of the loaded standards with matching codes
    /// (no standard or link of it is added). Repeatable; the first text a
    /// standard gets is kept.
    #[arg(long = "statements", value_name = "SOURCE")]
    pub statements: Vec<std::ffi::OsString>,
}

/// A grade as the command line gives it.
fn parse_grade(text: &str) -> Result<Grade, String> {
    Grade::parse(text).ok_or_else(|| format!("{text:?} is not a grade: write PK, K, 1 to 12, or HS"))
}

impl DataArgs {
    /// The Knowledge Graph filters.
    pub fn filters(&self) -> crate::load::lckg::Filters {
        crate::load::lckg::Filters { jurisdiction: self.jurisdiction.clone(), subject: self.subject.clone() }
    }

    /// How to read the sources: the Knowledge Graph filters and the grade for CASE packages.
    pub fn options(&self) -> crate::load::Options {
        crate::load::Options { filters: self.filters(), grade: self.grade }
    }

    /// The sources, in order.
    pub fn sources(&self) -> Vec<Source> {
        self.data.iter().map(|d| Source::from_os(d)).collect()
    }

    /// The `--statements` sources, in order.
    pub fn statement_sources(&self) -> Vec<Source> {
        self.statements.iter().map(|d| Source::from_os(d)).collect()
    }
}

/// The lowest severity that makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only (D1-D6).
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Info,
    /// Never exit 1.
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run, if any does.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// The formats `validate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// For people: grouped by code, colored at a terminal.
    Text,
    /// Stable JSON for machines (README, "JSON output").
    Json,
    /// GitHub Actions workflow commands (annotations in a log).
    Github,
}

/// The formats `gaps` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GapsFormat {
    /// For curriculum leads: the scorecard, what to do first, each scope's findings.
    Text,
    /// Every finding, streamed (its schema: schema/gaps-report.schema.json).
    Json,
    /// One row per finding; with --scorecard, the scorecard as a table.
    Csv,
    /// The text report as Markdown, for documents.
    Markdown,
    /// An Excel workbook for a meeting (needs --out): the scorecard colored,
    /// actions, every finding, coverage by grade and domain, changes since a baseline.
    Xlsx,
    /// One self-contained HTML page for a meeting: sortable scorecard, grades, filters.
    Html,
}

/// The formats of the explorer's cards, trees and progressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewFormat {
    /// For people.
    Text,
    /// For machines.
    Json,
    /// A standalone SVG picture.
    Svg,
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
}

/// The formats `path`, `stats` and `import` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    /// For people.
    Text,
    /// For machines.
    Json,
}

/// Formats of `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// For people.
    Text,
    /// A pull request or an issue (with --review).
    Markdown,
    /// For machines.
    Json,
}

/// `goals` subcommands.
#[derive(Debug, Subcommand)]
pub enum Goals {
    /// Judge each goal as met, on track, at risk or missed (exit 1 when one is at risk or missed).
    Check(GoalsCheckArgs),
}

/// `goals check`.
#[derive(Debug, Args)]
pub struct GoalsCheckArgs {
    /// The goals file (TOML, one `[[goal]]` table each; `coherence schema` prints its JSON Schema).
    pub goals: PathBuf,
    /// Data to load, as for gaps.
    #[command(flatten)]
    pub data: DataArgs,
    /// An earlier dated report (`gaps --format json --as-of DATE`): the pace of progress since then.
    #[arg(long, value_name = "REPORT")]
    pub baseline: Option<PathBuf>,
    /// The date to judge at (YYYY-MM-DD); today when absent.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<crate::history::Date>,
    /// Grade window W of C3, as for gaps.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(i8).range(0..=14))]
    pub window: i8,
    /// Output format: text, json, or GitHub annotations on the goals file's lines.
    #[arg(long, value_enum, default_value_t = GoalsFormat::Text)]
    pub format: GoalsFormat,
    /// Write the result to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The formats `goals check` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GoalsFormat {
    /// For people.
    Text,
    /// For machines.
    Json,
    /// GitHub workflow annotations (`::error file=...,line=...::...`) for a plan repository's CI.
    Github,
}

/// `progress`.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Saved reports (`gaps --format json --as-of DATE --out FILE`), in any order; each must be dated.
    #[arg(required = true, value_name = "SNAPSHOT")]
    pub snapshots: Vec<PathBuf>,
    /// Only these scopes (repeatable); all when absent.
    #[arg(long = "scope", value_name = "ID")]
    pub scope: Vec<String>,
    /// Output format of the table.
    #[arg(long, value_enum, default_value_t = ProgressFormat::Text)]
    pub format: ProgressFormat,
    /// Write the table to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write a standalone SVG chart per scope into this folder.
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    /// A goals file: its targets drawn as dashed lines on the charts.
    #[arg(long, value_name = "FILE")]
    pub goals: Option<PathBuf>,
}

/// The formats `progress` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressFormat {
    /// For people.
    Text,
    /// For documents.
    Markdown,
    /// For spreadsheets: one row per scope and date.
    Csv,
    /// For machines.
    Json,
}

/// The formats `diff` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people.
    Text,
    /// For machines.
    Json,
    /// For a pull request's description.
    Markdown,
}

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The CSV interchange files (standards.csv, progressions.csv, ...), plain
    /// for programs: no byte-order mark, and text kept as written.
    Csv,
    /// The native format: one folder per framework.
    Json,
    /// A 1EdTech CASE 1.0 package (one file).
    Case,
    /// One xlsx workbook (one file): a sheet per CSV file, the same columns, every cell text.
    Xlsx,
}

/// When `diff` exits 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFail {
    /// A standard or an edge was removed, or a module still names a removed or re-coded standard.
    Removed,
    /// Anything changed.
    Any,
    /// Never.
    Never,
}

/// The formats `import` reads.
#[derive(Debug, Subcommand)]
pub enum Import {
    /// 1EdTech CASE packages (CFPackage JSON, CASE 1.0 and 1.1).
    Case {
        /// The package files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The folder to write the native framework folders into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// How to report what was read.
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
        /// The grade of standards with none on them, above them or in their code (PK, K, 1-12, HS).
        #[arg(long, value_name = "GRADE", value_parser = parse_grade)]
        grade: Option<Grade>,
        /// Official text: a CASE package or a Knowledge Graph export whose
        /// statements fill those of the imported standards with matching codes. Repeatable.
        #[arg(long = "statements", value_name = "SOURCE")]
        statements: Vec<std::ffi::OsString>,
    },
}

/// Options shared by the explorer commands that draw pictures.
#[derive(Debug, Clone, Args)]
pub struct ViewArgs {
    /// Data to load.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ViewFormat::Text)]
    pub format: ViewFormat,
    /// With plans loaded: this scope only: its gaps on cards, its coverage and gaps marked in pictures.
    #[arg(long, value_name = "ID")]
    pub scope: Option<String>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The formats `unpack` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnpackFormat {
    /// For people: every line within 100 columns.
    Text,
    /// For a shared document.
    Markdown,
    /// For machines (its schema: schema/unpack.schema.json).
    Json,
    /// One printable, self-contained page (A4 or Letter).
    Html,
}

/// `unpack`.
#[derive(Debug, Args)]
pub struct UnpackArgs {
    /// The module's id, as in modules.csv.
    pub module: String,
    /// Data to load (the catalogue of modules; standards come from the embedded CCSS-M unless given).
    #[command(flatten)]
    pub data: DataArgs,
    /// Builds-on links reach prerequisites at most N grades below each standard.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(i8).range(0..=14))]
    pub back: i8,
    /// Leads-to links reach standards at most N grades above each standard.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(i8).range(0..=14))]
    pub ahead: i8,
    /// Add this scope's findings that involve the module's standards (C1-C5, window 2).
    #[arg(long, value_name = "ID")]
    pub scope: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = UnpackFormat::Text)]
    pub format: UnpackFormat,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Data to load.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `gaps`.
#[derive(Debug, Args)]
pub struct GapsArgs {
    /// Data to load (modules, scopes, plans; standards come from the embedded CCSS-M unless given).
    #[command(flatten)]
    pub data: DataArgs,
    /// Report only these scopes (repeatable); all when absent.
    #[arg(long = "scope", value_name = "ID")]
    pub scope: Vec<String>,
    /// Grade window W of C3: prerequisites up to W grades below a taught standard.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(i8).range(0..=14))]
    pub window: i8,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GapsFormat::Text)]
    pub format: GapsFormat,
    /// Print the summary only: json, the spec's summary; text, markdown and csv, the scorecard.
    #[arg(long)]
    pub summary_only: bool,
    /// Print the scorecard only, one row per scope (csv: as its own table).
    #[arg(long, conflicts_with = "summary_only")]
    pub scorecard: bool,
    /// Findings shown per scope in text and Markdown reports (the full list goes to json or csv).
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// Actions shown in text and Markdown reports (json lists them all).
    #[arg(long, default_value_t = 10)]
    pub actions: usize,
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 1 when a finding is at or above this severity (plan findings are warnings).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// With results.csv: a standard is weak below this share proficient (0 to 1).
    #[arg(long, value_name = "SHARE", default_value_t = crate::evidence::DEFAULT_WEAK, value_parser = parse_share)]
    pub weak: f64,
    /// With results.csv: read this term only (default: each standard's latest term, as text orders them).
    #[arg(long, value_name = "TERM")]
    pub term: Option<String>,
    /// Compare with an earlier run: a report saved with `gaps --format json`, or
    /// earlier data (repeatable, loaded as --data is) run with the same window.
    #[arg(long, value_name = "PATH")]
    pub baseline: Vec<std::ffi::OsString>,
    /// The date the report is for (YYYY-MM-DD), recorded in json for `progress`
    /// and `goals`; reports carry no date without it.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<crate::history::Date>,
}

/// A share in (0, 1]: `0.6`, or `60%`.
fn parse_share(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let (number, scale) = match t.strip_suffix('%') {
        Some(p) => (p.trim(), 100.0),
        None => (t, 1.0),
    };
    match number.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= scale => Ok(v / scale),
        _ => Err(format!("{t:?} is not a share between 0 and 1 (such as 0.6, or 60%)")),
    }
}

/// A date as the command line gives it.
pub(crate) fn parse_date(text: &str) -> Result<crate::history::Date, String> {
    crate::history::Date::parse(text)
        .ok_or_else(|| format!("{text:?} is not a date: write YYYY-MM-DD, e.g. 2027-06-01"))
}

/// `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Data to load.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The folder to write into (a file for case and xlsx).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// With case: the framework to export, when several are loaded.
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
}

/// `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old data (a path or builtin:NAME).
    pub old: String,
    /// The new data.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// `removed`: exit 1 when a standard or an edge was removed, or a module of NEW names a removed or re-coded standard; `any`: on any change.
    #[arg(long, value_enum, default_value_t = DiffFail::Never)]
    pub fail_on: DiffFail,
}

/// `path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the path starts.
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// Also walk relates_to edges.
    #[arg(long)]
    pub any: bool,
    /// Data to load.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a standards dataset: D1-D6, V1, V2, H1.
    Validate(ValidateArgs),
    /// Write the loaded dataset as CSV interchange files, the native JSON format, a CASE package, or a workbook.
    Export(ExportArgs),
    /// Check PD and intervention plans of every scope: C1-C5 as rates, with the dataset checks.
    Gaps(GapsArgs),
    /// A standard's card: what it builds on, leads to and relates to; with plans, its modules and gaps.
    /// A module's id gives its handout, as `unpack` does.
    Show {
        /// The standard's code (any common spelling), or a module's id.
        code: String,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// The progression tree: prerequisites back through the grades, and what follows.
    Trace {
        /// The standard's code.
        code: String,
        /// How many grades back (default: all the way to the first grade).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(i8).range(0..=14))]
        back: Option<i8>,
        /// How many grades forward.
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(i8).range(0..=14))]
        forward: i8,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// The shortest builds_towards paths between two standards (up to three).
    Path(PathArgs),
    /// One module as a handout for a PLC: its standards with what they build on, lead to and relate to, and why.
    Unpack(UnpackArgs),
    /// The standards of one progression (e.g. NF.3-5) in learning order.
    Progression {
        /// The progression tag.
        tag: String,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// What changed between two versions of a dataset: standards, fields, edges, modules, scopes, plans; counts first.
    Diff(DiffArgs),
    /// Import standards from another format into the native one.
    Import {
        /// What to import.
        #[command(subcommand)]
        what: Import,
    },
    /// Write the whole map as one self-contained HTML file (offline; with plans, coverage and gaps per scope).
    Map {
        /// Data to load.
        #[command(flatten)]
        data: DataArgs,
        /// The HTML file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Count standards per grade, domain and focus, and edges by kind; with
    /// --review, what a map's keeper works through per grade band.
    Stats {
        /// Data to load.
        #[command(flatten)]
        data: DataArgs,
        /// Per grade band: links without a note, dead ends and orphans of
        /// families, families with one predecessor, links skipping two or more grades.
        #[arg(long)]
        review: bool,
        /// Output format (markdown: with --review, a checklist per band).
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
        /// Write to FILE (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Goals a district sets itself (a TOML file): check where it stands on each.
    Goals {
        /// What to do with them.
        #[command(subcommand)]
        what: Goals,
    },
    /// Each scope's rates over time, from a series of dated reports (`gaps --format json --as-of DATE`).
    Progress(ProgressArgs),
    /// Print (or write) the JSON Schemas of the native dataset files, the gap report, goals files and the unpack handout.
    Schema {
        /// Write the schema files into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}
