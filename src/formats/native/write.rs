//! Writes the native JSON format: framework folders, one record per line.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::records::{
    AssociationRec, ClusterRec, CrosswalkRec, DomainRec, EdgeRec, FrameworkRec, Manifest, ModuleRec, Part, PlanRec,
    PracticeRec, ProgressionRec, ScopeRec, Sections, StandardRec,
};
use super::{MANIFEST, MANIFEST_SCHEMA, PART_SCHEMA, PLANS_FILE};
use crate::formats::ExportError;
use crate::model::{Cluster, Dataset, Domain, Edge, EdgeKind, Focus, Grade, Standard};

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
    let ix = Index::new(ds);
    let mut files = Vec::new();
    for (k, fw) in ix.frameworks.iter().enumerate() {
        let folder = dir.join(safe_folder_name(fw)?);
        let (parts, mut own) = ix.sections(k);
        let mut listed = Vec::new();
        for ((_, name, grade), sections) in parts {
            let part = Part {
                schema: Some(PART_SCHEMA.to_string()),
                framework: None,
                grade: Some(grade.to_string()),
                sections,
            };
            files.push((folder.join(&name), render(&part)?));
            listed.push(name);
        }
        if k == 0 && has_plans(ds) {
            let part =
                Part { schema: Some(PART_SCHEMA.to_string()), framework: None, grade: None, sections: plans(ds) };
            files.push((folder.join(PLANS_FILE), render(&part)?));
            listed.push(PLANS_FILE.to_string());
        }
        own.crosswalks =
            ix.crosswalks[k].iter().map(|c| CrosswalkRec { from: c.from.clone(), to: c.to.clone() }).collect();
        own.associations = ix.associations[k]
            .iter()
            .map(|a| AssociationRec { kind: a.kind.clone(), from: a.from.clone(), to: a.to.clone() })
            .collect();
        files.push((folder.join(MANIFEST), render(&manifest(ds, fw, listed, own))?));
    }
    Ok(files)
}

/// The records of each of `n` frameworks, in their order; records of other frameworks are left out.
fn by_framework<'a, T>(
    all: &'a [T],
    framework: impl Fn(&T) -> &str,
    position: &HashMap<&str, usize>,
    n: usize,
) -> Vec<Vec<&'a T>> {
    let mut out = vec![Vec::new(); n];
    for r in all {
        if let Some(&k) = position.get(framework(r)) {
            out[k].push(r);
        }
    }
    out
}

fn has_plans(ds: &Dataset) -> bool {
    !ds.modules.is_empty() || !ds.scopes.is_empty() || !ds.plans.is_empty()
}

/// A framework's id and one of its codes.
type Key<'a> = (&'a str, &'a str);

/// What the export looks up, each built once so that the export is linear
/// in the records: the frameworks in order, each framework's records, and
/// the standards, clusters and domain categories by framework and code.
struct Index<'a> {
    /// Framework ids in output order: declared ones, then those only standards name.
    frameworks: Vec<String>,
    domains: Vec<Vec<&'a Domain>>,
    clusters: Vec<Vec<&'a Cluster>>,
    standards: Vec<Vec<&'a Standard>>,
    /// Each framework's edges with the part file they go to (`None`: its manifest).
    edges: Vec<Vec<(&'a Edge, Option<PartKey>)>>,
    crosswalks: Vec<Vec<&'a crate::model::Crosswalk>>,
    associations: Vec<Vec<&'a crate::model::Association>>,
    /// The first standard of each framework and code.
    standard_of: HashMap<Key<'a>, &'a Standard>,
    /// A cluster's domain and focus, which its standards may leave out.
    cluster_info: HashMap<Key<'a>, (Option<&'a str>, Option<Focus>)>,
    domain_category: HashMap<Key<'a>, &'a str>,
}

impl<'a> Index<'a> {
    fn new(ds: &'a Dataset) -> Index<'a> {
        let mut frameworks: Vec<String> = Vec::new();
        let mut position: HashMap<&str, usize> = HashMap::new();
        for id in ds.frameworks.iter().map(|f| f.id.as_str()).chain(ds.standards.iter().map(|s| s.framework.as_str())) {
            if !position.contains_key(id) {
                position.insert(id, frameworks.len());
                frameworks.push(id.to_string());
            }
        }
        if frameworks.is_empty() && has_plans(ds) {
            frameworks.push("plans".to_string());
        }
        let n = frameworks.len();
        let mut ix = Index {
            domains: by_framework(&ds.domains, |d| &d.framework, &position, n),
            clusters: by_framework(&ds.clusters, |c| &c.framework, &position, n),
            standards: by_framework(&ds.standards, |s| &s.framework, &position, n),
            crosswalks: by_framework(&ds.crosswalks, |c| &c.framework, &position, n),
            associations: by_framework(&ds.associations, |a| &a.framework, &position, n),
            edges: vec![Vec::new(); n],
            standard_of: ds.standards.iter().map(|s| ((s.framework.as_str(), s.id.as_str()), s)).rev().collect(),
            cluster_info: ds
                .clusters
                .iter()
                .map(|c| ((c.framework.as_str(), c.id.as_str()), (c.domain.as_deref(), c.focus)))
                .collect(),
            domain_category: ds
                .domains
                .iter()
                .filter_map(|d| d.category.as_deref().map(|c| ((d.framework.as_str(), d.id.as_str()), c)))
                .collect(),
            frameworks,
        };
        ix.place_edges(ds, &position);
        ix
    }

    /// Each edge has one home: the framework and grade of the end that
    /// decides its file (the target of builds_towards, the source of
    /// relates_to); an end that names no single standard leaves it in the
    /// first framework's manifest.
    fn place_edges(&mut self, ds: &'a Dataset, position: &HashMap<&str, usize>) {
        // How many frameworks hold each bare code, and the first standard of it.
        let mut by_code: HashMap<&str, (usize, &Standard)> = HashMap::new();
        for (&(_, code), &s) in &self.standard_of {
            by_code.entry(code).and_modify(|e| e.0 += 1).or_insert((1, s));
        }
        for e in &ds.edges {
            let end = match e.kind {
                EdgeKind::BuildsTowards => &e.to,
                EdgeKind::RelatesTo => &e.from,
            };
            let found = match end.split_once(':') {
                Some((f, id)) if position.contains_key(f) => self.standard_of.get(&(f, id)).copied(),
                _ => by_code.get(end.as_str()).filter(|(n, _)| *n == 1).map(|&(_, s)| s),
            };
            match found {
                Some(s) => {
                    let home = position.get(s.framework.as_str()).copied().unwrap_or(0);
                    let key = part_of(s.grade, self.category(s));
                    self.edges[home].push((e, Some(key)));
                }
                None => {
                    if let Some(first) = self.edges.first_mut() {
                        first.push((e, None));
                    }
                }
            }
        }
    }

    fn category(&self, s: &Standard) -> Option<&'a str> {
        s.domain.as_deref().and_then(|d| self.domain_category.get(&(s.framework.as_str(), d))).copied()
    }

    /// Framework `k`'s domains, clusters, standards and edges: by part file,
    /// and those that go to its manifest (no grade, or no single home).
    fn sections(&self, k: usize) -> (BTreeMap<PartKey, Sections>, Sections) {
        let fw = self.frameworks[k].as_str();
        let mut parts: BTreeMap<PartKey, Sections> = BTreeMap::new();
        let mut own = Sections::default();
        for d in &self.domains[k] {
            let rec = DomainRec { id: d.id.clone(), grade: None, title: d.title.clone(), category: d.category.clone() };
            match d.grade {
                Some(g) => parts.entry(part_of(g, d.category.as_deref())).or_default().domains.push(rec),
                None => own.domains.push(rec),
            }
        }
        for c in &self.clusters[k] {
            let rec = ClusterRec {
                id: c.id.clone(),
                domain: c.domain.clone(),
                grade: None,
                focus: c.focus.map(|f| f.as_str().to_string()),
                title: c.title.clone(),
            };
            match c.grade {
                Some(g) => {
                    let cat = c.domain.as_deref().and_then(|d| self.domain_category.get(&(fw, d))).copied();
                    parts.entry(part_of(g, cat)).or_default().clusters.push(rec)
                }
                None => own.clusters.push(rec),
            }
        }
        for s in &self.standards[k] {
            parts.entry(part_of(s.grade, self.category(s))).or_default().standards.push(self.standard(s));
        }
        for (e, home) in &self.edges[k] {
            let sections = match home {
                Some(key) => parts.entry(key.clone()).or_default(),
                None => &mut own,
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
        (parts, own)
    }

    /// A standard's record without the values the loader derives: a cluster
    /// equal to its parent's, a domain or focus equal to its cluster's.
    fn standard(&self, s: &Standard) -> StandardRec {
        let fw = s.framework.as_str();
        let parent_cluster =
            s.parent.as_deref().and_then(|p| self.standard_of.get(&(fw, p))).and_then(|p| p.cluster.as_deref());
        let cluster_info = s.cluster.as_deref().and_then(|c| self.cluster_info.get(&(fw, c)));
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
        StandardRec {
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
        }
    }
}

/// Modules, scopes and plan rows, which belong to no framework.
fn plans(ds: &Dataset) -> Sections {
    Sections {
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
    }
}

/// A framework's manifest: its metadata, practices and tags, the part files, and its own records.
fn manifest(ds: &Dataset, fw: &str, files: Vec<String>, sections: Sections) -> Manifest {
    let meta = ds.frameworks.iter().find(|f| f.id == fw);
    Manifest {
        schema: Some(MANIFEST_SCHEMA.to_string()),
        framework: FrameworkRec {
            id: fw.to_string(),
            title: meta.and_then(|m| m.title.clone()),
            version: meta.and_then(|m| m.version.clone()),
            source: meta.and_then(|m| m.source.clone()),
            licence: meta.and_then(|m| m.licence.clone()),
            notes: meta.and_then(|m| m.notes.clone()),
        },
        practices: ds
            .practices
            .iter()
            .filter(|p| p.framework == fw)
            .map(|p| PracticeRec { id: p.id.clone(), title: p.title.clone(), summary: p.summary.clone() })
            .collect(),
        progressions: meta
            .map(|m| {
                m.progressions
                    .iter()
                    .map(|p| ProgressionRec { tag: p.tag.clone(), title: p.title.clone(), grades: p.grades.clone() })
                    .collect()
            })
            .unwrap_or_default(),
        files,
        sections,
    }
}

/// Renders a file of the native format: a 2-space indented object whose
/// arrays hold one record per line.
///
/// # Errors
/// [`ExportError::Json`] when `doc` cannot be represented as JSON (such as a map with non-string keys).
pub fn render<T: Serialize>(doc: &T) -> Result<Vec<u8>, ExportError> {
    let value = serde_json::to_value(doc)?;
    let mut out = b"{\n".to_vec();
    if let Value::Object(map) = &value {
        let n = map.len();
        for (i, (k, v)) in map.iter().enumerate() {
            out.extend_from_slice(b"  ");
            compact(&mut out, k)?;
            out.extend_from_slice(b": ");
            match v {
                Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
                    out.extend_from_slice(b"[\n");
                    for (j, item) in items.iter().enumerate() {
                        out.extend_from_slice(b"    ");
                        compact(&mut out, item)?;
                        if j + 1 < items.len() {
                            out.push(b',');
                        }
                        out.push(b'\n');
                    }
                    out.extend_from_slice(b"  ]");
                }
                _ => compact(&mut out, v)?,
            }
            if i + 1 < n {
                out.push(b',');
            }
            out.push(b'\n');
        }
    }
    out.extend_from_slice(b"}\n");
    Ok(out)
}

/// Appends one-line JSON with a space after `:` and `,`, as people write it.
fn compact<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> Result<(), ExportError> {
    v.serialize(&mut serde_json::Serializer::with_formatter(out, Spaced))?;
    Ok(())
}

/// serde_json's compact layout with a space after each `:` and `,`.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
}

/// A framework id as the name of its folder under `--out`: the id comes
/// from the data (a CASE package, a CSV column), so one that would leave the
/// folder (a separator, `..`, an absolute path) or hide it (a leading dot) is
/// refused rather than followed.
fn safe_folder_name(fw: &str) -> Result<&str, ExportError> {
    let bad = fw.is_empty()
        || fw.starts_with('.')
        || fw.chars().any(|c| c == '/' || c == '\\' || c == ':' || c.is_control())
        || Path::new(fw).is_absolute();
    if bad { Err(ExportError::UnsafeName { name: fw.to_string() }) } else { Ok(fw) }
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
