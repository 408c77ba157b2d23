//! `coherence map`: one self-contained HTML file with the data embedded, no
//! request of any kind, for exploring the progression graph offline.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::Gaps;
use crate::model::Focus;

/// The page, with `__DATA__` where the JSON goes.
const TEMPLATE: &str = include_str!("map.html");

/// The data the page reads, as JSON: standards in node order (the index is
/// the node id), edges with their tags and notes, progression tags, titles,
/// modules with the standards they address, practice titles and scopes.
// Whole on purpose: one JSON object, its parts in the order the page reads them, each a short map over the run.
pub fn data(run: &Gaps) -> Value {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let mut tags: Vec<(String, Option<String>)> =
        ds.frameworks.iter().flat_map(|f| f.progressions.iter().map(|p| (p.tag.clone(), p.title.clone()))).collect();
    for e in &ds.edges {
        if let Some(t) = &e.progression
            && !tags.iter().any(|(x, _)| x == t)
        {
            tags.push((t.clone(), None));
        }
    }
    let tag_of = |e: usize| {
        ds.edges[e].progression.as_ref().and_then(|t| tags.iter().position(|(x, _)| x == t)).map_or(-1, |i| i as i64)
    };
    let standards: Vec<Value> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(n, node)| {
            let s = &ds.standards[node.standard];
            let mut item = json!({
                "id": g.name(ds, n as u32),
                "g": node.grade.as_str(),
                "l": node.grade.level(),
                "d": s.domain,
                "c": s.cluster,
                "f": s.focus.map(Focus::as_str),
                "w": s.wap,
                "s": s.summary,
                "n": s.note,
                "p": node.parent,
            });
            // The official text only where a source gave it: the shipped data has none.
            if let Some(t) = &s.statement {
                item["t"] = json!(t);
            }
            item
        })
        .collect();
    // An edge is [from, to, tag] with its note as a fourth item when it has
    // one, so the many edges without a note stay short.
    let edge = |a: usize, b: usize, row: usize| {
        let mut v = vec![json!(a), json!(b), json!(tag_of(row))];
        if let Some(note) = &ds.edges[row].note {
            v.push(json!(note));
        }
        Value::Array(v)
    };
    let builds: Vec<Value> =
        g.builds.raw_edges().iter().map(|e| edge(e.source().index(), e.target().index(), e.weight)).collect();
    let relates: Vec<Value> =
        g.relates.raw_edges().iter().map(|e| edge(e.source().index(), e.target().index(), e.weight)).collect();
    let domain_titles: BTreeMap<&str, &str> =
        ds.domains.iter().filter_map(|d| d.title.as_deref().map(|t| (d.id.as_str(), t))).collect();
    let cluster_titles: BTreeMap<&str, &str> =
        ds.clusters.iter().filter_map(|c| c.title.as_deref().map(|t| (c.id.as_str(), t))).collect();
    let modules: Vec<Value> = g
        .modules
        .iter()
        .map(|m| {
            let md = &ds.modules[m.module];
            json!({"id": md.id, "kind": md.kind.as_str(), "title": md.title, "provider": md.provider,
                   "practices": crate::report::explore::practice_ids(ds, &m.practices),
                   "standards": m.standards})
        })
        .collect();
    let practice_titles: BTreeMap<&str, &str> = g
        .modules
        .iter()
        .flat_map(|m| m.practices.iter())
        .filter_map(|&p| ds.practices[p].title.as_deref().map(|t| (ds.practices[p].id.as_str(), t)))
        .collect();
    json!({
        "framework": g.frameworks.join(", "),
        "standards": standards,
        "builds": builds,
        "relates": relates,
        "tags": tags.iter().map(|(t, title)| json!([t, title])).collect::<Vec<_>>(),
        "domainTitles": domain_titles,
        "clusterTitles": cluster_titles,
        "modules": modules,
        "practiceTitles": practice_titles,
        "scopes": if g.scopes.is_empty() { json!([]) } else { crate::report::gaps::map_scopes(run) },
    })
}

/// The page. The JSON sits in a `<script type="application/json">` element
/// with every `<` escaped, so no text of the data can close it or become
/// markup; the page reads it with `JSON.parse` and shows it with `textContent`.
///
/// # Errors
/// The data could not be serialized (a bug, never a page with `{}` in it).
pub fn html(run: &Gaps) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(&data(run))?.replace('<', "\\u003c");
    Ok(TEMPLATE.replacen("__DATA__", &json, 1))
}
