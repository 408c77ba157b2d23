//! What a person who keeps a map works through: per grade band, the links
//! without a note, the families that lead nowhere or that nothing leads to,
//! those with a single predecessor, and the links that skip two or more
//! grades. Values only; `report::review` puts them in words. No I/O.

use std::collections::BTreeSet;

use petgraph::visit::EdgeRef;

use crate::Validation;
use crate::graph::NodeId;
use crate::model::EdgeKind;

/// One link, by the names reports use.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    /// The earlier end (builds_towards) or one end (relates_to).
    pub from: String,
    /// The later end, or the other end.
    pub to: String,
    /// builds_towards or relates_to.
    pub kind: EdgeKind,
    /// Its progression tag, when it has one.
    pub progression: Option<String>,
    /// Grades from one end to the other (builds_towards).
    pub grades: i8,
}

/// One grade band's list of things to review.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Band {
    /// `K-2`, `3-5`, `6-8` or `HS` (pre-kindergarten goes with K-2).
    pub name: &'static str,
    /// Standards whose grade falls in the band.
    pub standards: usize,
    /// Links whose later end (or, for relates_to, first end) falls in the band.
    pub links: usize,
    /// Of them, those without a note.
    pub without_note: Vec<Link>,
    /// Families headed in the band with no builds_towards link out of the family.
    pub dead_ends: Vec<String>,
    /// Families headed in the band with no builds_towards link into the family
    /// (entry standards, which start a progression on purpose, left out).
    pub orphans: Vec<String>,
    /// Families with exactly one family before them: (family, the one before).
    pub one_predecessor: Vec<(String, String)>,
    /// builds_towards links that skip two or more grades (three or more apart).
    pub skipping: Vec<Link>,
}

/// The review of a validated dataset.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review {
    /// The bands, from K-2 to HS; a band without standards is left out.
    pub bands: Vec<Band>,
}

const BANDS: [&str; 4] = ["K-2", "3-5", "6-8", "HS"];

fn band_of(level: i8) -> usize {
    match level {
        ..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        _ => 3,
    }
}

/// Reviews the map of `v`: each list sorted by name. Complexity: O(V + E log E).
pub fn review(v: &Validation) -> Review {
    let (ds, g) = (&v.dataset, &v.graph);
    let mut bands: Vec<Band> = BANDS.iter().map(|&name| Band { name, ..Band::default() }).collect();
    let level = |n: NodeId| g.nodes[n as usize].grade.level();
    for n in 0..g.nodes.len() as NodeId {
        bands[band_of(level(n))].standards += 1;
    }
    let link = |row: usize, u: NodeId, w: NodeId, kind: EdgeKind| Link {
        from: g.name(ds, u),
        to: g.name(ds, w),
        kind,
        progression: ds.edges[row].progression.clone(),
        grades: level(w) - level(u),
    };
    let builds = g.builds.edge_references().map(|e| (*e.weight(), e.source(), e.target(), EdgeKind::BuildsTowards));
    let relates = g.relates.edge_references().map(|e| (*e.weight(), e.source(), e.target(), EdgeKind::RelatesTo));
    for (row, u, w, kind) in builds.chain(relates) {
        let (u, w) = (u.index() as NodeId, w.index() as NodeId);
        let band = &mut bands[band_of(level(w).max(if kind == EdgeKind::RelatesTo { level(u) } else { i8::MIN }))];
        band.links += 1;
        if ds.edges[row].note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            band.without_note.push(link(row, u, w, kind));
        }
        if kind == EdgeKind::BuildsTowards && level(w) - level(u) >= 3 {
            band.skipping.push(link(row, u, w, kind));
        }
    }
    // Families: what comes into and goes out of each, read with its sub-standards.
    let children = g.families();
    for top in 0..g.nodes.len() as NodeId {
        if g.top(top) != top {
            continue;
        }
        let members: Vec<NodeId> = std::iter::once(top).chain(children[top as usize].iter().copied()).collect();
        let mut before: BTreeSet<NodeId> = BTreeSet::new();
        let mut after = false;
        for &m in &members {
            before.extend(g.predecessors(m).map(|p| g.top(p)).filter(|&p| p != top));
            after |= g.successors(m).any(|s| g.top(s) != top);
        }
        let band = &mut bands[band_of(level(top))];
        let name = g.name(ds, top);
        if !after {
            band.dead_ends.push(name.clone());
        }
        let entry = members.iter().any(|&m| g.nodes[m as usize].entry);
        if before.is_empty() && !entry {
            band.orphans.push(name.clone());
        }
        if let [only] = before.iter().copied().collect::<Vec<_>>().as_slice() {
            band.one_predecessor.push((name, g.name(ds, *only)));
        }
    }
    for b in &mut bands {
        b.without_note.sort();
        b.skipping.sort();
        b.dead_ends.sort();
        b.orphans.sort();
        b.one_predecessor.sort();
    }
    bands.retain(|b| b.standards > 0);
    Review { bands }
}
