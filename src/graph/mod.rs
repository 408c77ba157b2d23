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

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};

use crate::finding::{Code, Finding};
use crate::model::{Dataset, EdgeKind, Grade, ModuleKind, Origin};

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
    /// Standards addressed (resolved, in file order, without repeats).
    pub standards: Vec<NodeId>,
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

/// A plan row whose scope and module resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedPlan {
    /// Index into [`Graph::scopes`].
    pub scope: u32,
    /// Index into [`Graph::modules`].
    pub module: u32,
    /// Sequence number.
    pub sequence: Option<i64>,
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
    /// Plan rows kept.
    pub plans: Vec<ResolvedPlan>,
    exact: HashMap<String, Vec<NodeId>>,
    aliases: HashMap<String, Vec<NodeId>>,
}

/// How many "did you mean" searches one build makes: each one scans every code.
const SUGGESTION_BUDGET: usize = 1000;

impl Graph {
    /// Builds the graph from loaded records and returns the findings of
    /// resolution (D1, D2, D3, and D6 for scopes of an unknown framework),
    /// in record order.
    ///
    /// Complexity: O(S + E + M·k + P) expected time for S standards, E edge
    /// rows, modules naming k standards each, and P plan rows, plus at most
    /// 1,000 suggestion scans of O(S) for unknown codes.
    pub fn build(ds: &Dataset) -> (Graph, Vec<Finding>) {
        let mut findings = Vec::new();
        let mut g = Graph {
            frameworks: Vec::new(),
            nodes: Vec::with_capacity(ds.standards.len()),
            builds: DiGraph::default(),
            relates: UnGraph::default(),
            modules: Vec::new(),
            scopes: Vec::new(),
            plans: Vec::new(),
            exact: HashMap::with_capacity_and_hasher(ds.standards.len(), Default::default()),
            aliases: HashMap::default(),
        };

        // Standards: the first row of a (framework, id) wins.
        let mut first_seen: HashMap<(u16, &str), usize> =
            HashMap::with_capacity_and_hasher(ds.standards.len(), Default::default());
        for (i, s) in ds.standards.iter().enumerate() {
            let fw = match g.frameworks.iter().position(|f| *f == s.framework) {
                Some(p) => p as u16,
                None => {
                    g.frameworks.push(s.framework.clone());
                    (g.frameworks.len() - 1) as u16
                }
            };
            if let Some(&first) = first_seen.get(&(fw, s.id.as_str())) {
                findings.push(duplicate("standard", &s.id, &ds.standards[first].origin, &s.origin));
                continue;
            }
            first_seen.insert((fw, s.id.as_str()), i);
            let id = g.nodes.len() as NodeId;
            g.nodes.push(Node { standard: i, framework: fw, grade: s.grade, parent: None, entry: s.entry });
            g.exact.entry(s.id.clone()).or_default().push(id);
        }
        for (n, node) in g.nodes.iter().enumerate() {
            let canon = alias::canonical(&ds.standards[node.standard].id);
            if let Some(short) = alias::without_cluster(&canon) {
                g.aliases.entry(short).or_default().push(n as NodeId);
            }
            g.aliases.entry(canon).or_default().push(n as NodeId);
        }
        g.builds.reserve_nodes(g.nodes.len());
        g.relates.reserve_nodes(g.nodes.len());
        for _ in 0..g.nodes.len() {
            g.builds.add_node(());
            g.relates.add_node(());
        }
        let mut budget = SUGGESTION_BUDGET;

        // Parents resolve within the standard's own framework.
        for n in 0..g.nodes.len() {
            let s = &ds.standards[g.nodes[n].standard];
            let Some(parent) = &s.parent else { continue };
            let reference = if parent.contains(':') { parent.clone() } else { format!("{}:{parent}", s.framework) };
            match g.resolve(&reference) {
                Resolution::Found(p) if p as usize != n => g.nodes[n].parent = Some(p),
                Resolution::Found(_) => findings.push(
                    Finding::new(
                        Code::D2,
                        format!("standard {} names itself as its parent", s.id),
                        "name the standard it belongs to, or leave parent empty",
                    )
                    .at(&s.parent_origin)
                    .ids([s.id.clone()]),
                ),
                other => findings.push(g.dangling(
                    ds,
                    &other,
                    parent,
                    &format!("parent of {}", s.id),
                    &s.parent_origin,
                    &mut budget,
                )),
            }
        }

        // Edges: each end resolves; a repeated row adds nothing; a self-loop is dropped.
        let mut seen: HashSet<(EdgeKind, NodeId, NodeId)> =
            HashSet::with_capacity_and_hasher(ds.edges.len(), Default::default());
        for (i, e) in ds.edges.iter().enumerate() {
            let what = format!("{} edge {} -> {}", e.kind.as_str(), e.from, e.to);
            let from = g.resolve(&e.from);
            let to = g.resolve(&e.to);
            let (u, v) = match (&from, &to) {
                (Resolution::Found(u), Resolution::Found(v)) => (*u, *v),
                _ => {
                    if !matches!(from, Resolution::Found(_)) {
                        findings.push(g.dangling(ds, &from, &e.from, &what, &e.from_origin, &mut budget));
                    }
                    if !matches!(to, Resolution::Found(_)) {
                        findings.push(g.dangling(ds, &to, &e.to, &what, &e.to_origin, &mut budget));
                    }
                    continue;
                }
            };
            let key = match e.kind {
                EdgeKind::BuildsTowards => (e.kind, u, v),
                EdgeKind::RelatesTo => (e.kind, u.min(v), u.max(v)),
            };
            if !seen.insert(key) {
                continue;
            }
            if u == v {
                findings.push(
                    Finding::new(
                        Code::D3,
                        format!("{} edge from {} to itself", e.kind.as_str(), g.name(ds, u)),
                        "delete the row, or point it at the standard that was meant",
                    )
                    .at(&e.origin)
                    .ids([g.name(ds, u)]),
                );
                continue;
            }
            match e.kind {
                EdgeKind::BuildsTowards => g.builds.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), i),
                EdgeKind::RelatesTo => g.relates.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), i),
            };
        }

        // Modules: the first row of an id wins; a module keeps the standards that resolve.
        let mut module_ids: HashMap<&str, u32> =
            HashMap::with_capacity_and_hasher(ds.modules.len(), Default::default());
        for (i, m) in ds.modules.iter().enumerate() {
            if let Some(&first) = module_ids.get(m.id.as_str()) {
                let first = &ds.modules[g.modules[first as usize].module];
                findings.push(duplicate("module", &m.id, &first.origin, &m.origin));
                continue;
            }
            let mut standards = Vec::with_capacity(m.standards.len());
            for r in &m.standards {
                match g.resolve(r) {
                    Resolution::Found(n) => {
                        if !standards.contains(&n) {
                            standards.push(n);
                        }
                    }
                    other => {
                        findings.push(g.dangling(ds, &other, r, &format!("module {}", m.id), &m.origin, &mut budget))
                    }
                }
            }
            module_ids.insert(m.id.as_str(), g.modules.len() as u32);
            g.modules.push(ResolvedModule { module: i, kind: m.kind, standards });
        }

        // Scopes: a scope follows a loaded framework (named, or the only one).
        let mut scope_ids: HashMap<&str, u32> = HashMap::with_capacity_and_hasher(ds.scopes.len(), Default::default());
        for (i, s) in ds.scopes.iter().enumerate() {
            let fw = match &s.framework {
                Some(name) => g.frameworks.iter().position(|f| f == name),
                None if g.frameworks.len() == 1 => Some(0),
                None => None,
            };
            let Some(fw) = fw else {
                let message = match &s.framework {
                    Some(name) => format!("scope {} dropped: framework {name} is not loaded", s.id),
                    None => format!(
                        "scope {} dropped: it names no framework and the data holds {}",
                        s.id,
                        g.frameworks.len()
                    ),
                };
                findings.push(
                    Finding::new(
                        Code::D6,
                        message,
                        format!("name one of the loaded frameworks: {}", g.frameworks.join(", ")),
                    )
                    .at(&s.origin),
                );
                continue;
            };
            if let Some(&first) = scope_ids.get(s.id.as_str()) {
                let first = &ds.scopes[g.scopes[first as usize].scope];
                findings.push(duplicate("scope", &s.id, &first.origin, &s.origin));
                continue;
            }
            scope_ids.insert(s.id.as_str(), g.scopes.len() as u32);
            g.scopes.push(ResolvedScope { scope: i, framework: fw as u16, parent: None });
        }
        for k in 0..g.scopes.len() {
            let s = &ds.scopes[g.scopes[k].scope];
            if let Some(p) = &s.parent {
                match scope_ids.get(p.as_str()) {
                    Some(&pi) => g.scopes[k].parent = Some(pi),
                    None => findings.push(
                        Finding::new(
                            Code::D2,
                            format!("scope {} names parent scope {p}, which does not exist", s.id),
                            "fix the parent id, or add that scope",
                        )
                        .at(&s.origin)
                        .ids([p.clone()]),
                    ),
                }
            }
        }

        // Plans: one D2 per missing scope or module.
        for p in &ds.plans {
            let scope = scope_ids.get(&*p.scope).copied();
            let module = module_ids.get(&*p.module).copied();
            if scope.is_none() {
                findings.push(
                    Finding::new(
                        Code::D2,
                        format!("plan row names scope {}, which does not exist", p.scope),
                        "fix the scope id, or add the scope",
                    )
                    .at(&p.origin)
                    .ids([p.scope.to_string()]),
                );
            }
            if module.is_none() {
                findings.push(
                    Finding::new(
                        Code::D2,
                        format!("plan row names module {}, which does not exist", p.module),
                        "fix the module id, or add the module",
                    )
                    .at(&p.origin)
                    .ids([p.module.to_string()]),
                );
            }
            if let (Some(scope), Some(module)) = (scope, module) {
                g.plans.push(ResolvedPlan { scope, module, sequence: p.sequence });
            }
        }
        (g, findings)
    }

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
        let exact: Vec<NodeId> =
            self.exact.get(id).map(|v| v.iter().filter(keep).copied().collect()).unwrap_or_default();
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
                let suggestions = if *budget > 0 {
                    *budget -= 1;
                    self.suggest(ds, reference)
                } else {
                    Vec::new()
                };
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
        let bare = reference.rsplit_once(':').map_or(reference, |(_, r)| r);
        let want = alias::canonical(bare);
        let limit = (want.len() / 3).max(2);
        let mut scored: Vec<(usize, String)> = self
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(n, node)| {
                let id = &ds.standards[node.standard].id;
                let d = strsim::levenshtein(&want, &alias::canonical(id));
                (d <= limit).then(|| (d, self.name(ds, n as NodeId)))
            })
            .collect();
        scored.sort();
        scored.dedup();
        scored.into_iter().take(3).map(|(_, s)| s).collect()
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

/// The D1 finding for a repeated record: the first row wins.
fn duplicate(what: &str, id: &str, first: &Origin, at: &Origin) -> Finding {
    Finding::new(
        Code::D1,
        format!("{what} {id} is defined again; the first definition ({first}) is kept"),
        format!("remove or rename the repeated {what}"),
    )
    .at(at)
    .ids([id.to_string()])
}

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn graph_is_shareable_across_threads() {
        assert_send_sync::<super::Graph>();
    }
}
