//! Progress and phase timings on stderr, for the command line.
//!
//! A long run (a national dataset) names each phase as it starts, so that a
//! person at a terminal sees what is going on; `--timings` prints how long
//! each phase took. Progress goes to stderr only, never into a report, and by
//! default only when stderr is a terminal.

use std::io::Write;
use std::time::{Duration, Instant};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Nothing.
    Off,
    /// One line at a terminal, rewritten as phases go by and erased at the end.
    Terminal,
    /// A line per phase when it ends, with its time (for logs).
    Lines,
}

/// The phases of one run, with their times.
#[derive(Debug)]
pub struct Progress {
    mode: Mode,
    timings: bool,
    current: Option<(&'static str, String, Instant)>,
    done: Vec<(&'static str, Duration)>,
    start: Instant,
}

impl Progress {
    /// Shows progress in `mode`; with `timings`, [`Progress::finish`] prints each phase's time.
    pub fn new(mode: Mode, timings: bool) -> Progress {
        Progress { mode, timings, current: None, done: Vec::new(), start: Instant::now() }
    }

    /// Ends the current phase and starts one: `key` names it in timings, `what`
    /// tells a person (made only when progress is shown).
    pub fn phase(&mut self, err: &mut dyn Write, key: &'static str, what: impl FnOnce() -> String) {
        self.end(err);
        let what = if self.mode == Mode::Off { String::new() } else { what() };
        if self.mode == Mode::Terminal {
            let _ = write!(err, "\r\x1b[2Kcoherence: {what}…");
            let _ = err.flush();
        }
        self.current = Some((key, what, Instant::now()));
    }

    /// Ends the current phase and starts one that is timed but not told, its
    /// progress line erased: for writing to a terminal that stdout may share.
    pub fn untold(&mut self, err: &mut dyn Write, key: &'static str) {
        self.pause(err);
        self.current = Some((key, String::new(), Instant::now()));
    }

    /// Ends the current phase and erases the progress line, before a command writes its output.
    pub fn pause(&mut self, err: &mut dyn Write) {
        self.end(err);
        if self.mode == Mode::Terminal {
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }

    fn end(&mut self, err: &mut dyn Write) {
        if let Some((key, what, at)) = self.current.take() {
            let took = at.elapsed();
            if self.mode == Mode::Lines && !what.is_empty() {
                let _ = writeln!(err, "coherence: {what}: {}", human(took));
            }
            self.done.push((key, took));
        }
    }

    /// Ends the last phase, erases the progress line, and prints the timings when asked.
    pub fn finish(&mut self, err: &mut dyn Write) {
        self.end(err);
        if self.mode == Mode::Terminal {
            let _ = write!(err, "\r\x1b[2K");
        }
        if self.timings && !self.done.is_empty() {
            let phases: Vec<String> =
                self.done.iter().map(|(k, d)| format!("{k} {:.1} ms", d.as_secs_f64() * 1000.0)).collect();
            let total = self.start.elapsed().as_secs_f64() * 1000.0;
            let _ = writeln!(err, "timings: {}, total {total:.1} ms", phases.join(", "));
        }
        let _ = err.flush();
        self.done.clear();
    }
}

/// A duration as a person reads it: milliseconds below a second.
fn human(d: Duration) -> String {
    if d.as_secs_f64() < 1.0 { format!("{} ms", d.as_millis()) } else { format!("{:.2} s", d.as_secs_f64()) }
}

/// A byte count as a person reads it.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / f64::from(1u32 << 30)),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1u32 << 20)),
        b if b >= 1 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// A count with thousands separators: 50,000.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_mode_tells_each_phase_and_timings_name_them() {
        let mut err = Vec::new();
        let mut p = Progress::new(Mode::Lines, true);
        p.phase(&mut err, "load", || "loading 5 files".into());
        p.phase(&mut err, "checks", || "checking 3 scopes".into());
        p.finish(&mut err);
        let text = String::from_utf8(err).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("coherence: loading 5 files: "), "{text}");
        assert!(lines[1].starts_with("coherence: checking 3 scopes: "), "{text}");
        assert!(
            lines[2].starts_with("timings: load ") && lines[2].contains(", checks ") && lines[2].contains(", total ")
        );
    }

    #[test]
    fn off_says_nothing_and_terminal_erases_its_line() {
        let mut err = Vec::new();
        let mut p = Progress::new(Mode::Off, false);
        p.phase(&mut err, "load", || "loading".into());
        p.finish(&mut err);
        assert!(err.is_empty());
        let mut p = Progress::new(Mode::Terminal, false);
        p.phase(&mut err, "load", || "loading".into());
        p.finish(&mut err);
        assert!(String::from_utf8(err).unwrap().ends_with("\r\x1b[2K"));
    }

    #[test]
    fn counts_and_sizes_read_well() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(50_000), "50,000");
        assert_eq!(count(1_500_000), "1,500,000");
        assert_eq!(size(51 * 1024 * 1024 + 300_000), "51.3 MB");
        assert_eq!(size(2048), "2 KB");
    }
}
