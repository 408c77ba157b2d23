//! Renders a dataset as files: CSV interchange or the native JSON format.
//!
//! Rendering is pure (paths and bytes); [`crate::output`] writes them.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{Dataset, EdgeKind, Grade, Standard};
use crate::native::{
    AssociationRec, ClusterRec, CrosswalkRec, DomainRec, EdgeRec, FrameworkRec, Manifest, ModuleRec, Part, PlanRec,
    PracticeRec, ProgressionRec, ScopeRec, Sections, StandardRec,
};

/// The files of a CSV export: `standards.csv`, `progressions.csv`, and
/// `modules.csv`, `scopes.csv`, `plans.csv`, `crosswalk.csv` when the data holds any.
pub fn to_csv(ds: &Dataset, dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let extra: Vec<&str> = [
        ("wap", ds.standards.iter().any(|s| s.wap)),
        ("statement", ds.standards.iter().any(|s| s.statement.is_some())),
        ("modeling", ds.standards.iter().any(|s| s.modeling)),
        ("plus", ds.standards.iter().any(|s| s.plus)),
        ("courses", ds.standards.iter().any(|s| !s.courses.is_empty())),
    ]
    .into_iter()
    .filter_map(|(c, any)| any.then_some(c))
    .collect();
    let mut header =
        vec!["id", "framework", "grade", "domain", "cluster", "focus", "parent", "entry", "summary", "note"];
    header.extend(&extra);
    let rows = ds.standards.iter().map(|s| {
        let mut r = vec![
            s.id.clone(),
            s.framework.clone(),
            s.grade.as_str().to_string(),
            opt(&s.domain),
            opt(&s.cluster),
            s.focus.map(|f| f.as_str().to_string()).unwrap_or_default(),
            opt(&s.parent),
            if s.entry { "true".to_string() } else { String::new() },
            opt(&s.summary),
            opt(&s.note),
        ];
        for c in &extra {
            r.push(match *c {
                "wap" => flag(s.wap),
                "statement" => opt(&s.statement),
                "modeling" => flag(s.modeling),
                "plus" => flag(s.plus),
                _ => s.courses.join(";"),
            });
        }
        r
    });
    files.push((dir.join("standards.csv"), csv_bytes(&header, rows)));
    let rows = ds
        .edges
        .iter()
        .map(|e| vec![e.from.clone(), e.to.clone(), e.kind.as_str().to_string(), opt(&e.progression), opt(&e.note)]);
    files.push((dir.join("progressions.csv"), csv_bytes(&["from", "to", "kind", "progression", "note"], rows)));
    if !ds.modules.is_empty() {
        let rows = ds.modules.iter().map(|m| {
            vec![
                m.id.clone(),
                m.kind.as_str().to_string(),
                opt(&m.title),
                opt(&m.provider),
                m.standards.join(";"),
                opt(&m.tier),
                opt(&m.evidence),
            ]
        });
        let header = ["id", "kind", "title", "provider", "standards", "tier", "evidence"];
        files.push((dir.join("modules.csv"), csv_bytes(&header, rows)));
    }
    if !ds.scopes.is_empty() {
        let rows = ds.scopes.iter().map(|s| {
            vec![
                s.id.clone(),
                opt(&s.name),
                opt(&s.framework),
                opt(&s.parent),
                s.grade_lo.as_str().to_string(),
                s.grade_hi.as_str().to_string(),
            ]
        });
        let header = ["id", "name", "framework", "parent", "grade_lo", "grade_hi"];
        files.push((dir.join("scopes.csv"), csv_bytes(&header, rows)));
    }
    if !ds.crosswalks.is_empty() {
        let rows = ds.crosswalks.iter().map(|c| vec![c.from.clone(), c.to.clone(), c.framework.clone()]);
        files.push((dir.join("crosswalk.csv"), csv_bytes(&["state_code", "ccss_code", "framework"], rows)));
    }
    if !ds.plans.is_empty() {
        let rows = ds.plans.iter().map(|p| {
            vec![p.scope.to_string(), p.module.to_string(), p.sequence.map(|s| s.to_string()).unwrap_or_default()]
        });
        files.push((dir.join("plans.csv"), csv_bytes(&["scope", "module", "sequence"], rows)));
    }
    files
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn flag(b: bool) -> String {
    if b { "true".to_string() } else { String::new() }
}

fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to a Vec cannot fail; an error here would be a bug in the csv crate.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    w.into_inner().unwrap_or_default()
}

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
pub fn to_native(ds: &Dataset, dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
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
            let grade = Grade::parse(grade).unwrap_or(Grade::K);
            let part = Part {
                schema: Some("../../schema/part.schema.json".to_string()),
                framework: None,
                grade: Some(grade.as_str().to_string()),
                sections,
            };
            files.push((folder.join(&name), render(&part)));
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
            files.push((folder.join("plans.json"), render(&part)));
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
        files.push((folder.join("framework.json"), render(&manifest)));
    }
    files
}

/// Renders a file of the native format: a 2-space indented object whose
/// arrays hold one record per line.
pub fn render<T: Serialize>(doc: &T) -> Vec<u8> {
    let value = serde_json::to_value(doc).unwrap_or(Value::Null);
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
    out.into_bytes()
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
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// The namespace of every identifier the CASE export makes (UUIDv5 of a fixed name).
fn case_namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"urn:coherence:case")
}

/// A stable identifier: the same framework and key give the same UUID on every export.
fn case_id(fw: &str, key: &str) -> String {
    uuid::Uuid::new_v5(&case_namespace(), format!("{fw}\u{1f}{key}").as_bytes()).to_string()
}

/// CASE has no clock of ours to report: a fixed time keeps re-exports byte-identical.
const CASE_TIME: &str = "2026-01-01T00:00:00+00:00";

/// Education levels as CASE writes them: `KG`, `01`..`12`; high school as `09`-`12`.
fn case_levels(g: Grade) -> Vec<String> {
    match g {
        Grade::PreK => vec!["PK".to_string()],
        Grade::K => vec!["KG".to_string()],
        Grade::Num(n) => vec![format!("{n:02}")],
        Grade::HighSchool => ["09", "10", "11", "12"].iter().map(|s| s.to_string()).collect(),
    }
}

/// A CASE 1.0 CFPackage of framework `fw`: domains, clusters, standards
/// (`Standard`) and sub-standards (`Component`) as CFItems with UUIDv5
/// identifiers; the hierarchy as isChildOf; builds_towards as precedes and
/// relates_to as isRelatedTo (progression tag in `extensions`, note in
/// `notes`); what CASE has no field for (focus, entry, modeling, plus,
/// courses, category, kept association types) in `extensions`.
///
/// # Errors
/// The frameworks that could be meant, when `fw` names none of the loaded ones.
pub fn to_case(ds: &Dataset, fw: Option<&str>) -> Result<Vec<u8>, String> {
    let ids: Vec<&str> = ds.frameworks.iter().map(|f| f.id.as_str()).collect();
    let fw = match (fw, ids.as_slice()) {
        (Some(f), _) if ids.contains(&f) => f.to_string(),
        (None, [only]) => only.to_string(),
        _ => return Err(format!("name the framework to export with --framework: one of {}", ids.join(", "))),
    };
    let meta = ds.frameworks.iter().find(|f| f.id == fw);
    let doc_id = case_id(&fw, "");
    let uri = |id: &str| format!("urn:uuid:{id}");
    let link = |id: &str, title: &str| json!({"title": title, "identifier": id, "uri": uri(id)});
    let title = meta.and_then(|m| m.title.clone()).unwrap_or_else(|| fw.clone());
    let mut document = json!({
        "identifier": doc_id,
        "uri": uri(&doc_id),
        "creator": "coherence",
        "title": title,
        "lastChangeDateTime": CASE_TIME,
        "subject": ["Mathematics"],
        "language": "en",
        "extensions": {"coherence": {"framework": fw}},
    });
    if let Some(m) = meta {
        if let Some(v) = &m.version {
            document["version"] = json!(v);
        }
        if let Some(s) = &m.source {
            document["publisher"] = json!(s);
        }
        let notes: Vec<&str> = [&m.licence, &m.notes].into_iter().flatten().map(String::as_str).collect();
        if !notes.is_empty() {
            document["notes"] = json!(notes.join(" "));
        }
        if let Some(n) = &m.notes {
            document["extensions"]["coherence"]["notes"] = json!(n);
        }
        if !m.progressions.is_empty() {
            document["extensions"]["coherence"]["progressions"] = json!(
                m.progressions
                    .iter()
                    .map(|p| json!({"tag": p.tag, "title": p.title, "grades": p.grades}))
                    .collect::<Vec<_>>()
            );
        }
    }
    let mut items = Vec::new();
    let mut assocs = Vec::new();
    let doc_link = link(&doc_id, &title);
    let child = |from: (&str, &str), to: Value| {
        let id = case_id(&fw, &format!("isChildOf|{}|{}", from.0, to["identifier"].as_str().unwrap_or("")));
        json!({
            "identifier": id,
            "uri": uri(&id),
            "associationType": "isChildOf",
            "originNodeURI": link(&case_id(&fw, from.0), from.1),
            "destinationNodeURI": to,
            "lastChangeDateTime": CASE_TIME,
        })
    };
    for d in ds.domains.iter().filter(|d| d.framework == fw) {
        let id = case_id(&fw, &d.id);
        let mut item = json!({
            "identifier": id, "uri": uri(&id), "CFItemType": "Domain", "humanCodingScheme": d.id,
            "fullStatement": d.title.clone().unwrap_or_else(|| d.id.clone()), "lastChangeDateTime": CASE_TIME,
        });
        if let Some(g) = d.grade {
            item["educationLevel"] = json!(case_levels(g));
        }
        if let Some(c) = &d.category {
            item["extensions"] = json!({"coherence": {"category": c}});
        }
        items.push(item);
        assocs.push(child((&d.id, &d.id), doc_link.clone()));
    }
    for c in ds.clusters.iter().filter(|c| c.framework == fw) {
        let id = case_id(&fw, &c.id);
        let mut item = json!({
            "identifier": id, "uri": uri(&id), "CFItemType": "Cluster", "humanCodingScheme": c.id,
            "fullStatement": c.title.clone().unwrap_or_else(|| c.id.clone()), "lastChangeDateTime": CASE_TIME,
        });
        if let Some(g) = c.grade {
            item["educationLevel"] = json!(case_levels(g));
        }
        if let Some(f) = c.focus {
            item["extensions"] = json!({"coherence": {"focus": f.as_str()}});
        }
        items.push(item);
        let up = match c.domain.as_deref().filter(|d| ds.domains.iter().any(|x| x.framework == fw && x.id == *d)) {
            Some(d) => link(&case_id(&fw, d), d),
            None => doc_link.clone(),
        };
        assocs.push(child((&c.id, &c.id), up));
    }
    let known = |code: &str| ds.standards.iter().any(|s| s.framework == fw && s.id == code);
    for s in ds.standards.iter().filter(|s| s.framework == fw) {
        let id = case_id(&fw, &s.id);
        let summary = s.summary.clone();
        let full = s.statement.clone().or_else(|| summary.clone()).unwrap_or_else(|| s.id.clone());
        let mut item = json!({
            "identifier": id, "uri": uri(&id),
            "CFItemType": if s.parent.is_some() { "Component" } else { "Standard" },
            "humanCodingScheme": s.id, "fullStatement": full,
            "educationLevel": case_levels(s.grade), "lastChangeDateTime": CASE_TIME,
        });
        if let Some(a) = &summary {
            item["abbreviatedStatement"] = json!(a);
        }
        if let Some(n) = &s.note {
            item["notes"] = json!(n);
        }
        let mut ext = serde_json::Map::new();
        if s.statement.is_none() {
            // The statement above is our summary, not official text: say so, so import does not take it for one.
            ext.insert("statement".into(), json!(false));
        }
        for (k, on) in [("entry", s.entry), ("wap", s.wap), ("modeling", s.modeling), ("plus", s.plus)] {
            if on {
                ext.insert(k.into(), json!(true));
            }
        }
        if !s.courses.is_empty() {
            ext.insert("courses".into(), json!(s.courses));
        }
        if let Some(f) = s.focus {
            ext.insert("focus".into(), json!(f.as_str()));
        }
        if !ext.is_empty() {
            item["extensions"] = json!({"coherence": ext});
        }
        items.push(item);
        let up = match (&s.parent, &s.cluster, &s.domain) {
            (Some(p), _, _) if known(p) => link(&case_id(&fw, p), p),
            (_, Some(c), _) if ds.clusters.iter().any(|x| x.framework == fw && &x.id == c) => link(&case_id(&fw, c), c),
            (_, _, Some(d)) if ds.domains.iter().any(|x| x.framework == fw && &x.id == d) => link(&case_id(&fw, d), d),
            _ => doc_link.clone(),
        };
        assocs.push(child((&s.id, &s.id), up));
    }
    // Edges whose ends are standards of this framework (written bare or qualified).
    let bare = |r: &str| -> Option<String> {
        let code = match r.split_once(':') {
            Some((f, c)) if f == fw => c,
            Some((f, _)) if ids.contains(&f) => return None,
            _ => r,
        };
        known(code).then(|| code.to_string())
    };
    for e in &ds.edges {
        let (Some(a), Some(b)) = (bare(&e.from), bare(&e.to)) else { continue };
        let kind = match e.kind {
            EdgeKind::BuildsTowards => "precedes",
            EdgeKind::RelatesTo => "isRelatedTo",
        };
        let id = case_id(&fw, &format!("{kind}|{a}|{b}"));
        let mut assoc = json!({
            "identifier": id, "uri": uri(&id), "associationType": kind,
            "originNodeURI": link(&case_id(&fw, &a), &a), "destinationNodeURI": link(&case_id(&fw, &b), &b),
            "lastChangeDateTime": CASE_TIME,
        });
        if let Some(n) = &e.note {
            assoc["notes"] = json!(n);
        }
        if let Some(p) = &e.progression {
            assoc["extensions"] = json!({"coherence": {"progression": p}});
        }
        assocs.push(assoc);
    }
    for c in ds.crosswalks.iter().filter(|c| c.framework == fw && known(&c.from)) {
        let id = case_id(&fw, &format!("exactMatchOf|{}|{}", c.from, c.to));
        assocs.push(json!({
            "identifier": id, "uri": uri(&id), "associationType": "exactMatchOf",
            "originNodeURI": link(&case_id(&fw, &c.from), &c.from),
            "destinationNodeURI": {"title": c.to, "identifier": c.to, "uri": if c.to.contains(':') { c.to.clone() } else { format!("urn:code:{}", c.to) }},
            "lastChangeDateTime": CASE_TIME,
        }));
    }
    // Association types CASE 1.0 does not define stay in the document's extensions.
    let kept: Vec<Value> = ds
        .associations
        .iter()
        .filter(|a| a.framework == fw)
        .map(|a| json!({"associationType": a.kind, "origin": a.from, "destination": a.to}))
        .collect();
    if !kept.is_empty() {
        document["extensions"]["coherence"]["associations"] = json!(kept);
    }
    let package = json!({"CFDocument": document, "CFItems": items, "CFAssociations": assocs});
    let mut out = serde_json::to_vec_pretty(&package).map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(out)
}
