//! What changed between two versions of a dataset, for reviewers of dataset
//! pull requests and for curriculum leads comparing a year's plans with the
//! last: standards and edges here, modules, scopes and plans in `plans.rs`.
//! Pure: it compares two validated datasets; `report::diff` puts it in words.

mod plans;

use std::collections::{BTreeMap, BTreeSet};

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
    /// Modules only in the new data, by id.
    pub modules_added: Vec<Item>,
    /// Modules only in the old data, by id.
    pub modules_removed: Vec<Item>,
    /// Modules of both whose standards or other fields changed, by id.
    pub modules_changed: Vec<ModuleChange>,
    /// Scopes only in the new data, by id.
    pub scopes_added: Vec<Item>,
    /// Scopes only in the old data, by id.
    pub scopes_removed: Vec<Item>,
    /// Scopes of both whose fields changed, by id.
    pub scopes_changed: Vec<ScopeChange>,
    /// The scopes whose plan changed, by scope id.
    pub plans: Vec<PlanChange>,
    /// Modules of the new data that still name a standard (or a cluster or
    /// domain) the change removed or re-coded, by module id.
    pub broken: Vec<BrokenModule>,
}

/// A module or scope that only one side holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// Its id.
    pub id: String,
    /// A module's title or a scope's name; empty when it has none.
    pub title: String,
}

/// One field of a record that changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's name, as the CSV column (`grades` for a scope's two).
    pub field: &'static str,
    /// The old value; empty when it had none.
    pub old: String,
    /// The new value.
    pub new: String,
}

/// A module of both datasets that changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleChange {
    /// The module id.
    pub id: String,
    /// Entries of its standards list that name something the old list did not, as the new list writes them.
    pub standards_added: Vec<String>,
    /// Entries of the old list that name something the new list does not, as the old list writes them.
    pub standards_dropped: Vec<String>,
    /// Its other fields that changed: kind, title, provider, tier, evidence.
    pub fields: Vec<FieldChange>,
}

/// A scope of both datasets that changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeChange {
    /// The scope id.
    pub id: String,
    /// Its fields that changed: name, framework, parent, grades.
    pub fields: Vec<FieldChange>,
}

/// How one scope's plan changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanChange {
    /// The scope id.
    pub scope: String,
    /// Modules the new plan adopts and the old did not.
    pub adopted: Vec<String>,
    /// Modules the old plan adopted and the new does not.
    pub dropped: Vec<String>,
    /// Modules of both plans whose sequence number changed.
    pub resequenced: Vec<Resequenced>,
}

/// A module whose place in a scope's PD calendar moved: the smallest
/// sequence number of its rows, as C5 counts it, or none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resequenced {
    /// The module id.
    pub module: String,
    /// The old sequence number.
    pub old: Option<i64>,
    /// The new sequence number.
    pub new: Option<i64>,
}

/// A module of the new data whose list still names what the change took away.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrokenModule {
    /// The module id.
    pub module: String,
    /// The entries that name nothing now, sorted.
    pub codes: Vec<BrokenCode>,
}

/// One entry of a module's list that named something in the old data and names nothing in the new.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrokenCode {
    /// The entry as the module writes it.
    pub code: String,
    /// What it named in the old data: a standard, cluster or domain as `framework:id`.
    pub old: String,
    /// For a re-coded standard, its new code (`framework:id`): what the module should name instead.
    pub new: Option<String>,
}

impl Diff {
    /// Whether anything was removed (standards or edges), or a module of the
    /// new data names a removed or re-coded standard; re-coded standards
    /// count as kept, and modules and plan rows come and go every year.
    pub fn removes(&self) -> bool {
        !self.removed.is_empty() || !self.edges_removed.is_empty() || !self.broken.is_empty()
    }

    /// Whether the two datasets hold the same standards, edges, modules, scopes and plans.
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

/// Compares two datasets. Complexity: O(N log N) for N standards, edges,
/// module entries, scopes and plan rows.
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
    plans::compare(old, new, &mut d);
    d
}
