//! Cards, trees, progressions and paths, as text and JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{View, grouped, practice_ids};
use crate::explore::Neighbourhood;
use crate::finding::printable;
use crate::graph::{Graph, NodeId};
use crate::model::{Dataset, EdgeKind, Focus, ModuleKind};

/// What the card of `n` shows, beyond the standard itself.
pub struct Card {
    /// Direct predecessors of the family, with the member they lead to when it is not `n`.
    pub builds_on: Vec<(NodeId, Option<NodeId>)>,
    /// Direct successors of the family.
    pub leads_to: Vec<(NodeId, Option<NodeId>)>,
    /// relates_to neighbours of the family.
    pub related: Vec<(NodeId, Option<NodeId>)>,
    /// Modules addressing it (indices into `Graph::modules`), PD first.
    pub modules: Vec<u32>,
    /// Gap findings that involve it: (scope label, code, message, ids).
    pub gaps: Vec<(String, String, String, Vec<String>)>,
}

/// Collects the card's lists for `n` over its family.
pub fn card(ds: &Dataset, g: &Graph, n: NodeId, gaps: Vec<(String, String, String, Vec<String>)>) -> Card {
    let v = View { ds, g };
    let family = v.family(n);
    let collect = |edges: &dyn Fn(NodeId) -> Vec<NodeId>| {
        let mut seen: BTreeMap<NodeId, Option<NodeId>> = BTreeMap::new();
        for &m in &family {
            for x in edges(m) {
                if family.contains(&x) {
                    continue;
                }
                let via = if m == n { None } else { Some(m) };
                seen.entry(x)
                    .and_modify(|e| {
                        if via.is_none() {
                            *e = None
                        }
                    })
                    .or_insert(via);
            }
        }
        seen.into_iter().collect::<Vec<_>>()
    };
    let builds_on = collect(&|m| g.predecessors(m).collect());
    let leads_to = collect(&|m| g.successors(m).collect());
    let related = collect(&|m| g.related(m).collect());
    let mut modules: Vec<u32> =
        (0..g.modules.len() as u32).filter(|&m| g.modules[m as usize].standards.contains(&n)).collect();
    modules.sort_by_key(|&m| (g.modules[m as usize].kind != ModuleKind::Pd, m));
    Card { builds_on, leads_to, related, modules, gaps }
}

/// Which way a card's list links: to prerequisites, to successors, or across.
#[derive(Clone, Copy)]
enum Way {
    Back,
    Ahead,
    Across,
}

/// The edge row of the link between the card's standard `n` (or its family member `via`) and `x`.
fn card_edge(v: &View, n: NodeId, x: NodeId, via: Option<NodeId>, way: Way) -> Option<usize> {
    let m = via.unwrap_or(n);
    match way {
        Way::Back => v.edge(x, m, EdgeKind::BuildsTowards),
        Way::Ahead => v.edge(m, x, EdgeKind::BuildsTowards),
        Way::Across => v.edge(m, x, EdgeKind::RelatesTo),
    }
}

fn text_list(
    out: &mut dyn Write,
    v: &View,
    n: NodeId,
    (title, way): (&str, Way),
    list: &[(NodeId, Option<NodeId>)],
) -> io::Result<()> {
    writeln!(out, "\n{title} ({})", list.len())?;
    if list.is_empty() {
        return writeln!(out, "  (none)");
    }
    for ((_, grade), domains) in grouped(v, list) {
        writeln!(out, "  grade {grade}")?;
        for (domain, items) in domains {
            let fw = items.first().map(|(n, _)| v.std(*n).framework.clone()).unwrap_or_default();
            let title = v.domain_title(&domain, &fw).map(|t| format!(" {t}")).unwrap_or_default();
            let heading = if domain.is_empty() { "(no domain)".to_string() } else { format!("{domain}{title}") };
            writeln!(out, "    {heading}")?;
            for (x, via) in items {
                let star = if v.priority(x) { "*" } else { " " };
                let through = via.map(|m| format!(" (via {})", v.name(m))).unwrap_or_default();
                writeln!(out, "     {star}{:<12} {}{through}", v.name(x), v.summary(x))?;
                for line in v.link_lines(card_edge(v, n, x, via, way), 7) {
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    Ok(())
}

/// The card as text.
pub fn write_card_text(ds: &Dataset, g: &Graph, n: NodeId, c: &Card, out: &mut dyn Write) -> io::Result<()> {
    let v = View { ds, g };
    let s = v.std(n);
    let focus = s.focus.map(|f| format!(" · {} work", f.as_str())).unwrap_or_default();
    writeln!(out, "{} · grade {}{focus}", v.name(n), v.grade(n))?;
    if let Some(d) = &s.domain {
        writeln!(out, "domain   {} {}", printable(d), v.domain_title(d, &s.framework).unwrap_or_default())?;
    }
    if let Some(c) = s.cluster.as_deref().and_then(|c| v.cluster(c, &s.framework)) {
        let focus = c.focus.map(|f| format!(" ({})", f.as_str())).unwrap_or_default();
        writeln!(out, "cluster  {} {}{focus}", printable(&c.id), printable(c.title.as_deref().unwrap_or("")))?;
    }
    // The official text comes first; our summary is labelled as ours beside it.
    if let Some(st) = &s.statement {
        writeln!(out, "statement {}", printable(st))?;
        writeln!(out, "summary  (ours) {}", printable(s.summary.as_deref().unwrap_or("(none)")))?;
    } else {
        writeln!(out, "summary  {}", printable(s.summary.as_deref().unwrap_or("(none)")))?;
    }
    let mut flags = Vec::new();
    if s.entry {
        flags.push("entry: a progression starts here".to_string());
    }
    if s.wap {
        flags.push("widely applicable prerequisite (priority work)".to_string());
    }
    if s.modeling {
        flags.push("modeling".to_string());
    }
    if s.plus {
        flags.push("advanced (+)".to_string());
    }
    if !s.courses.is_empty() {
        flags.push(format!("courses: {}", printable(&s.courses.join(", "))));
    }
    if !flags.is_empty() {
        writeln!(out, "flags    {}", flags.join("; "))?;
    }
    if let Some(note) = &s.note {
        writeln!(out, "note     {}", printable(note))?;
    }
    let family = v.family(n);
    if family.len() > 1 {
        let others: Vec<String> = family.iter().filter(|&&m| m != n).map(|&m| v.name(m)).collect();
        let what = if g.nodes[n as usize].parent.is_some() { "family" } else { "sub-standards" };
        writeln!(out, "{what:<8} {}", others.join(", "))?;
    }
    text_list(out, &v, n, ("builds on", Way::Back), &c.builds_on)?;
    text_list(out, &v, n, ("leads to", Way::Ahead), &c.leads_to)?;
    text_list(out, &v, n, ("relates to", Way::Across), &c.related)?;
    if !g.modules.is_empty() {
        writeln!(out, "\nmodules and interventions that address it ({})", c.modules.len())?;
        for &m in &c.modules {
            let md = &ds.modules[g.modules[m as usize].module];
            let title = md.title.as_deref().map(|t| format!(" \"{t}\"")).unwrap_or_default();
            let provider = md.provider.as_deref().map(|p| format!(", {p}")).unwrap_or_default();
            let practices = practice_ids(ds, &g.modules[m as usize].practices);
            let practices =
                if practices.is_empty() { String::new() } else { format!("; practices {}", practices.join(", ")) };
            writeln!(out, "  {}{title} ({}{provider}{practices})", md.id, md.kind.as_str())?;
        }
        writeln!(out, "\ngaps that involve it ({})", c.gaps.len())?;
        for (scope, code, message, _) in c.gaps.iter().take(12) {
            writeln!(out, "  {scope}: [{code}] {message}")?;
        }
        if c.gaps.len() > 12 {
            writeln!(out, "  and {} more: coherence gaps --format csv lists them all", c.gaps.len() - 12)?;
        }
    }
    writeln!(out, "\n{PRIORITY_LEGEND}")
}

/// What the star of text lists means.
const PRIORITY_LEGEND: &str = "* priority work (major work of the grade, or a widely applicable prerequisite)";

/// The card as JSON.
pub fn card_json(ds: &Dataset, g: &Graph, n: NodeId, c: &Card) -> Value {
    let v = View { ds, g };
    let s = v.std(n);
    let list = |l: &[(NodeId, Option<NodeId>)], way: Way| {
        l.iter()
            .map(|&(x, via)| {
                let mut item = v.item(x);
                if let Some(m) = via {
                    item["via"] = json!(v.name(m));
                }
                v.link_fields(&mut item, card_edge(&v, n, x, via, way));
                item
            })
            .collect::<Vec<_>>()
    };
    json!({
        "code": v.name(n),
        "framework": s.framework,
        "grade": v.grade(n),
        "domain": s.domain,
        "domain_title": s.domain.as_deref().and_then(|d| v.domain_title(d, &s.framework)),
        "cluster": s.cluster,
        "cluster_title": s.cluster.as_deref().and_then(|c| v.cluster(c, &s.framework)).and_then(|c| c.title.clone()),
        "focus": s.focus.map(Focus::as_str),
        "summary": s.summary,
        "statement": s.statement,
        "note": s.note,
        "entry": s.entry,
        "wap": s.wap,
        "priority": v.priority(n),
        "modeling": s.modeling,
        "plus": s.plus,
        "courses": s.courses,
        "family": v.family(n).iter().map(|&m| v.name(m)).collect::<Vec<_>>(),
        "builds_on": list(&c.builds_on, Way::Back),
        "leads_to": list(&c.leads_to, Way::Ahead),
        "relates_to": list(&c.related, Way::Across),
        "modules": c.modules.iter().map(|&m| {
            let md = &ds.modules[g.modules[m as usize].module];
            json!({"id": md.id, "kind": md.kind.as_str(), "title": md.title, "provider": md.provider,
                   "practices": practice_ids(ds, &g.modules[m as usize].practices)})
        }).collect::<Vec<_>>(),
        "gaps": c.gaps.iter().map(|(s, code, m, ids)| json!({"scope": s, "code": code, "message": m, "ids": ids})).collect::<Vec<_>>(),
    })
}

/// The progression tree of `trace` as text: prerequisites as an indented
/// tree back from the standard, then what it leads to; each with the links
/// of the standard's family (its parent, its sub-standards) after its own.
pub fn write_trace_text(ds: &Dataset, g: &Graph, hood: &Neighbourhood, out: &mut dyn Write) -> io::Result<()> {
    let v = View { ds, g };
    let Some(&root) = hood.focus.first() else { return Ok(()) };
    let inside: BTreeSet<NodeId> = hood.nodes.iter().copied().collect();
    let s = v.std(root);
    match &s.statement {
        Some(st) => {
            writeln!(out, "{} (grade {})", v.name(root), v.grade(root))?;
            writeln!(out, "statement       {}", printable(st))?;
            writeln!(out, "summary (ours)  {}", v.summary(root))?;
        }
        None => writeln!(out, "{} (grade {}): {}", v.name(root), v.grade(root), v.summary(root))?,
    }
    let family: Vec<NodeId> =
        crate::explore::family(g, root).into_iter().filter(|&m| m != root && inside.contains(&m)).collect();
    for (title, up, none) in [
        ("builds on, back through the grades:", true, "  (nothing: a progression starts here)"),
        ("leads to:", false, "  (nothing within the grades asked for)"),
    ] {
        writeln!(out, "\n{title}")?;
        let mut shown = BTreeSet::new();
        write_tree(out, &v, root, &inside, &mut shown, up, 0)?;
        for &m in &family {
            if tree_next(&v, m, &inside, up).is_empty() {
                continue;
            }
            let kin = if g.nodes[m as usize].parent.is_some() { "sub-standard" } else { "parent" };
            writeln!(out, "  via {kin} {}:", v.name(m))?;
            write_tree(out, &v, m, &inside, &mut shown, up, 1)?;
        }
        if shown.is_empty() {
            writeln!(out, "{none}")?;
        }
    }
    writeln!(out, "\n{} standards, {} builds_towards edges; * priority work", hood.nodes.len(), hood.builds.len())
}

/// Levels of a trace tree shown by indentation; deeper lines keep this
/// indentation and carry their level, so that a line stays short however
/// long the chain (a chain of a million standards would otherwise print
/// terabytes of spaces).
const MAX_INDENT: usize = 40;

/// The standards next to `n` in a trace tree, in the order they are shown, last first (a stack).
fn tree_next(v: &View, n: NodeId, inside: &BTreeSet<NodeId>, up: bool) -> Vec<NodeId> {
    let mut next: Vec<NodeId> = if up { v.g.predecessors(n).collect() } else { v.g.successors(n).collect() };
    next.retain(|x| inside.contains(x));
    next.sort_by_key(|&x| (if up { -v.level(x) } else { v.level(x) }, v.name(x)));
    next.reverse();
    next
}

/// The tree of `trace` from `root`, back (`up`) or forward, depth first,
/// `base` levels in: a standard met again is listed with "(see above)" and
/// not expanded again.
///
/// The walk keeps its own stack: a long chain must not exhaust the thread's.
fn write_tree(
    out: &mut dyn Write,
    v: &View,
    root: NodeId,
    inside: &BTreeSet<NodeId>,
    shown: &mut BTreeSet<NodeId>,
    up: bool,
    base: usize,
) -> io::Result<()> {
    // Each frame: the standard whose neighbors it lists, and those left to show.
    let mut frames = vec![(root, tree_next(v, root, inside, up))];
    while let Some((from, todo)) = frames.last_mut() {
        let from = *from;
        let Some(x) = todo.pop() else {
            frames.pop();
            continue;
        };
        let depth = frames.len() + base;
        let again = !shown.insert(x);
        let star = if v.priority(x) { "*" } else { " " };
        let tail = if again { "  (see above)".to_string() } else { format!("  {}", v.summary(x)) };
        let indent = "  ".repeat(depth.min(MAX_INDENT));
        let level = if depth > MAX_INDENT { format!("{depth}: ") } else { String::new() };
        writeln!(out, "{indent}{level}{star}{} [{}]{tail}", v.name(x), v.grade(x))?;
        let edge = if up { v.edge(x, from, EdgeKind::BuildsTowards) } else { v.edge(from, x, EdgeKind::BuildsTowards) };
        for line in v.link_lines(edge, indent.len() + level.len() + 2) {
            writeln!(out, "{line}")?;
        }
        if !again {
            frames.push((x, tree_next(v, x, inside, up)));
        }
    }
    Ok(())
}

/// A neighbourhood as JSON: nodes with their fields, and both kinds of edge.
pub fn hood_json(ds: &Dataset, g: &Graph, hood: &Neighbourhood) -> Value {
    let v = View { ds, g };
    json!({
        "focus": hood.focus.iter().map(|&n| v.name(n)).collect::<Vec<_>>(),
        "standards": hood.nodes.iter().map(|&n| v.item(n)).collect::<Vec<_>>(),
        "builds_towards": hood.builds.iter().map(|&(a, b, e)| json!({"from": v.name(a), "to": v.name(b), "progression": ds.edges[e].progression, "note": ds.edges[e].note})).collect::<Vec<_>>(),
        "relates_to": hood.relates.iter().map(|&(a, b, e)| json!({"from": v.name(a), "to": v.name(b), "progression": ds.edges[e].progression, "note": ds.edges[e].note})).collect::<Vec<_>>(),
    })
}

/// A progression in learning order, as text grouped by grade.
pub fn write_progression_text(
    ds: &Dataset,
    g: &Graph,
    tag: &str,
    hood: &Neighbourhood,
    out: &mut dyn Write,
) -> io::Result<()> {
    let v = View { ds, g };
    let title = ds
        .frameworks
        .iter()
        .flat_map(|f| f.progressions.iter())
        .find(|p| p.tag.eq_ignore_ascii_case(tag))
        .and_then(|p| p.title.clone())
        .map(|t| format!(": {t}"))
        .unwrap_or_default();
    writeln!(
        out,
        "{tag}{title}: {} standards in learning order, {} builds_towards edges",
        hood.focus.len(),
        hood.builds.len()
    )?;
    let own: BTreeSet<NodeId> = hood.focus.iter().copied().collect();
    let mut grade = None;
    let mut i = 0;
    for &n in hood.nodes.iter().filter(|n| own.contains(n)) {
        if grade != Some(v.grade(n)) {
            grade = Some(v.grade(n));
            writeln!(out, "\ngrade {}", v.grade(n))?;
        }
        i += 1;
        let star = if v.priority(n) { "*" } else { " " };
        writeln!(out, "{i:>4}. {star}{:<12} {}", v.name(n), v.summary(n))?;
    }
    let others: Vec<String> = hood.nodes.iter().filter(|n| !own.contains(n)).map(|&n| v.name(n)).collect();
    if !others.is_empty() {
        writeln!(out, "\ndraws on ({}): {}", others.len(), others.join(", "))?;
    }
    writeln!(out, "\n{PRIORITY_LEGEND}")
}

/// Paths as text, or the statement that none exists.
pub fn write_paths_text(
    ds: &Dataset,
    g: &Graph,
    from: NodeId,
    to: NodeId,
    any: bool,
    paths: &[crate::explore::Path],
    out: &mut dyn Write,
) -> io::Result<()> {
    let v = View { ds, g };
    let along = if any { "builds_towards or relates_to" } else { "builds_towards" };
    if paths.is_empty() {
        let hint = if any { "" } else { " (--any also walks relates_to)" };
        return writeln!(out, "No path leads from {} to {} along {along}{hint}.", v.name(from), v.name(to));
    }
    writeln!(
        out,
        "{} path{} from {} to {} along {along}, shortest first:",
        paths.len(),
        if paths.len() == 1 { "" } else { "s" },
        v.name(from),
        v.name(to)
    )?;
    for (i, p) in paths.iter().enumerate() {
        let mut line = String::new();
        for (k, (n, kind)) in p.iter().enumerate() {
            if k > 0 {
                line.push_str(if *kind == EdgeKind::RelatesTo { " -- " } else { " -> " });
            }
            line.push_str(&v.name(*n));
        }
        writeln!(out, "\n{}. {} ({} step{})", i + 1, line, p.len() - 1, if p.len() == 2 { "" } else { "s" })?;
        for (k, (n, kind)) in p.iter().enumerate() {
            writeln!(out, "     {:<12} grade {:<3} {}", v.name(*n), v.grade(*n), v.summary(*n))?;
            // The link that led here, explained under the standard it reached.
            if let Some(&(before, _)) = k.checked_sub(1).and_then(|b| p.get(b)) {
                for line in v.link_lines(v.edge(before, *n, *kind), 7) {
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    Ok(())
}

/// Paths as JSON.
pub fn paths_json(ds: &Dataset, g: &Graph, from: NodeId, to: NodeId, paths: &[crate::explore::Path]) -> Value {
    let v = View { ds, g };
    json!({
        "from": v.name(from),
        "to": v.name(to),
        "paths": paths.iter().map(|p| p.iter().enumerate().map(|(k, (n, kind))| {
            let mut item = v.item(*n);
            if let Some(&(before, _)) = k.checked_sub(1).and_then(|b| p.get(b)) {
                item["via"] = json!(kind.as_str());
                v.link_fields(&mut item, v.edge(before, *n, *kind));
            }
            item
        }).collect::<Vec<_>>()).collect::<Vec<_>>(),
    })
}
