//! Renderers of `coherence gaps`: the spec's summary; the report for
//! curriculum leads in text and Markdown (scorecard, actions, then each
//! scope's top findings in words); JSON and CSV (every finding, streamed);
//! the scorecard as its own CSV table. What to advise is computed in
//! [`crate::advice`]; this module only puts it into words.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::Gaps;
use crate::advice::{self, Action, Coverage, Line, Measure, Rate, Row};
use crate::checks::plan::{Counts, Gap, ScopeGaps, is_priority};
use crate::finding::{Code, Severity};
use crate::graph::NodeId;
use crate::model::{Focus, ModuleKind};
use crate::report::Style;
use crate::report::gaps_doc as doc;

fn counts_json(c: &Counts) -> Value {
    let b = &c.base;
    json!({
        "C1": c.c1, "C2": c.c2, "C3": {"pairs": c.c3.pairs, "distinct": c.c3.distinct}, "C4": c.c4, "C5": c.c5,
        "base": {"priority": b.priority, "taught": b.taught, "chain": b.chain, "pairs": b.pairs,
                 "related": b.related, "sequenced": b.sequenced},
    })
}

/// The dataset counts of the spec's summary, in its order.
fn dataset_counts(run: &Gaps) -> [(Code, usize); 8] {
    let mut n = [Code::D1, Code::D2, Code::D3, Code::D4, Code::D5, Code::V1, Code::V2, Code::H1].map(|c| (c, 0));
    for f in &run.validation.findings {
        if let Some(slot) = n.iter_mut().find(|(c, _)| *c == f.code) {
            slot.1 += 1;
        }
    }
    n
}

/// The scopes' counts by scope id, and their sum.
fn sorted_counts(run: &Gaps) -> (Vec<(&str, &Counts)>, Counts) {
    let v = &run.validation;
    let mut sorted: Vec<(&str, &Counts)> = run
        .scopes
        .iter()
        .map(|s| (v.dataset.scopes[v.graph.scopes[s.scope as usize].scope].id.as_str(), &s.counts))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut totals = Counts::default();
    for (_, c) in &sorted {
        totals.add(c);
    }
    (sorted, totals)
}

/// The `summary` object of the spec: window, dataset counts, totals, and
/// per-scope counts keyed by scope id (sorted).
pub fn summary(run: &Gaps) -> Value {
    let (sorted, totals) = sorted_counts(run);
    let dataset: serde_json::Map<String, Value> =
        dataset_counts(run).iter().map(|(c, n)| (c.as_str().to_string(), json!(n))).collect();
    let scopes: serde_json::Map<String, Value> =
        sorted.iter().map(|(id, c)| (id.to_string(), counts_json(c))).collect();
    json!({"window": run.index.window, "dataset": dataset, "totals": counts_json(&totals), "scopes": scopes})
}

fn write_counts(out: &mut dyn Write, c: &Counts) -> io::Result<()> {
    let b = &c.base;
    write!(
        out,
        "{{\"C1\": {}, \"C2\": {}, \"C3\": {{\"pairs\": {}, \"distinct\": {}}}, \"C4\": {}, \"C5\": {}, \"base\": {{\"priority\": {}, \"taught\": {}, \"chain\": {}, \"pairs\": {}, \"related\": {}, \"sequenced\": {}}}}}",
        c.c1,
        c.c2,
        c.c3.pairs,
        c.c3.distinct,
        c.c4,
        c.c5,
        b.priority,
        b.taught,
        b.chain,
        b.pairs,
        b.related,
        b.sequenced
    )
}

/// `{"summary": ...}`, as `--summary-only` prints it: the same object as
/// [`summary`], written directly (one scope per line), since a national run
/// has fifty thousand scopes.
pub fn write_summary(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let (sorted, totals) = sorted_counts(run);
    let n = dataset_counts(run);
    out.write_all(b"{\"summary\": {\n")?;
    write!(out, " \"window\": {},\n \"dataset\": {{", run.index.window)?;
    for (i, (c, k)) in n.iter().enumerate() {
        write!(out, "{}\"{}\": {k}", if i == 0 { "" } else { ", " }, c.as_str())?;
    }
    out.write_all(b"},\n \"totals\": ")?;
    write_counts(out, &totals)?;
    out.write_all(b",\n \"scopes\": {")?;
    for (i, (id, c)) in sorted.iter().enumerate() {
        out.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, id)?;
        out.write_all(b": ")?;
        write_counts(out, c)?;
    }
    out.write_all(if sorted.is_empty() { b"}\n}}\n" } else { b"\n }\n}}\n" })
}

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

const NAMES: [&str; 5] = [
    "uncovered-priority-work",
    "broken-vertical-chain",
    "unfinished-learning-gap",
    "horizontal-gap",
    "sequencing-violation",
];

/// Text lines are kept to this many columns where the report controls them.
const WIDTH: usize = 100;

/// A share as people read it: `n/a` with nothing to measure, `100%` only
/// with nothing open, `0%` only with nothing in order.
fn pct(r: Rate) -> String {
    match r.value() {
        None => "n/a".to_string(),
        Some(_) if r.count == 0 => "100%".to_string(),
        Some(_) if r.count >= r.base => "0%".to_string(),
        Some(v) => format!("{}%", ((v * 100.0).round() as i64).clamp(1, 99)),
    }
}

fn pct_value(v: Option<f64>) -> String {
    v.map_or("n/a".to_string(), |v| format!("{}%", (v * 100.0).round() as i64))
}

/// Four decimals: stable bytes, and more precision than any reader needs.
fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s = s.trim_end().to_string();
    s.push('…');
    s
}

/// Words of `text` wrapped at [`WIDTH`] columns, later lines indented by `indent`.
fn wrap(text: &str, indent: &str) -> Vec<String> {
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

/// What rendering needs beyond the run: lookups made once.
struct Cx<'a> {
    run: &'a Gaps,
    /// Each scope's coverage, for remedies and peers (only when findings are rendered).
    cov: Option<Coverage>,
    /// Catalogue modules addressing each node: PD, then interventions.
    offer: [Vec<Vec<u32>>; 2],
    /// Standards that build on a node within the window, for ranking lines.
    later: HashMap<NodeId, Vec<NodeId>>,
}

impl<'a> Cx<'a> {
    fn new(run: &'a Gaps, findings: bool) -> Cx<'a> {
        let g = &run.validation.graph;
        let mut offer: [Vec<Vec<u32>>; 2] = [Vec::new(), Vec::new()];
        if findings {
            offer = [vec![Vec::new(); g.len()], vec![Vec::new(); g.len()]];
            for (m, module) in g.modules.iter().enumerate() {
                let k = usize::from(module.kind == ModuleKind::Intervention);
                for &n in &module.standards {
                    offer[k][n as usize].push(m as u32);
                }
            }
        }
        Cx { run, cov: findings.then(|| Coverage::new(run)), offer, later: HashMap::new() }
    }

    fn ds(&self) -> &'a crate::model::Dataset {
        &self.run.validation.dataset
    }

    fn g(&self) -> &'a crate::graph::Graph {
        &self.run.validation.graph
    }

    fn name(&self, n: NodeId) -> String {
        self.g().name(self.ds(), n)
    }

    fn std(&self, n: NodeId) -> &'a crate::model::Standard {
        &self.ds().standards[self.g().nodes[n as usize].standard]
    }

    fn grade(&self, n: NodeId) -> &'static str {
        self.g().nodes[n as usize].grade.as_str()
    }

    fn priority(&self, n: NodeId) -> bool {
        is_priority(self.ds(), self.g(), n)
    }

    /// Why `n` is priority work, in words.
    fn priority_words(&self, n: NodeId) -> &'static str {
        let s = self.std(n);
        if s.focus == Some(Focus::Major) {
            "major work"
        } else if s.wap {
            "widely applicable prerequisite"
        } else {
            "priority work"
        }
    }

    fn scope(&self, s: u32) -> &'a crate::model::Scope {
        &self.ds().scopes[self.g().scopes[s as usize].scope]
    }

    fn scope_id(&self, s: u32) -> &'a str {
        &self.scope(s).id
    }

    fn scope_label(&self, s: u32) -> String {
        let sc = self.scope(s);
        match &sc.name {
            Some(n) => format!("{n} ({})", sc.id),
            None => sc.id.clone(),
        }
    }

    fn module(&self, m: u32) -> &'a crate::model::Module {
        &self.ds().modules[self.g().modules[m as usize].module]
    }

    fn module_label(&self, m: u32) -> String {
        let md = self.module(m);
        match &md.title {
            Some(t) => format!("{} \"{t}\"", md.id),
            None => md.id.clone(),
        }
    }

    /// Provider, tier, evidence and practices, as words.
    fn module_about(&self, m: u32) -> Vec<String> {
        let md = self.module(m);
        let mut about: Vec<String> = md.provider.iter().cloned().collect();
        if let Some(t) = &md.tier {
            about.push(format!("tier {t}"));
        }
        if let Some(e) = &md.evidence {
            about.push(format!("{e} evidence"));
        }
        let practices = crate::report::explore::practice_ids(self.ds(), &self.g().modules[m as usize].practices);
        if !practices.is_empty() {
            about.push(format!("practices {}", practices.join(", ")));
        }
        about
    }

    /// Where scope `s` teaches `n`: the module with the earliest session, as words.
    fn taught_in(&self, s: u32, n: NodeId) -> String {
        let g = self.g();
        let best = self.run.index.plans[s as usize]
            .iter()
            .filter(|(m, _)| {
                let module = &g.modules[*m as usize];
                module.kind == ModuleKind::Pd && module.standards.binary_search(&n).is_ok()
            })
            .min_by_key(|(m, q)| (q.unwrap_or(i64::MAX), *m));
        match best {
            Some((m, Some(q))) => format!("{} (session {q})", self.module_label(*m)),
            Some((m, None)) => self.module_label(*m),
            None => "its PD".to_string(),
        }
    }

    /// Catalogue modules of `kind` that address `n` and scope `s` does not
    /// adopt: those addressing most of the scope's other findings first.
    fn offers(&self, sg: &ScopeGaps, n: NodeId, kind: ModuleKind, limit: usize) -> Vec<u32> {
        let Some(cov) = &self.cov else { return Vec::new() };
        let k = usize::from(kind == ModuleKind::Intervention);
        let adopted = &cov.adopted[sg.scope as usize];
        let wanted = |gap: &Gap| match (gap, kind) {
            (Gap::C3 { a, .. }, ModuleKind::Intervention) => Some(*a),
            (Gap::C1 { v } | Gap::C2 { v, .. }, ModuleKind::Pd) => Some(*v),
            (Gap::C4 { x, .. }, ModuleKind::Pd) => Some(*x),
            _ => None,
        };
        let mut open: Vec<NodeId> = sg.gaps.iter().filter_map(wanted).collect();
        open.sort_unstable();
        open.dedup();
        let mut scored: Vec<(usize, &str, u32)> = self.offer[k][n as usize]
            .iter()
            .copied()
            .filter(|m| adopted.binary_search(m).is_err())
            .map(|m| {
                let hits =
                    self.g().modules[m as usize].standards.iter().filter(|x| open.binary_search(x).is_ok()).count();
                (hits, self.module(m).id.as_str(), m)
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(limit).map(|(_, _, m)| m).collect()
    }

    /// What to do about a finding: catalogue modules to adopt, and peers that cover it.
    fn remedy(&self, sg: &ScopeGaps, gap: &Gap) -> (String, Vec<(u32, Option<f64>)>) {
        if let Gap::C5 { u, v, first_u, first_v } = gap {
            let help = format!(
                "move {} before session {}, or {} after session {}",
                self.name(*u),
                first_v.0,
                self.name(*v),
                first_u.0
            );
            return (help, Vec::new());
        }
        let n = gap.standard();
        let kind = if matches!(gap, Gap::C3 { .. }) { ModuleKind::Intervention } else { ModuleKind::Pd };
        let what = if kind == ModuleKind::Pd { "PD module" } else { "intervention" };
        // The provider is in the actions; here tier and evidence, which decide between interventions.
        let offers: Vec<String> = self
            .offers(sg, n, kind, 2)
            .into_iter()
            .map(|m| {
                let md = self.module(m);
                let about: Vec<String> = [
                    md.tier.as_ref().map(|t| format!("tier {t}")),
                    md.evidence.as_ref().map(|e| format!("{e} evidence")),
                ]
                .into_iter()
                .flatten()
                .collect();
                if about.is_empty() {
                    self.module_label(m)
                } else {
                    format!("{} ({})", self.module_label(m), about.join(", "))
                }
            })
            .collect();
        let peers = self.cov.as_ref().map(|c| c.peers(self.run, sg.scope, gap, 2)).unwrap_or_default();
        let measure = Measure::of_check(gap.check());
        let mut parts = Vec::new();
        if !offers.is_empty() {
            parts.push(format!("adopt {}", offers.join(" or ")));
        }
        if !peers.is_empty() {
            let named: Vec<String> = peers
                .iter()
                .enumerate()
                .map(|(i, &(p, _))| {
                    let r = pct(advice::rates(&self.run.counts[p as usize])[measure as usize]);
                    if i == 0 {
                        format!("{} ({r} {})", self.scope_id(p), measure.title())
                    } else {
                        format!("{} ({r})", self.scope_id(p))
                    }
                })
                .collect();
            let (verb, pron) = match (kind, peers.len()) {
                (ModuleKind::Pd, 1) => ("teaches it", "it"),
                (ModuleKind::Pd, _) => ("teach it", "them"),
                (_, 1) => ("has an intervention for it", "it"),
                _ => ("have an intervention for it", "them"),
            };
            parts.push(format!("{} {verb}: learn from {pron}", named.join(" and ")));
        }
        let help = if parts.is_empty() {
            format!("no {what} in the catalogue addresses {}: one is needed", self.name(n))
        } else {
            parts.join("; ")
        };
        (help, peers)
    }

    /// The standards a line is about, as words: `4.NF.B.3 and its parts a-d`, `4.NF.B.3 parts a and c`.
    fn line_subject(&self, sg: &ScopeGaps, line: &Line) -> String {
        let members: Vec<NodeId> = line.gaps.iter().map(|&i| sg.gaps[i].standard()).collect();
        let parts: Vec<NodeId> = members.iter().copied().filter(|&m| m != line.head).collect();
        match (line.whole, parts.len()) {
            (_, 0) => self.name(members[0]),
            (false, 1) => self.name(parts[0]),
            (true, _) => format!(
                "{} and its parts {}",
                self.name(line.head),
                advice::part_letters(self.ds(), self.g(), line.head, &parts)
            ),
            (false, _) => format!(
                "{} parts {}",
                self.name(line.head),
                advice::part_letters(self.ds(), self.g(), line.head, &parts)
            ),
        }
    }

    /// A line in words: (message, help, peers). A line of one finding reads
    /// as that finding. With `summary`, the subject carries its summary cut to
    /// that many characters (JSON and CSV carry the whole summary apart).
    fn describe(
        &self,
        sg: &ScopeGaps,
        line: &Line,
        summary: Option<usize>,
    ) -> (String, String, Vec<(u32, Option<f64>)>) {
        let s = sg.scope;
        let first = &sg.gaps[line.gaps[0]];
        let mut what = self.line_subject(sg, line);
        if let (Some(max), Some(text)) = (summary, self.std(line.head).summary.as_deref()) {
            what = format!("{what} \"{}\"", short(text, max));
        }
        let many = line.gaps.len() > 1;
        let n = first.standard();
        let message = match first {
            Gap::C1 { .. } => format!(
                "{what} (grade {}, {}) {} not addressed by any PD module the scope adopts",
                self.grade(n),
                self.priority_words(n),
                if many { "are" } else { "is" }
            ),
            Gap::C2 { before, after, .. } => format!(
                "{what} {} not taught, though {} before and {} after are: the progression breaks there",
                if many { "are" } else { "is" },
                self.name(*before),
                self.name(*after)
            ),
            Gap::C3 { taught, .. } => {
                let mut needing: Vec<NodeId> = line
                    .gaps
                    .iter()
                    .flat_map(|&i| match &sg.gaps[i] {
                        Gap::C3 { taught, .. } => taught.clone(),
                        _ => Vec::new(),
                    })
                    .collect();
                needing.sort_unstable();
                needing.dedup();
                let named = line.named.or(taught.first().copied()).unwrap_or(n);
                let others = match needing.len() {
                    0 | 1 => String::new(),
                    2 => " (1 more taught standard needs it too)".to_string(),
                    k => format!(" ({} more taught standards need it too)", k - 1),
                };
                format!(
                    "{} is taught in {} but its prerequisite {what} (grade {}) {} no intervention{others}",
                    self.name(named),
                    self.taught_in(s, named),
                    self.grade(n),
                    if many { "have" } else { "has" }
                )
            }
            Gap::C4 { related, .. } => format!(
                "{what} {} not taught, though {}, connected to it in grade {}, is (in {})",
                if many { "are" } else { "is" },
                self.name(*related),
                self.grade(n),
                self.taught_in(s, *related)
            ),
            Gap::C5 { u, v, first_u, first_v } => format!(
                "{} is taught in session {} ({}), after {} in session {} ({}), which builds on it",
                self.name(*u),
                first_u.0,
                self.module_label(first_u.1),
                self.name(*v),
                first_v.0,
                self.module_label(first_v.1)
            ),
        };
        let (help, peers) = self.remedy(sg, first);
        (message, help, peers)
    }

    /// One finding alone, as JSON and CSV carry it.
    fn single(&self, sg: &ScopeGaps, i: usize) -> Line {
        let gap = &sg.gaps[i];
        let n = gap.standard();
        Line {
            gaps: vec![i],
            head: n,
            whole: true,
            named: match gap {
                Gap::C3 { taught, .. } => taught.first().copied(),
                _ => None,
            },
            priority: self.priority(n),
            impact: 0,
        }
    }

    fn lines(&mut self, sg: &ScopeGaps, top: usize) -> Vec<Line> {
        advice::lines(self.run, sg, top, &mut self.later)
    }
}

/// Scopes in detail order: each top-level scope (by id) followed by the scopes under it (by id).
fn ordered(run: &Gaps) -> Vec<(usize, &ScopeGaps)> {
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
fn data_line(run: &Gaps) -> String {
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

const RATE_HEADS: [&str; 5] = ["priority", "chains", "readiness", "horizontal", "sequencing"];

fn cell(r: Rate) -> String {
    if r.base == 0 { "n/a".to_string() } else { format!("{:>4} {}/{}", pct(r), r.count, r.base) }
}

fn grades(sc: &crate::model::Scope) -> String {
    format!("{}-{}", sc.grade_lo, sc.grade_hi)
}

/// The scorecard as text: a table, then each district's median and weakest school.
fn scorecard_text(cx: &Cx, rows: &[Row], st: Style, out: &mut dyn Write) -> io::Result<()> {
    let cells: Vec<[String; 5]> = rows.iter().map(|r| r.rates.map(cell)).collect();
    let id_w = rows.iter().map(|r| cx.scope_id(r.scope).chars().count()).max().unwrap_or(5).max(5);
    let mut w = RATE_HEADS.map(str::len);
    for c in &cells {
        for (k, x) in c.iter().enumerate() {
            w[k] = w[k].max(x.chars().count());
        }
    }
    writeln!(
        out,
        "{}: weakest priority coverage first; each check as its rate, then gaps/base",
        st.paint("1", "Scorecard")
    )?;
    let mut head = format!("{:<id_w$} {:<6} {:>6}", "scope", "grades", "taught");
    for (k, h) in RATE_HEADS.iter().enumerate() {
        head.push_str(&format!("  {:<w$}", h, w = w[k]));
    }
    writeln!(out, "{}", head.trim_end())?;
    // Fifty thousand rows at national scale: one buffer, written into, not a string per cell.
    let mut line = String::with_capacity(128);
    for (r, c) in rows.iter().zip(&cells) {
        use std::fmt::Write as _;
        line.clear();
        let sc = cx.scope(r.scope);
        let _ = write!(line, "{:<id_w$} {:<6} {:>6}", sc.id, grades(sc), r.taught);
        for (k, x) in c.iter().enumerate() {
            let _ = write!(line, "  {:<w$}", x, w = w[k]);
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    // A district's schools: the median in the table's columns, then the weakest school per column.
    let label_w = id_w + 14;
    for r in rows {
        let Some(schools) = &r.schools else { continue };
        let label = format!("{}: median of {} schools", cx.scope_id(r.scope), schools.count);
        let mut line = format!("{label:<label_w$}");
        for (k, m) in Measure::ALL.iter().enumerate() {
            line.push_str(&format!("  {:<w$}", format!("{:>4}", pct_value(schools.median[*m as usize])), w = w[k]));
        }
        writeln!(out, "{}", line.trim_end())?;
        let weakest: Vec<String> = Measure::ALL
            .iter()
            .map(|m| match schools.weakest[*m as usize] {
                Some((s, v)) => format!("{} {}", cx.scope_id(s), pct_value(Some(v))),
                None => "n/a".to_string(),
            })
            .collect();
        for l in wrap(&format!("  weakest: {}", weakest.join(" · ")), "    ") {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

/// What an action closes, as words; `short` for one line: `189 priority, 16 chains, 135 prerequisites (495 pairs), 10 related`.
fn closes_text(c: &advice::Closes, short: bool) -> String {
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
    parts.join(", ")
}

fn closes_short(c: &advice::Closes) -> String {
    closes_text(c, true)
}

fn closes_words(c: &advice::Closes) -> String {
    closes_text(c, false)
}

/// "schools" when none of the scopes has scopes under it, else "scopes".
fn scope_noun(scopes: &[u32], kids: &[Vec<u32>]) -> &'static str {
    if scopes.iter().all(|&s| kids[s as usize].is_empty()) { "schools" } else { "scopes" }
}

/// One action on one line of at most [`WIDTH`] columns: module, title,
/// provider (tier and evidence), where, and what it closes. When the line
/// is too long the title gives way first, then the provider, which "Actions
/// in full" names.
fn action_line(cx: &Cx, rank: usize, a: &Action, kids: &[Vec<u32>]) -> String {
    let md = cx.module(a.module);
    // Schools are counted; a scope over schools (a district) is named.
    let (leaves, over): (Vec<u32>, Vec<u32>) = a.scopes.iter().partition(|&&s| kids[s as usize].is_empty());
    let mut where_: Vec<String> = match leaves.as_slice() {
        [] => Vec::new(),
        [s] => vec![cx.scope_id(*s).to_string()],
        more => vec![format!("{} {}", more.len(), scope_noun(more, kids))],
    };
    where_.extend(over.iter().map(|&s| cx.scope_id(s).to_string()));
    let where_ = where_.join(" + ");
    let head = format!("{rank:>2}. {}", md.id);
    let tail = format!(" → {where_}: {}", closes_short(&a.closes));
    let mut about: Vec<String> = Vec::new();
    if let Some(t) = &md.tier {
        about.push(format!("tier {t}"));
    }
    if let Some(e) = &md.evidence {
        about.push(e.clone());
    }
    let extra = if about.is_empty() { String::new() } else { format!("; {}", about.join(", ")) };
    let room = WIDTH.saturating_sub(head.chars().count() + tail.chars().count());
    let title = md.title.as_deref().unwrap_or("");
    let provider = md.provider.as_deref().unwrap_or("");
    let render = |t: &str, p: &str| {
        let t = if t.is_empty() { String::new() } else { format!(" \"{t}\"") };
        let p = if p.is_empty() && extra.is_empty() {
            String::new()
        } else {
            format!(" ({p}{})", if p.is_empty() { extra.trim_start_matches("; ").to_string() } else { extra.clone() })
        };
        format!("{t}{p}")
    };
    let len = |s: &str| s.chars().count();
    // The first of these that fits: whole; a shorter title; no provider (it is in "Actions in full"); a short title alone.
    let candidates = [
        render(title, provider),
        render(&short(title, room.saturating_sub(len(&render("", provider)) + 3).max(24)), provider),
        render(&short(title, room.saturating_sub(len(&render("", "")) + 3).max(16)), ""),
        format!(" \"{}\"", short(title, room.saturating_sub(3).max(8))),
    ];
    let middle = candidates.into_iter().find(|c| len(c) <= room).unwrap_or_default();
    format!("{head}{middle}{tail}")
}

/// The rates of one scope, as words.
fn rates_words(c: &Counts) -> String {
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

/// The report for people: the scorecard, what to do first, then per scope
/// (districts before their schools) its rates and top findings in words,
/// each with what to do about it.
pub fn write_text(run: &Gaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let mut cx = Cx::new(run, !opts.scorecard_only);
    let st = opts.style;
    let n = run.scopes.len();
    writeln!(
        out,
        "{} of {} scope{} · {}",
        st.paint("1", "Coherence gaps"),
        n,
        if n == 1 { "" } else { "s" },
        data_line(run)
    )?;
    let rows = advice::scorecard(run);
    scorecard_text(&cx, &rows, st, out)?;
    if opts.scorecard_only {
        return Ok(());
    }
    let kids = advice::children(cx.g());
    let actions = advice::actions(run, usize::MAX);
    writeln!(out)?;
    if actions.is_empty() {
        writeln!(out, "{}: no catalogue module closes a gap that is open", st.paint("1", "What to do first"))?;
    } else {
        writeln!(
            out,
            "{}: {} of {} actions, best first; none counts a gap an earlier one closes",
            st.paint("1", "What to do first"),
            actions.len().min(opts.actions),
            actions.len()
        )?;
        for (i, a) in actions.iter().take(opts.actions).enumerate() {
            writeln!(out, "{}", action_line(&cx, i + 1, a, &kids))?;
        }
    }
    for (depth, sg) in ordered(run) {
        let pad = "  ".repeat(depth);
        let sc = cx.scope(sg.scope);
        let modules = run.index.plans[sg.scope as usize].len();
        writeln!(out)?;
        let label = cx.scope_label(sg.scope);
        let text = format!(
            "{pad}{label}, grades {} · {} standards taught · {} module{} adopted",
            grades(sc),
            sg.counts.base.taught,
            modules,
            if modules == 1 { "" } else { "s" }
        );
        for (k, l) in wrap(&text, &format!("{pad}  ")).into_iter().enumerate() {
            let l = if k == 0 { l.replacen(&label, &st.paint("1", &label), 1) } else { l };
            writeln!(out, "{l}")?;
        }
        for l in wrap(&format!("{pad}  {}", rates_words(&sg.counts)), &format!("{pad}    ")) {
            writeln!(out, "{l}")?;
        }
        if let Some(row) = rows.iter().find(|r| r.scope == sg.scope)
            && let Some(schools) = &row.schools
        {
            let medians: Vec<String> = Measure::ALL
                .iter()
                .map(|m| format!("{} {}", m.title(), pct_value(schools.median[*m as usize])))
                .collect();
            let text = format!("{pad}  its {} schools, median: {}", schools.count, medians.join(" · "));
            for l in wrap(&text, &format!("{pad}    ")) {
                writeln!(out, "{l}")?;
            }
        }
        let lines = cx.lines(sg, opts.top);
        for (i, line) in lines.iter().take(opts.top).enumerate() {
            let (message, help, _) = cx.describe(sg, line, Some(50));
            let code = format!("C{}", sg.gaps[line.gaps[0]].check());
            let text = format!("{pad}  {:>2}. [{code}] {message}", i + 1);
            for (k, l) in wrap(&text, &format!("{pad}      ")).into_iter().enumerate() {
                // Colour goes on after wrapping, so that escape codes never count as columns.
                let l = if k == 0 {
                    l.replacen(&format!("[{code}]"), &format!("[{}]", st.paint("33", &code)), 1)
                } else {
                    l
                };
                writeln!(out, "{l}")?;
            }
            for l in wrap(&format!("{pad}      -> {help}"), &format!("{pad}         ")) {
                writeln!(out, "{l}")?;
            }
        }
        if lines.len() > opts.top {
            let more: usize = lines[opts.top..].iter().map(|l| l.gaps.len()).sum();
            writeln!(
                out,
                "{pad}  and {more} more finding{}: coherence gaps --scope {} --format csv lists them all",
                if more == 1 { "" } else { "s" },
                cx.scope_id(sg.scope)
            )?;
        }
    }
    if !actions.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", st.paint("1", "Actions in full"))?;
        for (i, a) in actions.iter().take(opts.actions).enumerate() {
            let md = cx.module(a.module);
            let about = cx.module_about(a.module);
            let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
            let ids: Vec<&str> = a.scopes.iter().map(|&s| cx.scope_id(s)).collect();
            let text = format!(
                "{:>2}. adopt {}{about} at {}: closes {}",
                i + 1,
                cx.module_label(a.module),
                ids.join(", "),
                closes_words(&a.closes)
            );
            let _ = md;
            for l in wrap(&text, "    ") {
                writeln!(out, "{l}")?;
            }
        }
    }
    Ok(())
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('<', "&lt;")
}

/// The report as Markdown: the scorecard and its districts, what to do
/// first, then a section per scope.
pub fn write_markdown(run: &Gaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let mut cx = Cx::new(run, !opts.scorecard_only);
    writeln!(out, "# Coherence gaps\n")?;
    writeln!(out, "{} scopes · {}.\n", run.scopes.len(), md_escape(&data_line(run)))?;
    let rows = advice::scorecard(run);
    writeln!(out, "## Scorecard\n")?;
    writeln!(
        out,
        "Weakest priority coverage first. Each check is a rate (the share in good order), then its gaps out of its base; n/a: nothing to measure.\n"
    )?;
    writeln!(
        out,
        "| scope | name | grades | taught | priority coverage | chain integrity | prerequisite readiness | horizontal coherence | sequencing |"
    )?;
    writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|---:|")?;
    for r in &rows {
        let sc = cx.scope(r.scope);
        let cells: Vec<String> = r
            .rates
            .iter()
            .map(|x| if x.base == 0 { "n/a".to_string() } else { format!("{} ({}/{})", pct(*x), x.count, x.base) })
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md_escape(&sc.id),
            md_escape(sc.name.as_deref().unwrap_or("")),
            grades(sc),
            r.taught,
            cells.join(" | ")
        )?;
    }
    let districts: Vec<&Row> = rows.iter().filter(|r| r.schools.is_some()).collect();
    if !districts.is_empty() {
        writeln!(out, "\n### Over their schools\n")?;
        writeln!(out, "| scope | schools | rate | own plan | median school | weakest school |")?;
        writeln!(out, "|---|---:|---|---:|---:|---|")?;
        for r in districts {
            let Some(schools) = &r.schools else { continue };
            for m in Measure::ALL {
                let weakest = schools.weakest[m as usize]
                    .map(|(s, v)| format!("{} ({})", md_escape(cx.scope_id(s)), pct_value(Some(v))))
                    .unwrap_or_else(|| "n/a".to_string());
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    md_escape(cx.scope_id(r.scope)),
                    schools.count,
                    m.title(),
                    pct(r.rates[m as usize]),
                    pct_value(schools.median[m as usize]),
                    weakest
                )?;
            }
        }
    }
    if opts.scorecard_only {
        return Ok(());
    }
    let actions = advice::actions(run, usize::MAX);
    writeln!(out, "\n## What to do first\n")?;
    if actions.is_empty() {
        writeln!(out, "No catalogue module closes a gap that is open.")?;
    }
    for (i, a) in actions.iter().take(opts.actions).enumerate() {
        let about = cx.module_about(a.module);
        let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
        let ids: Vec<String> = a.scopes.iter().map(|&s| md_escape(cx.scope_id(s))).collect();
        writeln!(
            out,
            "{}. **Adopt {}**{}: closes {}; at {}.",
            i + 1,
            md_escape(&cx.module_label(a.module)),
            md_escape(&about),
            closes_words(&a.closes),
            ids.join(", ")
        )?;
    }
    if actions.len() > opts.actions {
        writeln!(
            out,
            "\n…and {} more actions (`coherence gaps --format json` lists them all).",
            actions.len() - opts.actions
        )?;
    }
    for (_, sg) in ordered(run) {
        let sc = cx.scope(sg.scope);
        writeln!(out, "\n## {}, grades {}\n", md_escape(&cx.scope_label(sg.scope)), grades(sc))?;
        writeln!(out, "{}\n", rates_words(&sg.counts))?;
        let lines = cx.lines(sg, opts.top);
        for (i, line) in lines.iter().take(opts.top).enumerate() {
            let (message, help, _) = cx.describe(sg, line, Some(120));
            writeln!(
                out,
                "{}. **C{}** {}  \n   *What to do:* {}",
                i + 1,
                sg.gaps[line.gaps[0]].check(),
                md_escape(&message),
                md_escape(&help)
            )?;
        }
        if lines.len() > opts.top {
            let more: usize = lines[opts.top..].iter().map(|l| l.gaps.len()).sum();
            writeln!(out, "\n…and {more} more (`coherence gaps --scope {} --format csv`).", cx.scope_id(sg.scope))?;
        }
    }
    Ok(())
}

fn rate_doc(r: Rate) -> doc::Rate {
    doc::Rate { count: r.count, base: r.base, rate: r.value().map(round4) }
}

/// The scorecard rows as the JSON report has them.
fn scorecard_docs(cx: &Cx, rows: &[Row]) -> Vec<doc::ScorecardRow> {
    rows.iter()
        .map(|r| {
            let sc = cx.scope(r.scope);
            let rates = doc::Rates {
                priority_coverage: rate_doc(r.rates[0]),
                chain_integrity: rate_doc(r.rates[1]),
                prerequisite_readiness: rate_doc(r.rates[2]),
                horizontal_coherence: rate_doc(r.rates[3]),
                sequencing: rate_doc(r.rates[4]),
            };
            let schools = r.schools.as_ref().map(|s| doc::Schools {
                count: s.count,
                median: Measure::ALL.iter().map(|m| (m.key().to_string(), s.median[*m as usize].map(round4))).collect(),
                weakest: Measure::ALL
                    .iter()
                    .map(|m| {
                        let w = s.weakest[*m as usize]
                            .map(|(k, v)| doc::Weakest { scope: cx.scope_id(k).to_string(), rate: round4(v) });
                        (m.key().to_string(), w)
                    })
                    .collect(),
            });
            doc::ScorecardRow {
                scope: sc.id.clone(),
                name: sc.name.clone(),
                parent: sc.parent.clone(),
                grade_lo: sc.grade_lo.as_str().to_string(),
                grade_hi: sc.grade_hi.as_str().to_string(),
                taught: r.taught,
                rates,
                schools,
            }
        })
        .collect()
}

fn action_doc(cx: &Cx, rank: usize, a: &Action) -> doc::Action {
    let md = cx.module(a.module);
    doc::Action {
        rank,
        module: md.id.clone(),
        kind: md.kind.as_str().to_string(),
        title: md.title.clone(),
        provider: md.provider.clone(),
        tier: md.tier.clone(),
        evidence: md.evidence.clone(),
        practices: crate::report::explore::practice_ids(cx.ds(), &cx.g().modules[a.module as usize].practices),
        scopes: a.scopes.iter().map(|&s| cx.scope_id(s).to_string()).collect(),
        closes: doc::Closes {
            priority: a.closes.priority,
            chains: a.closes.chains,
            prerequisites: a.closes.prerequisites,
            pairs: a.closes.pairs,
            related: a.closes.related,
        },
    }
}

/// `{"scorecard": [...]}`: the scorecard alone, as `--scorecard --format json` prints it.
pub fn write_scorecard_json(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run, false);
    let rows = scorecard_docs(&cx, &advice::scorecard(run));
    out.write_all(b"{\"scorecard\": [")?;
    for (i, r) in rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, r)?;
    }
    out.write_all(b"\n]}\n")
}

/// Every finding as JSON, streamed, in the shape of [`doc::Report`]:
/// `summary`, `scorecard`, `actions`, `dataset_findings` (the checks of
/// validate), then `findings`, one plan finding per line.
pub fn write_json(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run, true);
    out.write_all(b"{\n\"summary\": ")?;
    serde_json::to_writer(&mut *out, &summary(run))?;
    out.write_all(b",\n\"scorecard\": [")?;
    for (i, r) in scorecard_docs(&cx, &advice::scorecard(run)).iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, r)?;
    }
    out.write_all(b"\n],\n\"actions\": [")?;
    for (i, a) in advice::actions(run, usize::MAX).iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &action_doc(&cx, i + 1, a))?;
    }
    out.write_all(b"\n],\n\"dataset_findings\": [")?;
    for (i, f) in run.validation.findings.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &crate::report::finding_json(f))?;
    }
    out.write_all(b"\n],\n\"findings\": [")?;
    let mut first = true;
    for sg in &run.scopes {
        let scope = cx.scope_id(sg.scope);
        for i in 0..sg.gaps.len() {
            let gap = &sg.gaps[i];
            let (message, help, peers) = cx.describe(sg, &cx.single(sg, i), None);
            let n = gap.standard();
            let d = doc::Finding {
                code: format!("C{}", gap.check()),
                name: NAMES[gap.check() as usize - 1].to_string(),
                severity: "warning".to_string(),
                scope: scope.to_string(),
                standard: cx.name(n),
                grade: cx.grade(n).to_string(),
                priority: cx.priority(n),
                summary: cx.std(n).summary.clone(),
                ids: gap.nodes().into_iter().map(|x| cx.name(x)).collect(),
                message,
                help,
                peers: peers
                    .into_iter()
                    .map(|(p, r)| doc::Peer { scope: cx.scope_id(p).to_string(), rate: r.map(round4) })
                    .collect(),
            };
            out.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            serde_json::to_writer(&mut *out, &d)?;
        }
    }
    out.write_all(b"\n]\n}\n")
}

fn csv_writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out)
}

fn csv_io(e: csv::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// Every finding as CSV, one row each, streamed: dataset findings first (no
/// scope), then plan findings scope by scope.
pub fn write_csv(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run, true);
    let mut w = csv_writer(out);
    w.write_record([
        "code",
        "name",
        "severity",
        "scope",
        "scope_name",
        "standard",
        "grade",
        "priority",
        "summary",
        "ids",
        "message",
        "help",
        "peers",
        "file",
        "line",
    ])
    .map_err(csv_io)?;
    for f in &run.validation.findings {
        let (file, line) = match &f.origin {
            Some(o) => (o.file.to_string(), o.line.map(|l| l.to_string()).unwrap_or_default()),
            None => (String::new(), String::new()),
        };
        let ids = f.ids.join(";");
        let first = f.ids.first().cloned().unwrap_or_default();
        w.write_record([
            f.code.as_str(),
            f.code.name(),
            f.severity().as_str(),
            "",
            "",
            &first,
            "",
            "",
            "",
            &ids,
            &f.message,
            &f.help,
            "",
            &file,
            &line,
        ])
        .map_err(csv_io)?;
    }
    for sg in &run.scopes {
        let scope = cx.scope_id(sg.scope);
        let scope_name = cx.scope(sg.scope).name.as_deref().unwrap_or("");
        for i in 0..sg.gaps.len() {
            let gap = &sg.gaps[i];
            let (message, help, peers) = cx.describe(sg, &cx.single(sg, i), None);
            let n = gap.standard();
            let code = format!("C{}", gap.check());
            let ids: Vec<String> = gap.nodes().into_iter().map(|x| cx.name(x)).collect();
            let peers: Vec<&str> = peers.iter().map(|(p, _)| cx.scope_id(*p)).collect();
            w.write_record([
                code.as_str(),
                NAMES[gap.check() as usize - 1],
                "warning",
                scope,
                scope_name,
                &cx.name(n),
                cx.grade(n),
                if cx.priority(n) { "true" } else { "false" },
                cx.std(n).summary.as_deref().unwrap_or(""),
                &ids.join(";"),
                &message,
                &help,
                &peers.join(";"),
                "",
                "",
            ])
            .map_err(csv_io)?;
        }
    }
    w.flush()
}

/// The scorecard as a CSV table, one row per scope in scorecard order: each
/// rate's count, base and rate (empty when n/a), then for a scope over
/// schools their number, the median and the weakest school per rate.
pub fn write_scorecard_csv(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run, false);
    let rows = advice::scorecard(run);
    let mut w = csv_writer(out);
    let mut header: Vec<String> =
        ["scope", "name", "parent", "grade_lo", "grade_hi", "taught"].map(str::to_string).to_vec();
    for m in Measure::ALL {
        for part in ["count", "base", "rate"] {
            header.push(format!("{}_{part}", m.key()));
        }
    }
    header.push("schools".to_string());
    for m in Measure::ALL {
        header.push(format!("{}_median", m.key()));
        header.push(format!("{}_weakest", m.key()));
        header.push(format!("{}_weakest_rate", m.key()));
    }
    w.write_record(&header).map_err(csv_io)?;
    let num = |v: Option<f64>| v.map(|x| format!("{}", round4(x))).unwrap_or_default();
    for r in &rows {
        let sc = cx.scope(r.scope);
        let mut rec: Vec<String> = vec![
            sc.id.clone(),
            sc.name.clone().unwrap_or_default(),
            sc.parent.clone().unwrap_or_default(),
            sc.grade_lo.as_str().to_string(),
            sc.grade_hi.as_str().to_string(),
            r.taught.to_string(),
        ];
        for x in r.rates {
            rec.extend([x.count.to_string(), x.base.to_string(), num(x.value())]);
        }
        match &r.schools {
            Some(s) => {
                rec.push(s.count.to_string());
                for m in Measure::ALL {
                    rec.push(num(s.median[m as usize]));
                    let weakest = s.weakest[m as usize];
                    rec.push(weakest.map(|(k, _)| cx.scope_id(k).to_string()).unwrap_or_default());
                    rec.push(num(weakest.map(|(_, v)| v)));
                }
            }
            None => rec.extend(std::iter::repeat_n(String::new(), 1 + 3 * Measure::ALL.len())),
        }
        w.write_record(&rec).map_err(csv_io)?;
    }
    w.flush()
}

/// The findings that involve standard `n`, in every scope checked: (scope
/// label, code, message, ids), by scope in report order.
pub fn involving(run: &Gaps, n: NodeId) -> Vec<(String, String, String, Vec<String>)> {
    let cx = Cx::new(run, true);
    let mut out = Vec::new();
    for (_, sg) in ordered(run) {
        for (i, gap) in sg.gaps.iter().enumerate() {
            if gap.nodes().contains(&n) {
                out.push((
                    cx.scope_label(sg.scope),
                    format!("C{}", gap.check()),
                    cx.describe(sg, &cx.single(sg, i), None).0,
                    gap.nodes().into_iter().map(|x| cx.name(x)).collect(),
                ));
            }
        }
    }
    out
}

/// A scope's coverage and gaps, for pictures: what its PD teaches and which
/// standards its findings are filed under.
pub fn marks(run: &Gaps, scope: &str) -> Option<crate::report::explore::Marks> {
    let cx = Cx::new(run, true);
    let sg = run.scopes.iter().find(|s| cx.scope_id(s.scope) == scope)?;
    let cov = cx.cov.as_ref()?;
    Some(crate::report::explore::Marks {
        scope: Some(cx.scope_label(sg.scope)),
        covered: cov.taught(sg.scope).iter().copied().collect(),
        gaps: sg.gaps.iter().map(Gap::standard).collect(),
    })
}

/// Every checked scope for the HTML map: id, name, grade band (levels), the
/// standards its PD teaches, and its gaps as [code, standard, message, ids]
/// in report order.
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
        v.push(json!({
            "id": sc.id,
            "name": sc.name,
            "lo": sc.grade_lo.level(),
            "hi": sc.grade_hi.level(),
            "pd": taught,
            "gaps": gaps,
        }));
    }
    Value::Array(v)
}
