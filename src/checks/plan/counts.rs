//! C1-C5 counted without findings: the summary and the scorecard of every
//! scope, a word at a time.
//!
//! A scope's sets are unions over the modules it adopts, and most of what
//! the checks ask of a set is the same for every scope that adopts a module.
//! So each module's contribution is computed once ([`ModuleSets`]): its
//! standards, their successors, their predecessors, their same-grade
//! relates_to neighbours and their windowed ancestors, each a [`Set`]. A
//! scope then ORs about 30 modules' sets into scratch bitsets and reads
//! every count but two off them with word operations (see [`count_scope`]);
//! C3's pairs and C5's order still need a step per taught standard. A
//! property test holds the counts equal to those of the pass that collects
//! findings, on random data, bands and windows.

use rayon::prelude::*;

use super::sets::{Pool, Set, Touched, ones};
use super::{Base, Counts, Csr};
use crate::graph::{Adopted, Graph, NodeId};
use crate::model::ModuleKind;

/// What one module adds to a scope that adopts it.
#[derive(Debug, Clone)]
struct Contribution {
    kind: ModuleKind,
    /// Its standards: PD(s) or INT(s).
    standards: Set,
    /// PD: the standards one of its standards builds towards (they have a taught predecessor).
    succ: Set,
    /// PD: the standards that build towards one of its standards (they have a taught successor).
    pred: Set,
    /// PD: relates_to neighbours of its standards of the same framework and grade.
    related: Set,
    /// PD: the windowed ancestors of its standards, per (framework, grade) of
    /// the standards they belong to: `parts[from..to]` of [`ModuleSets`].
    parts: (u32, u32),
}

/// What every module adds to a scope that adopts it (its standards, their successors, predecessors, same-grade neighbours and windowed ancestors), and each node's windowed ancestors, as sets of nodes in one pool.
#[derive(Debug, Default)]
pub struct ModuleSets {
    pool: Pool,
    modules: Vec<Contribution>,
    /// (framework, grade level, ancestors of the module's standards of that grade).
    parts: Vec<(u16, i8, Set)>,
    /// Per node: its windowed ancestors, and how many there are.
    ancestors: Vec<Set>,
    ancestor_count: Vec<u32>,
}

/// A scope's band (framework and grades) as bitsets over the band's span of words.
#[derive(Debug, Clone)]
pub(super) struct Band {
    /// The first word.
    first: usize,
    /// The standards in scope.
    inscope: Box<[u64]>,
    /// The priority standards among them.
    priority: Box<[u64]>,
    /// How many priority standards.
    priority_count: u64,
}

impl Band {
    /// The band of framework `fw` and grades `lo..=hi`, from the priority test of each node.
    pub(super) fn new(fw: u16, lo: i8, hi: i8, framework: &[u16], level: &[i8], priority: &[bool]) -> Band {
        let inside = |n: usize| framework[n] == fw && (lo..=hi).contains(&level[n]);
        let (Some(a), Some(z)) =
            ((0..framework.len()).find(|&n| inside(n)), (0..framework.len()).rfind(|&n| inside(n)))
        else {
            return Band { first: 0, inscope: Box::default(), priority: Box::default(), priority_count: 0 };
        };
        let first = a / 64;
        let words = z / 64 - first + 1;
        let (mut inscope, mut prio) = (vec![0u64; words], vec![0u64; words]);
        for n in (a..=z).filter(|&n| inside(n)) {
            inscope[n / 64 - first] |= 1 << (n % 64);
            if priority[n] {
                prio[n / 64 - first] |= 1 << (n % 64);
            }
        }
        let priority_count = prio.iter().map(|w| u64::from(w.count_ones())).sum();
        Band { first, inscope: inscope.into(), priority: prio.into(), priority_count }
    }

    /// How many priority standards the band holds.
    pub(super) fn priority_count(&self) -> u64 {
        self.priority_count
    }

    /// The band's priority standards, ascending.
    pub(super) fn priority_nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        let first = self.first;
        self.priority.iter().enumerate().flat_map(move |(k, &w)| ones(w).map(move |b| ((first + k) * 64) as NodeId + b))
    }
}

impl ModuleSets {
    /// Each module's sets, in parallel, and each node's windowed ancestors.
    ///
    /// Complexity: O(Σ over modules of k·D + A) for modules of k standards,
    /// D the degree of the graph and A their windowed ancestors.
    // Whole on purpose: the per-chunk pools are filled in parallel and joined in module order; split, each part would need them all.
    pub(super) fn new(
        g: &Graph,
        window_ancestors: &[Box<[NodeId]>],
        succ: &Csr,
        pred: &Csr,
        rel: &Csr,
        level: &[i8],
        framework: &[u16],
    ) -> ModuleSets {
        let mut sets = ModuleSets::default();
        // Each node's windowed ancestors first: a module's are unions of them.
        let chunks: Vec<(Pool, Vec<Set>)> = window_ancestors
            .par_chunks(1024)
            .map(|chunk| {
                let mut pool = Pool::default();
                let own = chunk.iter().map(|a| pool.add(&mut a.to_vec())).collect();
                (pool, own)
            })
            .collect();
        for (pool, own) in chunks {
            let at = sets.pool.append(&pool);
            sets.ancestors.extend(own.into_iter().map(|a| a.moved(at)));
        }
        sets.ancestor_count = window_ancestors.iter().map(|a| a.len() as u32).collect();
        // Modules' sets are made in parallel, a chunk of modules to a pool; the pools are then joined.
        type Built = (Pool, Vec<(Contribution, Vec<(u16, i8, Set)>)>);
        let built: Vec<Built> = g
            .modules
            .par_chunks(64)
            .map(|chunk| {
                let mut pool = Pool::default();
                let mut made = Vec::with_capacity(chunk.len());
                let (mut s, mut p, mut r) = (Vec::new(), Vec::new(), Vec::new());
                for m in chunk {
                    let standards = pool.add(&mut m.standards.clone());
                    let mut c = Contribution {
                        kind: m.kind,
                        standards,
                        succ: Set::default(),
                        pred: Set::default(),
                        related: Set::default(),
                        parts: (0, 0),
                    };
                    if m.kind != ModuleKind::Pd {
                        made.push((c, Vec::new()));
                        continue;
                    }
                    let mut parts: Vec<(u16, i8, Vec<Set>)> = Vec::new();
                    for &v in &m.standards {
                        s.extend_from_slice(succ.of(v));
                        p.extend_from_slice(pred.of(v));
                        let (fv, lv) = (framework[v as usize], level[v as usize]);
                        r.extend(rel.of(v).iter().filter(|&&x| framework[x as usize] == fv && level[x as usize] == lv));
                        let ancestors = sets.ancestors[v as usize];
                        match parts.iter_mut().find(|(f, l, _)| *f == fv && *l == lv) {
                            Some(part) => part.2.push(ancestors),
                            None => parts.push((fv, lv, vec![ancestors])),
                        }
                    }
                    (c.succ, c.pred, c.related) = (pool.add(&mut s), pool.add(&mut p), pool.add(&mut r));
                    s.clear();
                    p.clear();
                    r.clear();
                    let parts = parts
                        .into_iter()
                        .map(|(f, l, a)| (f, l, pool.add_union(&sets.pool, &a)))
                        .filter(|(_, _, a)| !a.is_empty())
                        .collect();
                    made.push((c, parts));
                }
                (pool, made)
            })
            .collect();
        for (pool, made) in built {
            let at = sets.pool.append(&pool);
            for (mut c, parts) in made {
                let from = sets.parts.len() as u32;
                sets.parts.extend(parts.into_iter().map(|(f, l, a)| (f, l, a.moved(at))));
                (c.standards, c.succ, c.pred, c.related) =
                    (c.standards.moved(at), c.succ.moved(at), c.pred.moved(at), c.related.moved(at));
                c.parts = (from, sets.parts.len() as u32);
                sets.modules.push(c);
            }
        }
        sets
    }
}

/// Per-thread scratch bitsets over every node, zero outside `touched`.
pub(super) struct Scratch {
    taught: Vec<u64>,
    int: Vec<u64>,
    after_taught: Vec<u64>,
    before_taught: Vec<u64>,
    related: Vec<u64>,
    ancestors: Vec<u64>,
    seen: Vec<u64>,
    touched: Touched,
    /// First sequence number per node, valid where `seen` holds it.
    first: Vec<i64>,
    /// The scope's sequenced PD rows: (sequence, module).
    sequenced: Vec<(i64, u32)>,
    /// The standards of sequenced PD.
    listed: Vec<NodeId>,
}

impl Scratch {
    pub(super) fn new(n: usize) -> Scratch {
        let words = n.div_ceil(64);
        Scratch {
            taught: vec![0; words],
            int: vec![0; words],
            after_taught: vec![0; words],
            before_taught: vec![0; words],
            related: vec![0; words],
            ancestors: vec![0; words],
            seen: vec![0; words],
            touched: Touched::default(),
            first: vec![0; n],
            sequenced: Vec::new(),
            listed: Vec::new(),
        }
    }

    fn clear(&mut self) {
        let r = self.touched.range();
        for bits in [
            &mut self.taught,
            &mut self.int,
            &mut self.after_taught,
            &mut self.before_taught,
            &mut self.related,
            &mut self.ancestors,
            &mut self.seen,
        ] {
            bits[r.clone()].fill(0);
        }
        self.touched = Touched::default();
        self.sequenced.clear();
    }
}

/// One scope to count: the modules it adopts and its band.
pub(super) struct ScopeInput<'a> {
    /// What each module adds.
    pub(super) sets: &'a ModuleSets,
    /// The scope's band as bitsets.
    pub(super) band: &'a Band,
    /// Its plan rows.
    pub(super) rows: &'a [Adopted],
    /// Its framework and grades `lo..=hi`.
    pub(super) fw: u16,
    pub(super) lo: i8,
    pub(super) hi: i8,
    /// builds_towards successors.
    pub(super) succ: &'a Csr,
}

/// C1-C5 counts and bases of one scope.
///
/// Complexity: O(Σ over adopted modules of their sets' words + T + Q·D) for
/// T taught standards in scope, Q standards in sequenced PD and D the
/// degree of the graph; the band's words for each rate.
pub(super) fn count_scope(input: &ScopeInput, w: &mut Scratch) -> Counts {
    // Counting bits is most of the work, and the x86-64 baseline has no
    // instruction for it: the pass is compiled again with one, and used
    // where the processor has it (every x86-64 processor since about 2008).
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the processor has popcnt, as checked on the line above.
        return unsafe { count_scope_popcnt(input, w) };
    }
    count_scope_any(input, w)
}

/// [`count_scope`] compiled with the popcnt instruction.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
unsafe fn count_scope_popcnt(input: &ScopeInput, w: &mut Scratch) -> Counts {
    count_scope_any(input, w)
}

/// [`count_scope`] for any processor; inlined into the popcnt variant.
#[inline(always)]
fn count_scope_any(input: &ScopeInput, w: &mut Scratch) -> Counts {
    let ScopeInput { sets, band, rows, fw, lo, hi, succ } = *input;
    let pool = &sets.pool;
    for (m, seq) in rows.iter().map(|a| (a.module(), a.sequence())) {
        let c = &sets.modules[m as usize];
        match c.kind {
            ModuleKind::Pd => {
                pool.or_into(c.standards, &mut w.taught, &mut w.touched);
                pool.or_into(c.succ, &mut w.after_taught, &mut w.touched);
                pool.or_into(c.pred, &mut w.before_taught, &mut w.touched);
                pool.or_into(c.related, &mut w.related, &mut w.touched);
                for &(f, l, a) in &sets.parts[c.parts.0 as usize..c.parts.1 as usize] {
                    if f == fw && (lo..=hi).contains(&l) {
                        pool.or_into(a, &mut w.ancestors, &mut w.touched);
                    }
                }
                if let Some(q) = seq {
                    w.sequenced.push((q, m));
                }
            }
            ModuleKind::Intervention => pool.or_into(c.standards, &mut w.int, &mut w.touched),
        }
    }
    let mut counts = Counts { base: Base { priority: band.priority_count, ..Base::default() }, ..Counts::default() };
    let pop = |x: u64| u64::from(x.count_ones());
    let mut taught_inscope: Vec<(usize, u64)> = Vec::new();
    for (k, (&inscope, &priority)) in band.inscope.iter().zip(band.priority.iter()).enumerate() {
        let i = band.first + k;
        let t = w.taught[i];
        counts.c1 += pop(priority & !t);
        counts.base.taught += pop(inscope & t);
        let chain = inscope & w.after_taught[i] & w.before_taught[i];
        counts.base.chain += pop(chain);
        counts.c2 += pop(chain & !t);
        let related = inscope & w.related[i];
        counts.base.related += pop(related);
        counts.c4 += pop(related & !t);
        if inscope & t != 0 {
            taught_inscope.push((i, inscope & t));
        }
    }
    // C3: distinct prerequisites without intervention from the union of
    // ancestors; pairs per taught standard, less those an intervention serves.
    let range = w.touched.range();
    let mut served_somewhere = false;
    for i in range {
        counts.c3.distinct += pop(w.ancestors[i] & !w.int[i]);
        served_somewhere |= w.ancestors[i] & w.int[i] != 0;
    }
    for (i, word) in taught_inscope {
        for b in ones(word) {
            let v = i * 64 + b as usize;
            let all = sets.ancestor_count[v];
            counts.base.pairs += u64::from(all);
            let served = if served_somewhere { pool.count_in(sets.ancestors[v], &w.int) } else { 0 };
            counts.c3.pairs += u64::from(all - served);
        }
    }
    sequencing(w, pool, sets, succ, &mut counts);
    w.clear();
    counts
}

/// C5 and its base: each standard's first sequence number, from the
/// sequenced PD modules in order, then every edge between two of them.
#[inline(always)]
fn sequencing(w: &mut Scratch, pool: &Pool, sets: &ModuleSets, succ: &Csr, counts: &mut Counts) {
    if w.sequenced.is_empty() {
        return;
    }
    let mut sequenced = std::mem::take(&mut w.sequenced);
    sequenced.sort_unstable();
    w.listed.clear();
    for &(q, m) in &sequenced {
        let (first, listed) = (&mut w.first, &mut w.listed);
        pool.for_each_new(sets.modules[m as usize].standards, &mut w.seen, |n| {
            first[n as usize] = q;
            listed.push(n);
        });
    }
    w.sequenced = sequenced;
    // Without branches: whether a successor is sequenced, and whether it
    // comes first, are as likely as not, and a missed guess costs more than the sums.
    for &u in &w.listed {
        let fu = w.first[u as usize];
        for &v in succ.of(u) {
            let sequenced = w.seen[v as usize / 64] >> (v % 64) & 1;
            counts.base.sequenced += sequenced;
            counts.c5 += sequenced & u64::from(fu > w.first[v as usize]);
        }
    }
}
