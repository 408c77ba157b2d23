//! Renderers of `coherence gaps`: the spec's summary, full JSON and CSV
//! (streamed), and text and Markdown reports for curriculum leads.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::Gaps;
use crate::checks::plan::Counts;
use crate::finding::Code;

fn counts_json(c: &Counts) -> Value {
    let b = &c.base;
    json!({
        "C1": c.c1, "C2": c.c2, "C3": {"pairs": c.c3.pairs, "distinct": c.c3.distinct}, "C4": c.c4, "C5": c.c5,
        "base": {"priority": b.priority, "taught": b.taught, "chain": b.chain, "pairs": b.pairs,
                 "related": b.related, "sequenced": b.sequenced},
    })
}

/// The `summary` object of the spec: window, dataset counts, totals, and
/// per-scope counts keyed by scope id (sorted).
pub fn summary(run: &Gaps) -> Value {
    let v = &run.validation;
    let count = |c: Code| v.findings.iter().filter(|f| f.code == c).count();
    let mut totals = Counts::default();
    let mut scopes = serde_json::Map::new();
    let mut sorted: BTreeMap<&str, &Counts> = BTreeMap::new();
    for s in &run.scopes {
        totals.add(&s.counts);
        let id = &v.dataset.scopes[v.graph.scopes[s.scope as usize].scope].id;
        sorted.insert(id, &s.counts);
    }
    for (id, c) in sorted {
        scopes.insert(id.to_string(), counts_json(c));
    }
    json!({
        "window": run.index.window,
        "dataset": {
            "D1": count(Code::D1), "D2": count(Code::D2), "D3": count(Code::D3), "D4": count(Code::D4),
            "D5": count(Code::D5), "V1": count(Code::V1), "V2": count(Code::V2), "H1": count(Code::H1),
        },
        "totals": counts_json(&totals),
        "scopes": scopes,
    })
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
    let v = &run.validation;
    let mut n = [0usize; 8];
    for f in &v.findings {
        let i = match f.code {
            Code::D1 => 0,
            Code::D2 => 1,
            Code::D3 => 2,
            Code::D4 => 3,
            Code::D5 => 4,
            Code::V1 => 5,
            Code::V2 => 6,
            Code::H1 => 7,
            _ => continue,
        };
        n[i] += 1;
    }
    let mut totals = Counts::default();
    let mut sorted: Vec<(&str, &Counts)> = run
        .scopes
        .iter()
        .map(|s| (v.dataset.scopes[v.graph.scopes[s.scope as usize].scope].id.as_str(), &s.counts))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (_, c) in &sorted {
        totals.add(c);
    }
    write!(
        out,
        "{{\"summary\": {{\n \"window\": {},\n \"dataset\": {{\"D1\": {}, \"D2\": {}, \"D3\": {}, \"D4\": {}, \"D5\": {}, \"V1\": {}, \"V2\": {}, \"H1\": {}}},\n \"totals\": ",
        run.index.window, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]
    )?;
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

use std::collections::HashMap;

use crate::checks::plan::{Gap, ScopeGaps};
use crate::graph::NodeId;
use crate::model::{Focus, ModuleKind};
use crate::report::Style;

/// How text and Markdown reports are shaped.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Findings shown per scope.
    pub top: usize,
    /// Colour.
    pub style: Style,
    /// Counts only.
    pub summary_only: bool,
}

const NAMES: [&str; 5] = [
    "uncovered-major-work",
    "broken-vertical-chain",
    "unfinished-learning-gap",
    "horizontal-gap",
    "sequencing-violation",
];

/// What rendering needs beyond the run: lookups made once.
struct Cx<'a> {
    run: &'a Gaps,
    /// Catalogue: modules addressing each node, by kind.
    pd_of: HashMap<NodeId, Vec<u32>>,
    int_of: HashMap<NodeId, Vec<u32>>,
    /// Each scope's PD and intervention sets (sorted), by scope index.
    sets: Vec<(Vec<NodeId>, Vec<NodeId>, Vec<u32>)>,
    /// Scopes by parent.
    children: HashMap<u32, Vec<u32>>,
    /// Later standards that depend on a node (memoised).
    later: std::cell::RefCell<HashMap<NodeId, usize>>,
}

impl<'a> Cx<'a> {
    fn new(run: &'a Gaps) -> Cx<'a> {
        let g = &run.validation.graph;
        let mut pd_of: HashMap<NodeId, Vec<u32>> = HashMap::new();
        let mut int_of: HashMap<NodeId, Vec<u32>> = HashMap::new();
        for (m, module) in g.modules.iter().enumerate() {
            let into = if module.kind == ModuleKind::Pd { &mut pd_of } else { &mut int_of };
            for &n in &module.standards {
                into.entry(n).or_default().push(m as u32);
            }
        }
        let sets = (0..g.scopes.len())
            .map(|s| {
                let mut pd = Vec::new();
                let mut int = Vec::new();
                let mut mods = Vec::new();
                for &(m, _) in &run.index.plans[s] {
                    let module = &g.modules[m as usize];
                    mods.push(m);
                    let into = if module.kind == ModuleKind::Pd { &mut pd } else { &mut int };
                    into.extend_from_slice(&module.standards);
                }
                pd.sort_unstable();
                pd.dedup();
                int.sort_unstable();
                int.dedup();
                mods.sort_unstable();
                mods.dedup();
                (pd, int, mods)
            })
            .collect();
        let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, s) in g.scopes.iter().enumerate() {
            if let Some(p) = s.parent {
                children.entry(p).or_default().push(i as u32);
            }
        }
        Cx { run, pd_of, int_of, sets, children, later: Default::default() }
    }

    fn ds(&self) -> &crate::model::Dataset {
        &self.run.validation.dataset
    }

    fn g(&self) -> &crate::graph::Graph {
        &self.run.validation.graph
    }

    fn name(&self, n: NodeId) -> String {
        self.g().name(self.ds(), n)
    }

    fn major(&self, n: NodeId) -> bool {
        self.ds().standards[self.g().nodes[n as usize].standard].focus == Some(Focus::Major)
    }

    fn grade(&self, n: NodeId) -> &'static str {
        self.g().nodes[n as usize].grade.as_str()
    }

    fn scope_id(&self, s: u32) -> &str {
        &self.ds().scopes[self.g().scopes[s as usize].scope].id
    }

    fn scope_label(&self, s: u32) -> String {
        let sc = &self.ds().scopes[self.g().scopes[s as usize].scope];
        match &sc.name {
            Some(n) => format!("{n} ({})", sc.id),
            None => sc.id.clone(),
        }
    }

    fn module_label(&self, m: u32) -> String {
        let md = &self.ds().modules[self.g().modules[m as usize].module];
        match &md.title {
            Some(t) => format!("{} \"{t}\"", md.id),
            None => md.id.clone(),
        }
    }

    /// How many standards can be reached from `n` along builds_towards.
    fn later(&self, n: NodeId) -> usize {
        if let Some(&c) = self.later.borrow().get(&n) {
            return c;
        }
        let g = self.g();
        let mut seen = vec![false; g.len()];
        let mut stack = vec![n];
        let mut count = 0;
        while let Some(x) = stack.pop() {
            for y in g.successors(x) {
                if !std::mem::replace(&mut seen[y as usize], true) {
                    count += 1;
                    stack.push(y);
                }
            }
        }
        self.later.borrow_mut().insert(n, count);
        count
    }

    /// Where scope `s` teaches `n`: the module with the earliest session, as words.
    fn taught_in(&self, s: u32, n: NodeId) -> String {
        let g = self.g();
        let best = self.run.index.plans[s as usize]
            .iter()
            .filter(|(m, _)| {
                g.modules[*m as usize].kind == ModuleKind::Pd && g.modules[*m as usize].standards.contains(&n)
            })
            .min_by_key(|(m, q)| (q.unwrap_or(i64::MAX), *m));
        match best {
            Some((m, Some(q))) => format!("{} (session {q})", self.module_label(*m)),
            Some((m, None)) => self.module_label(*m),
            None => "its PD".to_string(),
        }
    }

    /// What to do: another catalogue module of `kind` addressing `n`, and peers (same parent) covering it.
    fn remedy(&self, s: u32, n: NodeId, kind: ModuleKind) -> String {
        let adopted = &self.sets[s as usize].2;
        let catalogue = if kind == ModuleKind::Pd { &self.pd_of } else { &self.int_of };
        let offers: Vec<String> = catalogue
            .get(&n)
            .into_iter()
            .flatten()
            .filter(|m| adopted.binary_search(m).is_err())
            .take(2)
            .map(|&m| {
                let md = &self.ds().modules[self.g().modules[m as usize].module];
                let mut about: Vec<String> = md.provider.iter().cloned().collect();
                if let Some(t) = &md.tier {
                    about.push(format!("tier {t}"));
                }
                if let Some(e) = &md.evidence {
                    about.push(format!("{e} evidence"));
                }
                if about.is_empty() {
                    self.module_label(m)
                } else {
                    format!("{} ({})", self.module_label(m), about.join(", "))
                }
            })
            .collect();
        let mut peers = Vec::new();
        if let Some(parent) = self.g().scopes[s as usize].parent {
            for &peer in self.children.get(&parent).into_iter().flatten() {
                if peer == s {
                    continue;
                }
                let set =
                    if kind == ModuleKind::Pd { &self.sets[peer as usize].0 } else { &self.sets[peer as usize].1 };
                if set.binary_search(&n).is_ok() {
                    peers.push(self.scope_label(peer));
                    if peers.len() == 2 {
                        break;
                    }
                }
            }
        }
        let what = if kind == ModuleKind::Pd { "PD module" } else { "intervention" };
        let mut parts = Vec::new();
        if !offers.is_empty() {
            parts.push(format!("adopt {what} {}", offers.join(" or ")));
        }
        if !peers.is_empty() {
            let verb = match (kind, peers.len()) {
                (ModuleKind::Pd, 1) => "already teaches it",
                (ModuleKind::Pd, _) => "already teach it",
                (_, 1) => "already has an intervention for it",
                _ => "already have an intervention for it",
            };
            parts.push(format!("{} {verb}", peers.join(" and ")));
        }
        if parts.is_empty() {
            format!("no {what} in the catalogue addresses {}: one is needed", self.name(n))
        } else {
            parts.join("; ")
        }
    }

    /// The finding in words: (message, help).
    fn describe(&self, s: u32, gap: &Gap) -> (String, String) {
        match gap {
            Gap::C1 { v } => (
                format!(
                    "{} (major work, grade {}) is not addressed by any PD module the scope adopts",
                    self.name(*v),
                    self.grade(*v)
                ),
                self.remedy(s, *v, ModuleKind::Pd),
            ),
            Gap::C2 { v, before, after } => (
                format!(
                    "{} is not taught, though {} before it and {} after it are: the progression breaks there",
                    self.name(*v),
                    self.name(*before),
                    self.name(*after)
                ),
                self.remedy(s, *v, ModuleKind::Pd),
            ),
            Gap::C3 { a, taught } => {
                let first = taught.first().copied().unwrap_or(*a);
                let others = match taught.len() {
                    0 | 1 => String::new(),
                    2 => " (1 more taught standard needs it too)".to_string(),
                    n => format!(" ({} more taught standards need it too)", n - 1),
                };
                (
                    format!(
                        "{} is taught in {} but its prerequisite {} (grade {}) has no intervention{others}",
                        self.name(first),
                        self.taught_in(s, first),
                        self.name(*a),
                        self.grade(*a)
                    ),
                    self.remedy(s, *a, ModuleKind::Intervention),
                )
            }
            Gap::C4 { x, related } => (
                format!(
                    "{} is not taught, though {}, connected to it in grade {}, is (in {})",
                    self.name(*x),
                    self.name(*related),
                    self.grade(*x),
                    self.taught_in(s, *related)
                ),
                self.remedy(s, *x, ModuleKind::Pd),
            ),
            Gap::C5 { u, v, first_u, first_v } => (
                format!(
                    "{} is taught in session {} ({}), after {} in session {} ({}), which builds on it",
                    self.name(*u),
                    first_u.0,
                    self.module_label(first_u.1),
                    self.name(*v),
                    first_v.0,
                    self.module_label(first_v.1)
                ),
                format!(
                    "move {} before session {}, or {} after session {}",
                    self.name(*u),
                    first_v.0,
                    self.name(*v),
                    first_u.0
                ),
            ),
        }
    }

    /// The ids a finding involves, the filed standard first.
    fn ids(&self, gap: &Gap) -> Vec<String> {
        gap.nodes().into_iter().map(|n| self.name(n)).collect()
    }

    /// Report order: major work first, then by how many later standards depend on the gap.
    fn ranked<'g>(&self, sg: &'g ScopeGaps) -> Vec<&'g Gap> {
        let mut gaps: Vec<&Gap> = sg.gaps.iter().collect();
        gaps.sort_by_cached_key(|gap| {
            let n = gap.standard();
            (!self.major(n), std::cmp::Reverse(self.later(n)), gap.check(), n)
        });
        gaps
    }
}

fn counts_line(c: &Counts) -> String {
    let n = |k: u64, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    format!(
        "C1 {} · C2 {} · C3 {} ({}) · C4 {} · C5 {}",
        n(c.c1, "uncovered major standard", "uncovered major standards"),
        n(c.c2, "broken chain", "broken chains"),
        n(c.c3.distinct, "prerequisite without intervention", "prerequisites without intervention"),
        n(c.c3.pairs, "pair", "pairs"),
        n(c.c4, "untaught related standard", "untaught related standards"),
        n(c.c5, "edge taught out of order", "edges taught out of order"),
    )
}

/// Scopes in report order: each top-level scope (by id) followed by its children (by id).
fn ordered<'r>(cx: &Cx<'r>) -> Vec<(usize, &'r ScopeGaps)> {
    let run = cx.run;
    let position: HashMap<u32, usize> = run.scopes.iter().enumerate().map(|(i, s)| (s.scope, i)).collect();
    let mut roots: Vec<&ScopeGaps> = run
        .scopes
        .iter()
        .filter(|s| cx.g().scopes[s.scope as usize].parent.is_none_or(|p| !position.contains_key(&p)))
        .collect();
    roots.sort_by(|a, b| cx.scope_id(a.scope).cmp(cx.scope_id(b.scope)));
    let mut out = Vec::new();
    fn walk<'r>(
        cx: &Cx<'r>,
        s: &'r ScopeGaps,
        depth: usize,
        position: &HashMap<u32, usize>,
        out: &mut Vec<(usize, &'r ScopeGaps)>,
        run: &'r Gaps,
    ) {
        out.push((depth, s));
        let mut kids: Vec<u32> =
            cx.children.get(&s.scope).into_iter().flatten().copied().filter(|k| position.contains_key(k)).collect();
        kids.sort_by(|a, b| cx.scope_id(*a).cmp(cx.scope_id(*b)));
        for k in kids {
            walk(cx, &run.scopes[position[&k]], depth + 1, position, out, run);
        }
    }
    for r in roots {
        walk(cx, r, 0, &position, &mut out, run);
    }
    out
}

/// The sum over a scope's descendants that were checked (a district's schools).
fn rollup(cx: &Cx, s: u32) -> Option<(usize, Counts)> {
    let position: HashMap<u32, &ScopeGaps> = cx.run.scopes.iter().map(|x| (x.scope, x)).collect();
    let mut stack: Vec<u32> = cx.children.get(&s).cloned().unwrap_or_default();
    let mut sum = Counts::default();
    let mut n = 0;
    while let Some(k) = stack.pop() {
        if let Some(x) = position.get(&k) {
            sum.add(&x.counts);
            n += 1;
        }
        stack.extend(cx.children.get(&k).into_iter().flatten());
    }
    (n > 0).then_some((n, sum))
}

fn header_lines(cx: &Cx) -> (String, String) {
    let v = &cx.run.validation;
    let (b, r) = v.graph.edge_counts();
    let errors = v.findings.iter().filter(|f| f.severity() == crate::finding::Severity::Error).count();
    let mut total = Counts::default();
    for s in &cx.run.scopes {
        total.add(&s.counts);
    }
    let data = format!(
        "{} standards, {} builds_towards, {} relates_to; {} modules, {} scopes, {} plan rows; {}",
        v.graph.len(),
        b,
        r,
        v.graph.modules.len(),
        v.graph.scopes.len(),
        v.graph.plans.len(),
        if errors == 0 {
            "no data errors".to_string()
        } else {
            format!("{errors} data errors: run `coherence validate` to see them")
        }
    );
    let all = match cx.run.scopes.len() {
        1 => format!("1 scope checked: {}", counts_line(&total)),
        n => format!("{n} scopes checked, in all: {}", counts_line(&total)),
    };
    (data, all)
}

/// The report for people: per scope (districts before their schools), the
/// counts, a district's roll-up over its schools, and the top findings by
/// impact, each with what to do about it.
pub fn write_text(run: &Gaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run);
    let st = opts.style;
    let (data, all) = header_lines(&cx);
    writeln!(
        out,
        "{} (window {}: C3 looks {} grades back)",
        st.paint("1", "Coherence gaps"),
        run.index.window,
        run.index.window
    )?;
    writeln!(out, "data: {data}")?;
    writeln!(out, "{all}")?;
    for (depth, sg) in ordered(&cx) {
        let pad = "  ".repeat(depth);
        let sc = &cx.ds().scopes[cx.g().scopes[sg.scope as usize].scope];
        writeln!(out)?;
        writeln!(out, "{pad}{}, grades {}-{}", st.paint("1", &cx.scope_label(sg.scope)), sc.grade_lo, sc.grade_hi)?;
        writeln!(out, "{pad}  {}", counts_line(&sg.counts))?;
        if let Some((n, sum)) = rollup(&cx, sg.scope) {
            writeln!(out, "{pad}  its {n} schools together: {}", counts_line(&sum))?;
        }
        if opts.summary_only {
            continue;
        }
        let ranked = cx.ranked(sg);
        for (i, gap) in ranked.iter().take(opts.top).enumerate() {
            let (message, help) = cx.describe(sg.scope, gap);
            writeln!(out, "{pad}  {:>2}. [{}] {message}", i + 1, st.paint("33", &format!("C{}", gap.check())))?;
            writeln!(out, "{pad}      -> {help}")?;
        }
        if ranked.len() > opts.top {
            writeln!(
                out,
                "{pad}  and {} more: coherence gaps --scope {} --format csv lists them all",
                ranked.len() - opts.top,
                cx.scope_id(sg.scope)
            )?;
        }
    }
    Ok(())
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The report as Markdown: a summary table, then a section per scope.
pub fn write_markdown(run: &Gaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run);
    let (data, _) = header_lines(&cx);
    writeln!(out, "# Coherence gaps\n")?;
    writeln!(out, "Data: {data}. Window {}: C3 looks {} grades back.\n", run.index.window, run.index.window)?;
    writeln!(
        out,
        "| scope | grades | C1 uncovered major | C2 broken chains | C3 prerequisites (pairs) | C4 horizontal | C5 out of order |"
    )?;
    writeln!(out, "|---|---|---:|---:|---:|---:|---:|")?;
    let order = ordered(&cx);
    for (depth, sg) in &order {
        let sc = &cx.ds().scopes[cx.g().scopes[sg.scope as usize].scope];
        let c = &sg.counts;
        let indent = "&nbsp;&nbsp;".repeat(*depth);
        writeln!(
            out,
            "| {indent}{} | {}-{} | {} | {} | {} ({}) | {} | {} |",
            md_escape(&cx.scope_label(sg.scope)),
            sc.grade_lo,
            sc.grade_hi,
            c.c1,
            c.c2,
            c.c3.distinct,
            c.c3.pairs,
            c.c4,
            c.c5
        )?;
    }
    if opts.summary_only {
        return Ok(());
    }
    for (_, sg) in order {
        let sc = &cx.ds().scopes[cx.g().scopes[sg.scope as usize].scope];
        writeln!(out, "\n## {}, grades {}-{}\n", md_escape(&cx.scope_label(sg.scope)), sc.grade_lo, sc.grade_hi)?;
        writeln!(out, "{}\n", counts_line(&sg.counts))?;
        if let Some((n, sum)) = rollup(&cx, sg.scope) {
            writeln!(out, "Its {n} schools together: {}\n", counts_line(&sum))?;
        }
        let ranked = cx.ranked(sg);
        for (i, gap) in ranked.iter().take(opts.top).enumerate() {
            let (message, help) = cx.describe(sg.scope, gap);
            writeln!(
                out,
                "{}. **C{}** {}  \n   *What to do:* {}",
                i + 1,
                gap.check(),
                md_escape(&message),
                md_escape(&help)
            )?;
        }
        if ranked.len() > opts.top {
            writeln!(
                out,
                "\n…and {} more (`coherence gaps --scope {} --format csv`).",
                ranked.len() - opts.top,
                cx.scope_id(sg.scope)
            )?;
        }
    }
    Ok(())
}

/// Every finding as JSON, streamed: `summary`, `dataset_findings` (the
/// checks of validate), then `findings`, one plan finding per line.
pub fn write_json(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run);
    out.write_all(b"{\n\"summary\": ")?;
    serde_json::to_writer(&mut *out, &summary(run))?;
    out.write_all(b",\n\"dataset_findings\": [")?;
    for (i, f) in run.validation.findings.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &crate::report::finding_json(f))?;
    }
    out.write_all(b"\n],\n\"findings\": [")?;
    let mut first = true;
    for sg in &run.scopes {
        let scope = cx.scope_id(sg.scope);
        for gap in &sg.gaps {
            let (message, help) = cx.describe(sg.scope, gap);
            let n = gap.standard();
            let doc = json!({
                "code": format!("C{}", gap.check()),
                "name": NAMES[gap.check() as usize - 1],
                "severity": "warning",
                "scope": scope,
                "standard": cx.name(n),
                "grade": cx.grade(n),
                "major": cx.major(n),
                "ids": cx.ids(gap),
                "message": message,
                "help": help,
            });
            out.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            serde_json::to_writer(&mut *out, &doc)?;
        }
    }
    out.write_all(b"\n]\n}\n")
}

/// Every finding as CSV, one row each, streamed: dataset findings first (no
/// scope), then plan findings scope by scope.
pub fn write_csv(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
    let io = |e: csv::Error| io::Error::other(e.to_string());
    w.write_record([
        "code",
        "name",
        "severity",
        "scope",
        "scope_name",
        "standard",
        "grade",
        "major",
        "ids",
        "message",
        "help",
        "file",
        "line",
    ])
    .map_err(io)?;
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
            &ids,
            &f.message,
            &f.help,
            &file,
            &line,
        ])
        .map_err(io)?;
    }
    for sg in &run.scopes {
        let scope = cx.scope_id(sg.scope).to_string();
        let scope_name = cx.ds().scopes[cx.g().scopes[sg.scope as usize].scope].name.clone().unwrap_or_default();
        for gap in &sg.gaps {
            let (message, help) = cx.describe(sg.scope, gap);
            let n = gap.standard();
            let code = format!("C{}", gap.check());
            let major = if cx.major(n) { "true" } else { "false" };
            let ids = cx.ids(gap).join(";");
            w.write_record([
                code.as_str(),
                NAMES[gap.check() as usize - 1],
                "warning",
                &scope,
                &scope_name,
                &cx.name(n),
                cx.grade(n),
                major,
                &ids,
                &message,
                &help,
                "",
                "",
            ])
            .map_err(io)?;
        }
    }
    w.flush()
}

/// The findings that involve standard `n`, in every scope checked: (scope
/// label, code, message, ids), by scope in report order.
pub fn involving(run: &Gaps, n: NodeId) -> Vec<(String, String, String, Vec<String>)> {
    let cx = Cx::new(run);
    let mut out = Vec::new();
    for (_, sg) in ordered(&cx) {
        for gap in &sg.gaps {
            let hit = gap.nodes().contains(&n);
            if hit {
                out.push((
                    cx.scope_label(sg.scope),
                    format!("C{}", gap.check()),
                    cx.describe(sg.scope, gap).0,
                    cx.ids(gap),
                ));
            }
        }
    }
    out
}

/// A scope's coverage and gaps, for pictures: what its PD teaches and which
/// standards its findings are filed under.
pub fn marks(run: &Gaps, scope: &str) -> Option<crate::report::explore::Marks> {
    let cx = Cx::new(run);
    let sg = run.scopes.iter().find(|s| cx.scope_id(s.scope) == scope)?;
    Some(crate::report::explore::Marks {
        scope: Some(cx.scope_label(sg.scope)),
        covered: cx.sets[sg.scope as usize].0.iter().copied().collect(),
        gaps: sg.gaps.iter().map(Gap::standard).collect(),
    })
}

/// Every checked scope for the HTML map: id, name, grade band (levels), the
/// standards its PD teaches, and its gaps as [code, standard, message, ids].
pub fn map_scopes(run: &Gaps) -> Value {
    let cx = Cx::new(run);
    let v: Vec<Value> = ordered(&cx)
        .into_iter()
        .map(|(_, sg)| {
            let sc = &cx.ds().scopes[cx.g().scopes[sg.scope as usize].scope];
            let mut ranked = cx.ranked(sg);
            ranked.truncate(2000);
            let gaps: Vec<Value> = ranked
                .into_iter()
                .map(|gap| {
                    let ids = gap.nodes();
                    json!([format!("C{}", gap.check()), gap.standard(), cx.describe(sg.scope, gap).0, ids])
                })
                .collect();
            json!({
                "id": sc.id,
                "name": sc.name,
                "lo": sc.grade_lo.level(),
                "hi": sc.grade_hi.level(),
                "pd": cx.sets[sg.scope as usize].0,
                "gaps": gaps,
            })
        })
        .collect();
    Value::Array(v)
}
