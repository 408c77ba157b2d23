//! The checks: pure functions from the dataset and graph to findings.
//!
//! Dataset checks found while building the graph (D1, D2, D3, D6) come from
//! [`crate::graph::Graph::build`] and the loaders; this module adds the graph
//! checks of the spec. None of them does I/O.

pub mod plan;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::finding::{Code, Finding};
use crate::graph::{Graph, NodeId};
use crate::model::Dataset;

/// Every check of `validate` that needs no scope: D4, D5, V1, V2, H1, and
/// the map authors' F10 and F11.
pub fn graph_checks(ds: &Dataset, g: &Graph) -> Vec<Finding> {
    // The checks are independent reads of the graph: run side by side, joined in this order.
    let ((mut out, backward), (families, (links, family_cycles))) = rayon::join(
        || rayon::join(|| cycles(ds, g), || backward_edges(ds, g)),
        || rayon::join(|| family_checks(ds, g), || rayon::join(|| links_without_notes(ds, g), || family_cycles(ds, g))),
    );
    out.extend(backward);
    out.extend(families);
    out.extend(links);
    out.extend(family_cycles);
    out
}

/// F10 link-without-note: a builds_towards or relates_to link whose row has
/// no note, in a framework that explains its links (at least one link with a
/// note), one finding per link at its row. A framework none of whose links
/// has a note gets one finding that says so, not one per link: a dataset
/// that never explains its links is not a map missing a few explanations.
///
/// Complexity: O(E).
pub fn links_without_notes(ds: &Dataset, g: &Graph) -> Vec<Finding> {
    let nfw = g.frameworks.len();
    // Per framework: links with a note, and the rows of those without (by the `from` end's framework).
    let mut noted = vec![0usize; nfw];
    let mut bare: Vec<Vec<(usize, NodeId, NodeId, &'static str)>> = vec![Vec::new(); nfw];
    let builds = g.builds.edge_references().map(|e| (*e.weight(), e.source(), e.target(), "builds_towards"));
    let relates = g.relates.edge_references().map(|e| (*e.weight(), e.source(), e.target(), "relates_to"));
    for (row, u, v, kind) in builds.chain(relates) {
        let (u, v) = (u.index() as NodeId, v.index() as NodeId);
        let fw = g.nodes[u as usize].framework as usize;
        if ds.edges[row].note.as_deref().is_some_and(|n| !n.trim().is_empty()) {
            noted[fw] += 1;
        } else {
            bare[fw].push((row, u, v, kind));
        }
    }
    let mut out = Vec::new();
    for (fw, mut rows) in bare.into_iter().enumerate() {
        if rows.is_empty() {
            continue;
        }
        if noted[fw] == 0 {
            let first = rows.iter().map(|r| r.0).min().map(|row| &ds.edges[row].origin);
            let mut f = Finding::new(
                Code::F10,
                match rows.len() {
                    1 => format!("the one link of framework {} does not say why it holds", g.frameworks[fw]),
                    n => format!("none of the {n} links of framework {} says why it holds", g.frameworks[fw]),
                },
                "give each link a note (the `note` of a link): one sentence on why it holds, so a coach can tell a PLC",
            );
            if let Some(o) = first {
                f = f.at(o);
            }
            out.push(f);
            continue;
        }
        rows.sort_unstable();
        for (row, u, v, kind) in rows {
            let (nu, nv) = (g.name(ds, u), g.name(ds, v));
            out.push(
                Finding::new(
                    Code::F10,
                    format!("{kind} link {nu} -> {nv} has no note saying why it holds"),
                    "add one sentence on what the later standard uses of the earlier one, and the progression it belongs to",
                )
                .at(&ds.edges[row].origin)
                .ids([nu, nv]),
            );
        }
    }
    out
}

/// F11 family-cycle: builds_towards read between families (a sub-standard
/// stands for its parent's family) that comes back to where it started,
/// such as `A -> B` beside `B.a -> A.b`. One finding per strongly connected
/// set of two or more families, listing the links between them; a set whose
/// standards already form a builds_towards cycle is D4's, not repeated.
///
/// Complexity: O(V + E).
pub fn family_cycles(ds: &Dataset, g: &Graph) -> Vec<Finding> {
    let mut families: DiGraph<(), usize, u32> = DiGraph::with_capacity(g.nodes.len(), g.builds.edge_count());
    for _ in 0..g.nodes.len() {
        families.add_node(());
    }
    for e in g.builds.edge_references() {
        let (a, b) = (g.top(e.source().index() as NodeId), g.top(e.target().index() as NodeId));
        if a != b {
            families.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), *e.weight());
        }
    }
    // The family sets D4 already reports: its components, each read as families.
    let mut reported: std::collections::HashSet<Vec<NodeId>> = std::collections::HashSet::new();
    for members in strong_components(&g.builds) {
        if members.len() > 1 {
            let mut tops: Vec<NodeId> = members.iter().map(|&n| g.top(n)).collect();
            tops.sort_unstable();
            tops.dedup();
            reported.insert(tops);
        }
    }
    // Each set of two or more families not reported by D4, and its links, found in one pass over the edges.
    let mut sets: Vec<Vec<NodeId>> = Vec::new();
    let mut set_of: Vec<u32> = vec![u32::MAX; g.nodes.len()];
    for mut tops in strong_components(&families) {
        tops.sort_unstable();
        if tops.len() < 2 || reported.contains(&tops) {
            continue;
        }
        for &t in &tops {
            set_of[t as usize] = sets.len() as u32;
        }
        sets.push(tops);
    }
    let mut links: Vec<Vec<(usize, NodeId, NodeId)>> = vec![Vec::new(); sets.len()];
    for e in g.builds.edge_references() {
        let (u, v) = (e.source().index() as NodeId, e.target().index() as NodeId);
        let (a, b) = (g.top(u), g.top(v));
        if a != b && set_of[a as usize] != u32::MAX && set_of[a as usize] == set_of[b as usize] {
            links[set_of[a as usize] as usize].push((*e.weight(), u, v));
        }
    }
    let mut out = Vec::new();
    for (tops, mut links) in sets.into_iter().zip(links) {
        links.sort_unstable();
        let mut names: Vec<String> = tops.iter().map(|&t| g.name(ds, t)).collect();
        names.sort();
        let listed: Vec<String> =
            links.iter().map(|&(_, u, v)| format!("{} -> {}", g.name(ds, u), g.name(ds, v))).collect();
        let mut f = Finding::new(
            Code::F11,
            format!(
                "the families of {} reach themselves once sub-standards are read with their parents: {}",
                names.join(", "),
                listed.join(", ")
            ),
            "keep the links of one direction: a family cannot both come before and after another",
        )
        .ids(names);
        if let Some(&(row, _, _)) = links.first() {
            f = f.at(&ds.edges[row].origin);
        }
        out.push(f);
    }
    out
}

/// D4 progression-cycle: one finding per strongly connected component of
/// builds_towards with two or more members, listing them sorted.
///
/// The finding is located at the first edge row (in load order) inside the
/// component. Complexity: O(V + E) (Tarjan).
pub fn cycles(ds: &Dataset, g: &Graph) -> Vec<Finding> {
    let mut out = Vec::new();
    for members in strong_components(&g.builds) {
        if members.len() < 2 {
            continue;
        }
        let mut names: Vec<String> = members.iter().map(|&n| g.name(ds, n)).collect();
        names.sort();
        let first_edge = members
            .iter()
            .flat_map(|&n| g.builds.edges(petgraph::graph::NodeIndex::new(n as usize)))
            .filter(|e| members.contains(&(e.target().index() as NodeId)))
            .map(|e| *e.weight())
            .min();
        let mut f = Finding::new(
            Code::D4,
            format!("builds_towards cycle among {} standards: {}", names.len(), names.join(", ")),
            "a progression cannot loop: remove or reverse the edge that goes against the learning order",
        )
        .ids(names);
        if let Some(e) = first_edge {
            f = f.at(&ds.edges[e].origin);
        }
        out.push(f);
    }
    out
}

/// The strongly connected components of `graph` (Tarjan), each once, in
/// the order they complete (a component before those that reach it).
///
/// The depth-first search keeps its own stack: a chain of a million
/// standards must not exhaust the thread's stack, as a recursive search would.
/// Complexity: O(V + E) time, O(V) memory.
pub fn strong_components(graph: &DiGraph<(), usize, u32>) -> Vec<Vec<NodeId>> {
    const NEW: u32 = u32::MAX;
    let n = graph.node_count();
    let (mut index, mut low, mut on_stack) = (vec![NEW; n], vec![0u32; n], vec![false; n]);
    let (mut stack, mut out) = (Vec::new(), Vec::new());
    let mut next = 0u32;
    // Each frame: a node and the neighbours it has yet to look at.
    let mut frames = Vec::new();
    for root in 0..n {
        let mut enter = Some(root);
        loop {
            if let Some(v) = enter.take() {
                if index[v] != NEW {
                    break;
                }
                (index[v], low[v], on_stack[v]) = (next, next, true);
                next += 1;
                stack.push(v);
                frames.push((v, graph.neighbors(NodeIndex::new(v))));
            }
            let Some((v, todo)) = frames.last_mut() else { break };
            let v = *v;
            if let Some(w) = todo.next().map(NodeIndex::index) {
                if index[w] == NEW {
                    enter = Some(w);
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w as NodeId);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// D5 backward-edge: one finding per builds_towards edge `u -> v` with
/// `grade(u) > grade(v)` (cycle edges included). Complexity: O(E).
pub fn backward_edges(ds: &Dataset, g: &Graph) -> Vec<Finding> {
    g.builds
        .edge_references()
        .filter_map(|e| {
            let (u, v) = (e.source().index(), e.target().index());
            let (gu, gv) = (g.nodes[u].grade, g.nodes[v].grade);
            (gu.level() > gv.level()).then(|| {
                let (nu, nv) = (g.name(ds, u as NodeId), g.name(ds, v as NodeId));
                Finding::new(
                    Code::D5,
                    format!("builds_towards edge {nu} (grade {gu}) -> {nv} (grade {gv}) goes from a higher grade to a lower one"),
                    "reverse the edge if the order is the other way round, or fix the grade that is wrong",
                )
                .at(&ds.edges[*e.weight()].origin)
                .ids([nu, nv])
            })
        })
        .collect()
}

/// Whether the family headed by `top` has a builds_towards predecessor and
/// successor outside itself, and a link to a standard outside it of
/// framework `fw` and grade `level`.
fn family_links(g: &Graph, children: &[Vec<NodeId>], top: NodeId, level: i8, fw: u16) -> (bool, bool, bool) {
    let in_family = |w: NodeId| w == top || g.nodes[w as usize].parent == Some(top);
    let peer = |w: NodeId| {
        let n = &g.nodes[w as usize];
        !in_family(w) && n.framework == fw && n.grade.level() == level
    };
    let (mut has_pred, mut has_succ, mut has_peer) = (false, false, false);
    for m in std::iter::once(top).chain(children[top as usize].iter().copied()) {
        for w in g.predecessors(m) {
            has_pred |= !in_family(w);
            has_peer |= peer(w);
        }
        for w in g.successors(m) {
            has_succ |= !in_family(w);
            has_peer |= peer(w);
        }
        for w in g.related(m) {
            has_peer |= peer(w);
        }
    }
    (has_pred, has_succ, has_peer)
}

/// V1 vertical-orphan, V2 vertical-dead-end and H1 horizontal-isolate, each
/// judged over the standard's family (its parent, or itself, with that
/// standard's sub-standards), as the spec defines them. One finding per
/// standard, in node order.
///
/// Complexity: O(V + E · k) expected, for k the number of grades within one
/// family (1 but in odd data): each family is walked once per grade.
pub fn family_checks(ds: &Dataset, g: &Graph) -> Vec<Finding> {
    let children = g.families();
    let nfw = g.frameworks.len();
    let mut lowest = vec![i8::MAX; nfw];
    let mut highest = vec![i8::MIN; nfw];
    for n in &g.nodes {
        let f = n.framework as usize;
        lowest[f] = lowest[f].min(n.grade.level());
        highest[f] = highest[f].max(n.grade.level());
    }
    // A family's flags depend only on its head and the grade asked about: a
    // family of many sub-standards is walked once per grade, not once per member.
    let mut flags: std::collections::HashMap<(NodeId, i8), (bool, bool, bool)> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (v, node) in g.nodes.iter().enumerate() {
        let v = v as NodeId;
        let top = g.top(v);
        let level = node.grade.level();
        let fw = node.framework;
        let (has_pred, has_succ, has_peer) =
            *flags.entry((top, level)).or_insert_with(|| family_links(g, &children, top, level, fw));
        let s = &ds.standards[node.standard];
        let name = g.name(ds, v);
        let entry = node.entry || g.nodes[top as usize].entry;
        if level > lowest[fw as usize] && !entry && !has_pred {
            out.push(
                Finding::new(
                    Code::V1,
                    format!("{name} (grade {}) has no prerequisite: nothing builds towards it or its family", node.grade),
                    "add a builds_towards edge from the standard it builds on, or mark it entry with a note saying why a progression starts here",
                )
                .at(&s.origin)
                .ids([name.clone()]),
            );
        }
        if level < highest[fw as usize] && !has_succ {
            out.push(
                Finding::new(
                    Code::V2,
                    format!("{name} (grade {}) leads nowhere: no builds_towards edge goes from it or its family to a later standard", node.grade),
                    "add a builds_towards edge to the standard it prepares for",
                )
                .at(&s.origin)
                .ids([name.clone()]),
            );
        }
        if !has_peer {
            out.push(
                Finding::new(
                    Code::H1,
                    format!("{name} has no link to another standard of grade {}", node.grade),
                    "add a relates_to edge to a standard of the same grade it connects with, or a builds_towards edge within the grade",
                )
                .at(&s.origin)
                .ids([name]),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut comps: Vec<Vec<NodeId>>) -> Vec<Vec<NodeId>> {
        for c in &mut comps {
            c.sort_unstable();
        }
        comps.sort();
        comps
    }

    #[test]
    fn components_are_petgraphs() {
        // A small linear congruential generator: the same graphs on every run.
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..300 {
            let n = 1 + next(40) as usize;
            let mut g: DiGraph<(), usize, u32> = DiGraph::default();
            for _ in 0..n {
                g.add_node(());
            }
            for e in 0..next(3 * n as u64) as usize {
                g.add_edge(NodeIndex::new(next(n as u64) as usize), NodeIndex::new(next(n as u64) as usize), e);
            }
            let theirs: Vec<Vec<NodeId>> = petgraph::algo::tarjan_scc(&g)
                .into_iter()
                .map(|c| c.into_iter().map(|i| i.index() as NodeId).collect())
                .collect();
            assert_eq!(sorted(strong_components(&g)), sorted(theirs));
        }
    }

    #[test]
    fn a_chain_of_a_million_and_one_cycle_round_it() {
        let n = 1_000_000;
        let mut g: DiGraph<(), usize, u32> = DiGraph::with_capacity(n, n);
        for _ in 0..n {
            g.add_node(());
        }
        for i in 1..n {
            g.add_edge(NodeIndex::new(i - 1), NodeIndex::new(i), i);
        }
        assert_eq!(strong_components(&g).len(), n);
        g.add_edge(NodeIndex::new(n - 1), NodeIndex::new(0), 0);
        let comps = strong_components(&g);
        assert_eq!(comps.len(), 1);
        assert_eq!(comps[0].len(), n);
    }
}
