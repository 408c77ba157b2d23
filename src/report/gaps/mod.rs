//! Renderers of `coherence gaps`, one per format: the spec's summary
//! (`summary`), the report for curriculum leads in text (`text`) and
//! Markdown (`markdown`), one page for a meeting (`html`), every finding as JSON (`json`) and CSV (`csv`), and
//! the scorecard as its own JSON or CSV table. What to advise is computed in
//! [`crate::advice`]; `words` puts findings and remedies into words, and the
//! renderers lay them out.

mod csv;
mod evidence;
mod html;
mod json;
mod markdown;
mod since;
pub(crate) mod summary;
mod text;
mod words;
mod xlsx;

use serde_json::{Value, json};
use std::io;

use crate::Gaps;
use crate::advice::{self, Measure, Rate};
use crate::checks::plan::{Counts, Gap, ScopeGaps};
use crate::finding::Severity;
use crate::graph::NodeId;
use crate::report::Style;

pub use csv::{write_csv, write_scorecard_csv};
pub use html::write_html;
pub use json::{write_json, write_scorecard_json};
pub use markdown::write_markdown;
pub use summary::write_summary;
pub use text::write_text;
use words::Cx;
pub use xlsx::{FIXED_DATE, write_xlsx};

/// How text and Markdown reports are shaped.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Findings shown per scope.
    pub top: usize,
    /// Actions shown.
    pub actions: usize,
    /// Colour.
    pub style: Style,
    /// The scorecard only (no actions, no findings): what `--summary-only` and `--scorecard` print.
    pub scorecard_only: bool,
}

pub(super) const NAMES: [&str; 5] = [
    "uncovered-priority-work",
    "broken-vertical-chain",
    "unfinished-learning-gap",
    "horizontal-gap",
    "sequencing-violation",
];

/// Text lines are kept to this many columns where the report controls them.
pub(super) const WIDTH: usize = 100;

/// A share as people read it: `n/a` with nothing to measure, `100%` only
/// with nothing open, `0%` only with nothing in order.
pub(super) fn pct(r: Rate) -> String {
    match r.value() {
        None => "n/a".to_string(),
        Some(_) if r.count == 0 => "100%".to_string(),
        Some(_) if r.count >= r.base => "0%".to_string(),
        Some(v) => format!("{}%", ((v * 100.0).round() as i64).clamp(1, 99)),
    }
}

pub(super) fn pct_value(v: Option<f64>) -> String {
    v.map_or("n/a".to_string(), |v| format!("{}%", (v * 100.0).round() as i64))
}

/// Four decimals: stable bytes, and more precision than any reader needs.
pub(super) fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub(super) fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s = s.trim_end().to_string();
    s.push('…');
    s
}

/// Words of `text` wrapped at [`WIDTH`] columns, later lines indented by `indent`.
pub(super) fn wrap(text: &str, indent: &str) -> Vec<String> {
    let body = text.trim_start_matches(' ');
    let mut lines = Vec::new();
    let mut line = text[..text.len() - body.len()].to_string();
    for word in body.split(' ') {
        if !line.trim().is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            lines.push(std::mem::take(&mut line));
            line.push_str(indent);
        } else if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        lines.push(line);
    }
    lines
}

/// Scopes in detail order: each top-level scope (by id) followed by the scopes under it (by id).
pub(super) fn ordered(run: &Gaps) -> Vec<(usize, &ScopeGaps)> {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let id = |s: u32| ds.scopes[g.scopes[s as usize].scope].id.as_str();
    let mut position = vec![usize::MAX; g.scopes.len()];
    for (i, s) in run.scopes.iter().enumerate() {
        position[s.scope as usize] = i;
    }
    let kids = advice::children(g);
    let mut roots: Vec<u32> = run
        .scopes
        .iter()
        .map(|s| s.scope)
        .filter(|&s| g.scopes[s as usize].parent.is_none_or(|p| position[p as usize] == usize::MAX))
        .collect();
    roots.sort_by(|a, b| id(*a).cmp(id(*b)));
    let mut out = Vec::with_capacity(run.scopes.len());
    let mut done = vec![false; g.scopes.len()];
    let mut stack: Vec<(usize, u32)> = roots.into_iter().rev().map(|r| (0, r)).collect();
    while let Some((depth, s)) = stack.pop() {
        if std::mem::replace(&mut done[s as usize], true) {
            continue;
        }
        out.push((depth, &run.scopes[position[s as usize]]));
        let mut under: Vec<u32> =
            kids[s as usize].iter().copied().filter(|&k| position[k as usize] != usize::MAX).collect();
        under.sort_by(|a, b| id(*b).cmp(id(*a)));
        stack.extend(under.into_iter().map(|k| (depth + 1, k)));
    }
    out
}

/// The data line: what was loaded, and whether it has errors.
pub(super) fn data_line(run: &Gaps) -> String {
    let v = &run.validation;
    let errors = v.findings.iter().filter(|f| f.severity() == Severity::Error).count();
    format!(
        "{} standards, {} modules, {} plan rows; {}; window {}",
        v.graph.len(),
        v.graph.modules.len(),
        v.graph.plans.len(),
        if errors == 0 {
            "no data errors".to_string()
        } else {
            format!("{errors} data errors: run `coherence validate` to see them")
        },
        run.index.window
    )
}

pub(super) const RATE_HEADS: [&str; 5] = ["priority", "chains", "readiness", "horizontal", "sequencing"];

pub(super) fn cell(r: Rate) -> String {
    if r.base == 0 { "n/a".to_string() } else { format!("{:>4} {}/{}", pct(r), r.count, r.base) }
}

pub(super) fn grades(sc: &crate::model::Scope) -> String {
    format!("{}-{}", sc.grade_lo, sc.grade_hi)
}

/// What an action closes, as words; `short` for one line: `189 priority, 16 chains, 135 prerequisites (495 pairs), 10 related`.
pub(super) fn closes_text(c: &advice::Closes, short: bool) -> String {
    let n = |k: u64, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    let mut parts = Vec::new();
    if c.priority > 0 {
        parts.push(if short {
            format!("{} priority", c.priority)
        } else {
            n(c.priority, "priority standard", "priority standards")
        });
    }
    if c.chains > 0 {
        parts.push(n(c.chains, "chain", "chains"));
    }
    if c.prerequisites > 0 {
        parts.push(format!(
            "{} ({})",
            n(c.prerequisites, "prerequisite", "prerequisites"),
            n(c.pairs, "pair", "pairs")
        ));
    }
    if c.related > 0 {
        parts.push(if short {
            format!("{} related", c.related)
        } else {
            n(c.related, "related standard", "related standards")
        });
    }
    let mut words = parts.join(", ");
    if let Some(k) = c.students.filter(|&k| k > 0) {
        words.push_str(&evidence::students_words(k, short));
    }
    words
}

pub(super) fn closes_short(c: &advice::Closes) -> String {
    closes_text(c, true)
}

pub(super) fn closes_words(c: &advice::Closes) -> String {
    closes_text(c, false)
}

/// The rates of one scope, as words.
pub(super) fn rates_words(c: &Counts) -> String {
    let r = advice::rates(c);
    let what = ["uncovered", "broken", "pairs without intervention", "untaught", "out of order"];
    Measure::ALL
        .iter()
        .map(|m| {
            let x = r[*m as usize];
            if x.base == 0 {
                format!("{} n/a", m.title())
            } else {
                format!("{} {} ({} of {} {})", m.title(), pct(x), x.count, x.base, what[*m as usize])
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The findings that involve standard `n`, in every scope checked or in
/// the scope of id `scope` only: (scope label, code, message, ids), by scope
/// in report order.
pub fn involving(run: &Gaps, n: NodeId, scope: Option<&str>) -> Vec<(String, String, String, Vec<String>)> {
    let cx = Cx::new(run, true);
    let mut out = Vec::new();
    for (_, sg) in ordered(run) {
        if scope.is_some_and(|id| cx.raw_scope_id(sg.scope) != id) {
            continue;
        }
        for (i, gap) in sg.gaps.iter().enumerate() {
            if gap.nodes().contains(&n) {
                out.push((
                    cx.scope_label(sg.scope),
                    format!("C{}", gap.check()),
                    cx.describe(sg, &cx.single(sg, i), None).0,
                    gap.nodes().into_iter().map(|x| cx.name(x).to_string()).collect(),
                ));
            }
        }
    }
    out
}

/// A finding of a scope in words, as a module's handout lists it.
#[derive(Debug, Clone)]
pub struct Involved {
    /// `C1`-`C5`.
    pub code: String,
    /// The check's name.
    pub name: &'static str,
    /// The standard it is filed under.
    pub standard: NodeId,
    /// Its words, as the gap report gives them.
    pub message: String,
    /// Every standard it involves, the filed one first.
    pub ids: Vec<String>,
}

/// The findings of one checked scope that involve any of `nodes`, for a
/// module's handout: grouped by check, each check's in the report's order.
/// `None` when the scope was not checked.
pub fn scope_involving(run: &Gaps, scope: &str, nodes: &std::collections::BTreeSet<NodeId>) -> Option<Vec<Involved>> {
    let mut cx = Cx::new(run, true);
    let sg = run.scopes.iter().find(|s| cx.raw_scope_id(s.scope) == scope)?;
    let mut out = Vec::new();
    for line in cx.lines(sg, 0) {
        for i in line.gaps {
            let gap = &sg.gaps[i];
            if gap.nodes().iter().any(|n| nodes.contains(n)) {
                // A C3 names the taught standard of the handout, when the prerequisite is not one.
                let mut one = cx.single(sg, i);
                if let Gap::C3 { a, taught } = gap
                    && !nodes.contains(a)
                {
                    one.named = taught.iter().copied().find(|t| nodes.contains(t)).or(one.named);
                }
                out.push(Involved {
                    code: format!("C{}", gap.check()),
                    name: NAMES.get(usize::from(gap.check()).saturating_sub(1)).copied().unwrap_or(""),
                    standard: gap.standard(),
                    message: cx.describe(sg, &one, None).0,
                    ids: gap.nodes().into_iter().map(|x| cx.name(x).to_string()).collect(),
                });
            }
        }
    }
    // Findings of one check together, each check's in the report's order.
    out.sort_by(|x, y| x.code.cmp(&y.code));
    Some(out)
}

/// A scope's coverage and gaps, for pictures: what its PD teaches and which
/// standards its findings are filed under.
pub fn marks(run: &Gaps, scope: &str) -> Option<crate::report::explore::Marks> {
    let cx = Cx::new(run, true);
    let sg = run.scopes.iter().find(|s| cx.raw_scope_id(s.scope) == scope)?;
    let cov = cx.cov.as_ref()?;
    Some(crate::report::explore::Marks {
        scope: Some(cx.scope_label(sg.scope)),
        covered: cov.taught(sg.scope).iter().copied().collect(),
        gaps: sg.gaps.iter().map(Gap::standard).collect(),
    })
}

/// Every checked scope for the HTML map: id, name, grade band (levels), the
/// standards its PD teaches, its gaps as [code, standard, message, ids] in
/// report order, the standards they are filed under, its counts C1-C5 (C3 as
/// pairs, with its distinct prerequisites beside) and its five rates as
/// [measure, percent, count, base].
pub fn map_scopes(run: &Gaps) -> Value {
    let mut cx = Cx::new(run, true);
    let mut v = Vec::new();
    for (_, sg) in ordered(run) {
        let sc = cx.scope(sg.scope);
        let lines = cx.lines(sg, 0);
        let gaps: Vec<Value> = lines
            .iter()
            .flat_map(|l| l.gaps.iter().copied())
            .take(2000)
            .map(|i| {
                let gap = &sg.gaps[i];
                json!([
                    format!("C{}", gap.check()),
                    gap.standard(),
                    cx.describe(sg, &cx.single(sg, i), None).0,
                    gap.nodes()
                ])
            })
            .collect();
        let taught = cx.cov.as_ref().map(|c| c.taught(sg.scope).to_vec()).unwrap_or_default();
        // Every standard a finding is filed under, uncut: the page paints and
        // counts these, while the gap lines above stop at 2000.
        let mut flag: Vec<NodeId> = sg.gaps.iter().map(Gap::standard).collect();
        flag.sort_unstable();
        flag.dedup();
        let c = &sg.counts;
        // Each rate as the reports word it (`pct`), so the page and `gaps` agree.
        let rates: Vec<Value> = advice::rates(c)
            .iter()
            .zip(Measure::ALL)
            .map(|(r, m)| json!([m.title(), pct(*r), r.count, r.base]))
            .collect();
        v.push(json!({
            "id": sc.id,
            "name": sc.name,
            "lo": sc.grade_lo.level(),
            "hi": sc.grade_hi.level(),
            "pd": taught,
            "gaps": gaps,
            "flag": flag,
            "taught": c.base.taught,
            "counts": [c.c1, c.c2, c.c3.pairs, c.c4, c.c5],
            "c3": c.c3.distinct,
            "rates": rates,
        }));
    }
    Value::Array(v)
}

/// The plan checks' codes, by check.
pub(super) const CODES: [&str; 5] = ["C1", "C2", "C3", "C4", "C5"];

/// About this many findings are rendered at a time: enough to keep every
/// thread busy, few enough that a national report is never held whole.
pub(super) const BATCH: u64 = 16_384;

/// The run's scopes in batches of about [`BATCH`] findings: each batch is
/// rendered on the pool by `render` while the one before is handed to
/// `write` on this thread, in order.
pub(super) fn in_batches(
    run: &Gaps,
    render: &(dyn Fn(std::ops::Range<usize>) -> io::Result<Vec<Vec<u8>>> + Sync),
    write: &mut dyn FnMut(io::Result<Vec<Vec<u8>>>) -> io::Result<()>,
) -> io::Result<()> {
    in_batches_of(run, BATCH, render, write)
}

/// [`in_batches`] with batches of about `batch` findings.
pub(super) fn in_batches_of(
    run: &Gaps,
    batch: u64,
    render: &(dyn Fn(std::ops::Range<usize>) -> io::Result<Vec<Vec<u8>>> + Sync),
    write: &mut dyn FnMut(io::Result<Vec<Vec<u8>>>) -> io::Result<()>,
) -> io::Result<()> {
    let mut done: Option<io::Result<Vec<Vec<u8>>>> = None;
    for range in batches(run, batch) {
        let mut next = None;
        rayon::in_place_scope(|s| {
            s.spawn(|_| next = Some(render(range)));
            done.take().map_or(Ok(()), &mut *write)
        })?;
        done = next;
    }
    done.map_or(Ok(()), write)
}

/// Consecutive ranges of [`Gaps::scopes`] of about `batch` findings each
/// (by the counts, known before any finding is made).
pub(super) fn batches(run: &Gaps, batch: u64) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut load) = (0, 0);
    for (i, sg) in run.scopes.iter().enumerate() {
        load += sg.counts.findings() + 1;
        if load >= batch {
            out.push(start..i + 1);
            (start, load) = (i + 1, 0);
        }
    }
    if start < run.scopes.len() {
        out.push(start..run.scopes.len());
    }
    out
}
