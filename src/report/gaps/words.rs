//! Findings and remedies in words: what a renderer prints for a line of
//! findings, with the catalogue modules to adopt and the peers to learn from.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{pct, short};
use crate::Gaps;
use crate::advice::{self, Coverage, Line, Measure};
use crate::checks::plan::{Gap, ScopeGaps, is_priority};
use crate::finding::printable;
use crate::graph::NodeId;
use crate::model::{Focus, ModuleKind};

/// What rendering needs beyond the run: lookups made once.
pub(super) struct Cx<'a> {
    pub(super) run: &'a Gaps,
    /// Each scope's coverage, for remedies and peers (only when findings are rendered).
    pub(super) cov: Option<Coverage>,
    /// Catalogue modules addressing each node: PD, then interventions.
    offer: [Vec<Vec<u32>>; 2],
    /// Standards that build on a node within the window, for ranking lines.
    later: HashMap<NodeId, Vec<NodeId>>,
    /// The last scope's open standards (PD findings, then C3), sorted: every
    /// finding of a scope is phrased in turn, and each would sort them again.
    open: std::cell::RefCell<Option<(u32, [Vec<NodeId>; 2])>>,
}

impl<'a> Cx<'a> {
    pub(super) fn new(run: &'a Gaps, findings: bool) -> Cx<'a> {
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
        Cx { run, cov: findings.then(|| Coverage::new(run)), offer, later: HashMap::new(), open: Default::default() }
    }

    pub(super) fn ds(&self) -> &'a crate::model::Dataset {
        &self.run.validation.dataset
    }

    pub(super) fn g(&self) -> &'a crate::graph::Graph {
        &self.run.validation.graph
    }

    /// A standard's name, its control characters shown escaped (as every text from the data in a report).
    pub(super) fn name(&self, n: NodeId) -> String {
        printable(&self.g().name(self.ds(), n)).into_owned()
    }

    /// A standard's summary, shown escaped.
    pub(super) fn summary(&self, n: NodeId) -> Option<Cow<'a, str>> {
        self.std(n).summary.as_deref().map(printable)
    }

    pub(super) fn std(&self, n: NodeId) -> &'a crate::model::Standard {
        &self.ds().standards[self.g().nodes[n as usize].standard]
    }

    pub(super) fn grade(&self, n: NodeId) -> &'static str {
        self.g().nodes[n as usize].grade.as_str()
    }

    pub(super) fn priority(&self, n: NodeId) -> bool {
        is_priority(self.ds(), self.g(), n)
    }

    /// Why `n` is priority work, in words.
    pub(super) fn priority_words(&self, n: NodeId) -> &'static str {
        let s = self.std(n);
        if s.focus == Some(Focus::Major) {
            "major work"
        } else if s.wap {
            "widely applicable prerequisite"
        } else {
            "priority work"
        }
    }

    pub(super) fn scope(&self, s: u32) -> &'a crate::model::Scope {
        &self.ds().scopes[self.g().scopes[s as usize].scope]
    }

    /// A scope's id as the data has it, for JSON and CSV.
    pub(super) fn raw_scope_id(&self, s: u32) -> &'a str {
        &self.scope(s).id
    }

    /// A scope's id, shown escaped, for text and Markdown.
    pub(super) fn scope_id(&self, s: u32) -> Cow<'a, str> {
        printable(&self.scope(s).id)
    }

    pub(super) fn scope_label(&self, s: u32) -> String {
        let sc = self.scope(s);
        match &sc.name {
            Some(n) => format!("{} ({})", printable(n), printable(&sc.id)),
            None => printable(&sc.id).into_owned(),
        }
    }

    pub(super) fn module(&self, m: u32) -> &'a crate::model::Module {
        &self.ds().modules[self.g().modules[m as usize].module]
    }

    pub(super) fn module_label(&self, m: u32) -> String {
        let md = self.module(m);
        match &md.title {
            Some(t) => format!("{} \"{}\"", printable(&md.id), printable(t)),
            None => printable(&md.id).into_owned(),
        }
    }

    /// Provider, tier, evidence and practices, as words.
    pub(super) fn module_about(&self, m: u32) -> Vec<String> {
        let md = self.module(m);
        let mut about: Vec<String> = md.provider.iter().map(|p| printable(p).into_owned()).collect();
        if let Some(t) = &md.tier {
            about.push(format!("tier {}", printable(t)));
        }
        if let Some(e) = &md.evidence {
            about.push(format!("{} evidence", printable(e)));
        }
        let practices = crate::report::explore::practice_ids(self.ds(), &self.g().modules[m as usize].practices);
        if !practices.is_empty() {
            about.push(format!("practices {}", practices.join(", ")));
        }
        about
    }

    /// Where scope `s` teaches `n`: the module with the earliest session, as words.
    pub(super) fn taught_in(&self, s: u32, n: NodeId) -> String {
        let g = self.g();
        let best = g
            .plans
            .of(s)
            .iter()
            .map(|a| (a.module(), a.sequence()))
            .filter(|(m, _)| {
                let module = &g.modules[*m as usize];
                module.kind == ModuleKind::Pd && module.standards.binary_search(&n).is_ok()
            })
            .min_by_key(|(m, q)| (q.unwrap_or(i64::MAX), *m));
        match best {
            Some((m, Some(q))) => format!("{} (session {q})", self.module_label(m)),
            Some((m, None)) => self.module_label(m),
            None => "its PD".to_string(),
        }
    }

    /// Catalogue modules of `kind` that address `n` and scope `s` does not
    /// adopt: those addressing most of the scope's other findings first.
    pub(super) fn offers(&self, sg: &ScopeGaps, n: NodeId, kind: ModuleKind, limit: usize) -> Vec<u32> {
        let Some(cov) = &self.cov else { return Vec::new() };
        let k = usize::from(kind == ModuleKind::Intervention);
        let adopted = &cov.adopted[sg.scope as usize];
        let wanted = |gap: &Gap, kind: ModuleKind| match (gap, kind) {
            (Gap::C3 { a, .. }, ModuleKind::Intervention) => Some(*a),
            (Gap::C1 { v } | Gap::C2 { v, .. }, ModuleKind::Pd) => Some(*v),
            (Gap::C4 { x, .. }, ModuleKind::Pd) => Some(*x),
            _ => None,
        };
        let mut cache = self.open.borrow_mut();
        if cache.as_ref().is_none_or(|(s, _)| *s != sg.scope) {
            let lists = [ModuleKind::Pd, ModuleKind::Intervention].map(|kind| {
                let mut open: Vec<NodeId> = sg.gaps.iter().filter_map(|gap| wanted(gap, kind)).collect();
                open.sort_unstable();
                open.dedup();
                open
            });
            *cache = Some((sg.scope, lists));
        }
        let open: &[NodeId] = cache.as_ref().map_or(&[], |(_, lists)| &lists[k]);
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
    pub(super) fn remedy(&self, sg: &ScopeGaps, gap: &Gap) -> (String, Vec<(u32, Option<f64>)>) {
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
            format!("no {what} in the catalog addresses {}: one is needed", self.name(n))
        } else {
            parts.join("; ")
        };
        (help, peers)
    }

    /// The standards a line is about, as words: `4.NF.B.3 and its parts a-d`, `4.NF.B.3 parts a and c`.
    pub(super) fn line_subject(&self, sg: &ScopeGaps, line: &Line) -> String {
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
    pub(super) fn describe(
        &self,
        sg: &ScopeGaps,
        line: &Line,
        summary: Option<usize>,
    ) -> (String, String, Vec<(u32, Option<f64>)>) {
        let s = sg.scope;
        let first = &sg.gaps[line.gaps[0]];
        let mut what = self.line_subject(sg, line);
        if let (Some(max), Some(text)) = (summary, self.summary(line.head)) {
            what = format!("{what} \"{}\"", short(&text, max));
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
                    "{} is taught in {} but its prerequisite {what} (grade {}{}) {} no intervention{others}",
                    self.name(named),
                    self.taught_in(s, named),
                    self.grade(n),
                    super::evidence::proficient_note(self, s, n),
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
    pub(super) fn single(&self, sg: &ScopeGaps, i: usize) -> Line {
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

    pub(super) fn lines(&mut self, sg: &ScopeGaps, top: usize) -> Vec<Line> {
        advice::lines(self.run, sg, top, &mut self.later)
    }
}
