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
    /// Standards addressed: every entry expanded (a standard with its
    /// descendants, a cluster or domain with all its standards), ascending,
    /// without repeats.
    pub standards: Vec<NodeId>,
    /// What the entries named, in file order, without repeats.
    pub entries: Vec<Entry>,
    /// Practice standards the module names (indices into `Dataset::practices`), ascending.
    pub practices: Vec<usize>,
}

/// What one entry of a module's list names (spec, Terms: Module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A standard, and with it its descendants.
    Standard(NodeId),
    /// A cluster or domain of one framework: every standard that carries it.
    Group {
        /// Cluster or domain.
        kind: GroupKind,
        /// Index into [`Graph::frameworks`].
        framework: u16,
        /// The cluster or domain id.
        id: String,
    },
}

/// The two kinds of group a module entry may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKind {
    /// A cluster, e.g. `4.NF.B`.
    Cluster,
    /// A domain, e.g. `4.NF`.
    Domain,
}

impl GroupKind {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Cluster => "cluster",
            GroupKind::Domain => "domain",
        }
    }
}

/// How a module entry resolved.
enum EntryResolution {
    /// Standards with the entry that named them.
    Found(Entry),
    /// A practice standard (no effect on the checks).
    Practices(Vec<usize>),
    /// Nothing, or more than one thing: the D2 finding.
    Dangling(Finding),
}

/// What an entry's id names, before it becomes a finding.
enum Named {
    /// A standard, cluster or domain.
    Entry(Entry),
    /// Practice standards.
    Practices(Vec<usize>),
    /// Several things of one kind: the options, qualified.
    Ambiguous(Vec<String>),
}

/// Clusters and domains by id: each framework that has the id, with the nodes that carry it.
type Groups = HashMap<String, Vec<(u16, Vec<NodeId>)>>;

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
    /// Clusters and domains by id, and by the canonical key of their id (spelling variants).
    groups: [Groups; 2],
    group_aliases: [HashMap<String, Vec<(u16, String)>>; 2],
    /// Sub-standards of each node (one level), as the CSR `children[child_at[n]..child_at[n + 1]]`.
    child_at: Vec<u32>,
    children: Vec<NodeId>,
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
            groups: Default::default(),
            group_aliases: Default::default(),
            child_at: Vec::new(),
            children: Vec::new(),
        };

        let mut budget = SUGGESTION_BUDGET;
        g.add_standards(ds, &mut findings);
        g.resolve_parents(ds, &mut findings, &mut budget);
        g.add_edges(ds, &mut findings, &mut budget);
        g.index_groups(ds);
        let module_ids = g.add_modules(ds, &mut findings, &mut budget);
        let scope_ids = g.add_scopes(ds, &mut findings);
        g.add_plans(ds, &mut findings, &module_ids, &scope_ids);
        (g, findings)
    }

    /// Interns the kept standards (the first row of a framework and id wins: D1) and indexes their ids and spelling variants.
    fn add_standards(&mut self, ds: &Dataset, findings: &mut Vec<Finding>) {
        // Standards: the first row of a (framework, id) wins.
        let mut first_seen: HashMap<(u16, &str), usize> =
            HashMap::with_capacity_and_hasher(ds.standards.len(), Default::default());
        for (i, s) in ds.standards.iter().enumerate() {
            let fw = match self.frameworks.iter().position(|f| *f == s.framework) {
                Some(p) => p as u16,
                None => {
                    self.frameworks.push(s.framework.clone());
                    (self.frameworks.len() - 1) as u16
                }
            };
            if let Some(&first) = first_seen.get(&(fw, s.id.as_str())) {
                findings.push(duplicate("standard", &s.id, &ds.standards[first].origin, &s.origin));
                continue;
            }
            first_seen.insert((fw, s.id.as_str()), i);
            let id = self.nodes.len() as NodeId;
            self.nodes.push(Node { standard: i, framework: fw, grade: s.grade, parent: None, entry: s.entry });
            self.exact.entry(s.id.clone()).or_default().push(id);
        }
        for (n, node) in self.nodes.iter().enumerate() {
            let canon = alias::canonical(&ds.standards[node.standard].id);
            if let Some(short) = alias::without_cluster(&canon) {
                self.aliases.entry(short).or_default().push(n as NodeId);
            }
            self.aliases.entry(canon).or_default().push(n as NodeId);
        }
        self.builds.reserve_nodes(self.nodes.len());
        self.relates.reserve_nodes(self.nodes.len());
        for _ in 0..self.nodes.len() {
            self.builds.add_node(());
            self.relates.add_node(());
        }
    }

    /// Resolves each standard's parent within its own framework (D2 when it names nothing or itself).
    fn resolve_parents(&mut self, ds: &Dataset, findings: &mut Vec<Finding>, budget: &mut usize) {
        // Parents resolve within the standard's own framework.
        for n in 0..self.nodes.len() {
            let s = &ds.standards[self.nodes[n].standard];
            let Some(parent) = &s.parent else { continue };
            let reference = if parent.contains(':') { parent.clone() } else { format!("{}:{parent}", s.framework) };
            match self.resolve(&reference) {
                Resolution::Found(p) if p as usize != n => self.nodes[n].parent = Some(p),
                Resolution::Found(_) => findings.push(
                    Finding::new(
                        Code::D2,
                        format!("standard {} names itself as its parent", s.id),
                        "name the standard it belongs to, or leave parent empty",
                    )
                    .at(&s.parent_origin)
                    .ids([s.id.clone()]),
                ),
                other => findings.push(self.dangling(
                    ds,
                    &other,
                    parent,
                    &format!("parent of {}", s.id),
                    &s.parent_origin,
                    budget,
                )),
            }
        }
    }

    /// Adds the edges whose ends resolve (D2 otherwise); a repeated row adds nothing, a self-loop is dropped (D3).
    fn add_edges(&mut self, ds: &Dataset, findings: &mut Vec<Finding>, budget: &mut usize) {
        // Edges: each end resolves; a repeated row adds nothing; a self-loop is dropped.
        let mut seen: HashSet<(EdgeKind, NodeId, NodeId)> =
            HashSet::with_capacity_and_hasher(ds.edges.len(), Default::default());
        for (i, e) in ds.edges.iter().enumerate() {
            let what = format!("{} edge {} -> {}", e.kind.as_str(), e.from, e.to);
            let from = self.resolve(&e.from);
            let to = self.resolve(&e.to);
            let (u, v) = match (&from, &to) {
                (Resolution::Found(u), Resolution::Found(v)) => (*u, *v),
                _ => {
                    if !matches!(from, Resolution::Found(_)) {
                        findings.push(self.dangling(ds, &from, &e.from, &what, &e.from_origin, budget));
                    }
                    if !matches!(to, Resolution::Found(_)) {
                        findings.push(self.dangling(ds, &to, &e.to, &what, &e.to_origin, budget));
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
                        format!("{} edge from {} to itself", e.kind.as_str(), self.name(ds, u)),
                        "delete the row, or point it at the standard that was meant",
                    )
                    .at(&e.origin)
                    .ids([self.name(ds, u)]),
                );
                continue;
            }
            match e.kind {
                EdgeKind::BuildsTowards => {
                    self.builds.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), i)
                }
                EdgeKind::RelatesTo => self.relates.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), i),
            };
        }
    }

    /// Resolves and expands each module's entries (the first row of an id wins: D1); returns the modules by id.
    fn add_modules<'d>(
        &mut self,
        ds: &'d Dataset,
        findings: &mut Vec<Finding>,
        budget: &mut usize,
    ) -> HashMap<&'d str, u32> {
        // Modules: the first row of an id wins; a module keeps the entries that resolve.
        let mut module_ids: HashMap<&str, u32> =
            HashMap::with_capacity_and_hasher(ds.modules.len(), Default::default());
        // The module each node was last added to: membership without clearing a set per module.
        let mut stamp: Vec<u32> = vec![u32::MAX; self.nodes.len()];
        for (i, m) in ds.modules.iter().enumerate() {
            if let Some(&first) = module_ids.get(m.id.as_str()) {
                let first = &ds.modules[self.modules[first as usize].module];
                findings.push(duplicate("module", &m.id, &first.origin, &m.origin));
                continue;
            }
            let k = self.modules.len() as u32;
            let mut standards = Vec::with_capacity(m.standards.len());
            let mut entries: Vec<Entry> = Vec::with_capacity(m.standards.len());
            let mut practices = Vec::new();
            for r in &m.standards {
                match self.resolve_entry(ds, r, &format!("module {}", m.id), &m.origin, budget) {
                    EntryResolution::Found(entry) => {
                        match &entry {
                            Entry::Standard(n) => self.add_descendants(*n, k, &mut stamp, &mut standards),
                            Entry::Group { kind, framework, id } => {
                                for &n in self.group(*kind, *framework, id) {
                                    self.add_descendants(n, k, &mut stamp, &mut standards);
                                }
                            }
                        }
                        if !entries.contains(&entry) {
                            entries.push(entry);
                        }
                    }
                    EntryResolution::Practices(p) => practices.extend(p),
                    EntryResolution::Dangling(f) => findings.push(f),
                }
            }
            standards.sort_unstable();
            practices.sort_by(|&a, &b| ds.practices[a].id.cmp(&ds.practices[b].id).then(a.cmp(&b)));
            practices.dedup();
            module_ids.insert(m.id.as_str(), k);
            self.modules.push(ResolvedModule { module: i, kind: m.kind, standards, entries, practices });
        }
        module_ids
    }

    /// Keeps the scopes of a loaded framework (D6 otherwise; D1 for a repeat) and resolves their parents; returns the scopes by id.
    fn add_scopes<'d>(&mut self, ds: &'d Dataset, findings: &mut Vec<Finding>) -> HashMap<&'d str, u32> {
        // Scopes: a scope follows a loaded framework (named, or the only one).
        let mut scope_ids: HashMap<&str, u32> = HashMap::with_capacity_and_hasher(ds.scopes.len(), Default::default());
        for (i, s) in ds.scopes.iter().enumerate() {
            let fw = match &s.framework {
                Some(name) => self.frameworks.iter().position(|f| f == name),
                None if self.frameworks.len() == 1 => Some(0),
                None => None,
            };
            let Some(fw) = fw else {
                let message = match &s.framework {
                    Some(name) => format!("scope {} dropped: framework {name} is not loaded", s.id),
                    None => format!(
                        "scope {} dropped: it names no framework and the data holds {}",
                        s.id,
                        self.frameworks.len()
                    ),
                };
                findings.push(
                    Finding::new(
                        Code::D6,
                        message,
                        format!("name one of the loaded frameworks: {}", self.frameworks.join(", ")),
                    )
                    .at(&s.origin),
                );
                continue;
            };
            if let Some(&first) = scope_ids.get(s.id.as_str()) {
                let first = &ds.scopes[self.scopes[first as usize].scope];
                findings.push(duplicate("scope", &s.id, &first.origin, &s.origin));
                continue;
            }
            scope_ids.insert(s.id.as_str(), self.scopes.len() as u32);
            self.scopes.push(ResolvedScope { scope: i, framework: fw as u16, parent: None });
        }
        for k in 0..self.scopes.len() {
            let s = &ds.scopes[self.scopes[k].scope];
            if let Some(p) = &s.parent {
                match scope_ids.get(p.as_str()) {
                    Some(&pi) => self.scopes[k].parent = Some(pi),
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
        scope_ids
    }

    /// Keeps the plan rows whose scope and module exist (D2 otherwise), with F6 for a module that gives its scope nothing.
    fn add_plans(
        &mut self,
        ds: &Dataset,
        findings: &mut Vec<Finding>,
        module_ids: &HashMap<&str, u32>,
        scope_ids: &HashMap<&str, u32>,
    ) {
        // Plans: one D2 per missing scope or module; F6 for a module that gives its scope nothing.
        let module_frameworks: Vec<Vec<u16>> = self
            .modules
            .iter()
            .map(|m| {
                let mut f: Vec<u16> = m.standards.iter().map(|&n| self.nodes[n as usize].framework).collect();
                f.sort_unstable();
                f.dedup();
                f
            })
            .collect();
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
                let fw = self.scopes[scope as usize].framework;
                let fws = &module_frameworks[module as usize];
                if !fws.is_empty() && !fws.contains(&fw) {
                    let names: Vec<&str> = fws.iter().map(|&f| self.frameworks[f as usize].as_str()).collect();
                    findings.push(
                        Finding::new(
                            Code::F6,
                            format!(
                                "scope {} follows {}, but module {} addresses standards of {} only: it covers nothing there",
                                p.scope,
                                self.frameworks[fw as usize],
                                p.module,
                                names.join(", ")
                            ),
                            format!(
                                "list standards of {0} in the module (as {0}:code where frameworks share codes), or adopt a module written for {0}",
                                self.frameworks[fw as usize]
                            ),
                        )
                        .at(&p.origin)
                        .ids([p.module.to_string()]),
                    );
                }
                self.plans.push(ResolvedPlan { scope, module, sequence: p.sequence });
            }
        }
    }

    /// Indexes clusters and domains by id (exact and canonical), and each
    /// node's sub-standards, for module entries.
    fn index_groups(&mut self, ds: &Dataset) {
        for (n, node) in self.nodes.iter().enumerate() {
            let s = &ds.standards[node.standard];
            for (k, id) in [(0, &s.cluster), (1, &s.domain)] {
                let Some(id) = id else { continue };
                let fws = self.groups[k].entry(id.clone()).or_default();
                match fws.iter_mut().find(|(f, _)| *f == node.framework) {
                    Some((_, nodes)) => nodes.push(n as NodeId),
                    None => fws.push((node.framework, vec![n as NodeId])),
                }
            }
        }
        for k in 0..2 {
            let mut aliases: HashMap<String, Vec<(u16, String)>> = HashMap::default();
            for (id, fws) in &self.groups[k] {
                for (f, _) in fws {
                    aliases.entry(alias::canonical(id)).or_default().push((*f, id.clone()));
                }
            }
            for v in aliases.values_mut() {
                v.sort_unstable();
            }
            self.group_aliases[k] = aliases;
        }
        let mut count = vec![0u32; self.nodes.len() + 1];
        for node in &self.nodes {
            if let Some(p) = node.parent {
                count[p as usize + 1] += 1;
            }
        }
        for i in 0..self.nodes.len() {
            count[i + 1] += count[i];
        }
        let mut next = count.clone();
        let mut children = vec![0; count[self.nodes.len()] as usize];
        for (n, node) in self.nodes.iter().enumerate() {
            if let Some(p) = node.parent {
                children[next[p as usize] as usize] = n as NodeId;
                next[p as usize] += 1;
            }
        }
        self.child_at = count;
        self.children = children;
    }

    /// The direct sub-standards of `n`, ascending.
    pub fn children_of(&self, n: NodeId) -> &[NodeId] {
        if self.child_at.is_empty() {
            return &[];
        }
        &self.children[self.child_at[n as usize] as usize..self.child_at[n as usize + 1] as usize]
    }

    /// The standards that carry cluster or domain `id` in framework `fw`, ascending.
    pub fn group(&self, kind: GroupKind, fw: u16, id: &str) -> &[NodeId] {
        let k = kind as usize;
        self.groups[k]
            .get(id)
            .and_then(|fws| fws.iter().find(|(f, _)| *f == fw))
            .map_or(&[][..], |(_, nodes)| nodes.as_slice())
    }

    /// `n` and its descendants, added to `out` unless `stamp` says module `k` has them already.
    /// A parent cycle in bad data ends where it repeats.
    fn add_descendants(&self, n: NodeId, k: u32, stamp: &mut [u32], out: &mut Vec<NodeId>) {
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            if stamp[x as usize] == k {
                continue;
            }
            stamp[x as usize] = k;
            out.push(x);
            stack.extend_from_slice(self.children_of(x));
        }
    }

    /// Resolves one entry of a module's list (spec, Terms: Module): the first
    /// of standard, cluster and domain that has the id decides (a bare id must
    /// belong to one framework within that kind); then a practice standard;
    /// then spelling variants of standards, clusters and domains.
    fn resolve_entry(
        &self,
        ds: &Dataset,
        reference: &str,
        what: &str,
        origin: &Origin,
        budget: &mut usize,
    ) -> EntryResolution {
        let reference = reference.trim();
        let (fw, id) = match reference.split_once(':') {
            Some((prefix, rest)) => match self.frameworks.iter().position(|f| f == prefix) {
                Some(f) => (Some(f as u16), rest),
                None => (None, reference),
            },
            None => (None, reference),
        };
        let named = self
            .named_exactly(ds, fw, id)
            .or_else(|| self.named_practice(ds, fw, id))
            .or_else(|| self.named_by_variant(ds, fw, id));
        let dangling = |message: String, help: String| {
            EntryResolution::Dangling(
                Finding::new(Code::D2, format!("{what}: {reference} {message}"), help)
                    .at(origin)
                    .ids([reference.to_string()]),
            )
        };
        match named {
            Some(Named::Entry(entry)) => EntryResolution::Found(entry),
            Some(Named::Practices(found)) => EntryResolution::Practices(found),
            Some(Named::Ambiguous(options)) => dangling(
                format!("is ambiguous: it fits {}", options.join(", ")),
                format!("write the entry qualified, e.g. {}", options[0].split(' ').next().unwrap_or(&options[0])),
            ),
            None => dangling(
                "is not a known standard, cluster, domain or practice".to_string(),
                self.entry_help(ds, reference, id, budget),
            ),
        }
    }

    /// An exact standard, cluster or domain id: the first kind that has it decides.
    fn named_exactly(&self, ds: &Dataset, fw: Option<u16>, id: &str) -> Option<Named> {
        let in_fw = |f: u16| fw.is_none_or(|x| x == f);
        let exact: Vec<NodeId> = self
            .exact
            .get(id)
            .map(|v| v.iter().copied().filter(|&n| in_fw(self.nodes[n as usize].framework)).collect())
            .unwrap_or_default();
        match exact.as_slice() {
            [] => {}
            [n] => return Some(Named::Entry(Entry::Standard(*n))),
            many => return Some(Named::Ambiguous(many.iter().map(|&n| self.qualified(ds, n)).collect())),
        }
        for kind in [GroupKind::Cluster, GroupKind::Domain] {
            let fws: Vec<(u16, String)> = self.groups[kind as usize]
                .get(id)
                .map(|v| v.iter().filter(|(f, _)| in_fw(*f)).map(|(f, _)| (*f, id.to_string())).collect())
                .unwrap_or_default();
            if let Some(named) = self.one_group(kind, fws) {
                return Some(named);
            }
        }
        None
    }

    /// The group of one framework, ambiguous between several, or none.
    fn one_group(&self, kind: GroupKind, found: Vec<(u16, String)>) -> Option<Named> {
        match found.len() {
            0 => None,
            1 => found.into_iter().next().map(|(framework, id)| Named::Entry(Entry::Group { kind, framework, id })),
            _ => Some(Named::Ambiguous(
                found
                    .iter()
                    .map(|(f, gid)| format!("{}:{gid} ({})", self.frameworks[*f as usize], kind.as_str()))
                    .collect(),
            )),
        }
    }

    /// Practice standards, in the spellings people use (`MP3`, `CCSS.Math.Practice.MP3`).
    fn named_practice(&self, ds: &Dataset, fw: Option<u16>, id: &str) -> Option<Named> {
        let key = practice_key(id)?;
        let found: Vec<usize> = ds
            .practices
            .iter()
            .enumerate()
            .filter(|(_, p)| practice_key(&p.id).as_ref() == Some(&key))
            .filter(|(_, p)| fw.is_none_or(|f| self.frameworks[f as usize] == p.framework))
            .map(|(i, _)| i)
            .collect();
        (!found.is_empty()).then_some(Named::Practices(found))
    }

    /// Spelling variants of standards, then of clusters and domains.
    fn named_by_variant(&self, ds: &Dataset, fw: Option<u16>, id: &str) -> Option<Named> {
        match self.resolve_in(fw, id) {
            Resolution::Found(n) => return Some(Named::Entry(Entry::Standard(n))),
            Resolution::Ambiguous(nodes) => {
                return Some(Named::Ambiguous(nodes.iter().map(|&n| self.qualified(ds, n)).collect()));
            }
            Resolution::Missing => {}
        }
        let key = alias::canonical(id);
        for kind in [GroupKind::Cluster, GroupKind::Domain] {
            let found: Vec<(u16, String)> = self.group_aliases[kind as usize]
                .get(&key)
                .map(|v| v.iter().filter(|(f, _)| fw.is_none_or(|x| x == *f)).cloned().collect())
                .unwrap_or_default();
            if let Some(named) = self.one_group(kind, found) {
                return Some(named);
            }
        }
        None
    }

    /// What to write instead of an entry that names nothing: the nearest
    /// practices for what looks like one, else the nearest codes.
    fn entry_help(&self, ds: &Dataset, reference: &str, id: &str, budget: &mut usize) -> String {
        let practice = practice_key(id);
        if practice.is_none() && !looks_like_practice(id) {
            let suggestions = if *budget > 0 {
                *budget -= 1;
                self.suggest_entry(ds, reference)
            } else {
                Vec::new()
            };
            return if suggestions.is_empty() {
                "fix the code: an entry names a standard, a cluster or a domain".to_string()
            } else {
                format!("did you mean {}?", suggestions.join(", "))
            };
        }
        let mut known: Vec<&str> = ds.practices.iter().map(|p| p.id.as_str()).collect();
        known.sort_unstable();
        known.dedup();
        if known.is_empty() {
            return "the loaded data defines no practice standards: load the framework that has them, or remove the entry"
                .to_string();
        }
        let want = practice.unwrap_or_else(|| id.to_ascii_uppercase());
        let best = known.iter().map(|k| strsim::levenshtein(&want, k)).min().unwrap_or(0);
        let near: Vec<&str> = known.iter().copied().filter(|k| strsim::levenshtein(&want, k) == best).take(3).collect();
        format!("did you mean {}? The practices are {}", near.join(", "), known.join(", "))
    }

    /// Up to three known standard, cluster or domain ids nearest to `reference`.
    fn suggest_entry(&self, ds: &Dataset, reference: &str) -> Vec<String> {
        let bare = reference.rsplit_once(':').map_or(reference, |(_, r)| r);
        let want = alias::canonical(bare);
        let limit = (want.len() / 3).max(2);
        let mut scored: Vec<(usize, String)> = Vec::new();
        for (n, node) in self.nodes.iter().enumerate() {
            let d = strsim::levenshtein(&want, &alias::canonical(&ds.standards[node.standard].id));
            if d <= limit {
                scored.push((d, self.name(ds, n as NodeId)));
            }
        }
        for groups in &self.groups {
            for (id, fws) in groups {
                let d = strsim::levenshtein(&want, &alias::canonical(id));
                if d <= limit {
                    for (f, _) in fws {
                        let name = if self.frameworks.len() > 1 {
                            format!("{}:{id}", self.frameworks[*f as usize])
                        } else {
                            id.clone()
                        };
                        scored.push((d, name));
                    }
                }
            }
        }
        scored.sort();
        scored.dedup();
        scored.into_iter().take(3).map(|(_, s)| s).collect()
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

/// The key of a practice standard in the spellings people use (`MP3`,
/// `MP.3`, `SMP 3`, `CCSS.Math.Practice.MP3`), or `None` when `text` is not one.
pub fn practice_key(text: &str) -> Option<String> {
    let upper = text.trim().to_ascii_uppercase();
    let rest = upper.strip_prefix("CCSS.MATH.PRACTICE.").unwrap_or(&upper);
    let squeezed: String = rest.chars().filter(|c| !matches!(c, '.' | ' ' | '-' | '_')).collect();
    let digits = squeezed.strip_prefix("SMP").or_else(|| squeezed.strip_prefix("MP"))?;
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("MP{}", digits.trim_start_matches('0')))
}

/// Whether `text` was meant as a practice standard, even a misspelt one.
fn looks_like_practice(text: &str) -> bool {
    let upper = text.trim().to_ascii_uppercase();
    upper.starts_with("CCSS.MATH.PRACTICE") || upper.starts_with("MP") || upper.starts_with("SMP")
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
