//! What the gap report advises, as plain values: each check as a rate out of
//! its base, the scorecard, a district's median and weakest school, the
//! actions that close the most gaps, the peer schools to learn from, and the
//! order in which a scope's findings are shown.
//!
//! Pure: no I/O and no words; `report::gaps` renders what this computes.
//! Nothing here iterates a hash map into a result, so the same run gives the
//! same advice on any number of threads.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

use crate::Gaps;
use crate::checks::plan::{Counts, Gap, ScopeGaps, is_priority};
use crate::evidence::{Evidence, ScopeEvidence, Score};
use crate::graph::{Graph, NodeId};
use crate::model::{Dataset, ModuleKind};

/// The five plan checks read as rates (spec, Bases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    /// C1 against `priority`: the share of priority work in scope that PD covers.
    PriorityCoverage,
    /// C2 against `chain`: the share of standards between taught ones that are taught too.
    ChainIntegrity,
    /// C3 pairs against `pairs`: the share of (taught standard, prerequisite) pairs backed by an intervention.
    PrerequisiteReadiness,
    /// C4 against `related`: the share of same-grade neighbours of taught standards that are taught too.
    HorizontalCoherence,
    /// C5 against `sequenced`: the share of sequenced prerequisite edges taught in order.
    Sequencing,
}

impl Measure {
    /// Every measure, in check order.
    pub const ALL: [Measure; 5] = [
        Measure::PriorityCoverage,
        Measure::ChainIntegrity,
        Measure::PrerequisiteReadiness,
        Measure::HorizontalCoherence,
        Measure::Sequencing,
    ];

    /// The key in JSON and CSV (`priority_coverage`).
    pub fn key(self) -> &'static str {
        match self {
            Measure::PriorityCoverage => "priority_coverage",
            Measure::ChainIntegrity => "chain_integrity",
            Measure::PrerequisiteReadiness => "prerequisite_readiness",
            Measure::HorizontalCoherence => "horizontal_coherence",
            Measure::Sequencing => "sequencing",
        }
    }

    /// The name people read (`priority coverage`).
    pub fn title(self) -> &'static str {
        match self {
            Measure::PriorityCoverage => "priority coverage",
            Measure::ChainIntegrity => "chain integrity",
            Measure::PrerequisiteReadiness => "prerequisite readiness",
            Measure::HorizontalCoherence => "horizontal coherence",
            Measure::Sequencing => "sequencing",
        }
    }

    /// The measure of check `C{check}`.
    pub fn of_check(check: u8) -> Measure {
        Measure::ALL[(check.clamp(1, 5) - 1) as usize]
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A check's count out of its base.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rate {
    /// The findings the check counts (C3: pairs).
    pub count: u64,
    /// What the count is out of.
    pub base: u64,
}

impl Rate {
    /// `1 - count / base`, or `None` when the base is 0: nothing to measure is not 100%.
    pub fn value(self) -> Option<f64> {
        (self.base > 0).then(|| 1.0 - self.count as f64 / self.base as f64)
    }

    /// The part in good order: `base - count`.
    pub fn good(self) -> u64 {
        self.base.saturating_sub(self.count)
    }
}

/// The five rates of one scope's counts, in [`Measure::ALL`] order.
pub fn rates(c: &Counts) -> [Rate; 5] {
    let b = &c.base;
    [
        Rate { count: c.c1, base: b.priority },
        Rate { count: c.c2, base: b.chain },
        Rate { count: c.c3.pairs, base: b.pairs },
        Rate { count: c.c4, base: b.related },
        Rate { count: c.c5, base: b.sequenced },
    ]
}

/// Weakest first; no rate after every rate.
fn by_rate(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// One row of the scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index into [`crate::graph::Graph::scopes`].
    pub scope: u32,
    /// Standards in scope that its PD addresses (`base.taught`).
    pub taught: u64,
    /// The five rates, in [`Measure::ALL`] order.
    pub rates: [Rate; 5],
    /// For a scope over schools: their median and weakest per rate.
    pub schools: Option<Schools>,
}

/// A district's schools, rate by rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Schools {
    /// How many schools (checked descendants with no scope under them).
    pub count: usize,
    /// The median rate over the schools that have one, per measure.
    pub median: [Option<f64>; 5],
    /// The weakest school and its rate, per measure (ties: the smaller scope id).
    pub weakest: [Option<(u32, f64)>; 5],
}

/// Scopes under each scope (indices into `Graph::scopes`), ascending.
pub fn children(g: &Graph) -> Vec<Vec<u32>> {
    let mut kids = vec![Vec::new(); g.scopes.len()];
    for (i, s) in g.scopes.iter().enumerate() {
        if let Some(p) = s.parent
            && p as usize != i
        {
            kids[p as usize].push(i as u32);
        }
    }
    kids
}

/// The scorecard: one row per selected scope, weakest priority coverage
/// first (ties by scope id), scopes with no priority base after all others.
/// A scope with schools under it also gets their median and weakest rate.
///
/// Complexity: O(S log S + D) for S scopes and D (scope, descendant) pairs.
pub fn scorecard(run: &Gaps) -> Vec<Row> {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let kids = children(g);
    let all_rates: Vec<[Rate; 5]> = run.counts.iter().map(rates).collect();
    let id = |s: u32| ds.scopes[g.scopes[s as usize].scope].id.as_str();
    let leaves = leaves(&kids);
    let mut rows: Vec<Row> = run
        .scopes
        .iter()
        .map(|sg| Row {
            scope: sg.scope,
            taught: sg.counts.base.taught,
            rates: rates(&sg.counts),
            schools: schools(sg.scope, &kids, &leaves, &all_rates, &id),
        })
        .collect();
    rows.sort_by(|a, b| by_rate(a.rates[0].value(), b.rates[0].value()).then_with(|| id(a.scope).cmp(id(b.scope))));
    rows
}

/// For each scope, the schools under it (descendants with no scope under
/// them), made once from the bottom up: a deep chain of scopes costs its
/// length, not its length squared. Scope trees have no cycle (the graph
/// breaks them, F9); a scope met twice is not walked again.
fn leaves(kids: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let n = kids.len();
    let mut has_parent = vec![false; n];
    for k in kids.iter().flatten() {
        has_parent[*k as usize] = true;
    }
    // Post-order from every root, without recursion.
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for root in (0..n).filter(|&r| !has_parent[r]) {
        let mut stack = vec![(root as u32, false)];
        while let Some((s, done)) = stack.pop() {
            if done {
                order.push(s);
                continue;
            }
            if std::mem::replace(&mut seen[s as usize], true) {
                continue;
            }
            stack.push((s, true));
            stack.extend(kids[s as usize].iter().map(|&k| (k, false)));
        }
    }
    let mut leaves: Vec<Vec<u32>> = vec![Vec::new(); n];
    for s in order {
        let under: Vec<u32> = if kids[s as usize].is_empty() {
            vec![s]
        } else {
            kids[s as usize].iter().flat_map(|&k| leaves[k as usize].iter().copied()).collect()
        };
        leaves[s as usize] = under;
    }
    leaves
}

/// The schools under `s`, rate by rate.
fn schools<'a>(
    s: u32,
    kids: &[Vec<u32>],
    all_leaves: &[Vec<u32>],
    rates: &[[Rate; 5]],
    id: &dyn Fn(u32) -> &'a str,
) -> Option<Schools> {
    if kids[s as usize].is_empty() {
        return None;
    }
    let mut leaves = all_leaves[s as usize].clone();
    if leaves.is_empty() {
        return None;
    }
    leaves.sort_by(|a, b| id(*a).cmp(id(*b)));
    let mut median = [None; 5];
    let mut weakest = [None; 5];
    for m in Measure::ALL {
        let mut values: Vec<(f64, u32)> =
            leaves.iter().filter_map(|&k| rates[k as usize][m.index()].value().map(|v| (v, k))).collect();
        if values.is_empty() {
            continue;
        }
        // Stable: equal rates keep the id order, so the weakest is the smaller id.
        values.sort_by(|a, b| a.0.total_cmp(&b.0));
        let n = values.len();
        median[m.index()] =
            Some(if n % 2 == 1 { values[n / 2].0 } else { (values[n / 2 - 1].0 + values[n / 2].0) / 2.0 });
        weakest[m.index()] = Some((values[0].1, values[0].0));
    }
    Some(Schools { count: leaves.len(), median, weakest })
}

/// A module's place in the greedy order: its gain, then the smaller id first.
type Ranked<'a> = ((u64, u64, u64, u64), Reverse<&'a str>);

/// One gap an action closes: its place in [`Flat`], the run's findings in
/// scope order. Four bytes, since a national run has tens of millions.
type GapRef = u32;

/// What an action closes, summed over its scopes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Closes {
    /// C1: priority standards it covers.
    pub priority: u64,
    /// C2: broken chains it mends.
    pub chains: u64,
    /// C3: prerequisites it gives an intervention, and the pairs they stand for.
    pub prerequisites: u64,
    /// C3 pairs.
    pub pairs: u64,
    /// C4: untaught related standards it covers.
    pub related: u64,
    /// Of the findings above, those whose standard is priority work (the ranking's first key).
    #[serde(skip)]
    #[schemars(skip)]
    pub priority_findings: u64,
    /// With students' results, for an intervention: the students it reaches,
    /// tested and not proficient (tested - proficient) on the standards it
    /// addresses, in the scopes it is suggested for and not reached by an
    /// earlier action; summed over standards and scopes (a student below
    /// proficient on two of them counts twice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub students: Option<u64>,
}

impl Closes {
    /// Findings closed (C3 counted by prerequisite).
    pub fn findings(&self) -> u64 {
        self.priority + self.chains + self.prerequisites + self.related
    }

    /// The ranking: students reached (with results, interventions only),
    /// then priority work, then findings, then pairs.
    fn key(&self) -> (u64, u64, u64, u64) {
        (self.students.unwrap_or(0), self.priority_findings, self.findings(), self.pairs)
    }
}

/// One thing to do: adopt `module` in `scopes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Index into `Graph::modules`.
    pub module: u32,
    /// The scopes that should adopt it (indices into `Graph::scopes`), by scope id.
    pub scopes: Vec<u32>,
    /// What it closes there that no earlier action closes.
    pub closes: Closes,
}

/// The actions of the whole run, best first: each is one catalogue module
/// adopted by the scopes where it closes gaps (C1, C2 and C4 by PD, C3 by an
/// intervention), ranked by the findings on priority work it closes (of any
/// check), then by all findings it closes, chosen greedily so that no gap
/// counts for two actions. Schools act: a scope over schools (a district)
/// is left out when any of its schools is in the run, since its own plan is
/// district-wide PD, not what a school adopts. Needs the run's findings
/// (`collect`); at most `limit` actions. With students' results
/// ([`Gaps::evidence`]), interventions rank by the students they reach
/// instead (`by_students`).
///
/// Complexity: O(F·m + A·F log M) for F findings, m catalogue modules per
/// standard, A actions and M modules (lazy greedy: a module's gain is
/// recomputed only when it reaches the top).
pub fn actions(run: &Gaps, limit: usize) -> Vec<Action> {
    let (flat, list) = gather(run);
    let candidates: Vec<&[GapRef]> = list.start.windows(2).map(|w| &list.places[w[0]..w[1]]).collect();
    match run.evidence.as_ref().filter(|ev| !ev.scopes.is_empty()) {
        None => greedy(run, &flat, &candidates, limit, None),
        Some(ev) => by_students(run, &flat, &candidates, ev, limit),
    }
}

/// With students' results, interventions rank by the students they reach:
/// each keeps the place the ranking without results gives an intervention,
/// and which intervention takes it follows a greedy on students reached
/// (then on what it closes). PD actions keep their order and places. Both
/// rankings run to the end, so that no place is lost when one has fewer
/// interventions than the other.
fn by_students(run: &Gaps, flat: &Flat, candidates: &[&[GapRef]], ev: &Evidence, limit: usize) -> Vec<Action> {
    let g = &run.validation.graph;
    let is_intervention = |a: &Action| g.modules[a.module as usize].kind == ModuleKind::Intervention;
    let places = greedy(run, flat, candidates, usize::MAX, None);
    let only: Vec<&[GapRef]> = candidates
        .iter()
        .enumerate()
        .map(|(m, c)| if g.modules[m].kind == ModuleKind::Intervention { *c } else { &[] })
        .collect();
    let mut reach = greedy(run, flat, &only, usize::MAX, Some(ev)).into_iter();
    let mut out: Vec<Action> = Vec::new();
    for a in places {
        if !is_intervention(&a) {
            out.push(a);
        } else if let Some(r) = reach.next() {
            out.push(r);
        }
    }
    out.extend(reach);
    out.truncate(limit);
    out
}

/// The lazy greedy over the candidates: the module closing most (by
/// [`Closes::key`]) first, no gap counted twice; with `ev`, students reached count first.
fn greedy(run: &Gaps, flat: &Flat, candidates: &[&[GapRef]], limit: usize, ev: Option<&Evidence>) -> Vec<Action> {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let mut taken = vec![false; flat.info.len()];
    let mut reached: HashSet<(u32, NodeId)> = HashSet::new();
    let gain = |m: usize, taken: &[bool], reached: &HashSet<(u32, NodeId)>| {
        let mut c = closes(flat, candidates[m], taken);
        if let Some(ev) = ev {
            let reaches = students(run, flat, ev, m as u32, candidates[m], taken, reached);
            c.students = Some(reaches.iter().map(|r| r.2).sum());
        }
        c
    };
    let module_id = |m: u32| ds.modules[g.modules[m as usize].module].id.as_str();
    // Max-heap on (gain, smaller module id first); stale gains are recomputed when they surface.
    let mut heap: BinaryHeap<(Ranked, u32)> = (0..g.modules.len())
        .filter(|&m| !candidates[m].is_empty())
        .map(|m| ((gain(m, &taken, &reached).key(), Reverse(module_id(m as u32))), m as u32))
        .collect();
    let mut out = Vec::new();
    while out.len() < limit {
        let Some(((key, name), m)) = heap.pop() else { break };
        let now = gain(m as usize, &taken, &reached);
        if now.findings() == 0 {
            continue;
        }
        if now.key() != key {
            heap.push(((now.key(), name), m));
            continue;
        }
        if let Some(ev) = ev {
            let reaches = students(run, flat, ev, m, candidates[m as usize], &taken, &reached);
            reached.extend(reaches.into_iter().map(|r| (r.0, r.1)));
        }
        let mut scopes = Vec::new();
        for &k in candidates[m as usize] {
            if !std::mem::replace(&mut taken[k as usize], true) {
                scopes.push(run.scopes[flat.pos(k)].scope);
            }
        }
        scopes
            .sort_by(|a, b| ds.scopes[g.scopes[*a as usize].scope].id.cmp(&ds.scopes[g.scopes[*b as usize].scope].id));
        scopes.dedup();
        out.push(Action { module: m, scopes, closes: now });
    }
    out
}

/// The students an intervention reaches that no earlier action reaches:
/// in each scope where it still closes a gap, the students tested and not
/// proficient on the standards it addresses (through the results that stand
/// for them), as (position in `Gaps::scopes`, standard whose results count,
/// students below proficient); each scope's results on a standard counted once.
fn students(
    run: &Gaps,
    flat: &Flat,
    ev: &Evidence,
    module: u32,
    candidates: &[GapRef],
    taken: &[bool],
    reached: &HashSet<(u32, NodeId)>,
) -> Vec<(u32, NodeId, u64)> {
    let g = &run.validation.graph;
    let mut scopes: Vec<u32> =
        candidates.iter().filter(|&&k| !taken[k as usize]).map(|&k| flat.pos(k) as u32).collect();
    scopes.dedup();
    let mut seen: HashSet<(u32, NodeId)> = HashSet::new();
    let mut out: Vec<(u32, NodeId, u64)> = Vec::new();
    for pos in scopes {
        let Some(se) = ev.of(run.scopes[pos as usize].scope) else { continue };
        for &v in &g.modules[module as usize].standards {
            let Some(score) = se.of(g, v) else { continue };
            let key = (pos, score.standard);
            if !reached.contains(&key) && seen.insert(key) {
                out.push((pos, score.standard, score.below()));
            }
        }
    }
    out
}

/// The run's findings as the greedy reads them ([`Flat`]) and each
/// module's candidate gaps, in scope order: the findings of schools that do
/// not adopt it yet whose standard it addresses (C1, C2, C4 for PD, C3 for
/// interventions). Scopes are read in parallel, a slice at a time, from the
/// findings the run holds or by checking them again
/// ([`Gaps::each_scope`]): the findings themselves are never all held here.
/// Past `u32::MAX` findings, the later ones are not candidates.
fn gather(run: &Gaps) -> (Flat, Places) {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let mut offer: [Vec<Vec<u32>>; 2] = [vec![Vec::new(); g.len()], vec![Vec::new(); g.len()]];
    for (m, module) in g.modules.iter().enumerate() {
        let k = usize::from(module.kind == ModuleKind::Intervention);
        for &n in &module.standards {
            offer[k][n as usize].push(m as u32);
        }
    }
    // Each module's candidate gaps, scope by scope, skipping scopes that adopt it already.
    let kids = children(g);
    let mut in_run = vec![false; g.scopes.len()];
    for sg in &run.scopes {
        in_run[sg.scope as usize] = true;
    }
    let acts = |s: u32| kids[s as usize].iter().all(|&k| !in_run[k as usize]);
    // One scope: its findings' info, and its (module, finding) candidates.
    let one = |sg: &ScopeGaps| -> (Vec<u32>, Vec<(u32, u32)>) {
        let info = sg.gaps.iter().map(|gap| Flat::info(ds, g, gap)).collect();
        let mut pairs = Vec::new();
        if acts(sg.scope) {
            let mut adopted: Vec<u32> = g.plans.of(sg.scope).iter().map(|p| p.module()).collect();
            adopted.sort_unstable();
            for (i, gap) in sg.gaps.iter().enumerate() {
                let (kind, n) = match gap {
                    Gap::C1 { v } | Gap::C2 { v, .. } => (0, *v),
                    Gap::C4 { x, .. } => (0, *x),
                    Gap::C3 { a, .. } => (1, *a),
                    Gap::C5 { .. } => continue,
                };
                for &m in &offer[kind][n as usize] {
                    if adopted.binary_search(&m).is_err() {
                        pairs.push((m, i as u32));
                    }
                }
            }
        }
        (info, pairs)
    };
    // Two passes, so that the lists are made at their size: growing them
    // would double a national run's largest allocation. The first reads
    // each finding and counts each module's candidates; the second places them.
    let total: u64 = run.scopes.iter().map(|sg| sg.counts.findings()).sum();
    let mut flat = Flat { start: Vec::with_capacity(run.scopes.len()), info: Vec::with_capacity(total as usize) };
    let mut count = vec![0usize; g.modules.len() + 1];
    // A place is a u32: past u32::MAX findings, later ones are not candidates.
    let fits = |base: usize, i: u32| u32::try_from(base + i as usize).ok();
    for_slices(run, &one, |_, info, pairs| {
        let base = flat.info.len();
        flat.start.push(base);
        flat.info.extend(info);
        for (m, i) in pairs {
            if fits(base, i).is_some() {
                count[m as usize + 1] += 1;
            }
        }
    });
    for m in 0..g.modules.len() {
        count[m + 1] += count[m];
    }
    let mut list = Places { places: vec![0; count[g.modules.len()]], start: count.clone() };
    for_slices(run, &one, |pos, _, pairs| {
        let base = flat.start[pos];
        for (m, i) in pairs {
            if let Some(k) = fits(base, i) {
                list.places[count[m as usize]] = k;
                count[m as usize] += 1;
            }
        }
    });
    (flat, list)
}

/// `one` on every scope of the run, in parallel a slice at a time, its
/// results handed to `each` in scope order with the scope's position.
fn for_slices<F>(run: &Gaps, one: &F, mut each: impl FnMut(usize, Vec<u32>, Vec<(u32, u32)>))
where
    F: Fn(&ScopeGaps) -> (Vec<u32>, Vec<(u32, u32)>) + Sync,
{
    let mut from = 0;
    while from < run.scopes.len() {
        let to = (from + 512).min(run.scopes.len());
        for (k, (info, pairs)) in run.each_scope(from..to, one).into_iter().enumerate() {
            each(from + k, info, pairs);
        }
        from = to;
    }
}

/// Each module's candidate gaps, one list after another: module `m`'s are
/// `places[start[m]..start[m + 1]]`.
struct Places {
    places: Vec<GapRef>,
    start: Vec<usize>,
}

/// The run's findings in one flat array, as the greedy reads them: where
/// each scope's start, and per finding its check (bits 0-2), whether its
/// standard is priority work (bit 3) and its C3 pairs (the bits above).
/// The greedy recounts gains many times; one load per finding keeps that cheap.
struct Flat {
    start: Vec<usize>,
    info: Vec<u32>,
}

impl Flat {
    /// What the greedy reads of one finding.
    fn info(ds: &Dataset, g: &Graph, gap: &Gap) -> u32 {
        let pairs = match gap {
            Gap::C3 { taught, .. } => u32::try_from(taught.len()).unwrap_or(u32::MAX).min(u32::MAX >> 4),
            _ => 0,
        };
        u32::from(gap.check()) | u32::from(is_priority(ds, g, gap.standard())) << 3 | pairs << 4
    }

    /// The position in [`Gaps::scopes`] of the scope of finding `k`.
    fn pos(&self, k: GapRef) -> usize {
        self.start.partition_point(|&s| s <= k as usize) - 1
    }
}

/// What a module's candidate gaps close that no action has taken yet.
fn closes(flat: &Flat, candidates: &[GapRef], taken: &[bool]) -> Closes {
    let mut c = Closes::default();
    for &k in candidates {
        let k = k as usize;
        if taken[k] {
            continue;
        }
        let x = flat.info[k];
        match x & 7 {
            1 => c.priority += 1,
            2 => c.chains += 1,
            3 => {
                c.prerequisites += 1;
                c.pairs += u64::from(x >> 4);
            }
            4 => c.related += 1,
            _ => {}
        }
        c.priority_findings += u64::from(x >> 3 & 1);
    }
    c
}

/// Each scope's PD and intervention standards, sorted: what peers are compared on.
#[derive(Debug)]
pub struct Coverage {
    pd: Vec<Vec<NodeId>>,
    int: Vec<Vec<NodeId>>,
    /// The modules each scope adopts, sorted.
    pub adopted: Vec<Vec<u32>>,
    kids: Vec<Vec<u32>>,
}

impl Coverage {
    /// Collects every scope's sets from its plan.
    ///
    /// Complexity: O(R·k log k) for R plan rows of k standards each.
    pub fn new(run: &Gaps) -> Coverage {
        let g = &run.validation.graph;
        let mut pd = Vec::with_capacity(g.scopes.len());
        let mut int = Vec::with_capacity(g.scopes.len());
        let mut adopted = Vec::with_capacity(g.scopes.len());
        for (_, rows) in g.plans.iter() {
            let (mut p, mut i, mut a) = (Vec::new(), Vec::new(), Vec::new());
            for m in rows.iter().map(|r| r.module()) {
                let module = &g.modules[m as usize];
                a.push(m);
                if module.kind == ModuleKind::Pd { &mut p } else { &mut i }.extend_from_slice(&module.standards);
            }
            for v in [&mut p, &mut i, &mut a] {
                v.sort_unstable();
                v.dedup();
            }
            pd.push(p);
            int.push(i);
            adopted.push(a);
        }
        Coverage { pd, int, adopted, kids: children(g) }
    }

    /// Whether scope `s` teaches `n` (PD) or, with `intervention`, has an intervention for it.
    pub fn covers(&self, s: u32, n: NodeId, intervention: bool) -> bool {
        let set = if intervention { &self.int[s as usize] } else { &self.pd[s as usize] };
        set.binary_search(&n).is_ok()
    }

    /// The standards scope `s` teaches, ascending.
    pub fn taught(&self, s: u32) -> &[NodeId] {
        &self.pd[s as usize]
    }

    /// Peer schools for a finding of scope `s`: the other scopes under the
    /// same parent (a district's own findings look at its schools) that
    /// cover the gap's standard, strongest first on the finding's measure,
    /// then by scope id. C5 has none: it is about the scope's own calendar.
    pub fn peers(&self, run: &Gaps, s: u32, gap: &Gap, limit: usize) -> Vec<(u32, Option<f64>)> {
        let g = &run.validation.graph;
        let ds = &run.validation.dataset;
        let (n, intervention) = match gap {
            Gap::C1 { v } | Gap::C2 { v, .. } => (*v, false),
            Gap::C4 { x, .. } => (*x, false),
            Gap::C3 { a, .. } => (*a, true),
            Gap::C5 { .. } => return Vec::new(),
        };
        let pool: &[u32] = match g.scopes[s as usize].parent {
            Some(p) => &self.kids[p as usize],
            None => &self.kids[s as usize],
        };
        let measure = Measure::of_check(gap.check());
        let mut found: Vec<(u32, Option<f64>)> = pool
            .iter()
            .copied()
            .filter(|&k| k != s && self.covers(k, n, intervention))
            .map(|k| (k, rates(&run.counts[k as usize])[measure.index()].value()))
            .collect();
        let id = |k: u32| ds.scopes[g.scopes[k as usize].scope].id.as_str();
        found.sort_by(|a, b| by_rate(b.1, a.1).then_with(|| id(a.0).cmp(id(b.0))));
        found.truncate(limit);
        found
    }
}

/// Priority work of one grade and domain in a scope's band: how many
/// standards there are and how many the scope's PD covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DomainCell<'a> {
    /// The grade.
    pub grade: crate::model::Grade,
    /// The domain id as the data has it (empty for standards without one).
    pub domain: &'a str,
    /// Priority standards of this grade and domain in the scope's band (C1's base, in part).
    pub priority: u64,
    /// Of them, those the scope's PD addresses (the others are its C1 findings).
    pub covered: u64,
}

/// Each selected scope's priority work by grade and domain, in run order:
/// C1 and its base split into cells, ascending by grade, then domain. The
/// cells of a scope add up to its `base.priority`, and their uncovered
/// standards to its C1 count.
///
/// Complexity: O(V log V) once, then per scope the priority standards of its band.
pub fn priority_by_domain<'a>(run: &'a Gaps, cov: &Coverage) -> Vec<(u32, Vec<DomainCell<'a>>)> {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let domain = |n: NodeId| ds.standards[g.nodes[n as usize].standard].domain.as_deref().unwrap_or("");
    // Priority standards per framework, by grade then domain: a band is one slice of them.
    // Grade 9 and HS share a level: the grade's name keeps them apart.
    let mut by_fw: Vec<Vec<(i8, &str, &str, NodeId)>> = vec![Vec::new(); g.frameworks.len()];
    for n in (0..g.len() as NodeId).filter(|&n| is_priority(ds, g, n)) {
        let node = &g.nodes[n as usize];
        by_fw[node.framework as usize].push((node.grade.level(), node.grade.as_str(), domain(n), n));
    }
    for list in &mut by_fw {
        list.sort_unstable();
    }
    run.scopes
        .iter()
        .map(|sg| {
            let rs = &g.scopes[sg.scope as usize];
            let sc = &ds.scopes[rs.scope];
            let (lo, hi) = (sc.grade_lo.level(), sc.grade_hi.level());
            let list = &by_fw[rs.framework as usize];
            let start = list.partition_point(|x| x.0 < lo);
            let mut cells: Vec<DomainCell<'a>> = Vec::new();
            for &(_, grade, d, n) in list[start..].iter().take_while(|x| x.0 <= hi) {
                let covered = u64::from(cov.covers(sg.scope, n, false));
                match cells.last_mut() {
                    Some(c) if c.grade.as_str() == grade && c.domain == d => {
                        c.priority += 1;
                        c.covered += covered;
                    }
                    _ => cells.push(DomainCell { grade: g.nodes[n as usize].grade, domain: d, priority: 1, covered }),
                }
            }
            (sg.scope, cells)
        })
        .collect()
}

/// One line of a scope's top findings: a finding, or a parent and its parts
/// with the same finding, which read as one ("4.NF.B.3 and its parts a-d").
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Indices into the scope's `gaps`: the family head's finding first when it has one.
    pub gaps: Vec<usize>,
    /// The family head the line is about.
    pub head: NodeId,
    /// Whether the head itself has the finding (else only some of its parts do).
    pub whole: bool,
    /// For C3: the taught standard to name as needing the prerequisite.
    pub named: Option<NodeId>,
    /// Priority work.
    pub priority: bool,
    /// Standards in scope within the window that build on it: how much depends on the gap here.
    pub impact: usize,
}

/// How many times one taught standard may be named in a top list.
const NAMED_AT_MOST: usize = 2;
/// How many lines of one grade a top list shows before other grades get a turn.
const PER_GRADE: usize = 3;

/// A scope's findings as lines, in the order a report shows them: priority
/// work first, then by how many standards of the scope (within the grade
/// window) build on the gap; the first `top` lines name no taught standard
/// more than twice and give at most three lines to one grade when others
/// wait. Returns the lines, the first `top` of them the ones to show.
pub fn lines(run: &Gaps, sg: &ScopeGaps, top: usize, memo: &mut HashMap<NodeId, Vec<NodeId>>) -> Vec<Line> {
    let mut lines = ranked(run, sg, memo);
    if let Some(ev) = run.evidence.as_ref().and_then(|ev| ev.of(sg.scope)) {
        by_weakness(&run.validation.graph, ev, sg, &mut lines);
    }
    pick(&run.validation.graph, sg, lines, top)
}

/// With the scope's results, its C3 lines take the places C3 lines hold,
/// weakest prerequisite first (the weakest of a line's parts); lines whose
/// prerequisite has no results follow in their order. Other lines keep their places.
fn by_weakness(g: &Graph, ev: &ScopeEvidence, sg: &ScopeGaps, lines: &mut [Line]) {
    let places: Vec<usize> = (0..lines.len()).filter(|&i| sg.gaps[lines[i].gaps[0]].check() == 3).collect();
    let weakest = |line: &Line| {
        line.gaps.iter().filter_map(|&i| ev.of(g, sg.gaps[i].standard()).copied()).min_by(|a, b| a.weaker(b))
    };
    let mut c3: Vec<(Option<Score>, usize)> = places.iter().map(|&i| (weakest(&lines[i]), i)).collect();
    // Stable: equal weakness keeps the order without results.
    c3.sort_by(|a, b| match (&a.0, &b.0) {
        (Some(x), Some(y)) => x.weaker(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    let moved: Vec<Line> = c3.iter().map(|&(_, i)| lines[i].clone()).collect();
    for (&at, line) in places.iter().zip(moved) {
        lines[at] = line;
    }
}

/// A scope's findings grouped into lines (a parent with its parts, per
/// check; C5 one per edge), priority first, then by impact, check and code.
fn ranked(run: &Gaps, sg: &ScopeGaps, memo: &mut HashMap<NodeId, Vec<NodeId>>) -> Vec<Line> {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let sc = &ds.scopes[g.scopes[sg.scope as usize].scope];
    let fw = g.scopes[sg.scope as usize].framework;
    let (lo, hi) = (sc.grade_lo.level(), sc.grade_hi.level());
    let inscope = |n: NodeId| {
        let node = &g.nodes[n as usize];
        node.framework == fw && (lo..=hi).contains(&node.grade.level())
    };
    let window = run.index.window;
    // Group by (check, family head) for the "not taught" findings; C5 stays one per edge.
    let mut groups: BTreeMap<(u8, NodeId, usize), Vec<usize>> = BTreeMap::new();
    for (i, gap) in sg.gaps.iter().enumerate() {
        let key = match gap {
            Gap::C5 { .. } => (5, gap.standard(), i),
            _ => (gap.check(), g.top(gap.standard()), 0),
        };
        groups.entry(key).or_default().push(i);
    }
    let mut lines: Vec<Line> = groups
        .into_iter()
        .map(|((_, head, _), mut members)| {
            let whole = members.iter().any(|&i| sg.gaps[i].standard() == head);
            members.sort_by_key(|&i| (sg.gaps[i].standard() != head, sg.gaps[i].standard()));
            let priority = members.iter().any(|&i| is_priority(ds, g, sg.gaps[i].standard()));
            let impact = members
                .iter()
                .map(|&i| {
                    let n = sg.gaps[i].standard();
                    later(g, n, window, memo).iter().filter(|&&x| inscope(x)).count()
                })
                .max()
                .unwrap_or(0);
            Line { gaps: members, head, whole, named: None, priority, impact }
        })
        .collect();
    let name = |n: NodeId| ds.standards[g.nodes[n as usize].standard].id.as_str();
    lines.sort_by(|a, b| {
        (Reverse(a.priority), Reverse(a.impact), sg.gaps[a.gaps[0]].check())
            .cmp(&(Reverse(b.priority), Reverse(b.impact), sg.gaps[b.gaps[0]].check()))
            .then_with(|| name(a.head).cmp(name(b.head)))
    });
    lines
}

/// The first `top` lines under the caps (a taught standard named at most
/// twice, a grade at most three lines while others wait), then the rest in
/// order; what waited fills any room the caps leave.
fn pick(g: &Graph, sg: &ScopeGaps, lines: Vec<Line>, top: usize) -> Vec<Line> {
    let mut named: HashMap<NodeId, usize> = HashMap::new();
    let mut grades: HashMap<i8, usize> = HashMap::new();
    let mut shown = Vec::new();
    let mut waiting = Vec::new();
    let mut rest = lines.into_iter();
    for mut line in rest.by_ref() {
        if shown.len() >= top {
            waiting.push(line);
            break;
        }
        let mentions = mentioned(&sg.gaps, &line, &named);
        let grade = g.nodes[line.head as usize].grade.level();
        let crowded = grades.get(&grade).copied().unwrap_or(0) >= PER_GRADE;
        match mentions {
            Some(m) if !crowded => {
                for &n in &m.0 {
                    *named.entry(n).or_default() += 1;
                }
                line.named = m.1;
                *grades.entry(grade).or_default() += 1;
                shown.push(line);
            }
            _ => waiting.push(line),
        }
    }
    waiting.extend(rest);
    // When the caps leave room (few grades, few taught standards), what waited fills it in order.
    while shown.len() < top && !waiting.is_empty() {
        let mut line = waiting.remove(0);
        if line.named.is_none()
            && let Gap::C3 { taught, .. } = &sg.gaps[line.gaps[0]]
        {
            line.named = taught.iter().copied().min_by_key(|t| named.get(t).copied().unwrap_or(0));
        }
        shown.push(line);
    }
    for line in &mut waiting {
        if let Gap::C3 { taught, .. } = &sg.gaps[line.gaps[0]] {
            line.named = taught.first().copied();
        }
    }
    shown.extend(waiting);
    shown
}

/// The taught standards a line would name, and for C3 the one it names; `None` when every choice is named twice already.
fn mentioned(gaps: &[Gap], line: &Line, named: &HashMap<NodeId, usize>) -> Option<(Vec<NodeId>, Option<NodeId>)> {
    let count = |n: &NodeId| named.get(n).copied().unwrap_or(0);
    let ok = |ns: &[NodeId]| ns.iter().all(|n| count(n) < NAMED_AT_MOST);
    match &gaps[line.gaps[0]] {
        Gap::C1 { .. } => Some((Vec::new(), None)),
        Gap::C2 { before, after, .. } => ok(&[*before, *after]).then(|| (vec![*before, *after], None)),
        Gap::C4 { related, .. } => ok(&[*related]).then(|| (vec![*related], None)),
        Gap::C5 { u, v, .. } => ok(&[*u, *v]).then(|| (vec![*u, *v], None)),
        Gap::C3 { taught, .. } => {
            let pick = taught.iter().copied().filter(|t| count(t) < NAMED_AT_MOST).min_by_key(|t| count(t))?;
            Some((vec![pick], Some(pick)))
        }
    }
}

/// Standards that build on `n` within `window` grades after it (memoised).
fn later<'m>(g: &Graph, n: NodeId, window: i8, memo: &'m mut HashMap<NodeId, Vec<NodeId>>) -> &'m [NodeId] {
    memo.entry(n).or_insert_with(|| {
        let top = g.nodes[n as usize].grade.level().saturating_add(window);
        let mut seen = vec![n];
        let mut stack = vec![n];
        let mut out = Vec::new();
        while let Some(x) = stack.pop() {
            for y in g.successors(x) {
                if seen.contains(&y) {
                    continue;
                }
                seen.push(y);
                if g.nodes[y as usize].grade.level() <= top {
                    out.push(y);
                    stack.push(y);
                }
            }
        }
        out.sort_unstable();
        out
    })
}

/// The letters of parts as a reader wants them: `a-d`, or `a, c and e`.
pub fn part_letters(ds: &Dataset, g: &Graph, head: NodeId, parts: &[NodeId]) -> String {
    let head_id = &ds.standards[g.nodes[head as usize].standard].id;
    let mut letters: Vec<String> = parts
        .iter()
        .map(|&p| {
            let id = &ds.standards[g.nodes[p as usize].standard].id;
            id.strip_prefix(head_id.as_str()).map(|s| s.trim_start_matches('.')).unwrap_or(id).to_string()
        })
        .collect();
    letters.sort();
    let single = letters.iter().all(|l| l.len() == 1 && l.as_bytes()[0].is_ascii_lowercase());
    let consecutive = single && letters.windows(2).all(|w| w[1].as_bytes()[0] == w[0].as_bytes()[0] + 1);
    match letters.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first, .., last] if consecutive && letters.len() > 2 => format!("{first}-{last}"),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
