//! Writes the native JSON format: framework folders, one record per line.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::records::{
    AssociationRec, ClusterRec, CrosswalkRec, DomainRec, EdgeRec, FrameworkRec, Manifest, ModuleRec, Part, PlanRec,
    PracticeRec, ProgressionRec, ScopeRec, Sections, StandardRec,
};
use crate::formats::ExportError;
use crate::model::{Dataset, EdgeKind, Grade, Standard};

/// Which part file a record goes to: (grade order, file name, grade).
type PartKey = (i8, String, &'static str);

/// The part file of a grade's records: `grade-3.json`, `grade-k.json`; high
/// school is split by conceptual category (`hs-algebra.json`), else `grade-hs.json`.
pub fn part_of(g: Grade, category: Option<&str>) -> PartKey {
    let name = match (g, category) {
        (Grade::HighSchool, Some(c)) => {
            let slug: Vec<String> = c
                .split(|ch: char| !ch.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("and"))
                .map(str::to_ascii_lowercase)
                .collect();
            format!("hs-{}.json", slug.join("-"))
        }
        _ => format!("grade-{}.json", g.as_str().to_ascii_lowercase()),
    };
    (g.level(), name, g.as_str())
}

/// A cluster's domain and focus, which its standards may leave out.
type ClusterInfo<'a> = (Option<&'a str>, Option<crate::model::Focus>);

/// The files of a native export: one folder per framework under `dir`, each
/// with `framework.json` and a part file per grade (`grade-3.json`); modules,
/// scopes and plans go to `plans.json` in the first framework's folder.
///
/// Records keep their load order within each file; values that the loader
/// derives (a file's grade, a sub-standard's cluster, a domain or focus that
/// equals the cluster's) are left out, so that the files stay short.
///
/// # Errors
/// An [`ExportError`] when a file cannot be rendered (a bug, never the data).
pub fn to_native(ds: &Dataset, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, ExportError> {
    let mut fw_ids: Vec<String> = ds.frameworks.iter().map(|f| f.id.clone()).collect();
    for s in &ds.standards {
        if !fw_ids.contains(&s.framework) {
            fw_ids.push(s.framework.clone());
        }
    }
    if fw_ids.is_empty() && (!ds.modules.is_empty() || !ds.scopes.is_empty() || !ds.plans.is_empty()) {
        fw_ids.push("plans".to_string());
    }
    let clusters: HashMap<(&str, &str), ClusterInfo> =
        ds.clusters.iter().map(|c| ((c.framework.as_str(), c.id.as_str()), (c.domain.as_deref(), c.focus))).collect();
    let standard_of: HashMap<(&str, &str), &Standard> =
        ds.standards.iter().map(|s| ((s.framework.as_str(), s.id.as_str()), s)).rev().collect();

    let domain_category: HashMap<(&str, &str), &str> = ds
        .domains
        .iter()
        .filter_map(|d| d.category.as_deref().map(|c| ((d.framework.as_str(), d.id.as_str()), c)))
        .collect();
    let category =
        |s: &Standard| s.domain.as_deref().and_then(|d| domain_category.get(&(s.framework.as_str(), d))).copied();
    // Each edge has one home: the framework and grade of the end that decides
    // its file; an end that names no single standard leaves it in the first manifest.
    let homes: Vec<(usize, Option<PartKey>)> = ds
        .edges
        .iter()
        .map(|e| {
            let end = match e.kind {
                EdgeKind::BuildsTowards => &e.to,
                EdgeKind::RelatesTo => &e.from,
            };
            let found: Vec<&Standard> = match end.split_once(':') {
                Some((f, id)) if fw_ids.iter().any(|x| x == f) => {
                    standard_of.get(&(f, id)).into_iter().copied().collect()
                }
                _ => fw_ids.iter().filter_map(|f| standard_of.get(&(f.as_str(), end.as_str())).copied()).collect(),
            };
            match found.as_slice() {
                [s] => {
                    (fw_ids.iter().position(|f| *f == s.framework).unwrap_or(0), Some(part_of(s.grade, category(s))))
                }
                _ => (0, None),
            }
        })
        .collect();
    let mut files = Vec::new();
    for (k, fw) in fw_ids.iter().enumerate() {
        let folder = dir.join(fw);
        let mut parts: BTreeMap<PartKey, Sections> = BTreeMap::new();
        let mut own = Sections::default();
        for d in ds.domains.iter().filter(|d| &d.framework == fw) {
            let rec = DomainRec { id: d.id.clone(), grade: None, title: d.title.clone(), category: d.category.clone() };
            match d.grade {
                Some(g) => parts.entry(part_of(g, d.category.as_deref())).or_default().domains.push(rec),
                None => own.domains.push(rec),
            }
        }
        for c in ds.clusters.iter().filter(|c| &c.framework == fw) {
            let rec = ClusterRec {
                id: c.id.clone(),
                domain: c.domain.clone(),
                grade: None,
                focus: c.focus.map(|f| f.as_str().to_string()),
                title: c.title.clone(),
            };
            match c.grade {
                Some(g) => {
                    let cat = c.domain.as_deref().and_then(|d| domain_category.get(&(fw.as_str(), d))).copied();
                    parts.entry(part_of(g, cat)).or_default().clusters.push(rec)
                }
                None => own.clusters.push(rec),
            }
        }
        for s in ds.standards.iter().filter(|s| &s.framework == fw) {
            let parent_cluster =
                s.parent.as_deref().and_then(|p| standard_of.get(&(fw.as_str(), p))).and_then(|p| p.cluster.as_deref());
            let cluster_info = s.cluster.as_deref().and_then(|c| clusters.get(&(fw.as_str(), c)));
            let cluster = match (&s.cluster, parent_cluster) {
                (Some(c), Some(pc)) if c == pc => None,
                _ => s.cluster.clone(),
            };
            let domain = match (&s.domain, cluster_info) {
                (Some(d), Some((Some(cd), _))) if d == cd => None,
                _ => s.domain.clone(),
            };
            let focus = match (s.focus, cluster_info) {
                (Some(f), Some((_, Some(cf)))) if f == *cf => None,
                (f, _) => f.map(|f| f.as_str().to_string()),
            };
            let rec = StandardRec {
                id: s.id.clone(),
                grade: None,
                domain,
                cluster,
                focus,
                parent: s.parent.clone(),
                summary: s.summary.clone(),
                statement: s.statement.clone(),
                note: s.note.clone(),
                entry: s.entry,
                wap: s.wap,
                modeling: s.modeling,
                plus: s.plus,
                courses: s.courses.clone(),
            };
            parts.entry(part_of(s.grade, category(s))).or_default().standards.push(rec);
        }
        // An edge goes to the file of its target's grade (builds_towards) or its source's (relates_to).
        for (e, home) in ds.edges.iter().zip(&homes) {
            let sections = match home {
                (h, Some(key)) if *h == k => parts.entry(key.clone()).or_default(),
                (h, None) if *h == k => &mut own,
                _ => continue,
            };
            let rec = EdgeRec {
                from: e.from.clone(),
                to: e.to.clone(),
                progression: e.progression.clone(),
                note: e.note.clone(),
            };
            match e.kind {
                EdgeKind::BuildsTowards => sections.builds_towards.push(rec),
                EdgeKind::RelatesTo => sections.relates_to.push(rec),
            }
        }
        let mut listed = Vec::new();
        for ((_, name, grade), sections) in parts {
            let part = Part {
                schema: Some("../../schema/part.schema.json".to_string()),
                framework: None,
                grade: Some(grade.to_string()),
                sections,
            };
            files.push((folder.join(&name), render(&part)?));
            listed.push(name);
        }
        if k == 0 && (!ds.modules.is_empty() || !ds.scopes.is_empty() || !ds.plans.is_empty()) {
            let sections = Sections {
                modules: ds
                    .modules
                    .iter()
                    .map(|m| ModuleRec {
                        id: m.id.clone(),
                        kind: m.kind.as_str().to_string(),
                        title: m.title.clone(),
                        provider: m.provider.clone(),
                        standards: m.standards.clone(),
                        tier: m.tier.clone(),
                        evidence: m.evidence.clone(),
                    })
                    .collect(),
                scopes: ds
                    .scopes
                    .iter()
                    .map(|s| ScopeRec {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        framework: s.framework.clone(),
                        parent: s.parent.clone(),
                        grade_lo: s.grade_lo.as_str().to_string(),
                        grade_hi: s.grade_hi.as_str().to_string(),
                    })
                    .collect(),
                plans: ds
                    .plans
                    .iter()
                    .map(|p| PlanRec { scope: p.scope.to_string(), module: p.module.to_string(), sequence: p.sequence })
                    .collect(),
                ..Sections::default()
            };
            let part = Part {
                schema: Some("../../schema/part.schema.json".to_string()),
                framework: None,
                grade: None,
                sections,
            };
            files.push((folder.join("plans.json"), render(&part)?));
            listed.push("plans.json".to_string());
        }
        own.crosswalks = ds
            .crosswalks
            .iter()
            .filter(|c| &c.framework == fw)
            .map(|c| CrosswalkRec { from: c.from.clone(), to: c.to.clone() })
            .collect();
        own.associations = ds
            .associations
            .iter()
            .filter(|a| &a.framework == fw)
            .map(|a| AssociationRec { kind: a.kind.clone(), from: a.from.clone(), to: a.to.clone() })
            .collect();
        let meta = ds.frameworks.iter().find(|f| &f.id == fw);
        let manifest = Manifest {
            schema: Some("../../schema/framework.schema.json".to_string()),
            framework: FrameworkRec {
                id: fw.clone(),
                title: meta.and_then(|m| m.title.clone()),
                version: meta.and_then(|m| m.version.clone()),
                source: meta.and_then(|m| m.source.clone()),
                licence: meta.and_then(|m| m.licence.clone()),
                notes: meta.and_then(|m| m.notes.clone()),
            },
            practices: ds
                .practices
                .iter()
                .filter(|p| &p.framework == fw)
                .map(|p| PracticeRec { id: p.id.clone(), title: p.title.clone(), summary: p.summary.clone() })
                .collect(),
            progressions: meta
                .map(|m| {
                    m.progressions
                        .iter()
                        .map(|p| ProgressionRec {
                            tag: p.tag.clone(),
                            title: p.title.clone(),
                            grades: p.grades.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            files: listed,
            sections: own,
        };
        files.push((folder.join("framework.json"), render(&manifest)?));
    }
    Ok(files)
}

/// Renders a file of the native format: a 2-space indented object whose
/// arrays hold one record per line.
///
/// # Errors
/// [`ExportError::Json`] when `doc` cannot be represented as JSON (such as a map with non-string keys).
pub fn render<T: Serialize>(doc: &T) -> Result<Vec<u8>, ExportError> {
    let value = serde_json::to_value(doc)?;
    let mut out = String::from("{\n");
    if let Value::Object(map) = &value {
        let n = map.len();
        for (i, (k, v)) in map.iter().enumerate() {
            out.push_str("  ");
            out.push_str(&compact(&Value::String(k.clone())));
            out.push_str(": ");
            match v {
                Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
                    out.push_str("[\n");
                    for (j, item) in items.iter().enumerate() {
                        out.push_str("    ");
                        out.push_str(&compact(item));
                        if j + 1 < items.len() {
                            out.push(',');
                        }
                        out.push('\n');
                    }
                    out.push_str("  ]");
                }
                _ => out.push_str(&compact(v)),
            }
            if i + 1 < n {
                out.push(',');
            }
            out.push('\n');
        }
    }
    out.push_str("}\n");
    Ok(out.into_bytes())
}

/// One-line JSON with a space after `:` and `,`, as people write it.
fn compact(v: &Value) -> String {
    match v {
        Value::Array(items) => format!("[{}]", items.iter().map(compact).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", compact(&Value::String(k.clone())), compact(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        // A scalar's Display is its JSON text, and cannot fail.
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_json_cannot_hold_is_an_error_not_an_empty_file() {
        let doc: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(matches!(render(&doc), Err(ExportError::Json(_))));
    }
}
