//! Modules, scopes and plans of two datasets compared, and the modules of
//! the new one that still name what the standards' change took away.
//!
//! Records are compared as the graph kept them (the first row of an id wins,
//! plan rows whose scope and module exist), so a row `validate` reports as
//! dropped is not a change here.

use std::collections::{BTreeMap, BTreeSet};

use super::{BrokenCode, BrokenModule, Diff, FieldChange, Item, ModuleChange, PlanChange, Resequenced, ScopeChange};
use crate::Validation;
use crate::graph::{EntryKey, GroupKind, alias};
use crate::model::Module;

/// A module with each entry of its list and what the entry names in its own data.
struct Keyed<'v> {
    module: &'v Module,
    entries: Vec<(&'v str, Option<EntryKey>)>,
}

/// The kept modules of a dataset by id, their entries resolved once.
fn modules(v: &Validation) -> BTreeMap<&str, Keyed<'_>> {
    v.graph
        .modules
        .iter()
        .map(|rm| {
            let module = &v.dataset.modules[rm.module];
            let entries = module.standards.iter().map(|r| (r.as_str(), v.graph.entry_key(&v.dataset, r))).collect();
            (module.id.as_str(), Keyed { module, entries })
        })
        .collect()
}

/// Fills the module, scope and plan parts of `d`, whose standards part is done.
pub(super) fn compare(old: &Validation, new: &Validation, d: &mut Diff) {
    let (ma, mb) = (modules(old), modules(new));
    d.modules_removed = only(&ma, &mb, |m| &m.module.title);
    d.modules_added = only(&mb, &ma, |m| &m.module.title);
    d.modules_changed = ma.iter().filter_map(|(id, m)| mb.get(id).and_then(|n| module_change(id, m, n))).collect();
    let (sa, sb) = (scopes(old), scopes(new));
    d.scopes_removed = only(&sa, &sb, |s| &s.name);
    d.scopes_added = only(&sb, &sa, |s| &s.name);
    d.scopes_changed = sa.iter().filter_map(|(id, s)| sb.get(id).and_then(|t| scope_change(id, s, t))).collect();
    d.plans = plan_changes(&plans(old), &plans(new));
    d.broken = broken(old, new, &mb, d);
}

/// The records of `a` whose id `b` lacks, with their titles.
fn only<T>(a: &BTreeMap<&str, T>, b: &BTreeMap<&str, T>, title: impl Fn(&T) -> &Option<String>) -> Vec<Item> {
    a.iter()
        .filter(|(id, _)| !b.contains_key(*id))
        .map(|(id, t)| Item { id: id.to_string(), title: title(t).clone().unwrap_or_default() })
        .collect()
}

/// The fields of `pairs` whose old and new values differ.
fn fields(pairs: Vec<(&'static str, String, String)>) -> Vec<FieldChange> {
    pairs.into_iter().filter(|(_, o, n)| o != n).map(|(field, old, new)| FieldChange { field, old, new }).collect()
}

/// The entries of `a` that match none of `b`: neither the same text (in
/// canonical spelling) nor the same thing named. Text decides for entries
/// that name nothing on one side (a module row left as it was while its code
/// was re-coded is no change to the module: see [`broken`]), and what is
/// named decides between spellings (`4.NF.3a`, `4.NF.B.3a`).
fn unmatched(a: &Keyed, b: &Keyed) -> Vec<String> {
    let texts: BTreeSet<String> = b.entries.iter().map(|(c, _)| alias::canonical(c)).collect();
    let named: BTreeSet<&EntryKey> = b.entries.iter().filter_map(|(_, k)| k.as_ref()).collect();
    let mut out: Vec<String> = a
        .entries
        .iter()
        .filter(|(c, k)| !texts.contains(&alias::canonical(c)) && k.as_ref().is_none_or(|k| !named.contains(k)))
        .map(|(c, _)| c.trim().to_string())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// What changed in a module of both datasets, if anything.
fn module_change(id: &str, old: &Keyed, new: &Keyed) -> Option<ModuleChange> {
    let opt = super::opt;
    let (m, n) = (old.module, new.module);
    let change = ModuleChange {
        id: id.to_string(),
        standards_added: unmatched(new, old),
        standards_dropped: unmatched(old, new),
        fields: fields(vec![
            ("kind", m.kind.as_str().to_string(), n.kind.as_str().to_string()),
            ("title", opt(&m.title), opt(&n.title)),
            ("provider", opt(&m.provider), opt(&n.provider)),
            ("tier", opt(&m.tier), opt(&n.tier)),
            ("evidence", opt(&m.evidence), opt(&n.evidence)),
        ]),
    };
    let unchanged =
        change.standards_added.is_empty() && change.standards_dropped.is_empty() && change.fields.is_empty();
    (!unchanged).then_some(change)
}

/// What the diff compares of a scope: its name, its framework (as resolved), its parent, its grades.
struct ScopeView {
    name: Option<String>,
    framework: String,
    parent: Option<String>,
    grades: String,
}

/// The kept scopes of a dataset by id.
fn scopes(v: &Validation) -> BTreeMap<&str, ScopeView> {
    v.graph
        .scopes
        .iter()
        .map(|rs| {
            let s = &v.dataset.scopes[rs.scope];
            let view = ScopeView {
                name: s.name.clone(),
                framework: v.graph.frameworks[rs.framework as usize].clone(),
                parent: s.parent.clone(),
                grades: format!("{}-{}", s.grade_lo, s.grade_hi),
            };
            (s.id.as_str(), view)
        })
        .collect()
}

/// What changed in a scope of both datasets, if anything.
fn scope_change(id: &str, old: &ScopeView, new: &ScopeView) -> Option<ScopeChange> {
    let opt = super::opt;
    let fields = fields(vec![
        ("name", opt(&old.name), opt(&new.name)),
        ("framework", old.framework.clone(), new.framework.clone()),
        ("parent", opt(&old.parent), opt(&new.parent)),
        ("grades", old.grades.clone(), new.grades.clone()),
    ]);
    (!fields.is_empty()).then(|| ScopeChange { id: id.to_string(), fields })
}

/// Each scope's plan: the modules it adopts, each with its smallest sequence number (none when no row has one).
type Plans<'v> = BTreeMap<&'v str, BTreeMap<&'v str, Option<i64>>>;

/// The kept plan rows of a dataset, by scope and module.
fn plans(v: &Validation) -> Plans<'_> {
    let (ds, g) = (&v.dataset, &v.graph);
    let mut out: Plans = BTreeMap::new();
    for (s, p) in g.plans.iter().flat_map(|(s, rows)| rows.iter().map(move |p| (s, p))) {
        let scope = ds.scopes[g.scopes[s as usize].scope].id.as_str();
        let module = ds.modules[g.modules[p.module() as usize].module].id.as_str();
        let slot = out.entry(scope).or_default().entry(module).or_insert(p.sequence());
        // A module adopted twice is taught first at its smaller sequence number.
        *slot = match (*slot, p.sequence()) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
    }
    out
}

/// The scopes whose plans differ, with the modules adopted, dropped and re-sequenced.
fn plan_changes(old: &Plans, new: &Plans) -> Vec<PlanChange> {
    let none = BTreeMap::new();
    let ids: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    let mut out = Vec::new();
    for scope in ids {
        let (a, b) = (old.get(scope).unwrap_or(&none), new.get(scope).unwrap_or(&none));
        let change = PlanChange {
            scope: scope.to_string(),
            adopted: b.keys().filter(|m| !a.contains_key(*m)).map(|m| m.to_string()).collect(),
            dropped: a.keys().filter(|m| !b.contains_key(*m)).map(|m| m.to_string()).collect(),
            resequenced: a
                .iter()
                .filter_map(|(m, &x)| b.get(m).filter(|&&y| y != x).map(|&y| (m, x, y)))
                .map(|(m, old, new)| Resequenced { module: m.to_string(), old, new })
                .collect(),
        };
        if !(change.adopted.is_empty() && change.dropped.is_empty() && change.resequenced.is_empty()) {
            out.push(change);
        }
    }
    out
}

/// The modules of the new data with entries that named a standard, cluster
/// or domain in the old data and name nothing now because the standard was
/// removed or re-coded (or the group lost all its standards). Entries are
/// resolved in each dataset on its own, so a bare code, a qualified one and
/// a spelling variant are caught alike, whichever side the embedded CCSS-M is.
fn broken(old: &Validation, new: &Validation, modules: &BTreeMap<&str, Keyed>, d: &Diff) -> Vec<BrokenModule> {
    let removed: BTreeSet<&str> = d.removed.iter().map(String::as_str).collect();
    let recoded: BTreeMap<&str, &str> = d.recoded.iter().map(|(o, n)| (o.as_str(), n.as_str())).collect();
    let group_gone = |kind: GroupKind, framework: &str, id: &str| {
        let g = &new.graph;
        g.frameworks.iter().position(|f| f == framework).is_none_or(|f| g.group(kind, f as u16, id).is_empty())
    };
    let mut out = Vec::new();
    for (id, m) in modules {
        let mut codes: Vec<BrokenCode> = Vec::new();
        for (code, key) in &m.entries {
            if key.is_some() {
                continue;
            }
            let found = match old.graph.entry_key(&old.dataset, code) {
                Some(EntryKey::Standard(k)) if removed.contains(k.as_str()) => Some((k, None)),
                Some(EntryKey::Standard(k)) => recoded.get(k.as_str()).map(|n| (k.clone(), Some(n.to_string()))),
                Some(EntryKey::Group { kind, framework, id }) if group_gone(kind, &framework, &id) => {
                    Some((format!("{framework}:{id}"), None))
                }
                _ => None,
            };
            if let Some((old, new)) = found {
                codes.push(BrokenCode { code: code.trim().to_string(), old, new });
            }
        }
        if !codes.is_empty() {
            // A code listed twice is one code to fix.
            codes.sort_unstable_by(|x, y| x.code.cmp(&y.code));
            codes.dedup_by(|x, y| x.code == y.code);
            out.push(BrokenModule { module: id.to_string(), codes });
        }
    }
    out
}
