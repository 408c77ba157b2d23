//! Progression queries for coaches: a standard's neighbourhood, its
//! progression tree back and forward, paths between two standards, and the
//! standards of one progression in learning order. Pure functions over the
//! graph; [`crate::report::explore`] renders them.

use std::collections::{BTreeSet, VecDeque};

use crate::graph::{Graph, NodeId, Resolution};
use crate::model::{Dataset, EdgeKind};

/// A code that did not resolve: the message to print, with the nearest codes.
pub fn unknown(ds: &Dataset, g: &Graph, code: &str) -> String {
    match g.resolve(code) {
        Resolution::Ambiguous(ns) => {
            let all: Vec<String> = ns.iter().map(|&n| g.qualified(ds, n)).collect();
            format!("{code} is ambiguous: it fits {}; write one of them", all.join(", "))
        }
        _ => {
            let near = g.suggest(ds, code);
            if near.is_empty() {
                format!("{code} is not a known standard")
            } else {
                format!("{code} is not a known standard; did you mean {}?", near.join(", "))
            }
        }
    }
}

/// Resolves a code given on the command line.
///
/// # Errors
/// The message of [`unknown`] when it names no single standard.
pub fn find(ds: &Dataset, g: &Graph, code: &str) -> Result<NodeId, String> {
    match g.resolve(code) {
        Resolution::Found(n) => Ok(n),
        _ => Err(unknown(ds, g, code)),
    }
}

/// A set of standards and the edges among them, for pictures and trees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Neighbourhood {
    /// The standard(s) the picture is about.
    pub focus: Vec<NodeId>,
    /// Every node shown, ascending.
    pub nodes: Vec<NodeId>,
    /// builds_towards edges among them: (from, to, index of the edge row).
    pub builds: Vec<(NodeId, NodeId, usize)>,
    /// relates_to edges among them: (a, b, index of the edge row), a < b.
    pub relates: Vec<(NodeId, NodeId, usize)>,
}

impl Neighbourhood {
    /// The edges of `g` among `nodes`.
    pub fn of(g: &Graph, focus: Vec<NodeId>, nodes: BTreeSet<NodeId>) -> Neighbourhood {
        use petgraph::visit::EdgeRef;
        let mut builds = Vec::new();
        let mut relates = Vec::new();
        for e in g.builds.edge_references() {
            let (u, v) = (e.source().index() as NodeId, e.target().index() as NodeId);
            if nodes.contains(&u) && nodes.contains(&v) {
                builds.push((u, v, *e.weight()));
            }
        }
        for e in g.relates.edge_references() {
            let (u, v) = (e.source().index() as NodeId, e.target().index() as NodeId);
            if nodes.contains(&u) && nodes.contains(&v) {
                relates.push((u.min(v), u.max(v), *e.weight()));
            }
        }
        builds.sort_unstable();
        relates.sort_unstable();
        Neighbourhood { focus, nodes: nodes.into_iter().collect(), builds, relates }
    }
}

/// The card's neighbourhood: the standard, its family, and its direct
/// predecessors, successors and relates_to neighbours.
pub fn around(g: &Graph, n: NodeId) -> Neighbourhood {
    let mut nodes: BTreeSet<NodeId> = BTreeSet::new();
    nodes.insert(n);
    nodes.extend(g.predecessors(n));
    nodes.extend(g.successors(n));
    nodes.extend(g.related(n));
    Neighbourhood::of(g, vec![n], nodes)
}

/// A standard's family: its top standard, then the top's sub-standards in node order.
pub fn family(g: &Graph, n: NodeId) -> Vec<NodeId> {
    let top = g.top(n);
    let mut f = vec![top];
    f.extend((0..g.len() as NodeId).filter(|&m| g.nodes[m as usize].parent == Some(top)));
    f
}

/// The progression tree: every standard from which `n` or a member of its
/// family (its parent, its sub-standards) can be reached (no lower than
/// `back` grades below it, or all the way to the first grade when `None`),
/// and every standard reachable from them up to `forward` grades above it.
/// A standard's links are often written on its sub-standards only, so the
/// family's links are the standard's.
///
/// Complexity: O(V + E).
pub fn trace(g: &Graph, n: NodeId, back: Option<i8>, forward: i8) -> Neighbourhood {
    let level = |x: NodeId| g.nodes[x as usize].grade.level();
    let here = level(n);
    let family = family(g, n);
    let mut nodes: BTreeSet<NodeId> = family.iter().copied().collect();
    let mut stack = family.clone();
    while let Some(x) = stack.pop() {
        for p in g.predecessors(x) {
            if back.is_none_or(|b| level(p) >= here - b) && nodes.insert(p) {
                stack.push(p);
            }
        }
    }
    let mut stack = family;
    let mut ahead: BTreeSet<NodeId> = BTreeSet::new();
    while let Some(x) = stack.pop() {
        for s in g.successors(x) {
            if level(s) <= here + forward && !nodes.contains(&s) && ahead.insert(s) {
                stack.push(s);
            }
        }
    }
    nodes.extend(ahead);
    Neighbourhood::of(g, vec![n], nodes)
}

/// A path: each standard with the kind of edge that led to it (the first one's kind means nothing).
pub type Path = Vec<(NodeId, EdgeKind)>;

/// Up to `max` paths from `from` to `to`, shortest first (then by the codes
/// along them), along builds_towards, or along both kinds with `any`.
/// Empty when none exists.
///
/// Best first over simple paths on their length plus the exact distance left
/// (a breadth-first search back from `to`), so the first found are the
/// shortest; the search stops after `max` paths or a bounded number of expansions.
pub fn paths(g: &Graph, from: NodeId, to: NodeId, any: bool, max: usize) -> Vec<Path> {
    // Distances to `to` prune the search to paths that can still arrive.
    let n = g.len();
    let mut dist = vec![u32::MAX; n];
    dist[to as usize] = 0;
    let mut queue = VecDeque::from([to]);
    while let Some(x) = queue.pop_front() {
        let d = dist[x as usize] + 1;
        let back: Vec<NodeId> =
            if any { g.predecessors(x).chain(g.related(x)).collect() } else { g.predecessors(x).collect() };
        for p in back {
            if dist[p as usize] == u32::MAX {
                dist[p as usize] = d;
                queue.push_back(p);
            }
        }
    }
    if dist[from as usize] == u32::MAX {
        return Vec::new();
    }
    // Best first on (length so far + exact distance left): complete paths come
    // out shortest first, and only paths that can still be short are grown.
    // Partial paths share their prefixes in `steps` (a path is its last step),
    // so growing a path by one step costs one step, however long the path.
    let mut steps = Steps { at: vec![(from, EdgeKind::BuildsTowards, u32::MAX)] };
    let shortest = dist[from as usize];
    let mut heap = Heap::default();
    heap.push(&steps, (shortest, 0));
    let mut found: Vec<Path> = Vec::new();
    let mut budget = 200_000usize;
    while let Some((f, i)) = heap.pop(&steps) {
        if found.len() >= max || budget == 0 {
            break;
        }
        let (last, _, _) = steps.at[i as usize];
        if last == to {
            found.push(steps.path(i));
            continue;
        }
        let mut next: Vec<(NodeId, EdgeKind)> = g.successors(last).map(|s| (s, EdgeKind::BuildsTowards)).collect();
        if any {
            next.extend(g.related(last).map(|s| (s, EdgeKind::RelatesTo)));
        }
        let len = f - dist[last as usize];
        for (s, k) in next {
            budget = budget.saturating_sub(1);
            let d = dist[s as usize];
            if d == u32::MAX {
                continue;
            }
            // On a shortest path every step comes one closer, so a step that does too cannot go back to it.
            let closer = f == shortest && d + 1 == dist[last as usize];
            if closer || !steps.visits(i, s) {
                steps.at.push((s, k, i));
                heap.push(&steps, (len + 1 + d, steps.at.len() as u32 - 1));
            }
        }
    }
    found
}

/// The steps of the partial paths of [`paths`]: each a standard, the kind of
/// edge that led to it, and the step before it (`u32::MAX` for the first).
struct Steps {
    at: Vec<(NodeId, EdgeKind, u32)>,
}

impl Steps {
    /// The path that ends with step `i`, first step first.
    fn path(&self, mut i: u32) -> Path {
        let mut path = Vec::new();
        while let Some(&(n, k, prev)) = self.at.get(i as usize) {
            path.push((n, k));
            i = prev;
        }
        path.reverse();
        path
    }

    /// Whether the path that ends with step `i` visits `n`.
    fn visits(&self, mut i: u32, n: NodeId) -> bool {
        while let Some(&(m, _, prev)) = self.at.get(i as usize) {
            if m == n {
                return true;
            }
            i = prev;
        }
        false
    }
}

/// A min-heap of (estimated length, last step), ties broken by the
/// standards along the paths, as a heap of whole paths would order them.
#[derive(Default)]
struct Heap {
    items: Vec<(u32, u32)>,
}

impl Heap {
    fn less(steps: &Steps, a: (u32, u32), b: (u32, u32)) -> bool {
        a.0.cmp(&b.0).then_with(|| steps.path(a.1).cmp(&steps.path(b.1))).is_lt()
    }

    fn push(&mut self, steps: &Steps, item: (u32, u32)) {
        self.items.push(item);
        let mut i = self.items.len() - 1;
        while i > 0 && Heap::less(steps, self.items[i], self.items[(i - 1) / 2]) {
            self.items.swap(i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    }

    fn pop(&mut self, steps: &Steps) -> Option<(u32, u32)> {
        if self.items.is_empty() {
            return None;
        }
        // The last item takes the top's place and sinks to where it belongs.
        let top = self.items.swap_remove(0);
        let n = self.items.len();
        let mut i = 0;
        loop {
            let (l, r) = (2 * i + 1, 2 * i + 2);
            let mut m = i;
            if l < n && Heap::less(steps, self.items[l], self.items[m]) {
                m = l;
            }
            if r < n && Heap::less(steps, self.items[r], self.items[m]) {
                m = r;
            }
            if m == i {
                return Some(top);
            }
            self.items.swap(i, m);
            i = m;
        }
    }
}

/// The standards of a progression tag in learning order: those at either end
/// of an edge with that tag, by grade, then in an order that puts every
/// standard after its prerequisites within the tag (Kahn's algorithm, ties
/// by code). `focus` holds the progression's own standards (its domain
/// kind); the rest are the standards it draws on.
pub fn progression(ds: &Dataset, g: &Graph, tag: &str) -> Neighbourhood {
    use petgraph::visit::EdgeRef;
    let mut nodes: BTreeSet<NodeId> = BTreeSet::new();
    for e in g.builds.edge_references().chain(g.relates.edge_references()) {
        if ds.edges[*e.weight()].progression.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(tag)) {
            nodes.insert(e.source().index() as NodeId);
            nodes.insert(e.target().index() as NodeId);
        }
    }
    let mut hood = Neighbourhood::of(g, Vec::new(), nodes);
    hood.builds.retain(|e| ds.edges[e.2].progression.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(tag)));
    hood.relates.retain(|e| ds.edges[e.2].progression.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(tag)));
    hood.nodes = learning_order(ds, g, &hood);
    // The progression's own standards are those of its domain kind (`NF` for
    // `NF.3-5`); others are where it draws from. A tag named for no domain
    // (`GM.K-5`) keeps the standards its edges lead to.
    let prefix = tag.split('.').next().unwrap_or(tag).to_ascii_uppercase();
    let kind = |n: NodeId| {
        let d = ds.standards[g.nodes[n as usize].standard].domain.clone().unwrap_or_default();
        let k = d.split_once('.').map_or(d.trim_start_matches("HS").to_string(), |(_, k)| k.to_string());
        k.to_ascii_uppercase()
    };
    let mut own: Vec<NodeId> = hood.nodes.iter().copied().filter(|&n| kind(n).starts_with(&prefix)).collect();
    if own.is_empty() {
        let targets: BTreeSet<NodeId> = hood.builds.iter().map(|e| e.1).collect();
        own = hood.nodes.iter().copied().filter(|n| targets.contains(n)).collect();
    }
    hood.focus = own;
    hood
}

/// `hood`'s nodes ordered by grade, prerequisites first within a grade.
pub fn learning_order(ds: &Dataset, g: &Graph, hood: &Neighbourhood) -> Vec<NodeId> {
    let key = |n: NodeId| (g.nodes[n as usize].grade.level(), ds.standards[g.nodes[n as usize].standard].id.clone());
    let mut indegree: std::collections::HashMap<NodeId, usize> = hood.nodes.iter().map(|&n| (n, 0)).collect();
    for &(_, v, _) in &hood.builds {
        if let Some(d) = indegree.get_mut(&v) {
            *d += 1;
        }
    }
    let mut ready: BTreeSet<((i8, String), NodeId)> =
        indegree.iter().filter(|(_, d)| **d == 0).map(|(&n, _)| (key(n), n)).collect();
    let mut out = Vec::with_capacity(hood.nodes.len());
    while let Some(first) = ready.iter().next().cloned() {
        ready.remove(&first);
        let n = first.1;
        out.push(n);
        for &(u, v, _) in &hood.builds {
            if u == n
                && let Some(d) = indegree.get_mut(&v)
            {
                *d -= 1;
                if *d == 0 {
                    ready.insert((key(v), v));
                }
            }
        }
    }
    // A cycle (D4) leaves nodes behind: they follow in grade order.
    let placed: BTreeSet<NodeId> = out.iter().copied().collect();
    let mut rest: Vec<NodeId> = hood.nodes.iter().copied().filter(|n| !placed.contains(n)).collect();
    rest.sort_by_key(|&n| key(n));
    out.extend(rest);
    out
}
