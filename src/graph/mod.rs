//! The progression graph: standards interned once as nodes, builds_towards
//! and relates_to as petgraph graphs, built once and read-only afterwards.
//!
//! [`Graph::build`] resolves every reference of the dataset (exact ids first,
//! then spelling variants, see [`alias`]) and reports what it had to drop:
//! duplicates (D1), dangling or ambiguous references (D2), self-loops (D3)
//! and scopes of an unknown framework (D6), following the counting rules of
//! the spec. The result is `Send + Sync`, so checks can share it across
//! rayon threads.

pub mod alias;
mod build;
mod entries;
mod results;

use entries::Groups;
pub use entries::{Entry, EntryKey, GroupKind, practice_key};
pub use results::ResolvedResult;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};

use crate::finding::{Code, Finding};
use crate::model::{Dataset, Grade, ModuleKind, Origin};

/// A node: the index of a standard in [`Graph::nodes`].
pub type NodeId = u32;

/// What the graph keeps about one standard.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Index into `Dataset::standards`.
    pub standard: usize,
    /// Index into [`Graph::frameworks`].
    pub framework: u16,
    /// The grade.
    pub grade: Grade,
    /// Parent standard, for sub-standards.
    pub parent: Option<NodeId>,
    /// Marked entry.
    pub entry: bool,
}

/// How a reference resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one standard.
    Found(NodeId),
    /// More than one standard (in several frameworks, or several variants).
    Ambiguous(Vec<NodeId>),
    /// No standard.
    Missing,
}

/// A module whose references resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedModule {
    /// Index into `Dataset::modules`.
    pub module: usize,
    /// pd or intervention.
    pub kind: ModuleKind,
    /// Standards addressed: every entry expanded (a standard with its
    /// descendants, a cluster or domain with all its standards), ascending,
    /// without repeats.
    pub standards: Vec<NodeId>,
    /// What the entries named, in file order, without repeats.
    pub entries: Vec<Entry>,
    /// Practice standards the module names (indices into `Dataset::practices`), ascending.
    pub practices: Vec<usize>,
}

/// A scope whose framework resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedScope {
    /// Index into `Dataset::scopes`.
    pub scope: usize,
    /// Index into [`Graph::frameworks`].
    pub framework: u16,
    /// Parent scope, as an index into [`Graph::scopes`].
    pub parent: Option<u32>,
}

/// A module a scope adopts, from a plan row whose scope and module resolved.
/// Sixteen bytes: a national dataset has millions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Adopted {
    module: u32,
    sequenced: bool,
    sequence: i64,
}

impl Adopted {
    /// The module, an index into [`Graph::modules`], at sequence number `sequence`.
    pub fn new(module: u32, sequence: Option<i64>) -> Adopted {
        Adopted { module, sequenced: sequence.is_some(), sequence: sequence.unwrap_or(0) }
    }

    /// Index into [`Graph::modules`].
    pub fn module(&self) -> u32 {
        self.module
    }

    /// Its sequence number, if the row has one.
    pub fn sequence(&self) -> Option<i64> {
        self.sequenced.then_some(self.sequence)
    }
}

/// The kept plan rows grouped by scope, each scope's in file order: the
/// rows of scope `s` are `rows[offsets[s]..offsets[s + 1]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopePlans {
    offsets: Vec<u32>,
    rows: Vec<Adopted>,
}

impl ScopePlans {
    /// Groups the rows that `resolve` keeps, as `(scope, adopted)`, by
    /// scope (`scopes` of them), keeping their order within each. A plan file
    /// lists each scope's rows together, in the order of the scopes: then
    /// the rows are already grouped and are copied in parallel; otherwise
    /// each is placed after a count per scope.
    pub(crate) fn new<R: Sync>(
        scopes: usize,
        rows: &[R],
        resolve: impl Fn(&R) -> Option<(u32, Adopted)> + Sync,
    ) -> ScopePlans {
        let mut offsets = vec![0u32; scopes + 1];
        let (mut last, mut grouped_already) = (0u32, true);
        for (s, _) in rows.iter().filter_map(&resolve) {
            offsets[s as usize + 1] += 1;
            grouped_already &= s >= last;
            last = s;
        }
        for i in 0..scopes {
            offsets[i + 1] += offsets[i];
        }
        if grouped_already {
            let rows = rows.par_iter().filter_map(|r| resolve(r).map(|(_, a)| a)).collect();
            return ScopePlans { offsets, rows };
        }
        let mut at: Vec<u32> = offsets[..scopes].to_vec();
        let mut grouped = vec![Adopted::new(0, None); offsets[scopes] as usize];
        for (s, a) in rows.iter().filter_map(&resolve) {
            grouped[at[s as usize] as usize] = a;
            at[s as usize] += 1;
        }
        ScopePlans { offsets, rows: grouped }
    }

    /// The modules scope `s` adopts, in file order.
    pub fn of(&self, s: u32) -> &[Adopted] {
        match (self.offsets.get(s as usize), self.offsets.get(s as usize + 1)) {
            (Some(&a), Some(&b)) => &self.rows[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Adds a row at the end of scope `s`'s rows: a plan as it would be with one more module.
    pub fn push(&mut self, s: u32, adopted: Adopted) {
        let end = self.offsets[s as usize + 1] as usize;
        self.rows.insert(end, adopted);
        for o in &mut self.offsets[s as usize + 1..] {
            *o += 1;
        }
    }

    /// How many rows were kept, over all scopes.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was kept.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each scope (an index into [`Graph::scopes`]) with its rows.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &[Adopted])> + '_ {
        (0..self.offsets.len().saturating_sub(1) as u32).map(|s| (s, self.of(s)))
    }
}

/// The progression graph and the resolved plan data.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Frameworks of the kept standards, in order of first appearance.
    pub frameworks: Vec<String>,
    /// One entry per kept standard; a [`NodeId`] indexes it.
    pub nodes: Vec<Node>,
    /// builds_towards edges; the weight is the index of the first edge row in `Dataset::edges`.
    pub builds: DiGraph<(), usize, u32>,
    /// relates_to edges; the weight is the index of the first edge row.
    pub relates: UnGraph<(), usize, u32>,
    /// Modules kept.
    pub modules: Vec<ResolvedModule>,
    /// Scopes kept.
    pub scopes: Vec<ResolvedScope>,
    /// Plan rows kept, grouped by scope.
    pub plans: ScopePlans,
    /// Results rows kept (`results.csv`), in file order.
    pub results: Vec<ResolvedResult>,
    exact: HashMap<String, Vec<NodeId>>,
    aliases: HashMap<String, Vec<NodeId>>,
    /// Each node's canonical key, for "did you mean".
    keys: Vec<String>,
    /// Clusters and domains by id, and by the canonical key of their id (spelling variants).
    groups: [Groups; 2],
    group_aliases: [HashMap<String, Vec<(u16, String)>>; 2],
    /// Sub-standards of each node (one level), as the CSR `children[child_at[n]..child_at[n + 1]]`.
    child_at: Vec<u32>,
    children: Vec<NodeId>,
}

impl Graph {
    /// Resolves a reference: `framework:id` (when `framework` is loaded) or a
    /// bare id; an exact id wins, then a spelling variant that fits exactly one
    /// standard.
    pub fn resolve(&self, reference: &str) -> Resolution {
        let reference = reference.trim();
        if let Some((prefix, rest)) = reference.split_once(':')
            && let Some(fw) = self.frameworks.iter().position(|f| f == prefix)
        {
            return self.resolve_in(Some(fw as u16), rest);
        }
        self.resolve_in(None, reference)
    }

    fn resolve_in(&self, fw: Option<u16>, id: &str) -> Resolution {
        let keep = |n: &&NodeId| fw.is_none_or(|f| self.nodes[**n as usize].framework == f);
        let listed = self.exact.get(id).map_or(&[][..], Vec::as_slice);
        // Most references name one standard exactly: no list is made for them.
        let mut kept = listed.iter().filter(keep);
        if let (Some(&n), None) = (kept.next(), kept.next()) {
            return Resolution::Found(n);
        }
        let exact: Vec<NodeId> = listed.iter().filter(keep).copied().collect();
        match exact.len() {
            1 => return Resolution::Found(exact[0]),
            0 => {}
            _ => return Resolution::Ambiguous(exact),
        }
        let mut found: Vec<NodeId> = self
            .aliases
            .get(&alias::canonical(id))
            .map(|v| v.iter().filter(keep).copied().collect())
            .unwrap_or_default();
        found.sort_unstable();
        found.dedup();
        match found.len() {
            0 => Resolution::Missing,
            1 => Resolution::Found(found[0]),
            _ => Resolution::Ambiguous(found),
        }
    }

    /// The D2 finding for a reference that did not resolve.
    fn dangling(
        &self,
        ds: &Dataset,
        res: &Resolution,
        reference: &str,
        what: &str,
        origin: &Origin,
        budget: &mut usize,
    ) -> Finding {
        match res {
            Resolution::Ambiguous(nodes) => {
                let options: Vec<String> = nodes.iter().map(|&n| self.qualified(ds, n)).collect();
                Finding::new(
                    Code::D2,
                    format!("{what}: {reference} is ambiguous: it fits {}", options.join(", ")),
                    format!("write the reference qualified, e.g. {}", options[0]),
                )
                .at(origin)
                .ids([reference.to_string()])
            }
            _ => {
                let suggestions = self.suggest_within(ds, reference, budget);
                let help = if suggestions.is_empty() {
                    "fix the code, or add the standard it names".to_string()
                } else {
                    format!("did you mean {}?", suggestions.join(", "))
                };
                Finding::new(Code::D2, format!("{what}: {reference} is not a known standard"), help)
                    .at(origin)
                    .ids([reference.to_string()])
            }
        }
    }

    /// Up to three known codes nearest to `reference` (edit distance on canonical keys).
    pub fn suggest(&self, ds: &Dataset, reference: &str) -> Vec<String> {
        let mut unbounded = usize::MAX;
        self.suggest_within(ds, reference, &mut unbounded)
    }

    /// [`Graph::suggest`], spending at most `budget` comparisons.
    pub(crate) fn suggest_within(&self, ds: &Dataset, reference: &str, budget: &mut usize) -> Vec<String> {
        let keys = self.keys.iter().enumerate().map(|(n, k)| (k.as_str(), n as NodeId));
        best_three(nearest(reference, keys, budget).into_iter().map(|(d, n)| (d, self.name(ds, n))).collect())
    }

    /// The name a report uses: the bare code, or `framework:code` when several frameworks are loaded.
    pub fn name(&self, ds: &Dataset, n: NodeId) -> String {
        if self.frameworks.len() > 1 {
            self.qualified(ds, n)
        } else {
            ds.standards[self.nodes[n as usize].standard].id.clone()
        }
    }

    /// `framework:code`.
    pub fn qualified(&self, ds: &Dataset, n: NodeId) -> String {
        let node = &self.nodes[n as usize];
        format!("{}:{}", self.frameworks[node.framework as usize], ds.standards[node.standard].id)
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when no standard was kept.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Direct builds_towards predecessors of `n`.
    pub fn predecessors(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.builds.neighbors_directed(NodeIndex::new(n as usize), Direction::Incoming).map(|i| i.index() as NodeId)
    }

    /// Direct builds_towards successors of `n`.
    pub fn successors(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.builds.neighbors_directed(NodeIndex::new(n as usize), Direction::Outgoing).map(|i| i.index() as NodeId)
    }

    /// relates_to neighbours of `n`.
    pub fn related(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.relates.neighbors(NodeIndex::new(n as usize)).map(|i| i.index() as NodeId)
    }

    /// The family head of `n`: its parent, or itself.
    pub fn top(&self, n: NodeId) -> NodeId {
        self.nodes[n as usize].parent.unwrap_or(n)
    }

    /// `family(n)`: the head and the head's sub-standards (one level), see the spec.
    pub fn families(&self) -> Vec<Vec<NodeId>> {
        let mut children: Vec<Vec<NodeId>> = vec![Vec::new(); self.nodes.len()];
        for (n, node) in self.nodes.iter().enumerate() {
            if let Some(p) = node.parent {
                children[p as usize].push(n as NodeId);
            }
        }
        children
    }

    /// The number of builds_towards and relates_to edges.
    pub fn edge_counts(&self) -> (usize, usize) {
        (self.builds.edge_count(), self.relates.edge_count())
    }
}

/// A typo is short: longer references get no suggestion (an edit distance
/// over them would cost the square of their length).
const SUGGEST_MAX_LEN: usize = 64;

/// The candidates near `reference` by edit distance on canonical keys (at
/// most a third of its length away), with their distance, spending at most
/// `budget` comparisons; candidates whose length alone rules them out cost none.
pub(crate) fn nearest<'k, T>(
    reference: &str,
    candidates: impl Iterator<Item = (&'k str, T)>,
    budget: &mut usize,
) -> Vec<(usize, T)> {
    let bare = reference.rsplit_once(':').map_or(reference, |(_, r)| r);
    if bare.len() > SUGGEST_MAX_LEN {
        return Vec::new();
    }
    let want = alias::canonical(bare);
    let limit = (want.len() / 3).max(2);
    let mut scored: Vec<(usize, T)> = Vec::new();
    for (key, item) in candidates {
        if key.len().abs_diff(want.len()) > limit {
            continue;
        }
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let d = strsim::levenshtein(&want, key);
        if d <= limit {
            scored.push((d, item));
        }
    }
    scored
}

/// The three best names: nearest first, then by name.
pub(crate) fn best_three(mut scored: Vec<(usize, String)>) -> Vec<String> {
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn graph_is_shareable_across_threads() {
        assert_send_sync::<super::Graph>();
    }

    /// Rows as a plan file has them (each scope's together, in scope order)
    /// and shuffled give the same groups, each in file order; dropped rows
    /// are left out, and a pushed row ends its scope's list.
    #[test]
    fn plan_rows_group_by_scope_in_file_order_whatever_the_file_order() {
        use super::{Adopted, ScopePlans};
        let keep = |&(s, m, q): &(u32, u32, Option<i64>)| (s != 9).then(|| (s, Adopted::new(m, q)));
        let modules = |p: &ScopePlans, s: u32| p.of(s).iter().map(|a| (a.module(), a.sequence())).collect::<Vec<_>>();
        let grouped = [(0, 5, Some(2)), (0, 6, None), (9, 1, None), (1, 7, Some(1)), (2, 8, None), (2, 5, Some(-3))];
        let shuffled = [(2, 8, None), (0, 5, Some(2)), (1, 7, Some(1)), (9, 1, None), (0, 6, None), (2, 5, Some(-3))];
        for rows in [&grouped[..], &shuffled[..]] {
            let mut p = ScopePlans::new(4, rows, keep);
            assert_eq!(p.len(), 5, "the row of scope 9 is dropped");
            assert_eq!(modules(&p, 0), vec![(5, Some(2)), (6, None)]);
            assert_eq!(modules(&p, 1), vec![(7, Some(1))]);
            assert_eq!(modules(&p, 2), vec![(8, None), (5, Some(-3))]);
            assert!(p.of(3).is_empty() && p.of(40).is_empty());
            p.push(1, Adopted::new(4, Some(0)));
            assert_eq!(modules(&p, 1), vec![(7, Some(1)), (4, Some(0))]);
            assert_eq!(modules(&p, 2), vec![(8, None), (5, Some(-3))], "later scopes move along");
            assert_eq!(p.iter().map(|(s, r)| (s, r.len())).collect::<Vec<_>>(), vec![(0, 2), (1, 2), (2, 2), (3, 0)]);
        }
    }
}
