//! The plan checks C1-C5 of the spec, per scope, all scopes in parallel.
//!
//! What all scopes share is computed once ([`PlanIndex::new`]): each
//! standard's ancestors within the grade window, the major standards of each
//! grade band, and each scope's plan rows. Each scope then runs in one pass
//! over its own PD and intervention sets, with per-thread scratch buffers
//! (bitsets), so the result never depends on the number of threads.
//! Findings ([`Gap`]) hold node and module indices only; words are made when
//! a report renders them.

mod counts;
mod sets;

use std::collections::HashMap;

use rayon::prelude::*;

pub use counts::ModuleSets;

use crate::graph::{Graph, NodeId};
use crate::model::{Dataset, Focus, ModuleKind};

/// C3's two counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct C3Count {
    /// Pairs (taught standard, prerequisite without intervention).
    pub pairs: u64,
    /// Distinct prerequisites without intervention.
    pub distinct: u64,
}

/// What each check's count is out of (spec, Bases): the sets the counts are taken from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Base {
    /// Priority standards in scope (C1 counts those no PD addresses).
    pub priority: u64,
    /// Standards in scope that the scope's PD addresses: the plan's size.
    pub taught: u64,
    /// Standards in scope with a taught direct predecessor and a taught direct successor (C2 counts the untaught).
    pub chain: u64,
    /// Pairs (taught standard, windowed prerequisite), with or without an intervention (C3 counts those without).
    pub pairs: u64,
    /// Standards in scope with a taught same-grade relates_to neighbour (C4 counts the untaught).
    pub related: u64,
    /// builds_towards edges with both ends taught in sequenced PD (C5 counts those out of order).
    pub sequenced: u64,
}

impl Base {
    /// Adds another scope's bases.
    pub fn add(&mut self, o: &Base) {
        self.priority += o.priority;
        self.taught += o.taught;
        self.chain += o.chain;
        self.pairs += o.pairs;
        self.related += o.related;
        self.sequenced += o.sequenced;
    }
}

/// The counts of one scope (or a sum of scopes), as the spec's summary has them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// uncovered-priority-work
    pub c1: u64,
    /// broken-vertical-chain
    pub c2: u64,
    /// unfinished-learning-gap
    pub c3: C3Count,
    /// horizontal-gap
    pub c4: u64,
    /// sequencing-violation
    pub c5: u64,
    /// What each count is out of.
    pub base: Base,
}

impl Counts {
    /// Adds another scope's counts.
    pub fn add(&mut self, o: &Counts) {
        self.c1 += o.c1;
        self.c2 += o.c2;
        self.c3.pairs += o.c3.pairs;
        self.c3.distinct += o.c3.distinct;
        self.c4 += o.c4;
        self.c5 += o.c5;
        self.base.add(&o.base);
    }

    /// The number of findings these counts stand for (C3 counts prerequisites).
    pub fn findings(&self) -> u64 {
        self.c1 + self.c2 + self.c3.distinct + self.c4 + self.c5
    }
}

/// One plan finding, by index: nodes into [`Graph::nodes`], modules into [`Graph::modules`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// C1: priority work `v` in scope that no adopted PD module addresses.
    C1 {
        /// The uncovered standard.
        v: NodeId,
    },
    /// C2: `v` is not taught, though a predecessor and a successor are.
    C2 {
        /// The untaught standard.
        v: NodeId,
        /// A taught direct predecessor (the smallest id).
        before: NodeId,
        /// A taught direct successor (the smallest id).
        after: NodeId,
    },
    /// C3: prerequisite `a` of taught standards has no intervention.
    C3 {
        /// The prerequisite.
        a: NodeId,
        /// The taught standards that need it, ascending.
        taught: Vec<NodeId>,
    },
    /// C4: `x` is not taught, though a same-grade relates_to neighbour is.
    C4 {
        /// The untaught standard.
        x: NodeId,
        /// A taught neighbour (the smallest id).
        related: NodeId,
    },
    /// C5: `u -> v` is taught in the wrong order.
    C5 {
        /// The prerequisite, taught later.
        u: NodeId,
        /// The standard that builds on it, taught earlier.
        v: NodeId,
        /// First sequence number of `u`, and the module that teaches it then.
        first_u: (i64, u32),
        /// First sequence number of `v`, and the module that teaches it then.
        first_v: (i64, u32),
    },
}

impl Gap {
    /// The standard a report files the finding under.
    pub fn standard(&self) -> NodeId {
        match *self {
            Gap::C1 { v } | Gap::C2 { v, .. } => v,
            Gap::C3 { a, .. } => a,
            Gap::C4 { x, .. } => x,
            Gap::C5 { u, .. } => u,
        }
    }

    /// Every standard the finding involves, the filed one first.
    pub fn nodes(&self) -> Vec<NodeId> {
        match self {
            Gap::C1 { v } => vec![*v],
            Gap::C2 { v, before, after } => vec![*v, *before, *after],
            Gap::C3 { a, taught } => std::iter::once(*a).chain(taught.iter().copied()).collect(),
            Gap::C4 { x, related } => vec![*x, *related],
            Gap::C5 { u, v, .. } => vec![*u, *v],
        }
    }

    /// The check's number, 1-5.
    pub fn check(&self) -> u8 {
        match self {
            Gap::C1 { .. } => 1,
            Gap::C2 { .. } => 2,
            Gap::C3 { .. } => 3,
            Gap::C4 { .. } => 4,
            Gap::C5 { .. } => 5,
        }
    }
}

/// The result for one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeGaps {
    /// Index into [`Graph::scopes`].
    pub scope: u32,
    /// Its counts.
    pub counts: Counts,
    /// Its findings, by check then standard; empty when only counts were asked for.
    pub gaps: Vec<Gap>,
}

/// Compressed adjacency: the neighbours of node `n` are `targets[offsets[n]..offsets[n + 1]]`.
#[derive(Debug, Default)]
pub struct Csr {
    offsets: Vec<u32>,
    targets: Vec<NodeId>,
}

impl Csr {
    fn new(n: usize, mut edges: Vec<(NodeId, NodeId)>) -> Csr {
        edges.sort_unstable();
        let mut offsets = vec![0u32; n + 1];
        for &(u, _) in &edges {
            offsets[u as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Csr { offsets, targets: edges.into_iter().map(|(_, v)| v).collect() }
    }

    /// The neighbours of `n`, ascending.
    pub fn of(&self, n: NodeId) -> &[NodeId] {
        &self.targets[self.offsets[n as usize] as usize..self.offsets[n as usize + 1] as usize]
    }
}

/// What every scope's checks share, computed once.
#[derive(Debug)]
pub struct PlanIndex {
    /// The grade window W.
    pub window: i8,
    /// For each node, its ancestors `a` with `grade(v) - W <= grade(a) < grade(v)`, ascending.
    pub window_ancestors: Vec<Box<[NodeId]>>,
    /// builds_towards successors and predecessors, relates_to neighbours.
    succ: Csr,
    pred: Csr,
    rel: Csr,
    /// Grade level and framework of each node, packed for the hot loops.
    level: Vec<i8>,
    framework: Vec<u16>,
    /// What each module adds to a scope, for counting without findings.
    pub sets: ModuleSets,
    /// Each scope's band, and the bands.
    scope_band: Vec<u32>,
    bands: Vec<counts::Band>,
}

impl PlanIndex {
    /// Computes the shared data: windowed ancestors of every node (in
    /// parallel), what each module adds to a scope, and each band of the scopes.
    ///
    /// Complexity: O(V · (V + E)) in the worst case for the ancestors; when no
    /// builds_towards edge goes to a lower grade, the search stops at the
    /// window's lower edge, so each node visits only its window.
    pub fn new(ds: &Dataset, g: &Graph, window: i8) -> PlanIndex {
        let window_ancestors = window_ancestors(g, window);
        let n = g.len();
        let builds: Vec<(NodeId, NodeId)> =
            g.builds.raw_edges().iter().map(|e| (e.source().index() as NodeId, e.target().index() as NodeId)).collect();
        let relates = g.relates.raw_edges().iter().flat_map(|e| {
            let (u, v) = (e.source().index() as NodeId, e.target().index() as NodeId);
            [(u, v), (v, u)]
        });
        let framework: Vec<u16> = g.nodes.iter().map(|x| x.framework).collect();
        let level: Vec<i8> = g.nodes.iter().map(|x| x.grade.level()).collect();
        let succ = Csr::new(n, builds.clone());
        let pred = Csr::new(n, builds.into_iter().map(|(u, v)| (v, u)).collect());
        let rel = Csr::new(n, relates.collect());
        let sets = ModuleSets::new(g, &window_ancestors, &succ, &pred, &rel, &level, &framework);
        let (scope_band, bands) = bands(ds, g, &framework, &level);
        PlanIndex { window, succ, pred, rel, level, window_ancestors, framework, sets, scope_band, bands }
    }
}

/// Each scope's band (an index into the list), and the bands: one per framework and grades that some scope has.
fn bands(ds: &Dataset, g: &Graph, framework: &[u16], level: &[i8]) -> (Vec<u32>, Vec<counts::Band>) {
    let priority: Vec<bool> = (0..g.len() as NodeId).map(|n| is_priority(ds, g, n)).collect();
    let mut at: HashMap<(u16, i8, i8), u32> = HashMap::new();
    let mut keys = Vec::new();
    let scope_band = g
        .scopes
        .iter()
        .map(|s| {
            let sc = &ds.scopes[s.scope];
            let key = (s.framework, sc.grade_lo.level(), sc.grade_hi.level());
            *at.entry(key).or_insert_with(|| {
                keys.push(key);
                keys.len() as u32 - 1
            })
        })
        .collect();
    let bands = keys.par_iter().map(|&(f, lo, hi)| counts::Band::new(f, lo, hi, framework, level, &priority)).collect();
    (scope_band, bands)
}

/// For each node, its ancestors `a` with `grade(v) - W <= grade(a) < grade(v)`, ascending, in parallel.
///
/// A search back from each node would cross the node's whole own-grade
/// region, which adds nothing: on a chain of standards of one grade that is
/// quadratic. So the search starts past it: when grades never fall along an
/// edge, from the region's exits (see [`Reach`]); otherwise it does not enter
/// a standard whose ancestors are all of the node's grade or above.
fn window_ancestors(g: &Graph, window: i8) -> Vec<Box<[NodeId]>> {
    let level = |n: NodeId| g.nodes[n as usize].grade.level();
    // Grades never fall along an edge unless a D5 edge says otherwise; then nothing may be pruned by grade.
    let monotone =
        g.builds.raw_edges().iter().all(|e| level(e.source().index() as NodeId) <= level(e.target().index() as NodeId));
    let reach = Reach::new(g, window, monotone);
    (0..g.len() as NodeId)
        .into_par_iter()
        .map_init(
            || (vec![0u64; g.len().div_ceil(64)], Vec::new(), Vec::new()),
            |(seen, stack, found), v| {
                let gv = level(v);
                let lo = gv.saturating_sub(window);
                stack.clear();
                found.clear();
                let mut touched: Vec<NodeId> = Vec::new();
                let c = reach.component[v as usize] as usize;
                if monotone {
                    // Everything above an exit is of a lower grade: what is in the window is found.
                    for &p in &reach.exits[c] {
                        set(seen, p);
                        touched.push(p);
                        found.push(p);
                        stack.push(p);
                    }
                } else {
                    stack.push(v);
                }
                while let Some(x) = stack.pop() {
                    for p in g.predecessors(x) {
                        if get(seen, p) {
                            continue;
                        }
                        set(seen, p);
                        touched.push(p);
                        let gp = level(p);
                        if gp >= lo && gp < gv {
                            found.push(p);
                        }
                        let onwards = if monotone {
                            gp >= lo
                        } else {
                            // Only an ancestor below the node's grade can be in its window.
                            reach.lowest[reach.component[p as usize] as usize] < gv
                        };
                        if onwards {
                            stack.push(p);
                        }
                    }
                }
                for t in touched {
                    clear(seen, t);
                }
                found.sort_unstable();
                found.clone().into_boxed_slice()
            },
        )
        .collect()
}

/// What lets [`window_ancestors`] skip a node's own-grade region, over the
/// strongly connected components of builds_towards (so cycles are no trouble).
struct Reach {
    /// Each node's component.
    component: Vec<u32>,
    /// When grades never fall along an edge (a component is then of one
    /// grade): per component, its exits, the standards of a lower grade but
    /// within the window that lead straight into the component or into an
    /// ancestor component of its grade, ascending.
    exits: Vec<Vec<NodeId>>,
    /// Otherwise: per component, the lowest grade among its strict ancestors (`i8::MAX` for none).
    lowest: Vec<i8>,
}

impl Reach {
    /// Complexity: O(V + E) plus the size of the exit lists, which are part of the ancestors found.
    fn new(g: &Graph, window: i8, monotone: bool) -> Reach {
        let level = |n: NodeId| g.nodes[n as usize].grade.level();
        // Components come out after every component they reach: reversed, each after its ancestors.
        let mut components = super::strong_components(&g.builds);
        components.reverse();
        let mut component = vec![0u32; g.len()];
        for (c, members) in components.iter().enumerate() {
            for &m in members {
                component[m as usize] = c as u32;
            }
        }
        let mut reach = Reach { component, exits: Vec::new(), lowest: Vec::new() };
        let mut stamp = vec![u32::MAX; g.len()];
        for (c, members) in components.iter().enumerate() {
            let preds = members.iter().flat_map(|&m| g.predecessors(m));
            if monotone {
                let grade = members.first().map_or(0, |&m| level(m));
                let lo = grade.saturating_sub(window);
                let mut exits = Vec::new();
                for p in preds {
                    let pc = reach.component[p as usize] as usize;
                    let from = if pc == c {
                        &[][..]
                    } else if level(p) == grade {
                        &reach.exits[pc][..]
                    } else if level(p) >= lo {
                        std::slice::from_ref(&p)
                    } else {
                        &[][..]
                    };
                    for &x in from {
                        if stamp[x as usize] != c as u32 {
                            stamp[x as usize] = c as u32;
                            exits.push(x);
                        }
                    }
                }
                exits.sort_unstable();
                reach.exits.push(exits);
            } else {
                let mut lowest = i8::MAX;
                for p in preds {
                    let pc = reach.component[p as usize] as usize;
                    let above = if pc == c { i8::MAX } else { reach.lowest[pc] };
                    lowest = lowest.min(level(p)).min(above);
                }
                reach.lowest.push(lowest);
            }
        }
        reach
    }
}

/// Whether `n` is priority work (spec, Terms: Priority): focus `major`, or a widely applicable prerequisite.
pub fn is_priority(ds: &Dataset, g: &Graph, n: NodeId) -> bool {
    let s = &ds.standards[g.nodes[n as usize].standard];
    s.focus == Some(Focus::Major) || s.wap
}

fn get(bits: &[u64], n: NodeId) -> bool {
    bits[n as usize / 64] >> (n % 64) & 1 == 1
}

fn set(bits: &mut [u64], n: NodeId) {
    bits[n as usize / 64] |= 1 << (n % 64);
}

fn clear(bits: &mut [u64], n: NodeId) {
    bits[n as usize / 64] &= !(1 << (n % 64));
}

/// Per-thread scratch space, reused from scope to scope.
struct Scratch {
    pd: Vec<u64>,
    int: Vec<u64>,
    mark: Vec<u64>,
    /// First sequence number and its module, per node (`i64::MAX` = none).
    first: Vec<(i64, u32)>,
    pd_list: Vec<NodeId>,
    int_list: Vec<NodeId>,
    first_list: Vec<NodeId>,
    marked: Vec<NodeId>,
    needs: Vec<Vec<NodeId>>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        let words = n.div_ceil(64);
        Scratch {
            pd: vec![0; words],
            int: vec![0; words],
            mark: vec![0; words],
            first: vec![(i64::MAX, 0); n],
            pd_list: Vec::new(),
            int_list: Vec::new(),
            first_list: Vec::new(),
            marked: Vec::new(),
            needs: vec![Vec::new(); n],
        }
    }

    fn clear_marks(&mut self) {
        for &m in &self.marked {
            clear(&mut self.mark, m);
        }
        self.marked.clear();
    }

    fn reset(&mut self) {
        for &n in &self.pd_list {
            clear(&mut self.pd, n);
        }
        for &n in &self.int_list {
            clear(&mut self.int, n);
        }
        for &n in &self.first_list {
            self.first[n as usize] = (i64::MAX, 0);
        }
        self.pd_list.clear();
        self.int_list.clear();
        self.first_list.clear();
        self.clear_marks();
    }
}

/// Runs C1-C5 for the given scopes (indices into [`Graph::scopes`]), in
/// parallel; returns one [`ScopeGaps`] per scope, in the order given. With
/// `collect` false only the counts are made.
///
/// Per scope, with P standards taught, A their windowed ancestors and D the
/// degree of the graph: O(M + P·D + A) for M major standards in the band.
pub fn plan_checks(ds: &Dataset, g: &Graph, index: &PlanIndex, scopes: &[u32], collect: bool) -> Vec<ScopeGaps> {
    // Scopes go to threads in chunks, each with its own scratch space: enough
    // chunks to balance two or more threads, few enough that the buffers are reused.
    let chunk = (scopes.len() / (8 * rayon::current_num_threads()).max(1)).clamp(1, 256);
    if !collect {
        return scopes
            .par_chunks(chunk)
            .flat_map_iter(|part| {
                let mut scratch = counts::Scratch::new(g.len());
                part.iter()
                    .map(|&s| {
                        let rs = &g.scopes[s as usize];
                        let sc = &ds.scopes[rs.scope];
                        let input = counts::ScopeInput {
                            sets: &index.sets,
                            band: &index.bands[index.scope_band[s as usize] as usize],
                            rows: g.plans.of(s),
                            fw: rs.framework,
                            lo: sc.grade_lo.level(),
                            hi: sc.grade_hi.level(),
                            succ: &index.succ,
                        };
                        let counts = counts::count_scope(&input, &mut scratch);
                        ScopeGaps { scope: s, counts, gaps: Vec::new() }
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    scopes
        .par_chunks(chunk)
        .flat_map_iter(|part| {
            let mut scratch = Scratch::new(g.len());
            part.iter().map(|&s| check_scope(ds, g, index, s, &mut scratch)).collect::<Vec<_>>()
        })
        .collect()
}

/// The findings of `scopes`, checked again one at a time and handed to `f`
/// in parallel, each thread with its own scratch space: how a report streams
/// the findings of a run that kept only its counts. The results come back in
/// the order of `scopes`; the findings are those [`plan_checks`] collects.
///
/// Complexity: that of [`plan_checks`] with `collect`, plus `f`; memory: the
/// findings of one scope per thread at a time, and the results.
pub fn each_scope<R, F>(ds: &Dataset, g: &Graph, index: &PlanIndex, scopes: &[u32], f: F) -> Vec<R>
where
    R: Send,
    F: Fn(ScopeGaps) -> R + Sync,
{
    scopes.par_iter().map_init(|| Scratch::new(g.len()), |w, &s| f(check_scope(ds, g, index, s, w))).collect()
}

/// One scope being checked: its band.
struct Scope<'a> {
    index: &'a PlanIndex,
    band: &'a counts::Band,
    fw: u16,
    lo: i8,
    hi: i8,
}

impl Scope<'_> {
    fn inscope(&self, n: NodeId) -> bool {
        self.index.framework[n as usize] == self.fw && (self.lo..=self.hi).contains(&self.index.level[n as usize])
    }
}

/// C1-C5 of one scope with its findings, each check a step over the scratch space its plan filled.
fn check_scope(ds: &Dataset, g: &Graph, index: &PlanIndex, s: u32, w: &mut Scratch) -> ScopeGaps {
    let rs = &g.scopes[s as usize];
    let sc = &ds.scopes[rs.scope];
    let band = &index.bands[index.scope_band[s as usize] as usize];
    let cx = Scope { index, band, fw: rs.framework, lo: sc.grade_lo.level(), hi: sc.grade_hi.level() };
    fill(g, s, w);
    let mut counts = Counts::default();
    let mut gaps = Vec::new();
    c1(&cx, w, &mut counts, &mut gaps);
    c2(&cx, w, &mut counts, &mut gaps);
    c3_pairs(&cx, w, &mut counts, &mut gaps);
    c4(&cx, w, &mut counts, &mut gaps);
    c5(&cx, w, &mut counts, &mut gaps);
    ScopeGaps { scope: s, counts, gaps }
}

/// Marks what the scope's PD and interventions address, and each standard's first session.
fn fill(g: &Graph, s: u32, w: &mut Scratch) {
    w.reset();
    for (m, seq) in g.plans.of(s).iter().map(|a| (a.module(), a.sequence())) {
        let module = &g.modules[m as usize];
        match module.kind {
            ModuleKind::Pd => {
                for &n in &module.standards {
                    if !get(&w.pd, n) {
                        set(&mut w.pd, n);
                        w.pd_list.push(n);
                    }
                    if let Some(q) = seq {
                        let slot = &mut w.first[n as usize];
                        if slot.0 == i64::MAX {
                            w.first_list.push(n);
                        }
                        if q < slot.0 || (q == slot.0 && m < slot.1) {
                            *slot = (q, m);
                        }
                    }
                }
            }
            ModuleKind::Intervention => {
                for &n in &module.standards {
                    if !get(&w.int, n) {
                        set(&mut w.int, n);
                        w.int_list.push(n);
                    }
                }
            }
        }
    }
    // Findings are made in the order of standards.
    w.pd_list.sort_unstable();
    w.first_list.sort_unstable();
}

/// C1: priority work in scope that no PD addresses; bases `priority` and `taught`.
fn c1(cx: &Scope, w: &Scratch, counts: &mut Counts, gaps: &mut Vec<Gap>) {
    counts.base.priority = cx.band.priority_count();
    counts.base.taught = w.pd_list.iter().filter(|&&n| cx.inscope(n)).count() as u64;
    for v in cx.band.priority_nodes() {
        if !get(&w.pd, v) {
            counts.c1 += 1;
            gaps.push(Gap::C1 { v });
        }
    }
}

/// C2: standards in scope between a taught predecessor and a taught successor, the untaught ones counted.
fn c2(cx: &Scope, w: &mut Scratch, counts: &mut Counts, gaps: &mut Vec<Gap>) {
    let mut found: Vec<(NodeId, NodeId, NodeId)> = Vec::new();
    for &u in &w.pd_list {
        for &v in cx.index.succ.of(u) {
            if get(&w.mark, v) || !cx.inscope(v) {
                continue;
            }
            let Some(&after) = cx.index.succ.of(v).iter().find(|&&x| get(&w.pd, x)) else { continue };
            set(&mut w.mark, v);
            w.marked.push(v);
            counts.base.chain += 1;
            if get(&w.pd, v) {
                continue;
            }
            counts.c2 += 1;
            let before = cx.index.pred.of(v).iter().copied().find(|&x| get(&w.pd, x)).unwrap_or(u);
            found.push((v, before, after));
        }
    }
    w.clear_marks();
    found.sort_unstable();
    gaps.extend(found.into_iter().map(|(v, before, after)| Gap::C2 { v, before, after }));
}

/// C3 pair by pair, with the taught standards each prerequisite serves: when findings are collected.
fn c3_pairs(cx: &Scope, w: &mut Scratch, counts: &mut Counts, gaps: &mut Vec<Gap>) {
    let mut open: Vec<NodeId> = Vec::new();
    for &v in &w.pd_list {
        if !cx.inscope(v) {
            continue;
        }
        counts.base.pairs += cx.index.window_ancestors[v as usize].len() as u64;
        for &a in cx.index.window_ancestors[v as usize].iter() {
            if get(&w.int, a) {
                continue;
            }
            counts.c3.pairs += 1;
            if !get(&w.mark, a) {
                set(&mut w.mark, a);
                w.marked.push(a);
                open.push(a);
            }
            w.needs[a as usize].push(v);
        }
    }
    counts.c3.distinct = open.len() as u64;
    w.clear_marks();
    open.sort_unstable();
    for a in open {
        let taught = std::mem::take(&mut w.needs[a as usize]);
        gaps.push(Gap::C3 { a, taught });
    }
}

/// C4: same-grade relates_to neighbours in scope of taught in-scope standards, the untaught ones counted.
fn c4(cx: &Scope, w: &mut Scratch, counts: &mut Counts, gaps: &mut Vec<Gap>) {
    let level = |n: NodeId| cx.index.level[n as usize];
    let mut found: Vec<(NodeId, NodeId)> = Vec::new();
    for &v in &w.pd_list {
        if !cx.inscope(v) {
            continue;
        }
        for &x in cx.index.rel.of(v) {
            if level(x) != level(v) || !cx.inscope(x) {
                continue;
            }
            if !get(&w.mark, x) {
                set(&mut w.mark, x);
                w.marked.push(x);
                counts.base.related += 1;
                if get(&w.pd, x) {
                    continue;
                }
                counts.c4 += 1;
                found.push((x, v));
            } else if !get(&w.pd, x)
                && let Some(entry) = found.iter_mut().find(|e| e.0 == x)
            {
                entry.1 = entry.1.min(v);
            }
        }
    }
    w.clear_marks();
    found.sort_unstable();
    gaps.extend(found.into_iter().map(|(x, related)| Gap::C4 { x, related }));
}

/// C5: builds_towards edges with both ends in sequenced PD, those whose prerequisite comes later counted.
fn c5(cx: &Scope, w: &Scratch, counts: &mut Counts, gaps: &mut Vec<Gap>) {
    for &u in &w.first_list {
        let fu = w.first[u as usize];
        for &v in cx.index.succ.of(u) {
            let fv = w.first[v as usize];
            if fv.0 == i64::MAX {
                continue;
            }
            counts.base.sequenced += 1;
            if fu.0 > fv.0 {
                counts.c5 += 1;
                gaps.push(Gap::C5 { u, v, first_u: fu, first_v: fv });
            }
        }
    }
}
