//! Reads the items and relationships of an export, CSV or JSONL, as written.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::{Export, Item, Prop, RELATIONSHIP_COLUMNS, RELATIONSHIP_TYPE, Rel, file};
use crate::formats::csv::records::{self, Dialect, RecordError};
use crate::load::{Fs, LoadError, decode};
use crate::model::Origin;

/// The items and relationships of a CSV export.
pub(super) fn from_csv(dir: &Path) -> Result<Export, LoadError> {
    let mut items = Vec::new();
    let columns = Prop::ALL.map(Prop::name);
    let required = Prop::REQUIRED.map(Prop::name);
    let name = each_row(&dir.join(file::ITEMS_CSV), columns, &required, |origin, cells| {
        let cell = |p: Prop| cells[p as usize].map(str::to_string);
        items.push(Item {
            key: cell(Prop::CaseIdentifierUuid).or_else(|| cell(Prop::Identifier)).unwrap_or_default(),
            alt: cell(Prop::Identifier),
            code: cell(Prop::StatementCode).or_else(|| cell(Prop::CaseIdentifierUuid)).unwrap_or_default(),
            kind: cell(Prop::NormalizedStatementType).or_else(|| cell(Prop::StatementType)),
            jurisdiction: cell(Prop::Jurisdiction).unwrap_or_default(),
            subject: cell(Prop::AcademicSubject).unwrap_or_default(),
            grades: cells[Prop::GradeLevel as usize].map(levels).unwrap_or_default(),
            statement: cell(Prop::Description),
            origin,
        });
    })?;
    let mut files = vec![name.to_string()];
    let mut rels = Vec::new();
    let rel_path = dir.join(file::RELATIONSHIPS_CSV);
    if rel_path.is_file() {
        let name =
            each_row(&rel_path, RELATIONSHIP_COLUMNS, &RELATIONSHIP_COLUMNS, |origin, [kind, source, target]| {
                let text = |c: Option<&str>| c.unwrap_or_default().to_string();
                rels.push(Rel { kind: text(kind), source: text(source), target: text(target), origin });
            })?;
        files.push(name.to_string());
    }
    if dir.join(file::FRAMEWORKS_CSV).is_file() {
        files.push(Fs::Disk.name(&dir.join(file::FRAMEWORKS_CSV)).to_string());
    }
    Ok((items, rels, files))
}

/// Reads a CSV file of the export and hands each record to `each`: its
/// origin, and its cells under `columns` (trimmed; empty or absent as
/// `None`). A missing required column stops the run. Lines are counted from
/// line feeds, as for the interchange files.
fn each_row<const N: usize>(
    path: &Path,
    columns: [&str; N],
    required: &[&str],
    mut each: impl FnMut(Origin, [Option<&str>; N]),
) -> Result<Arc<str>, LoadError> {
    let name = Fs::Disk.name(path);
    let text = records::lone_cr_to_lf(decode(&name, Fs::Disk.read(path)?)?);
    let dialect = Dialect::comma(&text);
    let (header, body) = records::header(&text, dialect).map_err(|e| malformed(&name, e, "fix the header row"))?;
    let header: Vec<&str> = header.iter().map(|h| h.trim()).collect();
    let missing: Vec<&str> = required.iter().copied().filter(|c| !header.contains(c)).collect();
    if !missing.is_empty() {
        return Err(LoadError::new(
            name.to_string(),
            format!("required columns missing: {}", missing.join(", ")),
            "the Knowledge Graph CSV export names its columns as in create_tables.sql",
        )
        .at(1, None));
    }
    // A column named twice reads from its last place, as a map of the row by name would.
    let index = columns.map(|c| header.iter().rposition(|h| *h == c));
    records::each_record(&text, body, dialect, |line, record| {
        let cells = index.map(|i| i.and_then(|i| record.get(i)).map(|v| v.trim()).filter(|v| !v.is_empty()));
        each(Origin::at(&name, line, None), cells);
    })
    .map_err(|e| malformed(&name, e, "fix the quoting"))?;
    Ok(name)
}

fn malformed(name: &Arc<str>, e: RecordError, help: &str) -> LoadError {
    let err = LoadError::new(name.to_string(), format!("malformed CSV: {}", e.error), help);
    match e.line {
        Some(line) => err.at(line, None),
        None => err,
    }
}

/// The grade levels of a cell: a JSON array (`["3","4"]`) or plain text.
fn levels(cell: &str) -> Vec<String> {
    match serde_json::from_str::<Value>(cell) {
        Ok(Value::Array(v)) => v
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string).or_else(|| x.as_i64().map(|n| n.to_string())))
            .collect(),
        _ => cell.split([',', ';']).map(|s| s.trim().trim_matches('"').to_string()).filter(|s| !s.is_empty()).collect(),
    }
}

/// The id a JSONL end names: a string, or an object's `identifier`/`id` (or its properties').
fn end_id(v: &Value) -> Option<String> {
    let id = |x: &Value| x.as_str().map(str::to_string).or_else(|| x.as_i64().map(|n| n.to_string()));
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get(Prop::Identifier.name())
            .or_else(|| o.get("id"))
            .or_else(|| {
                let p = o.get("properties")?;
                p.get(Prop::CaseIdentifierUuid.name()).or_else(|| p.get(Prop::Identifier.name()))
            })
            .and_then(id),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSONL file's name, and its objects with their lines.
type Lines = (Arc<str>, Vec<(u32, Value)>);

/// A JSONL file's objects with their lines; a line that is not JSON stops the run.
fn json_lines(dir: &Path, file: &str) -> Result<Lines, LoadError> {
    let path = dir.join(file);
    let name = Fs::Disk.name(&path);
    let text = decode(&name, Fs::Disk.read(&path)?)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| {
            LoadError::new(name.to_string(), format!("malformed JSON line: {e}"), "each line holds one JSON object")
                .at(i as u32 + 1, Some(e.column() as u32))
        })?;
        out.push((i as u32 + 1, v));
    }
    Ok((name, out))
}

/// The framework items of a node, which JSONL exports mark by label.
fn node_item(n: &Value, origin: Origin) -> Option<Item> {
    let labelled =
        n.get("labels").and_then(Value::as_array).is_some_and(|a| a.iter().any(|x| x == "StandardsFrameworkItem"));
    if !labelled {
        return None;
    }
    let p = n.get("properties").unwrap_or(&Value::Null);
    let s = |k: Prop| p.get(k.name()).and_then(Value::as_str).map(str::to_string).filter(|x| !x.is_empty());
    let node_id = n.get(Prop::Identifier.name()).or_else(|| n.get("id")).and_then(end_id);
    Some(Item {
        key: s(Prop::CaseIdentifierUuid).or_else(|| node_id.clone()).unwrap_or_default(),
        alt: node_id.or_else(|| s(Prop::Identifier)),
        code: s(Prop::StatementCode).or_else(|| s(Prop::CaseIdentifierUuid)).unwrap_or_default(),
        kind: s(Prop::NormalizedStatementType).or_else(|| s(Prop::StatementType)),
        jurisdiction: s(Prop::Jurisdiction).unwrap_or_default(),
        subject: s(Prop::AcademicSubject).unwrap_or_default(),
        grades: match p.get(Prop::GradeLevel.name()) {
            Some(Value::Array(v)) => v.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
            Some(Value::String(c)) => levels(c),
            _ => Vec::new(),
        },
        statement: s(Prop::Description),
        origin,
    })
}

/// The items and relationships of a JSONL export.
pub(super) fn from_jsonl(dir: &Path) -> Result<Export, LoadError> {
    let (name, nodes) = json_lines(dir, file::NODES_JSONL)?;
    let mut files = vec![name.to_string()];
    let items = nodes.iter().filter_map(|(line, n)| node_item(n, Origin::at(&name, *line, None))).collect();
    let mut rels = Vec::new();
    if dir.join(file::RELATIONSHIPS_JSONL).is_file() {
        let (name, lines) = json_lines(dir, file::RELATIONSHIPS_JSONL)?;
        files.push(name.to_string());
        for (line, r) in lines {
            let kind = match r.get("type").and_then(Value::as_str) {
                Some("relationship") | None => {
                    r.get("label").or_else(|| r.get(RELATIONSHIP_TYPE)).and_then(Value::as_str).unwrap_or("")
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
