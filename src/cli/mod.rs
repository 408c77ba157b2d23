//! The commands behind the command line.
//!
//! [`run`] does the work of one command against the streams it is given and
//! returns a [`Done`]: the exit code (0 nothing at or above `--fail-on`, 1
//! findings at or above it, 2 input that cannot be read at all, bad usage, or
//! a failed write) and what the command built, for the binary to let go of.

mod args;
mod diff;
mod explore;
mod export;
mod gaps;
mod goals;
mod import;
mod map;
mod progress;
mod schema;
mod stats;
mod unpack;
mod validate;

use std::io::{IsTerminal, Write};
use std::path::Path;

pub use args::*;

use crate::Validation;
use crate::finding::printable;
use crate::load::LoadError;
use crate::output::{self, WriteError};
use crate::progress::{Mode, Progress, count, size};
use crate::report::Style;

/// Why a command stopped without doing its work: each carries exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A file that cannot be read at all.
    #[error("error: {}\n  = help: {}", printable(&.0.to_string()), printable(&.0.help))]
    Load(#[from] LoadError),
    /// An output that could not be written.
    #[error("error: cannot write {0}")]
    Write(#[from] WriteError),
    /// Writing to stdout failed (other than a closed pipe).
    #[error("error: cannot write to stdout: {0}")]
    Stdout(std::io::Error),
    /// A dataset that could not be written in the asked format.
    #[error("error: {0}")]
    Export(#[from] crate::export::ExportError),
    /// A report that could not be rendered.
    #[error("error: cannot write the report: {0}")]
    Render(String),
    /// An argument that names nothing: an unknown scope, code or tag.
    #[error("error: {}", printable(.0))]
    Usage(String),
}

impl CliError {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        2
    }
}

/// What a command leaves behind: its exit code, and the values it built.
pub struct Done {
    /// The exit code.
    pub code: i32,
    /// The command's records and results, handed back instead of freed, so
    /// that the binary may end the process without freeing them one by one.
    pub keep: Option<Box<dyn std::any::Any>>,
}

impl Done {
    fn code(code: i32) -> Done {
        Done { code, keep: None }
    }

    fn keeping<T: 'static>(code: i32, value: T) -> Done {
        Done { code, keep: Some(Box::new(value)) }
    }
}

/// What every command gets: the global options, the streams, and the progress of the run.
struct Cx<'a> {
    cli: &'a Cli,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    progress: Progress,
}

impl Cx<'_> {
    /// The colour of text written to stdout (never to a file).
    fn style(&self, to_file: bool) -> Style {
        let tty = !to_file && std::io::stdout().is_terminal();
        let color = match self.cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        Style { color }
    }

    /// Loads and validates the data, telling the two phases.
    fn load(&mut self, data: &DataArgs) -> Result<Validation, CliError> {
        let sources = data.sources();
        // The input's size is looked up only when someone will read it.
        self.progress.phase(self.err, "load", || match crate::load::input_size(&sources) {
            (0, _) => "loading the embedded standards".to_string(),
            (1, bytes) => format!("loading 1 file ({})", size(bytes)),
            (n, bytes) => format!("loading {} files ({})", count(n), size(bytes)),
        });
        let mut loaded = crate::load::load_with_options(&sources, &data.options())?;
        let filled = crate::statements::fill_from(&mut loaded.dataset, &data.statement_sources(), &data.options())?;
        self.progress.phase(self.err, "graph and dataset checks", || {
            format!(
                "building the graph of {} standards and {} edges, and checking it",
                count(loaded.dataset.standards.len()),
                count(loaded.dataset.edges.len())
            )
        });
        let v = crate::validate(loaded);
        self.progress.pause(self.err);
        // Told after the progress line is cleared, so that the notices stay readable.
        for f in &filled {
            self.note(format_args!("{}", f.notice()));
        }
        Ok(v)
    }

    /// Writes a report to `--out` (atomically: a temporary file renamed on
    /// success) or to stdout, through `render`.
    fn deliver(
        &mut self,
        out: Option<&Path>,
        render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), CliError> {
        match out {
            Some(path) => {
                let mut file = output::AtomicFile::create(path)?;
                render(&mut file).map_err(|e| CliError::Render(format!("{}: {e}", path.display())))?;
                file.commit()?;
            }
            None => {
                let mut buf = std::io::BufWriter::with_capacity(1 << 16, &mut *self.out);
                match render(&mut buf).and_then(|()| buf.flush()) {
                    // A closed pipe (`| head`) is not an error of ours.
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(CliError::Stdout(e)),
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// A note on stderr, unless `--quiet`.
    fn note(&mut self, text: std::fmt::Arguments) {
        if !self.cli.quiet {
            let _ = writeln!(self.err, "{text}");
        }
    }
}

/// Runs a parsed command line against the given streams.
pub fn run(cli: &Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Done {
    let terminal = std::io::stderr().is_terminal();
    let mode = match (cli.quiet, cli.progress) {
        (true, _) | (false, ProgressChoice::Never) => Mode::Off,
        (false, ProgressChoice::Auto) if !terminal => Mode::Off,
        (false, ProgressChoice::Always) if !terminal => Mode::Lines,
        _ => Mode::Terminal,
    };
    let mut cx = Cx { cli, out: stdout, err: stderr, progress: Progress::new(mode, cli.timings) };
    let result = execute(&mut cx);
    cx.progress.finish(cx.err);
    match result {
        Ok(done) => done,
        Err(e) => {
            let _ = writeln!(cx.err, "{e}");
            Done::code(e.exit_code())
        }
    }
}

fn execute(cx: &mut Cx) -> Result<Done, CliError> {
    match &cx.cli.command {
        Command::Validate(a) => validate::run(cx, a),
        Command::Gaps(a) => gaps::run(cx, a),
        Command::Export(a) => export::run(cx, a),
        Command::Diff(a) => diff::run(cx, a),
        Command::Import { what } => import::run(cx, what),
        Command::Map { data, out } => map::run(cx, data, out),
        Command::Stats { data, review, format, out } => stats::run(cx, data, *review, *format, out.as_deref()),
        Command::Schema { out } => schema::run(cx, out.as_deref()),
        Command::Goals { what } => goals::run(cx, what),
        Command::Progress(a) => progress::run(cx, a),
        Command::Show { code, view } => explore::run(cx, view, explore::Query::Show(code)),
        Command::Trace { code, back, forward, view } => {
            explore::run(cx, view, explore::Query::Trace(code, *back, *forward))
        }
        Command::Progression { tag, view } => explore::run(cx, view, explore::Query::Progression(tag)),
        Command::Path(a) => explore::path(cx, a),
        Command::Unpack(a) => unpack::run(cx, a),
    }
}

/// Whether any finding is at or above `fail_on`.
fn fails(findings: &[crate::finding::Finding], fail_on: FailOn) -> bool {
    fail_on.threshold().is_some_and(|t| findings.iter().any(|f| f.severity() >= t))
}
