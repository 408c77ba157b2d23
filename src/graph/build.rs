//! [`Graph::build`]: standards interned, references resolved, and what had
//! to be dropped reported (D1, D2, D3, D6, F6), in record order, following
//! the spec's counting rules.

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use petgraph::graph::{DiGraph, NodeIndex, UnGraph};

use super::entries::Named;
use super::{Adopted, Entry, Graph, Node, NodeId, Resolution, ResolvedModule, ResolvedScope, ScopePlans, alias};
use crate::finding::{Code, Finding};
use crate::formats::hierarchy::{Tree, cycle_finding};
use crate::model::{Dataset, EdgeKind, Origin};

/// How many edit-distance comparisons one build may spend on "did you mean":
/// a fixed amount, so that many unknown codes in a large dataset cost no
/// more than a few; once spent, findings say what to fix without suggestions.
const SUGGESTION_BUDGET: usize = 2_000_000;

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
            plans: Default::default(),
            results: Vec::new(),
            exact: HashMap::with_capacity_and_hasher(ds.standards.len(), Default::default()),
            aliases: HashMap::default(),
            keys: Vec::new(),
            groups: Default::default(),
            group_aliases: Default::default(),
            child_at: Vec::new(),
            children: Vec::new(),
        };

        let mut budget = SUGGESTION_BUDGET;
        g.add_standards(ds, &mut findings);
        g.resolve_parents(ds, &mut findings, &mut budget);
        g.parent_cycles(ds, &mut findings);
        g.parent_grades(ds, &mut findings);
        g.add_edges(ds, &mut findings, &mut budget);
        g.index_groups(ds);
        let module_ids = g.add_modules(ds, &mut findings, &mut budget);
        let scope_ids = g.add_scopes(ds, &mut findings);
        g.add_plans(ds, &mut findings, &module_ids, &scope_ids);
        g.add_results(ds, &mut findings, &scope_ids, &mut budget);
        (g, findings)
    }

    /// Interns the kept standards (the first row of a framework and id wins: D1) and indexes their ids and spelling variants.
    fn add_standards(&mut self, ds: &Dataset, findings: &mut Vec<Finding>) {
        // Standards: the first row of a (framework, id) wins.
        let mut first_seen: HashMap<(u16, &str), usize> =
            HashMap::with_capacity_and_hasher(ds.standards.len(), Default::default());
        for (i, s) in ds.standards.iter().enumerate() {
            // Standards come framework by framework: the last one is tried first.
            let last = self.frameworks.len().checked_sub(1).filter(|&l| self.frameworks[l] == s.framework);
            let fw = match last.or_else(|| self.frameworks.iter().position(|f| *f == s.framework)) {
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
        // The spelling variants of every id, made in parallel, indexed in node order.
        let variants: Vec<(String, Option<String>)> = self
            .nodes
            .par_iter()
            .map(|node| {
                let canon = alias::canonical(&ds.standards[node.standard].id);
                let short = alias::without_cluster(&canon);
                (canon, short)
            })
            .collect();
        self.aliases.reserve(2 * variants.len());
        self.keys.reserve(variants.len());
        for (n, (canon, short)) in variants.into_iter().enumerate() {
            if let Some(short) = short {
                self.aliases.entry(short).or_default().push(n as NodeId);
            }
            match self.aliases.get_mut(&canon) {
                Some(nodes) => nodes.push(n as NodeId),
                None => {
                    self.aliases.insert(canon.clone(), vec![n as NodeId]);
                }
            }
            self.keys.push(canon);
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

    /// F7 for each cycle of resolved parent links, found by the walker every
    /// hierarchy shares. The links stay as written: a walk down to
    /// descendants ends where it repeats, and a family is one level.
    fn parent_cycles(&self, ds: &Dataset, findings: &mut Vec<Finding>) {
        let mut tree = Tree::new(self.nodes.len());
        for (n, node) in self.nodes.iter().enumerate() {
            if let Some(p) = node.parent {
                tree.link(n, p as usize);
            }
        }
        for cycle in tree.cycles() {
            let names = cycle.iter().map(|&n| self.name(ds, n as NodeId)).collect();
            let at = cycle.iter().map(|&n| &ds.standards[self.nodes[n].standard].parent_origin).min().cloned();
            findings.push(cycle_finding(
                names,
                at,
                "parent",
                "standards",
                "a standard cannot be its own ancestor: correct the parent that points back down; until then a module entry covers each standard of the cycle once",
            ));
        }
    }

    /// F8 for a sub-standard whose parent is of another grade: the spec's
    /// families and a reader both take a standard's parts for its grade's.
    fn parent_grades(&self, ds: &Dataset, findings: &mut Vec<Finding>) {
        for node in &self.nodes {
            let Some(p) = node.parent else { continue };
            let parent = &self.nodes[p as usize];
            if parent.grade.level() == node.grade.level() {
                continue;
            }
            let s = &ds.standards[node.standard];
            let ps = &ds.standards[parent.standard];
            findings.push(
                Finding::new(
                    Code::F8,
                    format!(
                        "sub-standard {} (grade {}) names parent {} of grade {}",
                        s.id, node.grade, ps.id, parent.grade
                    ),
                    "give the sub-standard its parent's grade, or fix the parent it names",
                )
                .at(&s.parent_origin)
                .ids([s.id.clone(), ps.id.clone()]),
            );
        }
    }

    /// Adds the edges whose ends resolve (D2 otherwise); a repeated row adds nothing, a self-loop is dropped (D3).
    fn add_edges(&mut self, ds: &Dataset, findings: &mut Vec<Finding>, budget: &mut usize) {
        // Edges: each end resolves; a repeated row adds nothing; a self-loop is dropped.
        // Resolving is a read of the indexes, done in parallel; the graph is then built in row order.
        let ends: Vec<(Resolution, Resolution)> =
            ds.edges.par_iter().map(|e| (self.resolve(&e.from), self.resolve(&e.to))).collect();
        let mut seen: HashSet<(EdgeKind, NodeId, NodeId)> =
            HashSet::with_capacity_and_hasher(ds.edges.len(), Default::default());
        for (i, (e, (from, to))) in ds.edges.iter().zip(ends).enumerate() {
            let (u, v) = match (&from, &to) {
                (Resolution::Found(u), Resolution::Found(v)) => (*u, *v),
                _ => {
                    let what = format!("{} edge {} -> {}", e.kind.as_str(), e.from, e.to);
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
        // Entries are read off the indexes and expanded in parallel, each
        // module on its own; what names nothing becomes a D2 below, in module
        // order, with suggestions from the one budget.
        struct Expanded {
            standards: Vec<NodeId>,
            entries: Vec<Entry>,
            practices: Vec<usize>,
            dangling: Vec<(usize, Option<Named>)>,
        }
        let expanded: Vec<Expanded> = ds
            .modules
            .par_iter()
            .enumerate()
            .map_init(
                // The module each node was last added to: membership without clearing a set per module.
                || vec![u32::MAX; self.nodes.len()],
                |stamp, (i, m)| {
                    let mut x = Expanded {
                        standards: Vec::with_capacity(m.standards.len()),
                        entries: Vec::with_capacity(m.standards.len()),
                        practices: Vec::new(),
                        dangling: Vec::new(),
                    };
                    for (j, r) in m.standards.iter().enumerate() {
                        match self.lookup_entry(ds, r) {
                            Some(Named::Entry(entry)) => {
                                match &entry {
                                    Entry::Standard(n) => self.add_descendants(*n, i as u32, stamp, &mut x.standards),
                                    Entry::Group { kind, framework, id } => {
                                        for &n in self.group(*kind, *framework, id) {
                                            self.add_descendants(n, i as u32, stamp, &mut x.standards);
                                        }
                                    }
                                }
                                if !x.entries.contains(&entry) {
                                    x.entries.push(entry);
                                }
                            }
                            Some(Named::Practices(p)) => x.practices.extend(p),
                            other => x.dangling.push((j, other)),
                        }
                    }
                    x.standards.sort_unstable();
                    x.practices.sort_by(|&a, &b| ds.practices[a].id.cmp(&ds.practices[b].id).then(a.cmp(&b)));
                    x.practices.dedup();
                    x
                },
            )
            .collect();
        let mut module_ids: HashMap<&str, u32> =
            HashMap::with_capacity_and_hasher(ds.modules.len(), Default::default());
        for (i, (m, x)) in ds.modules.iter().zip(expanded).enumerate() {
            if let Some(&first) = module_ids.get(m.id.as_str()) {
                let first = &ds.modules[self.modules[first as usize].module];
                findings.push(duplicate("module", &m.id, &first.origin, &m.origin));
                continue;
            }
            for (j, named) in x.dangling {
                let what = format!("module {}", m.id);
                findings.extend(self.entry_finding(ds, &m.standards[j], named, &what, &m.origin, budget));
            }
            module_ids.insert(m.id.as_str(), self.modules.len() as u32);
            let Expanded { standards, entries, practices, .. } = x;
            self.modules.push(ResolvedModule { module: i, kind: m.kind, standards, entries, practices });
        }
        module_ids
    }

    /// Keeps the scopes of a loaded framework (D6 otherwise; D1 for a repeat) and resolves their parents; returns the scopes by id.
    fn add_scopes<'d>(&mut self, ds: &'d Dataset, findings: &mut Vec<Finding>) -> HashMap<&'d str, u32> {
        // Scopes: a scope follows a loaded framework (named, or the only one).
        let mut scope_ids: HashMap<&str, u32> = HashMap::with_capacity_and_hasher(ds.scopes.len(), Default::default());
        let frameworks: HashMap<&str, usize> =
            self.frameworks.iter().enumerate().map(|(i, f)| (f.as_str(), i)).collect();
        for (i, s) in ds.scopes.iter().enumerate() {
            let fw = match &s.framework {
                Some(name) => frameworks.get(name.as_str()).copied(),
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
        self.break_scope_cycles(ds, findings);
        scope_ids
    }

    /// F9 for every cycle of scope parents, whose members then stand alone:
    /// a report walks a district down to its schools, and a cycle has no top.
    fn break_scope_cycles(&mut self, ds: &Dataset, findings: &mut Vec<Finding>) {
        // 0 not seen, 1 on the current chain, 2 done.
        let mut state = vec![0u8; self.scopes.len()];
        let mut cycles: Vec<Vec<u32>> = Vec::new();
        for start in 0..self.scopes.len() {
            let mut chain = Vec::new();
            let mut at = Some(start as u32);
            while let Some(s) = at {
                match state[s as usize] {
                    0 => {
                        state[s as usize] = 1;
                        chain.push(s);
                        at = self.scopes[s as usize].parent;
                    }
                    1 => {
                        let from = chain.iter().position(|&c| c == s).unwrap_or(0);
                        cycles.push(chain[from..].to_vec());
                        break;
                    }
                    _ => break,
                }
            }
            for c in chain {
                state[c as usize] = 2;
            }
        }
        for cycle in cycles {
            let mut ids: Vec<&str> =
                cycle.iter().map(|&c| ds.scopes[self.scopes[c as usize].scope].id.as_str()).collect();
            ids.sort_unstable();
            let first = &ds.scopes[self.scopes[cycle[0] as usize].scope];
            findings.push(
                Finding::new(
                    Code::F9,
                    format!(
                        "scopes {} name each other as parents: a cycle, reported as scopes of their own",
                        ids.join(", ")
                    ),
                    "give the district at the top no parent, and each school its district",
                )
                .at(&first.origin)
                .ids(ids.iter().map(|s| s.to_string())),
            );
            for c in cycle {
                self.scopes[c as usize].parent = None;
            }
        }
    }

    /// Keeps the plan rows whose scope and module exist (D2 otherwise), with F6 for a module that gives its scope nothing.
    // Whole on purpose: a parallel pass that only resolves, then the ordered fold that keeps rows and findings in record order.
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
            .par_iter()
            .map(|m| {
                let mut f: Vec<u16> = m.standards.iter().map(|&n| self.nodes[n as usize].framework).collect();
                f.sort_unstable();
                f.dedup();
                f
            })
            .collect();
        // Each stored id is looked up once, as a scope and as a module (a
        // national plan file names 75,000 ids in 1.5 million rows), then the
        // rows are read against the result, in parallel.
        let names: Vec<(u32, u32)> = (0..ds.plans.names() as u32)
            .into_par_iter()
            .map(|i| {
                let id = ds.plans.id(i);
                let of = |ids: &HashMap<&str, u32>| ids.get(id).copied().unwrap_or(u32::MAX);
                (of(scope_ids), of(module_ids))
            })
            .collect();
        let resolve = |row: &crate::model::PlanRow| {
            let (scope, module) = (names[row.scope as usize].0, names[row.module as usize].1);
            ((scope != u32::MAX).then_some(scope), (module != u32::MAX).then_some(module))
        };
        self.plans = ScopePlans::new(self.scopes.len(), ds.plans.rows(), |row| match resolve(row) {
            (Some(scope), Some(module)) => Some((scope, Adopted::new(module, row.sequence))),
            _ => None,
        });
        // The rows that need a finding, found in parallel; most data has none.
        let bad: Vec<usize> = (0..ds.plans.len())
            .into_par_iter()
            .filter(|&i| {
                let (scope, module) = resolve(&ds.plans.rows()[i]);
                !self.fits(&module_frameworks, scope, module)
            })
            .collect();
        for i in bad {
            let (scope, module) = resolve(&ds.plans.rows()[i]);
            let p = ds.plans.get(i);
            if scope.is_none() {
                findings.push(
                    Finding::new(
                        Code::D2,
                        format!("plan row names scope {}, which does not exist", p.scope),
                        "fix the scope id, or add the scope",
                    )
                    .at(&p.origin())
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
                    .at(&p.origin())
                    .ids([p.module.to_string()]),
                );
            }
            if let (Some(scope), Some(module)) = (scope, module) {
                let fw = self.scopes[scope as usize].framework;
                let names: Vec<&str> =
                    module_frameworks[module as usize].iter().map(|&f| self.frameworks[f as usize].as_str()).collect();
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
                    .at(&p.origin())
                    .ids([p.module.to_string()]),
                );
            }
        }
    }

    /// Whether both ends resolved and the module addresses standards of the
    /// scope's framework, or none at all (D2 or F6 otherwise).
    fn fits(&self, module_frameworks: &[Vec<u16>], scope: Option<u32>, module: Option<u32>) -> bool {
        let (Some(scope), Some(module)) = (scope, module) else { return false };
        let fws = &module_frameworks[module as usize];
        fws.is_empty() || fws.contains(&self.scopes[scope as usize].framework)
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
