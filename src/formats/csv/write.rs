//! Writes the CSV interchange files.

use std::path::{Path, PathBuf};

use crate::formats::ExportError;
use crate::model::Dataset;

/// The files of a CSV export: `standards.csv`, `progressions.csv`, and
/// `modules.csv`, `scopes.csv`, `plans.csv`, `crosswalk.csv` when the data holds any.
///
/// # Errors
/// An [`ExportError`] when a file cannot be rendered (a bug, never the data).
pub fn to_csv(ds: &Dataset, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, ExportError> {
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
    files.push((dir.join("standards.csv"), csv_bytes(&header, rows)?));
    let rows = ds
        .edges
        .iter()
        .map(|e| vec![e.from.clone(), e.to.clone(), e.kind.as_str().to_string(), opt(&e.progression), opt(&e.note)]);
    files.push((dir.join("progressions.csv"), csv_bytes(&["from", "to", "kind", "progression", "note"], rows)?));
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
        files.push((dir.join("modules.csv"), csv_bytes(&header, rows)?));
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
        files.push((dir.join("scopes.csv"), csv_bytes(&header, rows)?));
    }
    if !ds.crosswalks.is_empty() {
        let rows = ds.crosswalks.iter().map(|c| vec![c.from.clone(), c.to.clone(), c.framework.clone()]);
        files.push((dir.join("crosswalk.csv"), csv_bytes(&["state_code", "ccss_code", "framework"], rows)?));
    }
    if !ds.plans.is_empty() {
        let rows = ds.plans.iter().map(|p| {
            vec![p.scope.to_string(), p.module.to_string(), p.sequence.map(|s| s.to_string()).unwrap_or_default()]
        });
        files.push((dir.join("plans.csv"), csv_bytes(&["scope", "module", "sequence"], rows)?));
    }
    Ok(files)
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn flag(b: bool) -> String {
    if b { "true".to_string() } else { String::new() }
}

fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<Vec<u8>, ExportError> {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(&r)?;
    }
    w.into_inner().map_err(|e| ExportError::Csv(e.into_error().into()))
}
