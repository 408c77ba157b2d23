//! Command-line arguments and the commands behind them.
//!
//! [`run`] does the work of one command and returns the exit code:
//! 0 nothing at or above `--fail-on`, 1 findings at or above it, 2 input that
//! cannot be read at all or bad usage.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;
use crate::load::Source;
use crate::progress::{Mode, Progress, count, size};
use crate::report::{self, Format, Style};
use crate::{Validation, export, native, output};

/// Maps the coherence of K-12 mathematics: standards, progressions, and their gaps.
#[derive(Debug, Parser)]
#[command(name = "coherence", version, about, propagate_version = true)]
pub struct Cli {
    /// Say nothing on stderr but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to colour text output (NO_COLOR is respected under auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print the time of each phase on stderr.
    #[arg(long, global = true)]
    pub timings: bool,
    /// When to tell the phases of a run on stderr: at a terminal (auto), always (a line each), never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub progress: ColorChoice,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The data to load.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// A framework folder, a native JSON file, a folder of CSV files, or
    /// builtin:ccss-math. Repeatable. Without it, the embedded CCSS-M is used.
    #[arg(long = "data", value_name = "PATH")]
    pub data: Vec<String>,
    /// Knowledge Graph exports: keep this jurisdiction only (e.g. Multi-State).
    #[arg(long, value_name = "NAME")]
    pub jurisdiction: Option<String>,
    /// Knowledge Graph exports: keep this academic subject only (e.g. Mathematics).
    #[arg(long, value_name = "NAME")]
    pub subject: Option<String>,
}

impl DataArgs {
    fn filters(&self) -> crate::load::lckg::Filters {
        crate::load::lckg::Filters { jurisdiction: self.jurisdiction.clone(), subject: self.subject.clone() }
    }

    fn sources(&self) -> Vec<Source> {
        self.data.iter().map(|d| Source::parse(d)).collect()
    }
}

/// When `diff` exits 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFail {
    /// A standard or an edge was removed.
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
        /// How to report what was read: text or json.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Options shared by the explorer commands.
#[derive(Debug, Clone, Args)]
pub struct ViewArgs {
    /// Data to load.
    #[command(flatten)]
    pub data: DataArgs,
    /// text or json; show, trace and progression also draw svg, dot or mermaid.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// With plans loaded: mark this scope's coverage and gaps in pictures.
    #[arg(long, value_name = "ID")]
    pub scope: Option<String>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
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
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a standards dataset: D1-D6, V1, V2, H1.
    Validate {
        /// Data to load.
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 when a finding is at or above this severity.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Write the report to this file (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write the loaded dataset as CSV interchange files or the native JSON format.
    Export {
        /// Data to load.
        #[command(flatten)]
        data: DataArgs,
        /// csv (standards.csv, progressions.csv, ...), json (native framework folders) or case (a CASE 1.0 package).
        #[arg(long, value_enum)]
        format: Format,
        /// The folder to write into (a file for case).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// With case: the framework to export, when several are loaded.
        #[arg(long, value_name = "ID")]
        framework: Option<String>,
    },
    /// Check PD and intervention plans of every scope: C1-C5, with the dataset checks.
    Gaps {
        /// Data to load (modules, scopes, plans; standards come from the embedded CCSS-M unless given).
        #[command(flatten)]
        data: DataArgs,
        /// Report only these scopes (repeatable); all when absent.
        #[arg(long = "scope", value_name = "ID")]
        scope: Vec<String>,
        /// Grade window W of C3: prerequisites up to W grades below a taught standard.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(i8).range(0..=14))]
        window: i8,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print the summary only: json, the spec's summary; text and markdown, the scorecard.
        #[arg(long)]
        summary_only: bool,
        /// Print the scorecard only, one row per scope (csv: as its own table).
        #[arg(long, conflicts_with = "summary_only")]
        scorecard: bool,
        /// Findings shown per scope in text and Markdown reports (the full list goes to json or csv).
        #[arg(long, default_value_t = 5)]
        top: usize,
        /// Actions shown in text and Markdown reports (json lists them all).
        #[arg(long, default_value_t = 10)]
        actions: usize,
        /// Write the report to this file (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Exit 1 when a finding is at or above this severity (plan findings are warnings).
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
    },
    /// A standard's card: what it builds on, leads to and relates to; with plans, its modules and gaps.
    Show {
        /// The standard's code (any common spelling).
        code: String,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// The progression tree: prerequisites back through the grades, and what follows.
    Trace {
        /// The standard's code.
        code: String,
        /// How many grades back (default: all the way to the first grade).
        #[arg(long, value_name = "N")]
        back: Option<i8>,
        /// How many grades forward.
        #[arg(long, value_name = "N", default_value_t = 1)]
        forward: i8,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// The shortest builds_towards paths between two standards (up to three).
    Path {
        /// Where the path starts.
        from: String,
        /// Where it ends.
        to: String,
        /// Also walk relates_to edges.
        #[arg(long)]
        any: bool,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// The standards of one progression (e.g. NF.3-5) in learning order.
    Progression {
        /// The progression tag.
        tag: String,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// What changed between two versions of a dataset: standards, fields, edges; counts first.
    Diff {
        /// The old data (a path or builtin:NAME).
        old: String,
        /// The new data.
        new: String,
        /// text, json or markdown.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// `removed`: exit 1 when a standard or an edge was removed; `any`: on any change.
        #[arg(long, value_enum, default_value_t = DiffFail::Never)]
        fail_on: DiffFail,
    },
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
    /// Count standards per grade, domain and focus, and edges by kind.
    Stats {
        /// Data to load.
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print (or write) the JSON Schemas of the native dataset files.
    Schema {
        /// Write framework.schema.json and part.schema.json into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: &Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let terminal = std::io::stderr().is_terminal();
    let mode = match (cli.quiet, cli.progress) {
        (true, _) | (false, ColorChoice::Never) => Mode::Off,
        (false, ColorChoice::Auto) if !terminal => Mode::Off,
        (false, ColorChoice::Always) if !terminal => Mode::Lines,
        _ => Mode::Terminal,
    };
    let mut progress = Progress::new(mode, cli.timings);
    let result = execute(cli, stdout, stderr, &mut progress);
    progress.finish(stderr);
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(stderr, "{message}");
            2
        }
    }
}

fn style(cli: &Cli, to_terminal: bool) -> Style {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    Style { color }
}

/// How a file that cannot be read is told: what, where, and what to do.
fn load_error(e: crate::load::LoadError) -> String {
    format!("error: {e}\n  = help: {}", e.help)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Loads and validates the data, telling the two phases.
fn load(data: &DataArgs, p: &mut Progress, err: &mut dyn Write) -> Result<Validation, String> {
    let sources = data.sources();
    // The input's size is looked up only when someone will read it.
    p.phase(err, "load", || match crate::load::input_size(&sources) {
        (0, _) => "loading the embedded standards".to_string(),
        (1, bytes) => format!("loading 1 file ({})", size(bytes)),
        (n, bytes) => format!("loading {} files ({})", count(n), size(bytes)),
    });
    let loaded = crate::load::load_with(&sources, &data.filters()).map_err(load_error)?;
    p.phase(err, "graph and dataset checks", || {
        format!(
            "building the graph of {} standards and {} edges, and checking it",
            count(loaded.dataset.standards.len()),
            count(loaded.dataset.edges.len())
        )
    });
    let v = crate::validate(loaded);
    p.pause(err);
    Ok(v)
}

fn unsupported(cmd: &str, format: Format, allowed: &str) -> String {
    let name = format.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
    format!("error: {cmd} does not write --format {name}; use one of: {allowed}")
}

fn execute(cli: &Cli, stdout: &mut dyn Write, stderr: &mut dyn Write, p: &mut Progress) -> Result<i32, String> {
    match &cli.command {
        Command::Validate { data, format, fail_on, out } => {
            let v = load(data, p, stderr)?;
            let text = match format {
                Format::Text => {
                    let tty = out.is_none() && std::io::stdout().is_terminal();
                    report::validate_text(&v, style(cli, tty))
                }
                Format::Json => report::validate_json(&v),
                Format::Github => report::validate_github(&v),
                _ => return Err(unsupported("validate", *format, "text, json, github")),
            };
            emit(&text, out.as_ref(), stdout)?;
            let threshold = fail_on.threshold();
            let failed = threshold.is_some_and(|t| v.findings.iter().any(|f| f.severity() >= t));
            Ok(i32::from(failed))
        }
        Command::Gaps { data, scope, window, format, summary_only, scorecard, top, actions, out, fail_on } => {
            let v = load(data, p, stderr)?;
            let n = if scope.is_empty() { v.graph.scopes.len() } else { scope.len() };
            p.phase(stderr, "plan checks", || format!("checking the plans of {} scope{}", count(n), plural(n)));
            let collect = !*summary_only && !*scorecard;
            let run = crate::gaps(v, *window, scope, collect).map_err(|e| format!("error: {e}"))?;
            match out {
                Some(path) => p.phase(stderr, "report", || format!("writing {}", path.display())),
                None => p.untold(stderr, "report"),
            }
            let tty = out.is_none() && std::io::stdout().is_terminal();
            let opts = report::gaps::Options {
                top: *top,
                actions: *actions,
                style: style(cli, tty),
                scorecard_only: !collect,
            };
            let render = |w: &mut dyn Write| -> std::io::Result<()> {
                match format {
                    Format::Json if *summary_only => report::gaps::write_summary(&run, w),
                    Format::Json if *scorecard => report::gaps::write_scorecard_json(&run, w),
                    Format::Json => report::gaps::write_json(&run, w),
                    // Counts per scope, as a table: the scorecard.
                    Format::Csv if !collect => report::gaps::write_scorecard_csv(&run, w),
                    Format::Csv => report::gaps::write_csv(&run, w),
                    Format::Markdown => report::gaps::write_markdown(&run, &opts, w),
                    _ => report::gaps::write_text(&run, &opts, w),
                }
            };
            if matches!(format, Format::Github | Format::Svg | Format::Dot | Format::Mermaid | Format::Case) {
                return Err(unsupported("gaps", *format, "text, json, csv, markdown"));
            }
            match out {
                Some(path) => {
                    let mut file = output::AtomicFile::create(path).map_err(|e| format!("error: cannot write {e}"))?;
                    render(&mut file).map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
                    file.commit().map_err(|e| format!("error: cannot write {e}"))?;
                }
                None => {
                    let mut buf = std::io::BufWriter::with_capacity(1 << 16, &mut *stdout);
                    match render(&mut buf).and_then(|()| buf.flush()) {
                        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                            return Err(format!("error: cannot write to stdout: {e}"));
                        }
                        _ => {}
                    }
                }
            }
            let threshold = fail_on.threshold();
            let plan_findings = run.scopes.iter().any(|s| s.counts.findings() > 0);
            let failed = threshold.is_some_and(|t| {
                run.validation.findings.iter().any(|f| f.severity() >= t) || (plan_findings && Severity::Warning >= t)
            });
            // The process ends right after this: freeing a state's worth of records one by one would only cost time.
            std::mem::forget(run);
            Ok(i32::from(failed))
        }
        Command::Diff { old, new, format, fail_on } => {
            let read = |arg: &str| crate::validate_sources(&[Source::parse(arg)]).map_err(load_error);
            let (a, b) = (read(old)?, read(new)?);
            let d = crate::diff::diff(&a, &b);
            let text = match format {
                Format::Json => {
                    let mut s = serde_json::to_string_pretty(&crate::diff::json(&d)).unwrap_or_default();
                    s.push('\n');
                    s
                }
                Format::Markdown => crate::diff::text(&d, true),
                Format::Text => crate::diff::text(&d, false),
                other => return Err(unsupported("diff", *other, "text, json, markdown")),
            };
            emit(&text, None, stdout)?;
            let failed = match fail_on {
                DiffFail::Removed => d.removes(),
                DiffFail::Any => !d.is_empty(),
                DiffFail::Never => false,
            };
            Ok(i32::from(failed))
        }
        Command::Import { what: Import::Case { files, out, format } } => {
            let mut loaded = crate::load::Loaded::default();
            for f in files {
                let one = crate::load::load_one(&Source::Path(f.clone())).map_err(load_error)?;
                if one.imports.is_empty() {
                    return Err(format!("error: {}: not a CASE package (no CFItems or CFDocument)", f.display()));
                }
                loaded.absorb(one);
            }
            loaded.dataset.fill_derived();
            let written = export::to_native(&loaded.dataset, out).map_err(|e| format!("error: {e}"))?;
            output::write_all(&written).map_err(|e| format!("error: cannot write {e}"))?;
            let report = match format {
                Format::Json => {
                    let doc: Vec<serde_json::Value> = loaded
                        .imports
                        .iter()
                        .map(|(file, s)| {
                            serde_json::json!({
                                "file": file, "items": s.items, "by_kind": s.by_kind, "associations": s.associations,
                                "by_type": s.by_type, "external_ends": s.external_ends, "external_by_type": s.external_by_type,
                            })
                        })
                        .collect();
                    let mut t = serde_json::to_string_pretty(&serde_json::json!({
                        "packages": doc,
                        "standards": loaded.dataset.standards.len(),
                        "findings": loaded.findings.iter().map(report::finding_json).collect::<Vec<_>>(),
                        "files_written": written.len(),
                    }))
                    .unwrap_or_default();
                    t.push('\n');
                    t
                }
                _ => {
                    use std::fmt::Write as _;
                    let mut t = String::new();
                    for (file, s) in &loaded.imports {
                        let kinds: Vec<String> = s.by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
                        let types: Vec<String> = s.by_type.iter().map(|(k, n)| format!("{n} {k}")).collect();
                        let _ = writeln!(
                            t,
                            "{file}: {} items ({}); {} associations ({}); {} ends outside the package",
                            s.items,
                            kinds.join(", "),
                            s.associations,
                            types.join(", "),
                            s.external_ends
                        );
                    }
                    for f in &loaded.findings {
                        let at = f.origin.as_ref().map(|o| format!(" ({o})")).unwrap_or_default();
                        let _ = writeln!(t, "{}[{}]: {}{at}", f.severity().as_str(), f.code, f.message);
                    }
                    let _ = writeln!(
                        t,
                        "wrote {} standards in {} files under {}",
                        loaded.dataset.standards.len(),
                        written.len(),
                        out.display()
                    );
                    t
                }
            };
            emit(&report, None, stdout)?;
            Ok(0)
        }
        Command::Map { data, out } => {
            let v = load(data, p, stderr)?;
            let plans = !v.graph.scopes.is_empty();
            let run = crate::gaps(v, 2, &[], plans).map_err(|e| format!("error: {e}"))?;
            let page = report::map::html(&run);
            emit(&page, Some(out), stdout)?;
            if !cli.quiet {
                let _ = writeln!(
                    stderr,
                    "wrote {} ({} KB); open it in any browser, offline",
                    out.display(),
                    page.len() / 1024
                );
            }
            std::mem::forget(run);
            Ok(0)
        }
        Command::Show { code, view } => explore(view, Query::Show(code), stdout, stderr, p),
        Command::Trace { code, back, forward, view } => {
            explore(view, Query::Trace(code, *back, *forward), stdout, stderr, p)
        }
        Command::Path { from, to, any, view } => explore(view, Query::Path(from, to, *any), stdout, stderr, p),
        Command::Progression { tag, view } => explore(view, Query::Progression(tag), stdout, stderr, p),
        Command::Export { data, format, out, framework } => {
            let v = load(data, p, stderr)?;
            let files = match format {
                Format::Csv => export::to_csv(&v.dataset, out).map_err(|e| format!("error: {e}"))?,
                Format::Json => export::to_native(&v.dataset, out).map_err(|e| format!("error: {e}"))?,
                Format::Case => {
                    vec![(
                        out.clone(),
                        export::to_case(&v.dataset, framework.as_deref()).map_err(|e| format!("error: {e}"))?,
                    )]
                }
                _ => return Err(unsupported("export", *format, "csv, json, case")),
            };
            output::write_all(&files).map_err(|e| format!("error: cannot write {e}"))?;
            if !cli.quiet {
                let _ = writeln!(stderr, "wrote {} files under {}", files.len(), out.display());
                let errors = v.findings.iter().filter(|f| f.severity() == Severity::Error).count();
                if errors > 0 {
                    let _ =
                        writeln!(stderr, "note: the data has {errors} errors; run `coherence validate` to see them");
                }
            }
            Ok(0)
        }
        Command::Stats { data, format } => {
            let v = load(data, p, stderr)?;
            let text = match format {
                Format::Text => report::stats_text(&v),
                Format::Json => {
                    let mut s = serde_json::to_string_pretty(&report::stats_value(&v)).unwrap_or_default();
                    s.push('\n');
                    s
                }
                _ => return Err(unsupported("stats", *format, "text, json")),
            };
            emit(&text, None, stdout)?;
            Ok(0)
        }
        Command::Schema { out } => {
            match out {
                Some(dir) => {
                    let files: Vec<(PathBuf, Vec<u8>)> = native::schemas()
                        .iter()
                        .map(|(name, s)| Ok((dir.join(name), native::schema_text(s)?.into_bytes())))
                        .collect::<Result<_, crate::export::ExportError>>()
                        .map_err(|e| format!("error: {e}"))?;
                    output::write_all(&files).map_err(|e| format!("error: cannot write {e}"))?;
                }
                None => {
                    for (name, s) in native::schemas() {
                        let text = native::schema_text(&s).map_err(|e| format!("error: {e}"))?;
                        emit(&format!("// {name}\n{text}"), None, stdout)?;
                    }
                }
            }
            Ok(0)
        }
    }
}

/// What an explorer command asks.
enum Query<'a> {
    Show(&'a str),
    Trace(&'a str, Option<i8>, i8),
    Path(&'a str, &'a str, bool),
    Progression(&'a str),
}

fn explore(
    view: &ViewArgs,
    query: Query,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    p: &mut Progress,
) -> Result<i32, String> {
    use crate::report::explore as r;
    let v = load(&view.data, p, stderr)?;
    // Plans, when loaded, add modules, gaps and coverage to cards and pictures.
    let plans = !v.graph.modules.is_empty() || !v.graph.scopes.is_empty();
    let run = crate::gaps(v, 2, &[], plans).map_err(|e| format!("error: {e}"))?;
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    let find = |code: &str| crate::explore::find(ds, g, code).map_err(|e| format!("error: {e}"));
    let marks = match &view.scope {
        Some(id) => {
            report::gaps::marks(&run, id).ok_or_else(|| format!("error: no scope {id} (load its plans with --data)"))?
        }
        None => r::Marks::default(),
    };
    let picture = |hood: &crate::explore::Neighbourhood, title: &str| -> Option<String> {
        match view.format {
            Format::Svg => Some(r::svg(ds, g, hood, title, &marks)),
            Format::Dot => Some(r::dot(ds, g, hood, title)),
            Format::Mermaid => Some(r::mermaid(ds, g, hood)),
            _ => None,
        }
    };
    let pretty = |value: serde_json::Value| {
        let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
        s.push('\n');
        s
    };
    let allowed = "text, json, svg, dot, mermaid";
    let text = match query {
        Query::Show(code) => {
            let n = find(code)?;
            let hood = crate::explore::around(g, n);
            if let Some(p) = picture(&hood, &format!("{} and its neighbours", g.name(ds, n))) {
                p
            } else {
                let card = r::card(ds, g, n, if plans { report::gaps::involving(&run, n) } else { Vec::new() });
                match view.format {
                    Format::Json => pretty(r::card_json(ds, g, n, &card)),
                    Format::Text => r::card_text(ds, g, n, &card),
                    other => return Err(unsupported("show", other, allowed)),
                }
            }
        }
        Query::Trace(code, back, forward) => {
            let n = find(code)?;
            let hood = crate::explore::trace(g, n, back, forward);
            match picture(&hood, &format!("The progression to {}", g.name(ds, n))) {
                Some(p) => p,
                None => match view.format {
                    Format::Json => pretty(r::hood_json(ds, g, &hood)),
                    Format::Text => r::trace_text(ds, g, &hood),
                    other => return Err(unsupported("trace", other, allowed)),
                },
            }
        }
        Query::Path(from, to, any) => {
            let (a, b) = (find(from)?, find(to)?);
            let paths = crate::explore::paths(g, a, b, any, 3);
            match view.format {
                Format::Json => pretty(r::paths_json(ds, g, a, b, &paths)),
                Format::Text => r::paths_text(ds, g, a, b, any, &paths),
                other => return Err(unsupported("path", other, "text, json")),
            }
        }
        Query::Progression(tag) => {
            let hood = crate::explore::progression(ds, g, tag);
            if hood.nodes.is_empty() {
                let tags: Vec<String> =
                    ds.frameworks.iter().flat_map(|f| f.progressions.iter().map(|p| p.tag.clone())).collect();
                return Err(format!(
                    "error: no edge carries the progression tag {tag}; documented tags: {}",
                    tags.join(", ")
                ));
            }
            match picture(&hood, &format!("Progression {tag}")) {
                Some(p) => p,
                None => match view.format {
                    Format::Json => pretty(r::hood_json(ds, g, &hood)),
                    Format::Text => r::progression_text(ds, g, tag, &hood),
                    other => return Err(unsupported("progression", other, allowed)),
                },
            }
        }
    };
    emit(&text, view.out.as_ref(), stdout)?;
    std::mem::forget(run);
    Ok(0)
}

fn emit(text: &str, out: Option<&PathBuf>, stdout: &mut dyn Write) -> Result<(), String> {
    match out {
        Some(path) => output::write_all(&[(path.clone(), text.as_bytes().to_vec())])
            .map_err(|e| format!("error: cannot write {e}")),
        None => match stdout.write_all(text.as_bytes()) {
            // A closed pipe (`| head`) is not an error of ours.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("error: cannot write to stdout: {e}")),
            _ => Ok(()),
        },
    }
}
