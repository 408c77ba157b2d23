//! Renderers: findings, datasets and advice into words, for each format.
//!
//! Renderers are pure: they write to the [`Write`] they are given and never
//! open a file; the CLI decides where the bytes go. Each command's formats
//! are an enum of its own (`cli::args`).

pub mod diff;
pub mod explore;
pub mod gaps;
pub mod gaps_doc;
pub mod goals;
pub mod import;
pub mod map;
pub mod progress;
pub mod review;
pub mod sheet;
pub mod unpack;

use std::collections::BTreeMap;
use std::io::{self, Write};

use petgraph::visit::EdgeRef;
use serde_json::{Value, json};

use crate::Validation;
use crate::finding::{Code, Finding, Severity, printable};
use crate::model::{EdgeKind, Focus};

/// Text from the data as Markdown shows it literally: control characters
/// escaped (a newline would end a table row and start a heading), and the
/// characters that make tables, links, emphasis and HTML escaped too.
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in printable(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '[' | ']' | '`' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether text output may use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
}

impl Style {
    pub(crate) fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }

    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, s.as_str())
    }
}

/// Counts per code (every code present, zeros included).
pub fn counts(findings: &[Finding]) -> BTreeMap<Code, usize> {
    let mut m: BTreeMap<Code, usize> = Code::ALL.iter().map(|&c| (c, 0)).collect();
    for f in findings {
        *m.entry(f.code).or_default() += 1;
    }
    m
}

fn severity_counts(findings: &[Finding]) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for f in findings {
        match f.severity() {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => c.2 += 1,
        }
    }
    c
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The `validate` report for people: findings grouped by code, each with its
/// location and help, then one summary line with counts per code.
pub fn write_validate_text(v: &Validation, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let per_code = counts(&v.findings);
    let mut current: Option<Code> = None;
    for f in &v.findings {
        if current != Some(f.code) {
            if current.is_some() {
                writeln!(out)?;
            }
            let head = format!("{} {} ({})", f.code, f.code.name(), per_code.get(&f.code).copied().unwrap_or(0));
            writeln!(out, "{}", style.paint("1", &head))?;
            current = Some(f.code);
        }
        writeln!(out, "{}[{}]: {}", style.severity(f.severity()), f.code, f.message)?;
        if let Some(o) = &f.origin {
            writeln!(out, "  {} {}", style.paint("34", "-->"), printable(&o.to_string()))?;
        }
        writeln!(out, "  {} {}", style.paint("34", "= help:"), f.help)?;
    }
    if !v.findings.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(v))
}

/// Text from the data as SVG or XML shows it literally: control characters
/// escaped (most are not even allowed in XML), markup characters as entities.
pub(crate) fn escape_xml(s: &str) -> String {
    crate::finding::printable(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// A JSON value, pretty-printed, and a line end.
pub fn write_pretty(value: &Value, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

fn summary_line(v: &Validation) -> String {
    let (e, w, i) = severity_counts(&v.findings);
    let per_code: Vec<String> =
        counts(&v.findings).into_iter().filter(|(_, n)| *n > 0).map(|(c, n)| format!("{c} {n}")).collect();
    let (b, r) = v.graph.edge_counts();
    let detail = if per_code.is_empty() { String::new() } else { format!(" ({})", per_code.join(", ")) };
    format!(
        "{}, {}, {}{detail}; {} standards, {} builds_towards, {} relates_to in {}",
        plural(e, "error", "errors"),
        plural(w, "warning", "warnings"),
        plural(i, "info", "info"),
        v.graph.len(),
        b,
        r,
        plural(v.files.len(), "file", "files"),
    )
}

/// One finding as the JSON reports write it.
pub fn finding_json(f: &Finding) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("code".into(), json!(f.code.as_str()));
    m.insert("name".into(), json!(f.code.name()));
    m.insert("severity".into(), json!(f.severity().as_str()));
    m.insert("message".into(), json!(f.message));
    m.insert("help".into(), json!(f.help));
    m.insert("file".into(), f.origin.as_ref().map_or(Value::Null, |o| json!(o.file.as_ref())));
    m.insert("line".into(), f.origin.as_ref().and_then(|o| o.line).map_or(Value::Null, |l| json!(l)));
    m.insert("column".into(), f.origin.as_ref().and_then(|o| o.column).map_or(Value::Null, |c| json!(c)));
    m.insert("ids".into(), json!(f.ids));
    Value::Object(m)
}

/// The `validate` report as JSON (documented in README.md, "JSON output"):
/// `summary` (one count per code), `severities`, `input`, `findings`.
pub fn write_validate_json(v: &Validation, out: &mut dyn Write) -> io::Result<()> {
    let summary: serde_json::Map<String, Value> =
        counts(&v.findings).into_iter().map(|(c, n)| (c.as_str().to_string(), json!(n))).collect();
    let (e, w, i) = severity_counts(&v.findings);
    let (b, r) = v.graph.edge_counts();
    let doc = json!({
        "summary": summary,
        "severities": {"error": e, "warning": w, "info": i},
        "input": {
            "files": v.files,
            "frameworks": v.graph.frameworks,
            "standards": v.graph.len(),
            "builds_towards": b,
            "relates_to": r,
            "modules": v.graph.modules.len(),
            "scopes": v.graph.scopes.len(),
            "plan_rows": v.graph.plans.len(),
        },
        "findings": v.findings.iter().map(finding_json).collect::<Vec<_>>(),
    });
    write_pretty(&doc, out)
}

/// GitHub Actions workflow commands, one per finding, and a last notice with the counts.
pub fn write_validate_github(v: &Validation, out: &mut dyn Write) -> io::Result<()> {
    for f in &v.findings {
        let level = match f.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        let mut title = format!("{} {}", f.code, f.code.name());
        if let Some(o) = &f.origin {
            // A workbook's sheet goes in the title: the file is the path GitHub can link to.
            let (file, sheet) = crate::formats::csv::split_sheet(&o.file);
            if let Some(sheet) = sheet {
                title.push_str(&format!(" (sheet {sheet})"));
            }
            props.push(format!("file={}", escape_property(file)));
            if let Some(l) = o.line {
                props.push(format!("line={l}"));
            }
            if let Some(c) = o.column {
                props.push(format!("col={c}"));
            }
        }
        props.push(format!("title={}", escape_property(&title)));
        writeln!(out, "::{level} {}::{}", props.join(","), escape_data(&format!("{} (help: {})", f.message, f.help)))?;
    }
    writeln!(out, "::notice title=coherence validate::{}", escape_data(&summary_line(v)))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// What `stats` counts for one grade.
#[derive(Debug, Default)]
struct GradeRow {
    standards: usize,
    sub_standards: usize,
    builds_towards_in: usize,
    from_earlier_grades: usize,
    relates_to: usize,
    v1: usize,
    v2: usize,
    h1: usize,
}

/// Counts for `stats`: per grade (with the builds_towards edges into it, the
/// average number of direct predecessors, relates_to edges touching it, and
/// V1, V2, H1), per domain and focus, and edges by kind and progression.
pub fn stats_value(v: &Validation) -> Value {
    let ds = &v.dataset;
    let g = &v.graph;
    let grades = grade_rows(v);
    let mut domains: BTreeMap<String, usize> = BTreeMap::new();
    let mut focus: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &g.nodes {
        let s = &ds.standards[n.standard];
        let dom = s.domain.clone().unwrap_or_else(|| "(none)".to_string());
        let dom = if g.frameworks.len() > 1 { format!("{}:{dom}", s.framework) } else { dom };
        *domains.entry(dom).or_default() += 1;
        *focus.entry(s.focus.map_or("(none)", Focus::as_str)).or_default() += 1;
    }
    let mut tagged: BTreeMap<String, usize> = BTreeMap::new();
    for e in g.builds.edge_weights().chain(g.relates.edge_weights()) {
        let edge = &ds.edges[*e];
        let key = format!("{}/{}", edge.kind.as_str(), edge.progression.as_deref().unwrap_or("(untagged)"));
        *tagged.entry(key).or_default() += 1;
    }
    let (b, r) = g.edge_counts();
    json!({
        "frameworks": g.frameworks,
        "standards": g.nodes.iter().filter(|n| n.parent.is_none()).count(),
        "sub_standards": g.nodes.iter().filter(|n| n.parent.is_some()).count(),
        "domains": ds.domains.len(),
        "clusters": ds.clusters.len(),
        "practices": ds.practices.len(),
        "grades": grades.into_iter().map(|((_, name), row)| {
            let nodes = row.standards + row.sub_standards;
            let per = if nodes == 0 { 0.0 } else { (100.0 * row.builds_towards_in as f64 / nodes as f64).round() / 100.0 };
            json!({
                "grade": name,
                "standards": row.standards,
                "sub_standards": row.sub_standards,
                "builds_towards_in": row.builds_towards_in,
                "from_earlier_grades": row.from_earlier_grades,
                "predecessors_per_standard": per,
                "relates_to": row.relates_to,
                "V1": row.v1,
                "V2": row.v2,
                "H1": row.h1,
            })
        }).collect::<Vec<_>>(),
        "domains_by_standards": domains,
        "focus": focus,
        "edges": {EdgeKind::BuildsTowards.as_str(): b, EdgeKind::RelatesTo.as_str(): r},
        "edges_by_progression": tagged,
        "modules": g.modules.len(),
        "scopes": g.scopes.len(),
        "plan_rows": g.plans.len(),
    })
}

/// Per grade: standards, sub-standards, builds_towards into it (and from
/// earlier grades), relates_to touching it, and V1, V2, H1.
fn grade_rows(v: &Validation) -> BTreeMap<(i8, &'static str), GradeRow> {
    let g = &v.graph;
    let mut grades: BTreeMap<(i8, &str), GradeRow> = BTreeMap::new();
    for n in &g.nodes {
        let e = grades.entry((n.grade.level(), n.grade.as_str())).or_default();
        if n.parent.is_some() { e.sub_standards += 1 } else { e.standards += 1 }
    }
    let key = |n: u32| {
        let grade = g.nodes[n as usize].grade;
        (grade.level(), grade.as_str())
    };
    for e in g.builds.edge_references() {
        let (u, v) = (e.source().index() as u32, e.target().index() as u32);
        if let Some(row) = grades.get_mut(&key(v)) {
            row.builds_towards_in += 1;
            if key(u) != key(v) {
                row.from_earlier_grades += 1;
            }
        }
    }
    for e in g.relates.edge_references() {
        let (u, v) = (e.source().index() as u32, e.target().index() as u32);
        for k in if key(u) == key(v) { vec![key(u)] } else { vec![key(u), key(v)] } {
            if let Some(row) = grades.get_mut(&k) {
                row.relates_to += 1;
            }
        }
    }
    for f in v.findings.iter().filter(|f| matches!(f.code, Code::V1 | Code::V2 | Code::H1)) {
        let Some(crate::graph::Resolution::Found(n)) = f.ids.first().map(|id| g.resolve(id)) else { continue };
        if let Some(row) = grades.get_mut(&key(n)) {
            match f.code {
                Code::V1 => row.v1 += 1,
                Code::V2 => row.v2 += 1,
                _ => row.h1 += 1,
            }
        }
    }
    grades
}

/// `stats` for people.
pub fn write_stats_text(v: &Validation, out: &mut dyn Write) -> io::Result<()> {
    let s = stats_value(v);
    let num = |k: &str| s[k].as_u64().unwrap_or(0);
    let fws: Vec<&str> = s["frameworks"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    writeln!(out, "frameworks: {}", printable(&fws.join(", ")))?;
    writeln!(
        out,
        "{} standards and {} sub-standards; {} domains, {} clusters, {} practices",
        num("standards"),
        num("sub_standards"),
        num("domains"),
        num("clusters"),
        num("practices")
    )?;
    writeln!(
        out,
        "\n{:<7}{:>10}{:>6}{:>10}{:>9}{:>8}{:>9}{:>5}{:>5}{:>5}",
        "grade", "standards", "subs", "builds in", "earlier", "pred/s", "relates", "V1", "V2", "H1"
    )?;
    for g in s["grades"].as_array().into_iter().flatten() {
        let n = |k: &str| g[k].as_u64().unwrap_or(0);
        writeln!(
            out,
            "{:<7}{:>10}{:>6}{:>10}{:>9}{:>8.2}{:>9}{:>5}{:>5}{:>5}",
            g["grade"].as_str().unwrap_or(""),
            n("standards"),
            n("sub_standards"),
            n("builds_towards_in"),
            n("from_earlier_grades"),
            g["predecessors_per_standard"].as_f64().unwrap_or(0.0),
            n("relates_to"),
            n("V1"),
            n("V2"),
            n("H1")
        )?;
    }
    for (title, key) in [
        ("by domain (standards and sub-standards)", "domains_by_standards"),
        ("by focus", "focus"),
        ("edges", "edges"),
        ("edges by progression", "edges_by_progression"),
    ] {
        writeln!(out, "\n{title}")?;
        for (k, v) in s[key].as_object().into_iter().flatten() {
            writeln!(out, "  {:<30}{:>6}", printable(k), v.as_u64().unwrap_or(0))?;
        }
    }
    if num("modules") + num("scopes") + num("plan_rows") > 0 {
        writeln!(out, "\n{} modules, {} scopes, {} plan rows", num("modules"), num("scopes"), num("plan_rows"))?;
    }
    Ok(())
}
