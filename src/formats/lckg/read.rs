//! Reads the Learning Commons Knowledge Graph exports: the CSV files
//! (`StandardsFrameworkItem.csv`, `StandardsFramework.csv`,
//! `Relationships.csv`, with the columns of the knowledge-graph repository's
//! `import_scripts/postgresql/create_tables.sql`) and the JSONL files
//! (`nodes.jsonl` with labels and properties, `relationships.jsonl` with a
//! type, a source and a target).
//!
//! `buildsTowards` becomes builds_towards, `relatesTo` relates_to,
//! `hasChild` the hierarchy, `hasStandardAlignment` a crosswalk; other types
//! are kept and reported. Items are filtered by jurisdiction and subject.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use crate::finding::{Code, Finding};
use crate::load::{Fs, LoadError, Loaded, decode};
use crate::model::{Association, Crosswalk, Edge, EdgeKind, Framework, Grade, Origin, Standard};

/// Which part of the graph to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// `jurisdiction`, e.g. `Multi-State` (all when absent).
    pub jurisdiction: Option<String>,
    /// `academicSubject`, e.g. `Mathematics` (all when absent).
    pub subject: Option<String>,
}

/// Whether a folder holds a Knowledge Graph export.
pub fn is_lckg(dir: &Path) -> bool {
    dir.join("StandardsFrameworkItem.csv").is_file() || dir.join("nodes.jsonl").is_file()
}

/// One framework item, whichever export it came from.
struct Item {
    key: String,
    alt: Option<String>,
    code: String,
    kind: Option<String>,
    jurisdiction: String,
    subject: String,
    grades: Vec<String>,
    statement: Option<String>,
    origin: Origin,
}

struct Rel {
    kind: String,
    source: String,
    target: String,
    origin: Origin,
}

fn slug(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// `["3"]`, `["K","1"]`, `"9-12"`: the lowest grade, nine and above as high school.
fn grade(levels: &[String]) -> Option<Grade> {
    let lowest = levels
        .iter()
        .filter_map(|t| {
            let t = t.trim().to_ascii_uppercase();
            let first = t.split('-').next().unwrap_or("").to_string();
            match first.as_str() {
                "K" | "KG" => Some(0),
                "PK" => Some(-1),
                "HS" => Some(9),
                x => Grade::parse(x).map(Grade::level),
            }
        })
        .min()?;
    Some(Grade::from_level(lowest))
}

/// The grade levels of a cell: a JSON array (`["3","4"]`) or plain text.
fn levels(cell: &str) -> Vec<String> {
    match serde_json::from_str::<serde_json::Value>(cell) {
        Ok(serde_json::Value::Array(v)) => v
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string).or_else(|| x.as_i64().map(|n| n.to_string())))
            .collect(),
        _ => cell.split([',', ';']).map(|s| s.trim().trim_matches('"').to_string()).filter(|s| !s.is_empty()).collect(),
    }
}

/// A CSV file's rows: line and cells by column name.
type Rows = Vec<(u32, BTreeMap<String, String>)>;

/// A JSONL file's objects with their lines.
type Lines = Vec<(u32, serde_json::Value)>;

/// What an export holds: framework items, relationships, and the files read.
type Export = (Vec<Item>, Vec<Rel>, Vec<String>);

fn read_csv(path: &Path, required: &[&str]) -> Result<(Arc<str>, Rows), LoadError> {
    let name = Fs::Disk.name(path);
    let text = decode(&name, Fs::Disk.read(path)?)?;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| LoadError::new(name.to_string(), format!("malformed CSV: {e}"), "fix the header row"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let missing: Vec<&str> = required.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
    if !missing.is_empty() {
        return Err(LoadError::new(
            name.to_string(),
            format!("required columns missing: {}", missing.join(", ")),
            "the Knowledge Graph CSV export names its columns as in create_tables.sql",
        )
        .at(1, None));
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec =
            rec.map_err(|e| LoadError::new(name.to_string(), format!("malformed CSV: {e}"), "fix the quoting"))?;
        let line = rec.position().map_or(0, |p| p.line() as u32);
        let row: BTreeMap<String, String> =
            header.iter().zip(rec.iter()).map(|(h, v)| (h.clone(), v.trim().to_string())).collect();
        rows.push((line, row));
    }
    Ok((name, rows))
}

fn cell(row: &BTreeMap<String, String>, k: &str) -> Option<String> {
    row.get(k).filter(|v| !v.is_empty()).cloned()
}

fn from_csv(dir: &Path) -> Result<Export, LoadError> {
    let (name, rows) =
        read_csv(&dir.join("StandardsFrameworkItem.csv"), &["caseIdentifierUUID", "statementCode", "gradeLevel"])?;
    let mut files = vec![name.to_string()];
    let items = rows
        .into_iter()
        .map(|(line, r)| Item {
            key: cell(&r, "caseIdentifierUUID").or_else(|| cell(&r, "identifier")).unwrap_or_default(),
            alt: cell(&r, "identifier"),
            code: cell(&r, "statementCode").or_else(|| cell(&r, "caseIdentifierUUID")).unwrap_or_default(),
            kind: cell(&r, "normalizedStatementType").or_else(|| cell(&r, "statementType")),
            jurisdiction: cell(&r, "jurisdiction").unwrap_or_default(),
            subject: cell(&r, "academicSubject").unwrap_or_default(),
            grades: cell(&r, "gradeLevel").map(|c| levels(&c)).unwrap_or_default(),
            statement: cell(&r, "description"),
            origin: Origin::at(&name, line, None),
        })
        .collect();
    let mut rels = Vec::new();
    let rel_path = dir.join("Relationships.csv");
    if rel_path.is_file() {
        let (name, rows) = read_csv(&rel_path, &["relationshipType", "sourceEntityValue", "targetEntityValue"])?;
        files.push(name.to_string());
        for (line, r) in rows {
            rels.push(Rel {
                kind: cell(&r, "relationshipType").unwrap_or_default(),
                source: cell(&r, "sourceEntityValue").unwrap_or_default(),
                target: cell(&r, "targetEntityValue").unwrap_or_default(),
                origin: Origin::at(&name, line, None),
            });
        }
    }
    if dir.join("StandardsFramework.csv").is_file() {
        files.push(Fs::Disk.name(&dir.join("StandardsFramework.csv")).to_string());
    }
    Ok((items, rels, files))
}

/// The id a JSONL end names: a string, or an object's `identifier`/`id` (or its properties').
fn end_id(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => o
            .get("identifier")
            .or_else(|| o.get("id"))
            .or_else(|| o.get("properties").and_then(|p| p.get("caseIdentifierUUID").or_else(|| p.get("identifier"))))
            .and_then(|x| x.as_str().map(str::to_string).or_else(|| x.as_i64().map(|n| n.to_string()))),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn from_jsonl(dir: &Path) -> Result<Export, LoadError> {
    let read_lines = |file: &str| -> Result<(Arc<str>, Lines), LoadError> {
        let path = dir.join(file);
        let name = Fs::Disk.name(&path);
        let text = decode(&name, Fs::Disk.read(&path)?)?;
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| {
                LoadError::new(name.to_string(), format!("malformed JSON line: {e}"), "each line holds one JSON object")
                    .at(i as u32 + 1, Some(e.column() as u32))
            })?;
            out.push((i as u32 + 1, v));
        }
        Ok((name, out))
    };
    let (name, nodes) = read_lines("nodes.jsonl")?;
    let mut files = vec![name.to_string()];
    let s = |p: &serde_json::Value, k: &str| {
        p.get(k).and_then(|x| x.as_str()).map(str::to_string).filter(|x| !x.is_empty())
    };
    let mut items = Vec::new();
    for (line, n) in nodes {
        let labels: Vec<&str> = n
            .get("labels")
            .and_then(|l| l.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        if !labels.contains(&"StandardsFrameworkItem") {
            continue;
        }
        let p = n.get("properties").cloned().unwrap_or_default();
        let node_id = n.get("identifier").or_else(|| n.get("id")).and_then(end_id);
        items.push(Item {
            key: s(&p, "caseIdentifierUUID").or_else(|| node_id.clone()).unwrap_or_default(),
            alt: node_id.or_else(|| s(&p, "identifier")),
            code: s(&p, "statementCode").or_else(|| s(&p, "caseIdentifierUUID")).unwrap_or_default(),
            kind: s(&p, "normalizedStatementType").or_else(|| s(&p, "statementType")),
            jurisdiction: s(&p, "jurisdiction").unwrap_or_default(),
            subject: s(&p, "academicSubject").unwrap_or_default(),
            grades: match p.get("gradeLevel") {
                Some(serde_json::Value::Array(v)) => v.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
                Some(serde_json::Value::String(c)) => levels(c),
                _ => Vec::new(),
            },
            statement: s(&p, "description"),
            origin: Origin::at(&name, line, None),
        });
    }
    let mut rels = Vec::new();
    if dir.join("relationships.jsonl").is_file() {
        let (name, lines) = read_lines("relationships.jsonl")?;
        files.push(name.to_string());
        for (line, r) in lines {
            let kind = match r.get("type").and_then(|t| t.as_str()) {
                Some("relationship") | None => {
                    r.get("label").or_else(|| r.get("relationshipType")).and_then(|t| t.as_str()).unwrap_or("")
                }
                Some(t) => t,
            };
            let source = r.get("source").or_else(|| r.get("start")).and_then(end_id).unwrap_or_default();
            let target = r.get("target").or_else(|| r.get("end")).and_then(end_id).unwrap_or_default();
            rels.push(Rel { kind: kind.to_string(), source, target, origin: Origin::at(&name, line, None) });
        }
    }
    Ok((items, rels, files))
}

/// Relationships by type.
type Counts = BTreeMap<String, usize>;

/// Loads a Knowledge Graph export folder (CSV or JSONL), keeping the items
/// of the jurisdiction and subject asked for.
pub fn load(dir: &Path, filters: &Filters) -> Result<Loaded, LoadError> {
    let (items, rels, files) =
        if dir.join("StandardsFrameworkItem.csv").is_file() { from_csv(dir)? } else { from_jsonl(dir)? };
    let mut loaded = Loaded { files, ..Loaded::default() };
    let keep = |it: &Item| {
        filters.jurisdiction.as_ref().is_none_or(|j| it.jurisdiction.eq_ignore_ascii_case(j))
            && filters.subject.as_ref().is_none_or(|s| it.subject.eq_ignore_ascii_case(s))
    };
    let items: Vec<Item> = items.into_iter().filter(|i| keep(i) && !i.key.is_empty()).collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        index.entry(it.key.as_str()).or_insert(i);
        if let Some(a) = &it.alt {
            index.entry(a.as_str()).or_insert(i);
        }
    }
    let fw_of = |it: &Item| slug(&format!("{} {}", it.jurisdiction, it.subject));
    let mut parent: Vec<Option<usize>> = vec![None; items.len()];
    for r in rels.iter().filter(|r| r.kind == "hasChild") {
        if let (Some(&p), Some(&c)) = (index.get(r.source.as_str()), index.get(r.target.as_str()))
            && parent[c].is_none()
            && p != c
        {
            parent[c] = Some(p);
        }
    }
    let kind_of = |i: usize| items[i].kind.as_deref().map(str::to_ascii_lowercase).unwrap_or_default();
    let is_standard = |i: usize| {
        let k = kind_of(i);
        k.contains("standard") || k.contains("component") || k.is_empty()
    };
    for (i, it) in items.iter().enumerate() {
        let fw = fw_of(it);
        if !loaded.dataset.frameworks.iter().any(|f| f.id == fw) {
            loaded.dataset.frameworks.push(Framework {
                id: fw.clone(),
                title: Some(format!("{} {}", it.jurisdiction, it.subject).trim().to_string()),
                source: Some("Learning Commons Knowledge Graph".to_string()),
                origin: it.origin.clone(),
                ..Framework::default()
            });
        }
        if !is_standard(i) {
            continue;
        }
        let g = grade(&it.grades).or_else(|| {
            let mut at = parent[i];
            while let Some(p) = at {
                if let Some(g) = grade(&items[p].grades) {
                    return Some(g);
                }
                at = parent[p];
            }
            None
        });
        let Some(g) = g else {
            loaded.findings.push(
                Finding::new(
                    Code::D6,
                    format!("item {} dropped: no grade on it or any ancestor", it.code),
                    "give it a gradeLevel",
                )
                .at(&it.origin),
            );
            continue;
        };
        // A standard under a standard (hasChild) is its sub-standard; under a grouping it is a standard.
        let parent_code =
            parent[i].filter(|&p| is_standard(p) && !kind_of(p).is_empty()).map(|p| items[p].code.clone());
        loaded.dataset.standards.push(Standard {
            framework: fw,
            id: it.code.clone(),
            grade: g,
            domain: None,
            cluster: None,
            focus: None,
            parent: parent_code,
            summary: None,
            statement: it.statement.clone(),
            note: None,
            entry: false,
            wap: false,
            modeling: false,
            plus: false,
            courses: Vec::new(),
            origin: it.origin.clone(),
            parent_origin: it.origin.clone(),
        });
    }
    let mut kept: Counts = BTreeMap::new();
    let mut outside: Counts = BTreeMap::new();
    for r in &rels {
        let (Some(&a), Some(&b)) = (index.get(r.source.as_str()), index.get(r.target.as_str())) else {
            *outside.entry(r.kind.clone()).or_default() += 1;
            continue;
        };
        let q = |i: usize| format!("{}:{}", fw_of(&items[i]), items[i].code);
        let edge = |kind| Edge {
            kind,
            from: q(a),
            to: q(b),
            progression: None,
            note: None,
            origin: r.origin.clone(),
            from_origin: r.origin.clone(),
            to_origin: r.origin.clone(),
        };
        match r.kind.as_str() {
            "buildsTowards" => loaded.dataset.edges.push(edge(EdgeKind::BuildsTowards)),
            "relatesTo" => loaded.dataset.edges.push(edge(EdgeKind::RelatesTo)),
            "hasChild" => {}
            "hasStandardAlignment" => loaded.dataset.crosswalks.push(Crosswalk {
                framework: fw_of(&items[a]),
                from: items[a].code.clone(),
                to: q(b),
                origin: r.origin.clone(),
            }),
            other => {
                *kept.entry(other.to_string()).or_default() += 1;
                loaded.dataset.associations.push(Association {
                    framework: fw_of(&items[a]),
                    kind: other.to_string(),
                    from: items[a].code.clone(),
                    to: items[b].code.clone(),
                    origin: r.origin.clone(),
                });
            }
        }
    }
    for (kind, n) in outside {
        loaded.findings.push(Finding::new(
            Code::F4,
            format!(
                "{n} {kind} relationship{} not loaded: an end is not a framework item read (another jurisdiction or subject, a learning component)",
                if n == 1 { "" } else { "s" }
            ),
            "widen --jurisdiction or --subject if those items are wanted",
        ));
    }
    for (kind, n) in kept {
        loaded.findings.push(Finding::new(
            Code::F3,
            format!("{n} {kind} relationship{} kept as written; no check uses them", if n == 1 { "" } else { "s" }),
            "nothing to do; they are exported again with the data",
        ));
    }
    Ok(loaded)
}
