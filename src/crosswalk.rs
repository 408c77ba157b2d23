//! Carries progressions across a crosswalk: a state framework whose
//! standards match CCSS-M codes (CASE exactMatchOf, a crosswalk CSV) inherits
//! the CCSS-M edges between the standards they match, on its own codes, so
//! that a district of that state runs every check on the codes it uses.
//! Pure: records in, edge records and findings out.

use std::collections::{BTreeMap, BTreeSet};

use crate::finding::{Code, Finding};
use crate::graph::{Graph, NodeId, Resolution};
use crate::model::{Dataset, Edge, EdgeKind, Focus, Origin};

/// Past this many carried edges (or [`FAN_OUT`] times the loaded edges, if
/// more) a crosswalk is taken for a mistake and carries nothing.
const MAX_CARRIED: usize = 1_000_000;
/// How many carried edges per loaded edge a crosswalk may make.
const FAN_OUT: usize = 10;

/// What a crosswalk carries over.
#[derive(Debug, Default)]
pub struct Carried {
    /// Edges of the matched framework on the state's own codes.
    pub edges: Vec<Edge>,
    /// Priority the state standards inherit where they have none of their
    /// own: (index into `Dataset::standards`, focus, wap).
    pub priority: Vec<(usize, Option<Focus>, bool)>,
    /// What could not be carried (F5).
    pub findings: Vec<Finding>,
}

/// The edges a crosswalk carries over, the priority it lends, and what could not be carried.
///
/// For every crosswalk row, `from` resolves within its own framework and
/// `to` within the others (a qualified `framework:code` is taken as
/// written). For every edge `u -> v` of the matched framework, each state
/// standard matching `u` gets an edge to each matching `v`, with the edge's
/// kind and progression and a note naming the source edge. A state
/// standard with no focus of its own takes its matches' (major over
/// supporting over additional), and, with no focus and no `wap`, their `wap`:
/// so a state's high schools get the priority work of the standards they match.
///
/// Complexity: O(C + E) for C crosswalk rows and E edges.
pub fn carry(ds: &Dataset, g: &Graph) -> Carried {
    if ds.crosswalks.is_empty() {
        return Carried::default();
    }
    let mut findings = Vec::new();
    let m = matches(ds, g, &mut findings);
    match_findings(ds, g, &m, &mut findings);
    let priority = inherited_priority(ds, g, &m);
    let edges = carried_edges(ds, g, &m, &mut findings);
    Carried { edges, priority, findings }
}

/// The rows of a crosswalk that resolve.
struct Matches {
    /// Target node -> the state nodes that match it.
    by_target: BTreeMap<NodeId, BTreeSet<NodeId>>,
    /// State node -> its targets.
    by_state: BTreeMap<NodeId, BTreeSet<NodeId>>,
    /// (state framework, target framework) pairs.
    frameworks: BTreeSet<(usize, usize)>,
}

/// Resolves every crosswalk row: `from` within its own framework, `to` within the others.
fn matches(ds: &Dataset, g: &Graph, findings: &mut Vec<Finding>) -> Matches {
    let fw_index = |name: &str| g.frameworks.iter().position(|f| f == name);
    let within = |fw: usize, code: &str| match g.resolve(&format!("{}:{code}", g.frameworks[fw])) {
        Resolution::Found(n) if g.nodes[n as usize].framework as usize == fw => Some(n),
        _ => None,
    };
    let mut by_target: BTreeMap<NodeId, BTreeSet<NodeId>> = BTreeMap::new();
    let mut by_state: BTreeMap<NodeId, BTreeSet<NodeId>> = BTreeMap::new();
    let mut frameworks: BTreeSet<(usize, usize)> = BTreeSet::new();
    for c in &ds.crosswalks {
        let Some(fw) = fw_index(&c.framework) else { continue };
        let Some(s) = within(fw, &c.from) else {
            findings.push(
                Finding::new(
                    Code::F5,
                    format!("crosswalk row names {}, which is not a standard of {}", c.from, c.framework),
                    "fix the state code, or add the standard",
                )
                .at(&c.origin)
                .ids([c.from.clone()]),
            );
            continue;
        };
        let target = match c.to.split_once(':').and_then(|(f, code)| fw_index(f).map(|i| (i, code))) {
            Some((tf, code)) if tf != fw => within(tf, code),
            _ => {
                let hits: Vec<NodeId> =
                    (0..g.frameworks.len()).filter(|&f| f != fw).filter_map(|f| within(f, &c.to)).collect();
                (hits.len() == 1).then(|| hits[0])
            }
        };
        let Some(t) = target else {
            // An identifier outside the data (a URI) matches nothing here; that is what the report says.
            continue;
        };
        frameworks.insert((fw, g.nodes[t as usize].framework as usize));
        by_target.entry(t).or_default().insert(s);
        by_state.entry(s).or_default().insert(t);
    }
    Matches { by_target, by_state, frameworks }
}

/// F5 for every state standard of a crosswalked framework with no match, and every one matched several times.
fn match_findings(ds: &Dataset, g: &Graph, m: &Matches, findings: &mut Vec<Finding>) {
    let (by_state, frameworks) = (&m.by_state, &m.frameworks);
    for &(fw, _) in frameworks {
        for (n, node) in g.nodes.iter().enumerate() {
            if node.framework as usize != fw {
                continue;
            }
            let n = n as NodeId;
            let name = g.name(ds, n);
            match by_state.get(&n).map(BTreeSet::len) {
                None => findings.push(
                    Finding::new(
                        Code::F5,
                        format!(
                            "{name} matches no standard of the crosswalked framework: no progression is carried to it"
                        ),
                        "add a crosswalk row for it, or link it by hand",
                    )
                    .at(&ds.standards[node.standard].origin)
                    .ids([name]),
                ),
                Some(k) if k > 1 => {
                    let targets: Vec<String> = by_state[&n].iter().map(|&t| g.name(ds, t)).collect();
                    findings.push(
                        Finding::new(
                            Code::F5,
                            format!(
                                "{name} matches {k} standards ({}): it inherits the edges of all of them",
                                targets.join(", ")
                            ),
                            "check that every match is meant",
                        )
                        .at(&ds.standards[node.standard].origin)
                        .ids([name]),
                    );
                }
                _ => {}
            }
        }
    }
}

/// The focus and `wap` a state standard with none of its own takes from its matches.
fn inherited_priority(ds: &Dataset, g: &Graph, m: &Matches) -> Vec<(usize, Option<Focus>, bool)> {
    let mut priority = Vec::new();
    for (&s, targets) in &m.by_state {
        let st = &ds.standards[g.nodes[s as usize].standard];
        let of = |t: &NodeId| &ds.standards[g.nodes[*t as usize].standard];
        let focus = st.focus.or_else(|| targets.iter().filter_map(|t| of(t).focus).min());
        let wap = st.wap || (st.focus.is_none() && targets.iter().any(|t| of(t).wap));
        if focus != st.focus || wap != st.wap {
            priority.push((g.nodes[s as usize].standard, focus, wap));
        }
    }
    priority
}

/// The edges of the matched framework, carried onto the state's codes; F5 for those left behind.
// Whole on purpose: the fan-out guard, the carrying and the F5 findings read the same matches and counts, in one order.
fn carried_edges(ds: &Dataset, g: &Graph, m: &Matches, findings: &mut Vec<Finding>) -> Vec<Edge> {
    let (by_target, frameworks) = (&m.by_target, &m.frameworks);
    // Counted before anything is built: a crosswalk that matches many state
    // standards to one standard would multiply its edges out of all proportion.
    let targets: BTreeSet<usize> = frameworks.iter().map(|&(_, t)| t).collect();
    let fan = |u: NodeId| by_target.get(&u).map_or(0, BTreeSet::len);
    let raw = g.builds.raw_edges().iter().chain(g.relates.raw_edges());
    let total: usize = raw
        .filter(|e| targets.contains(&(g.nodes[e.source().index()].framework as usize)))
        .map(|e| fan(e.source().index() as NodeId).saturating_mul(fan(e.target().index() as NodeId)))
        .fold(0usize, usize::saturating_add);
    let source_edges = g.builds.edge_count() + g.relates.edge_count();
    // Findings about the crosswalk as a whole name the file that holds it.
    let file = ds.crosswalks.first().map(|c| Origin::file(&c.origin.file)).unwrap_or_default();
    if total > MAX_CARRIED.max(FAN_OUT * source_edges) {
        let widest = by_target.iter().max_by_key(|(t, s)| (s.len(), std::cmp::Reverse(**t)));
        let example = widest.map(|(t, s)| format!(" ({} is matched by {} state standards)", g.name(ds, *t), s.len()));
        findings.push(
            Finding::new(
                Code::F5,
                format!(
                    "the crosswalk would carry {total} edges from {source_edges}{}: none is carried",
                    example.unwrap_or_default()
                ),
                "match each state standard to the standards it teaches, not many state standards to one",
            )
            .at(&file),
        );
        return Vec::new();
    }
    let mut edges = Vec::new();
    let mut lost: BTreeMap<usize, usize> = BTreeMap::new();
    let mut carried: BTreeSet<(EdgeKind, NodeId, NodeId)> = BTreeSet::new();
    let targets_of: BTreeSet<usize> = frameworks.iter().map(|&(_, t)| t).collect();
    let mut push = |kind: EdgeKind, u: NodeId, v: NodeId, row: usize| {
        let (Some(su), Some(sv)) = (by_target.get(&u), by_target.get(&v)) else {
            *lost.entry(g.nodes[u as usize].framework as usize).or_default() += 1;
            return;
        };
        let e = &ds.edges[row];
        for &a in su {
            for &b in sv {
                if a != b && carried.insert((kind, a, b)) {
                    let at = Origin::file(&e.origin.file);
                    edges.push(Edge {
                        kind,
                        from: g.qualified(ds, a),
                        to: g.qualified(ds, b),
                        progression: e.progression.clone(),
                        note: Some(format!(
                            "carried over from {} {} {}",
                            g.qualified(ds, u),
                            kind.as_str(),
                            g.qualified(ds, v)
                        )),
                        origin: at.clone(),
                        from_origin: at.clone(),
                        to_origin: at,
                    });
                }
            }
        }
    };
    for e in g.builds.raw_edges() {
        let (u, v) = (e.source().index() as NodeId, e.target().index() as NodeId);
        if targets_of.contains(&(g.nodes[u as usize].framework as usize)) {
            push(EdgeKind::BuildsTowards, u, v, e.weight);
        }
    }
    for e in g.relates.raw_edges() {
        let (u, v) = (e.source().index() as NodeId, e.target().index() as NodeId);
        if targets_of.contains(&(g.nodes[u as usize].framework as usize)) {
            push(EdgeKind::RelatesTo, u, v, e.weight);
        }
    }
    for (fw, n) in lost {
        findings.push(
            Finding::new(
                Code::F5,
                format!(
                    "{n} edges of {} were not carried over: an end of each matches no state standard",
                    g.frameworks[fw]
                ),
                "extend the crosswalk to the standards those edges join, if the state teaches them",
            )
            .at(&file),
        );
    }
    edges
}
