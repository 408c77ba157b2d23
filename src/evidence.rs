//! Students' results (`results.csv`) read against the plans: where students
//! are weakest, which earlier standards are weak too (walked back along the
//! progressions), whether an intervention of the plan backs each weak
//! standard (the intervention coverage rate), and which weak prerequisites to
//! teach before a weak standard the plan teaches. The order of C3 findings
//! and of interventions among the actions follows from it ([`crate::advice`]).
//!
//! Pure: no I/O and no words; `report::gaps` renders it. No count of the
//! spec's summary depends on it.

use std::cmp::Ordering;
use std::collections::VecDeque;

use rustc_hash::FxHashSet as HashSet;

use crate::Gaps;
use crate::graph::{Graph, NodeId};
use crate::model::{Dataset, ModuleKind};

/// The share proficient below which a standard is weak, unless `--weak` says otherwise.
pub const DEFAULT_WEAK: f64 = 0.6;

/// How results are read.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// A standard is weak when its share proficient is below this.
    pub weak: f64,
    /// Only the results of this term; without it, each standard's latest term.
    pub term: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { weak: DEFAULT_WEAK, term: None }
    }
}

/// One scope's results on one standard: the rows of one term added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// The standard the rows name.
    pub standard: NodeId,
    /// Students tested.
    pub tested: u64,
    /// Of them, those proficient.
    pub proficient: u64,
    /// The first of the rows (an index into `Dataset::results`): its term and where it was read.
    pub row: usize,
}

impl Score {
    /// The share proficient, in [0, 1].
    pub fn rate(&self) -> f64 {
        self.proficient as f64 / self.tested as f64
    }

    /// Students tested and not proficient.
    pub fn below(&self) -> u64 {
        self.tested - self.proficient
    }

    /// Weaker first, compared exactly (no rounding): then more students
    /// below proficient first.
    pub fn weaker(&self, other: &Score) -> Ordering {
        let a = u128::from(self.proficient) * u128::from(other.tested);
        let b = u128::from(other.proficient) * u128::from(self.tested);
        a.cmp(&b).then_with(|| other.below().cmp(&self.below()))
    }

    /// The term of the results, as written (none for rows without one).
    pub fn term<'d>(&self, ds: &'d Dataset) -> Option<&'d str> {
        ds.results[self.row].term.as_deref()
    }
}

/// A weak prerequisite of a weak standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prerequisite {
    /// Its results (on the standard itself, or on the parent whose results stand for it).
    pub score: Score,
    /// How many builds_towards steps back from the weak standard.
    pub depth: u32,
    /// The interventions of the scope's plan that address it (indices into `Graph::modules`).
    pub interventions: Vec<u32>,
}

/// A weak standard of a scope: its weak prerequisites and the interventions that back it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weak {
    /// Its results.
    pub score: Score,
    /// Its weak prerequisites, walked back along builds_towards through weak
    /// standards only, in the order to teach them: lower grades first, then
    /// the farthest back, then the weakest.
    pub prerequisites: Vec<Prerequisite>,
    /// The interventions of the scope's plan that address it or a part its
    /// results stand for (indices into `Graph::modules`, ascending).
    pub interventions: Vec<u32>,
}

/// A weak standard the plan teaches, with its weak prerequisites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaughtNext {
    /// Its results.
    pub score: Score,
    /// The PD modules of the plan that teach it (or parts its results stand
    /// for), earliest session first (indices into `Graph::modules`).
    pub taught_in: Vec<u32>,
    /// Its weak prerequisites, as [`Weak::prerequisites`] has them.
    pub prerequisites: Vec<Prerequisite>,
    /// Catalogue interventions the scope does not adopt that address the
    /// prerequisites no intervention of its plan backs: those addressing
    /// most of them first, then by module id; at most two.
    pub offers: Vec<u32>,
}

impl TaughtNext {
    /// Whether an intervention of the plan addresses every weak prerequisite.
    pub fn backed(&self) -> bool {
        self.prerequisites.iter().all(|p| !p.interventions.is_empty())
    }
}

/// What one scope's results say.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeEvidence {
    /// Index into `Graph::scopes`.
    pub scope: u32,
    /// Every standard with results, ascending by standard.
    pub scores: Vec<Score>,
    /// The weak standards, weakest first (ties: more students below
    /// proficient, then by standard id).
    pub weak: Vec<Weak>,
    /// The weak standards the plan's PD teaches in the scope's grades, weakest first.
    pub next: Vec<TaughtNext>,
    /// The terms the scores come from, ascending (`None`: rows without a term).
    pub terms: Vec<Option<String>>,
}

impl ScopeEvidence {
    /// How many weak standards an intervention of the plan addresses.
    pub fn covered(&self) -> usize {
        self.weak.iter().filter(|w| !w.interventions.is_empty()).count()
    }

    /// The intervention coverage rate: the share of weak standards that an
    /// intervention of the plan addresses; `None` when no standard is weak.
    pub fn coverage(&self) -> Option<f64> {
        (!self.weak.is_empty()).then(|| self.covered() as f64 / self.weak.len() as f64)
    }

    /// The results on `n` itself.
    pub fn own(&self, n: NodeId) -> Option<&Score> {
        self.scores.binary_search_by_key(&n, |s| s.standard).ok().map(|i| &self.scores[i])
    }

    /// `n` and the standards below it whose results `n`'s stand for (its
    /// parts without results of their own), `n` first.
    pub fn parts(&self, g: &Graph, n: NodeId) -> Vec<NodeId> {
        members(g, self, n)
    }

    /// The results that stand for `n`: its own, else those of the nearest
    /// standard above it (a parent's results cover its parts, as a module
    /// naming the parent does).
    pub fn of(&self, g: &Graph, n: NodeId) -> Option<&Score> {
        let mut at = n;
        // A parent cycle in bad data ends where it repeats: no chain is longer than the graph.
        for _ in 0..g.len() {
            if let Some(s) = self.own(at) {
                return Some(s);
            }
            at = g.nodes[at as usize].parent?;
        }
        None
    }
}

/// What the results say, scope by scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The threshold of weak.
    pub weak: f64,
    /// The term asked for, if one was.
    pub term: Option<String>,
    /// One per checked scope with results, in `Gaps::scopes` order.
    pub scopes: Vec<ScopeEvidence>,
    /// Each graph scope's position in `scopes`.
    at: Vec<Option<u32>>,
}

impl Evidence {
    /// The evidence of scope `s` (an index into `Graph::scopes`), when it has results.
    pub fn of(&self, s: u32) -> Option<&ScopeEvidence> {
        self.at.get(s as usize).copied().flatten().map(|i| &self.scopes[i as usize])
    }

    /// Whether a score is weak.
    pub fn is_weak(&self, s: &Score) -> bool {
        (s.proficient as f64) < self.weak * s.tested as f64
    }
}

/// Reads the results of the checked scopes of a run: for each scope and
/// standard, the rows of the latest term (terms compare as text; rows
/// without a term come before any term), or of `settings.term`, added up.
/// `None` when no checked scope has results.
///
/// # Errors
/// A term asked for that no results row has, with the terms there are.
///
/// Complexity: O(R log R) for R results rows, plus per scope with results
/// O(W·(V + E)) for W weak standards walked back over the graph (each walk
/// stays within the window and within the weak standards).
pub fn compute(run: &Gaps, settings: &Settings) -> Result<Option<Evidence>, String> {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    if let Some(t) = &settings.term
        && !g.results.iter().any(|r| ds.results[r.row].term.as_deref() == Some(t.as_str()))
    {
        let mut terms: Vec<&str> = g.results.iter().filter_map(|r| ds.results[r.row].term.as_deref()).collect();
        terms.sort_unstable();
        terms.dedup();
        return Err(if terms.is_empty() {
            format!("no results of term {t}: the results hold no term")
        } else {
            format!("no results of term {t}; the terms in the results are {}", terms.join(", "))
        });
    }
    let mut checked = vec![false; g.scopes.len()];
    for sg in &run.scopes {
        checked[sg.scope as usize] = true;
    }
    // (scope, standard, term, row): each group's last term is its latest.
    let mut rows: Vec<(u32, NodeId, Option<&str>, usize)> = g
        .results
        .iter()
        .filter(|r| checked[r.scope as usize])
        .map(|r| (r.scope, r.standard, ds.results[r.row].term.as_deref(), r.row))
        .filter(|r| settings.term.as_deref().is_none_or(|t| r.2 == Some(t)))
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    rows.sort_unstable();
    let mut per_scope: Vec<Vec<Score>> = vec![Vec::new(); g.scopes.len()];
    let mut i = 0;
    while i < rows.len() {
        let (s, n, _, _) = rows[i];
        let mut j = i;
        while j < rows.len() && rows[j].0 == s && rows[j].1 == n {
            j += 1;
        }
        // The latest term of this scope and standard: the last rows of the group.
        let latest = rows[j - 1].2;
        let first = rows[i..j].iter().position(|r| r.2 == latest).map_or(i, |k| i + k);
        let (mut tested, mut proficient) = (0u64, 0u64);
        for r in &rows[first..j] {
            tested = tested.saturating_add(ds.results[r.3].tested);
            proficient = proficient.saturating_add(ds.results[r.3].proficient);
        }
        per_scope[s as usize].push(Score { standard: n, tested, proficient, row: rows[first].3 });
        i = j;
    }
    // Catalogue interventions by the standards they address, for offers.
    let mut offer: Vec<Vec<u32>> = vec![Vec::new(); g.len()];
    for (m, module) in g.modules.iter().enumerate().filter(|(_, m)| m.kind == ModuleKind::Intervention) {
        for &n in &module.standards {
            offer[n as usize].push(m as u32);
        }
    }
    let mut ev = Evidence {
        weak: settings.weak,
        term: settings.term.clone(),
        scopes: Vec::new(),
        at: vec![None; g.scopes.len()],
    };
    for sg in &run.scopes {
        let scores = std::mem::take(&mut per_scope[sg.scope as usize]);
        if scores.is_empty() {
            continue;
        }
        let scope = scope_evidence(run, &ev, &offer, sg.scope, scores);
        ev.at[sg.scope as usize] = Some(ev.scopes.len() as u32);
        ev.scopes.push(scope);
    }
    Ok(Some(ev))
}

/// The evidence of one scope from its scores.
fn scope_evidence(run: &Gaps, ev: &Evidence, offer: &[Vec<u32>], s: u32, scores: Vec<Score>) -> ScopeEvidence {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let name = |n: NodeId| ds.standards[g.nodes[n as usize].standard].id.as_str();
    let order = |a: &Score, b: &Score| a.weaker(b).then_with(|| name(a.standard).cmp(name(b.standard)));
    let mut terms: Vec<Option<String>> = scores.iter().map(|x| ds.results[x.row].term.clone()).collect();
    terms.sort_unstable();
    terms.dedup();
    let mut weak: Vec<Score> = scores.iter().copied().filter(|x| ev.is_weak(x)).collect();
    weak.sort_by(order);
    let mut out = ScopeEvidence { scope: s, scores, weak: Vec::new(), next: Vec::new(), terms };

    let (pd, int) = plan_sets(run, s);
    // The plan's interventions that address `n` or a part whose results `n`'s stand for.
    let interventions = |se: &ScopeEvidence, n: NodeId| -> Vec<u32> {
        let parts = members(g, se, n);
        int.iter()
            .copied()
            .filter(|&m| parts.iter().any(|v| g.modules[m as usize].standards.binary_search(v).is_ok()))
            .collect()
    };
    out.weak = weak
        .iter()
        .map(|&w| {
            let mut prerequisites: Vec<Prerequisite> = walk_back(g, ev, &out, w.standard, run.index.window)
                .into_iter()
                .map(|(score, depth)| Prerequisite { score, depth, interventions: interventions(&out, score.standard) })
                .collect();
            prerequisites.sort_by(|a, b| {
                let level = |p: &Prerequisite| g.nodes[p.score.standard as usize].grade.level();
                level(a).cmp(&level(b)).then(b.depth.cmp(&a.depth)).then_with(|| order(&a.score, &b.score))
            });
            Weak { score: w, prerequisites, interventions: interventions(&out, w.standard) }
        })
        .collect();

    let rs = &g.scopes[s as usize];
    let sc = &ds.scopes[rs.scope];
    let inscope = |n: NodeId| {
        let node = &g.nodes[n as usize];
        node.framework == rs.framework && (sc.grade_lo.level()..=sc.grade_hi.level()).contains(&node.grade.level())
    };
    // The weak standards whose results stand for a standard the PD teaches in the scope's grades.
    let mut taught: Vec<NodeId> =
        pd.iter().filter(|&&v| inscope(v)).filter_map(|&v| out.of(g, v).map(|x| x.standard)).collect();
    taught.sort_unstable();
    taught.dedup();
    out.next = out
        .weak
        .iter()
        .filter(|w| taught.binary_search(&w.score.standard).is_ok())
        .map(|w| TaughtNext {
            score: w.score,
            taught_in: taught_in(run, &out, s, w.score.standard),
            prerequisites: w.prerequisites.clone(),
            offers: offers(run, &out, offer, &int, &w.prerequisites),
        })
        .collect();
    out
}

/// Up to two catalogue interventions, not among `adopted`, addressing the
/// most of the prerequisites that no adopted intervention backs (then by module id).
fn offers(
    run: &Gaps,
    scope: &ScopeEvidence,
    offer: &[Vec<u32>],
    adopted: &[u32],
    prerequisites: &[Prerequisite],
) -> Vec<u32> {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let mut hits: Vec<(u32, usize)> = Vec::new();
    for p in prerequisites.iter().filter(|p| p.interventions.is_empty()) {
        // Each module once per prerequisite, however many of its parts it addresses.
        let mut here: Vec<u32> =
            members(g, scope, p.score.standard).iter().flat_map(|&v| offer[v as usize].iter().copied()).collect();
        here.sort_unstable();
        here.dedup();
        for m in here {
            if adopted.binary_search(&m).is_err() {
                match hits.iter_mut().find(|h| h.0 == m) {
                    Some(h) => h.1 += 1,
                    None => hits.push((m, 1)),
                }
            }
        }
    }
    let id = |m: u32| ds.modules[g.modules[m as usize].module].id.as_str();
    hits.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| id(a.0).cmp(id(b.0))));
    hits.into_iter().take(2).map(|h| h.0).collect()
}

/// The PD modules of scope `s` that address `t` or a standard whose results
/// `t`'s stand for, by first session (unsequenced last), then by index.
fn taught_in(run: &Gaps, scope: &ScopeEvidence, s: u32, t: NodeId) -> Vec<u32> {
    let g = &run.validation.graph;
    let mut found: Vec<(i64, u32)> = g
        .plans
        .of(s)
        .iter()
        .map(|a| (a.module(), a.sequence()))
        .filter(|(m, _)| {
            let module = &g.modules[*m as usize];
            module.kind == ModuleKind::Pd
                && module.standards.iter().any(|&v| scope.of(g, v).is_some_and(|x| x.standard == t))
        })
        .map(|(m, q)| (q.unwrap_or(i64::MAX), m))
        .collect();
    found.sort_unstable();
    let mut modules: Vec<u32> = Vec::with_capacity(found.len());
    for (_, m) in found {
        if !modules.contains(&m) {
            modules.push(m);
        }
    }
    modules
}

/// The standards the scope's PD addresses, and its intervention modules, both ascending.
fn plan_sets(run: &Gaps, s: u32) -> (Vec<NodeId>, Vec<u32>) {
    let g = &run.validation.graph;
    let mut pd = Vec::new();
    let mut int = Vec::new();
    for m in g.plans.of(s).iter().map(|a| a.module()) {
        let module = &g.modules[m as usize];
        match module.kind {
            ModuleKind::Pd => pd.extend_from_slice(&module.standards),
            ModuleKind::Intervention => int.push(m),
        }
    }
    pd.sort_unstable();
    pd.dedup();
    int.sort_unstable();
    int.dedup();
    (pd, int)
}

/// The weak prerequisites of `t`, with how many steps back each first
/// appears: breadth first along builds_towards, from every standard whose
/// results `t`'s stand for, through weak standards only (an untested or
/// proficient one ends the walk there), and within the C3 window: from
/// `window` grades below `t` up to its own grade, since what lies further
/// back is not taught just in time.
fn walk_back(g: &Graph, ev: &Evidence, scope: &ScopeEvidence, t: NodeId, window: i8) -> Vec<(Score, u32)> {
    let top = g.nodes[t as usize].grade.level();
    let near = |n: NodeId| (top.saturating_sub(window)..=top).contains(&g.nodes[n as usize].grade.level());
    let mut seen: HashSet<NodeId> = HashSet::default();
    seen.insert(t);
    let mut queue: VecDeque<(NodeId, u32)> = members(g, scope, t).into_iter().map(|m| (m, 0)).collect();
    let mut found = Vec::new();
    while let Some((x, depth)) = queue.pop_front() {
        for p in g.predecessors(x) {
            let Some(score) = scope.of(g, p) else { continue };
            if !near(score.standard) || !ev.is_weak(score) || !seen.insert(score.standard) {
                continue;
            }
            found.push((*score, depth + 1));
            queue.extend(members(g, scope, score.standard).into_iter().map(|m| (m, depth + 1)));
        }
    }
    found
}

/// `e` and the standards below it whose results `e`'s stand for (parts without results of their own).
fn members(g: &Graph, scope: &ScopeEvidence, e: NodeId) -> Vec<NodeId> {
    let mut out = vec![e];
    let mut i = 0;
    while i < out.len() {
        let x = out[i];
        for &c in g.children_of(x) {
            // A parent cycle in bad data would bring `e` back: each standard is taken once.
            if scope.own(c).is_none() && !out.contains(&c) {
                out.push(c);
            }
        }
        i += 1;
    }
    out
}
