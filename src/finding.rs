//! Findings: what the loaders and checks report, with stable codes.

use std::fmt;

use serde::Serialize;

use crate::model::Origin;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Worth fixing.
    Warning,
    /// The data is wrong.
    Error,
}

impl Severity {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A stable finding code. The spec's codes (D1-D6, V1, V2, H1) plus the
/// engine's own notices (F1-F12), which the spec leaves to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Code {
    /// duplicate-id
    D1,
    /// dangling-reference
    D2,
    /// self-loop
    D3,
    /// progression-cycle
    D4,
    /// backward-edge
    D5,
    /// bad-row
    D6,
    /// vertical-orphan
    V1,
    /// vertical-dead-end
    V2,
    /// horizontal-isolate
    H1,
    /// unknown-field: a column or JSON field the engine does not know (ignored).
    F1,
    /// unlisted-file: a JSON file in a framework folder that its manifest does not list.
    F2,
    /// kept-association: associations of a type no check uses, kept as written (CASE).
    F3,
    /// external-association: an association with an end outside the loaded data (CASE).
    F4,
    /// crosswalk-gap: what a crosswalk could not carry over (an unmatched or multiply matched standard, edges left behind).
    F5,
    /// off-framework-module: a scope adopts a module that addresses no standard of the scope's framework.
    F6,
    /// parent-cycle: standards (or CASE and Knowledge Graph items) whose parent links form a cycle.
    F7,
    /// parent-grade: a sub-standard whose parent standard is of another grade.
    F8,
    /// scope-cycle: scopes whose parent links form a cycle.
    F9,
    /// link-without-note: a progression link that does not say why it holds.
    F10,
    /// family-cycle: standard families that reach themselves once sub-standards are read with their parents.
    F11,
    /// formula-cell: a workbook sheet whose cells hold formulas, read as the values last saved.
    F12,
}

impl Code {
    /// Every code, in report order.
    pub const ALL: [Code; 21] = [
        Code::D1,
        Code::D2,
        Code::D3,
        Code::D4,
        Code::D5,
        Code::D6,
        Code::V1,
        Code::V2,
        Code::H1,
        Code::F1,
        Code::F2,
        Code::F3,
        Code::F4,
        Code::F5,
        Code::F6,
        Code::F7,
        Code::F8,
        Code::F9,
        Code::F10,
        Code::F11,
        Code::F12,
    ];

    /// The code as printed (`D4`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::D1 => "D1",
            Code::D2 => "D2",
            Code::D3 => "D3",
            Code::D4 => "D4",
            Code::D5 => "D5",
            Code::D6 => "D6",
            Code::V1 => "V1",
            Code::V2 => "V2",
            Code::H1 => "H1",
            Code::F1 => "F1",
            Code::F2 => "F2",
            Code::F3 => "F3",
            Code::F4 => "F4",
            Code::F5 => "F5",
            Code::F6 => "F6",
            Code::F7 => "F7",
            Code::F8 => "F8",
            Code::F9 => "F9",
            Code::F10 => "F10",
            Code::F11 => "F11",
            Code::F12 => "F12",
        }
    }

    /// The spec's name for the code (`progression-cycle`).
    pub fn name(self) -> &'static str {
        match self {
            Code::D1 => "duplicate-id",
            Code::D2 => "dangling-reference",
            Code::D3 => "self-loop",
            Code::D4 => "progression-cycle",
            Code::D5 => "backward-edge",
            Code::D6 => "bad-row",
            Code::V1 => "vertical-orphan",
            Code::V2 => "vertical-dead-end",
            Code::H1 => "horizontal-isolate",
            Code::F1 => "unknown-field",
            Code::F2 => "unlisted-file",
            Code::F3 => "kept-association",
            Code::F4 => "external-association",
            Code::F5 => "crosswalk-gap",
            Code::F6 => "off-framework-module",
            Code::F7 => "parent-cycle",
            Code::F8 => "parent-grade",
            Code::F9 => "scope-cycle",
            Code::F10 => "link-without-note",
            Code::F11 => "family-cycle",
            Code::F12 => "formula-cell",
        }
    }

    /// The severity the spec gives the code.
    pub fn severity(self) -> Severity {
        match self {
            Code::D1 | Code::D2 | Code::D3 | Code::D4 | Code::D5 | Code::D6 => Severity::Error,
            Code::V1 | Code::H1 | Code::F1 | Code::F2 | Code::F6 | Code::F7 | Code::F8 | Code::F9 | Code::F11 => {
                Severity::Warning
            }
            Code::V2 | Code::F3 | Code::F4 | Code::F5 | Code::F10 | Code::F12 => Severity::Info,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: a stable code, where, a one-line reason and a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code.
    pub code: Code,
    /// What is wrong, in one line a person can act on.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// Where, when it comes from a file.
    pub origin: Option<Origin>,
    /// Ids involved (standards as `framework:id` only where ambiguous).
    pub ids: Vec<String>,
}

impl Finding {
    /// A finding with no location yet.
    pub fn new(code: Code, message: impl Into<String>, help: impl Into<String>) -> Finding {
        // Messages quote the data; its control characters must not reach a terminal or a CI log.
        let (message, help) = (message.into(), help.into());
        let message = printable(&message).into_owned();
        let help = printable(&help).into_owned();
        Finding { code, message, help, origin: None, ids: Vec::new() }
    }

    /// Sets the location.
    pub fn at(mut self, origin: &Origin) -> Finding {
        self.origin = Some(origin.clone());
        self
    }

    /// Sets the ids involved.
    pub fn ids<I, S>(mut self, ids: I) -> Finding
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.ids = ids.into_iter().map(Into::into).collect();
        self
    }

    /// The code's severity.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// The order reports use: by code, then file, line, column, then message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (self.code, self.origin.as_ref(), &self.message)
    }
}

/// Sorts findings into report order, so that output is deterministic.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// `text` with every control character (newlines, escape sequences, C1
/// codes) and every bidirectional override shown escaped (`\n`, `\u{1b}`),
/// so that text from the data can never move a terminal's cursor, start a
/// new line in a log (a `::set-output` of GitHub Actions) or reorder what a
/// reader sees. Text without such characters comes back as it is.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    // Most text is printable ASCII, told by a test of every byte that compiles to vector code.
    let plain = text.as_bytes().chunks(32).all(|c| c.iter().fold(true, |ok, &b| ok & (b' '..=b'~').contains(&b)));
    if plain || !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}
