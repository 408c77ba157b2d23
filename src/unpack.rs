//! One module unpacked for a professional learning community (`coherence
//! unpack`): the standards it addresses, in grade and cluster order, each
//! with its direct links to what it builds on (a few grades back), what it
//! leads to (a grade or so ahead) and what it relates to. Pure values over
//! the graph; [`crate::report::unpack`] puts them into words.

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::graph::{Graph, NodeId, ResolvedModule};
use crate::model::Dataset;

/// A link shown in a handout: the standard at its other end and the edge row
/// (an index into `Dataset::edges`) that carries its note and progression tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The standard at the other end.
    pub other: NodeId,
    /// The edge row: the first row of that pair, as the graph keeps it.
    pub edge: usize,
}

/// One standard of the module with its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpacked {
    /// The standard.
    pub standard: NodeId,
    /// Direct predecessors at most `back` grades below it, lower grade first.
    pub builds_on: Vec<Link>,
    /// Direct successors at most `ahead` grades above it, lower grade first.
    pub leads_to: Vec<Link>,
    /// relates_to neighbors, lower grade first.
    pub related: Vec<Link>,
}

/// A module by id: the exact id first, then the one id equal to it but for
/// case. `None` when neither names a module of the graph.
pub fn find_module(ds: &Dataset, g: &Graph, id: &str) -> Option<u32> {
    let id = id.trim();
    let id_of = |m: &ResolvedModule| ds.modules[m.module].id.as_str();
    if let Some(k) = g.modules.iter().position(|m| id_of(m) == id) {
        return Some(k as u32);
    }
    let mut folded = g.modules.iter().enumerate().filter(|(_, m)| id_of(m).eq_ignore_ascii_case(id));
    match (folded.next(), folded.next()) {
        (Some((k, _)), None) => Some(k as u32),
        _ => None,
    }
}

/// Up to three module ids nearest to `id` (edit distance, case ignored, then
/// by id), so that a typo always shows what exists.
pub fn nearest_modules(ds: &Dataset, g: &Graph, id: &str) -> Vec<String> {
    // A long id gets none: the distance over it would cost its length squared.
    if id.len() > 64 {
        return Vec::new();
    }
    let want = id.to_lowercase();
    let mut near: Vec<(usize, &str)> = g
        .modules
        .iter()
        .map(|m| ds.modules[m.module].id.as_str())
        .filter(|k| k.len() <= 64)
        .map(|k| (strsim::levenshtein(&want, &k.to_lowercase()), k))
        .collect();
    near.sort_unstable();
    near.dedup();
    near.into_iter().take(3).map(|(_, k)| k.to_string()).collect()
}

/// The standards of module `m` (an index into `Graph::modules`) by grade,
/// cluster and dataset order, each with its direct links: predecessors no
/// more than `back` grades below it, successors no more than `ahead` grades
/// above it, and every relates_to neighbor.
pub fn unpack(ds: &Dataset, g: &Graph, m: u32, back: i8, ahead: i8) -> Vec<Unpacked> {
    let Some(module) = g.modules.get(m as usize) else { return Vec::new() };
    let level = |n: NodeId| i16::from(g.nodes[n as usize].grade.level());
    let (back, ahead) = (i16::from(back), i16::from(ahead));
    let cluster = |n: NodeId| ds.standards[g.nodes[n as usize].standard].cluster.clone().unwrap_or_default();
    let name = |n: NodeId| g.name(ds, n);
    let mut standards = module.standards.clone();
    standards.sort_by_key(|&n| (level(n), cluster(n), n));
    let order = |links: &mut Vec<Link>| links.sort_by_key(|l| (level(l.other), name(l.other), l.edge));
    standards
        .into_iter()
        .map(|n| {
            let here = level(n);
            let at = NodeIndex::new(n as usize);
            let mut builds_on: Vec<Link> = g
                .builds
                .edges_directed(at, Direction::Incoming)
                .map(|e| Link { other: e.source().index() as NodeId, edge: *e.weight() })
                .filter(|l| level(l.other) >= here - back)
                .collect();
            let mut leads_to: Vec<Link> = g
                .builds
                .edges_directed(at, Direction::Outgoing)
                .map(|e| Link { other: e.target().index() as NodeId, edge: *e.weight() })
                .filter(|l| level(l.other) <= here + ahead)
                .collect();
            let mut related: Vec<Link> = g
                .relates
                .edges(at)
                .map(|e| {
                    let other = if e.source() == at { e.target() } else { e.source() };
                    Link { other: other.index() as NodeId, edge: *e.weight() }
                })
                .collect();
            order(&mut builds_on);
            order(&mut leads_to);
            order(&mut related);
            // A repeated edge is one link: the graph may hold a pair twice only through a cycle guard.
            builds_on.dedup_by_key(|l| l.other);
            leads_to.dedup_by_key(|l| l.other);
            related.dedup_by_key(|l| l.other);
            Unpacked { standard: n, builds_on, leads_to, related }
        })
        .collect()
}
