//! What changed between two versions of a dataset, for reviewers of dataset
//! pull requests. Pure: it compares two validated datasets.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::Validation;
use crate::model::{EdgeKind, Standard};

/// The changes from an old dataset to a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Standards only in the new data (`framework:code`).
    pub added: Vec<String>,
    /// Standards only in the old data.
    pub removed: Vec<String>,
    /// Standards whose code changed, recognised by an unchanged statement or summary: (old, new).
    pub recoded: Vec<(String, String)>,
    /// Standards whose grade changed: (code, old, new).
    pub regraded: Vec<(String, String, String)>,
    /// Standards whose summary changed: (code, old, new).
    pub summaries: Vec<(String, String, String)>,
    /// Standards whose focus changed: (code, old, new).
    pub focus: Vec<(String, String, String)>,
    /// Other fields that changed: (code, field, old, new).
    pub other: Vec<(String, String, String, String)>,
    /// Edges only in the new data: (kind, from, to).
    pub edges_added: Vec<(String, String, String)>,
    /// Edges only in the old data.
    pub edges_removed: Vec<(String, String, String)>,
}

impl Diff {
    /// Whether anything was removed (standards or edges); re-coded standards count as kept.
    pub fn removes(&self) -> bool {
        !self.removed.is_empty() || !self.edges_removed.is_empty()
    }

    /// Whether the two datasets hold the same standards and edges.
    pub fn is_empty(&self) -> bool {
        *self == Diff::default()
    }
}

fn key(s: &Standard) -> String {
    format!("{}:{}", s.framework, s.id)
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Kept standards of a validation, by `framework:code`.
fn standards(v: &Validation) -> BTreeMap<String, &Standard> {
    v.graph.nodes.iter().map(|n| &v.dataset.standards[n.standard]).map(|s| (key(s), s)).collect()
}

/// The graph's edges as (kind, from, to) with `framework:code` ends (relates_to ends sorted).
fn edges(v: &Validation) -> BTreeSet<(String, String, String)> {
    let g = &v.graph;
    let name = |n: usize| g.qualified(&v.dataset, n as u32);
    let mut out = BTreeSet::new();
    for e in g.builds.raw_edges() {
        out.insert((EdgeKind::BuildsTowards.as_str().to_string(), name(e.source().index()), name(e.target().index())));
    }
    for e in g.relates.raw_edges() {
        let (a, b) = (name(e.source().index()), name(e.target().index()));
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        out.insert((EdgeKind::RelatesTo.as_str().to_string(), a, b));
    }
    out
}

/// Compares two datasets. Complexity: O((S + E) log(S + E)).
pub fn diff(old: &Validation, new: &Validation) -> Diff {
    let (a, b) = (standards(old), standards(new));
    let mut d = Diff::default();
    let mut gone: Vec<&str> = a.keys().filter(|k| !b.contains_key(*k)).map(String::as_str).collect();
    let mut came: Vec<&str> = b.keys().filter(|k| !a.contains_key(*k)).map(String::as_str).collect();
    // A removed and an added standard with the same text is one standard re-coded.
    let text = |s: &Standard| s.statement.clone().or_else(|| s.summary.clone()).filter(|t| !t.is_empty());
    // The added standards by their text, once: a lookup per removed one, not a scan.
    let mut by_text: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for &n in &came {
        if let Some(t) = text(b[n]) {
            by_text.entry(t).or_default().push(n);
        }
    }
    let mut pairs = Vec::new();
    for &k in &gone {
        let Some(t) = text(a[k]) else { continue };
        if let Some([only]) = by_text.get(&t).map(Vec::as_slice) {
            pairs.push((k.to_string(), only.to_string()));
        }
    }
    let paired_old: BTreeSet<String> = pairs.iter().map(|p| p.0.clone()).collect();
    let paired_new: BTreeSet<String> = pairs.iter().map(|p| p.1.clone()).collect();
    gone.retain(|k| !paired_old.contains(*k));
    came.retain(|k| !paired_new.contains(*k));
    d.removed = gone.into_iter().map(str::to_string).collect();
    d.added = came.into_iter().map(str::to_string).collect();
    d.recoded = pairs;
    // Field changes, on standards kept under their code and on re-coded ones.
    let mut same: Vec<(String, &Standard, &Standard)> =
        a.iter().filter_map(|(k, s)| b.get(k).map(|t| (k.clone(), *s, *t))).collect();
    same.extend(d.recoded.iter().map(|(o, n)| (n.clone(), a[o.as_str()], b[n.as_str()])));
    for (k, s, t) in same {
        if s.grade.as_str() != t.grade.as_str() {
            d.regraded.push((k.clone(), s.grade.as_str().to_string(), t.grade.as_str().to_string()));
        }
        if s.summary != t.summary {
            d.summaries.push((k.clone(), opt(&s.summary), opt(&t.summary)));
        }
        if s.focus != t.focus {
            let f = |x: Option<crate::model::Focus>| x.map_or(String::new(), |f| f.as_str().to_string());
            d.focus.push((k.clone(), f(s.focus), f(t.focus)));
        }
        let fields: [(&str, String, String); 9] = [
            ("domain", opt(&s.domain), opt(&t.domain)),
            ("cluster", opt(&s.cluster), opt(&t.cluster)),
            ("parent", opt(&s.parent), opt(&t.parent)),
            ("statement", opt(&s.statement), opt(&t.statement)),
            ("note", opt(&s.note), opt(&t.note)),
            ("entry", s.entry.to_string(), t.entry.to_string()),
            ("wap", s.wap.to_string(), t.wap.to_string()),
            ("modeling/plus", format!("{}/{}", s.modeling, s.plus), format!("{}/{}", t.modeling, t.plus)),
            ("courses", s.courses.join(";"), t.courses.join(";")),
        ];
        for (field, x, y) in fields {
            if x != y {
                d.other.push((k.clone(), field.to_string(), x, y));
            }
        }
    }
    d.regraded.sort();
    d.summaries.sort();
    d.focus.sort();
    d.other.sort();
    // Edges of a re-coded standard follow it: compare them under the new code.
    let rename: BTreeMap<&str, &str> = d.recoded.iter().map(|(o, n)| (o.as_str(), n.as_str())).collect();
    let moved = |x: &String| rename.get(x.as_str()).map_or_else(|| x.clone(), |n| n.to_string());
    let ea: BTreeSet<(String, String, String)> = edges(old)
        .into_iter()
        .map(|(k, a, b)| {
            let (a, b) = (moved(&a), moved(&b));
            if k == EdgeKind::RelatesTo.as_str() && a > b { (k, b, a) } else { (k, a, b) }
        })
        .collect();
    let eb = edges(new);
    d.edges_added = eb.difference(&ea).cloned().collect();
    d.edges_removed = ea.difference(&eb).cloned().collect();
    d
}

/// The counts line that leads every report.
pub fn counts(d: &Diff) -> String {
    format!(
        "standards: {} added, {} removed, {} re-coded, {} re-graded, {} summaries changed, {} focus changed, {} other field changes; edges: {} added, {} removed",
        d.added.len(),
        d.removed.len(),
        d.recoded.len(),
        d.regraded.len(),
        d.summaries.len(),
        d.focus.len(),
        d.other.len(),
        d.edges_added.len(),
        d.edges_removed.len()
    )
}

/// The diff as text (`markdown` adds headings and bullets).
pub fn write_text(d: &Diff, markdown: bool, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if markdown {
        out.write_all(b"# Dataset changes\n\n")?;
    }
    writeln!(out, "{}", counts(d))?;
    let section = |out: &mut dyn std::io::Write, title: &str, lines: Vec<String>| -> std::io::Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        if markdown {
            write!(out, "\n## {title} ({})\n\n", lines.len())?;
        } else {
            writeln!(out, "\n{title} ({})", lines.len())?;
        }
        for l in lines {
            writeln!(out, "{}{l}", if markdown { "- " } else { "  " })?;
        }
        Ok(())
    };
    section(out, "added", d.added.clone())?;
    section(out, "removed", d.removed.clone())?;
    section(out, "re-coded", d.recoded.iter().map(|(o, n)| format!("{o} -> {n}")).collect())?;
    section(out, "re-graded", d.regraded.iter().map(|(k, o, n)| format!("{k}: grade {o} -> {n}")).collect())?;
    section(
        out,
        "summaries changed",
        d.summaries.iter().map(|(k, o, n)| format!("{k}: \"{o}\" -> \"{n}\"")).collect(),
    )?;
    section(out, "focus changed", d.focus.iter().map(|(k, o, n)| format!("{k}: {o} -> {n}")).collect())?;
    let other = d.other.iter().map(|(k, f, o, n)| format!("{k}: {f} \"{o}\" -> \"{n}\"")).collect();
    section(out, "other field changes", other)?;
    section(out, "edges added", d.edges_added.iter().map(|(k, a, b)| format!("{k} {a} -> {b}")).collect())?;
    section(out, "edges removed", d.edges_removed.iter().map(|(k, a, b)| format!("{k} {a} -> {b}")).collect())
}

/// The diff as JSON: `counts`, then every list.
pub fn json(d: &Diff) -> Value {
    let triple = |v: &[(String, String, String)], names: [&str; 3]| {
        v.iter().map(|(a, b, c)| json!({names[0]: a, names[1]: b, names[2]: c})).collect::<Vec<_>>()
    };
    json!({
        "counts": {
            "added": d.added.len(), "removed": d.removed.len(), "recoded": d.recoded.len(), "regraded": d.regraded.len(),
            "summaries": d.summaries.len(), "focus": d.focus.len(), "other": d.other.len(),
            "edges_added": d.edges_added.len(), "edges_removed": d.edges_removed.len(),
        },
        "added": d.added,
        "removed": d.removed,
        "recoded": d.recoded.iter().map(|(o, n)| json!({"old": o, "new": n})).collect::<Vec<_>>(),
        "regraded": triple(&d.regraded, ["code", "old", "new"]),
        "summaries": triple(&d.summaries, ["code", "old", "new"]),
        "focus": triple(&d.focus, ["code", "old", "new"]),
        "other": d.other.iter().map(|(k, f, o, n)| json!({"code": k, "field": f, "old": o, "new": n})).collect::<Vec<_>>(),
        "edges_added": triple(&d.edges_added, ["kind", "from", "to"]),
        "edges_removed": triple(&d.edges_removed, ["kind", "from", "to"]),
    })
}
