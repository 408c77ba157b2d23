//! Writes the CSV interchange files.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::{Col, File, LIST_SEPARATOR, OPTIONAL_STANDARD_COLUMNS, TRUE};
use crate::formats::ExportError;
use crate::model::{Crosswalk, Dataset, Edge, Module, PlanRow, Scope, Standard, StudentResult};

/// The files of a CSV export: `standards.csv`, `progressions.csv`, and
/// `modules.csv`, `scopes.csv`, `plans.csv`, `crosswalk.csv`, `results.csv` when the data holds any.
///
/// # Errors
/// An [`ExportError`] when a file cannot be rendered (a bug, never the data).
pub fn to_csv(ds: &Dataset, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, ExportError> {
    // Optional columns are written only when some standard uses them, so that plain data stays plain.
    let mut columns = File::Standards.written().to_vec();
    columns.extend(OPTIONAL_STANDARD_COLUMNS.iter().filter(|&&c| ds.standards.iter().any(|s| has(s, c))));
    let mut files = vec![
        (dir.join(File::Standards.name()), table(&columns, &ds.standards, standard_cell)?),
        (dir.join(File::Progressions.name()), table(File::Progressions.written(), &ds.edges, edge_cell)?),
    ];
    let mut add = |file: File, bytes: Result<Vec<u8>, ExportError>| -> Result<(), ExportError> {
        files.push((dir.join(file.name()), bytes?));
        Ok(())
    };
    if !ds.modules.is_empty() {
        add(File::Modules, table(File::Modules.written(), &ds.modules, module_cell))?;
    }
    if !ds.scopes.is_empty() {
        add(File::Scopes, table(File::Scopes.written(), &ds.scopes, scope_cell))?;
    }
    if !ds.crosswalks.is_empty() {
        add(File::Crosswalk, table(File::Crosswalk.written(), &ds.crosswalks, crosswalk_cell))?;
    }
    if !ds.plans.is_empty() {
        add(File::Plans, table(File::Plans.written(), &ds.plans, plan_cell))?;
    }
    if !ds.results.is_empty() {
        add(File::Results, table(File::Results.written(), &ds.results, result_cell))?;
    }
    Ok(files)
}

/// A header row of `columns` and a row per record, with LF line ends.
fn table<'a, T>(
    columns: &[Col],
    records: &'a [T],
    cell: impl Fn(&'a T, Col) -> Cow<'a, str>,
) -> Result<Vec<u8>, ExportError> {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    w.write_record(columns.iter().map(|c| c.name()))?;
    for r in records {
        for &c in columns {
            w.write_field(cell(r, c).as_bytes())?;
        }
        // An empty record after its fields ends the line.
        w.write_record(None::<&[u8]>)?;
    }
    w.into_inner().map_err(|e| ExportError::Csv(e.into_error().into()))
}

fn text(v: &Option<String>) -> Cow<'_, str> {
    Cow::Borrowed(v.as_deref().unwrap_or(""))
}

fn flag(on: bool) -> Cow<'static, str> {
    Cow::Borrowed(if on { TRUE } else { "" })
}

fn list(items: &[String]) -> Cow<'static, str> {
    Cow::Owned(items.join(&*LIST_SEPARATOR.encode_utf8(&mut [0; 4])))
}

/// Whether a standard has a value for an optional column.
fn has(s: &Standard, col: Col) -> bool {
    match col {
        Col::Wap => s.wap,
        Col::Statement => s.statement.is_some(),
        Col::Modeling => s.modeling,
        Col::Plus => s.plus,
        Col::Courses => !s.courses.is_empty(),
        _ => true,
    }
}

/// The cell of a standard in `col`; empty for a column a standard does not have.
fn standard_cell(s: &Standard, col: Col) -> Cow<'_, str> {
    match col {
        Col::Id => Cow::Borrowed(&s.id),
        Col::Framework => Cow::Borrowed(&s.framework),
        Col::Grade => Cow::Borrowed(s.grade.as_str()),
        Col::Domain => text(&s.domain),
        Col::Cluster => text(&s.cluster),
        Col::Focus => Cow::Borrowed(s.focus.map_or("", |f| f.as_str())),
        Col::Parent => text(&s.parent),
        Col::Entry => flag(s.entry),
        Col::Summary => text(&s.summary),
        Col::Note => text(&s.note),
        Col::Wap => flag(s.wap),
        Col::Statement => text(&s.statement),
        Col::Modeling => flag(s.modeling),
        Col::Plus => flag(s.plus),
        Col::Courses => list(&s.courses),
        _ => Cow::Borrowed(""),
    }
}

fn edge_cell(e: &Edge, col: Col) -> Cow<'_, str> {
    match col {
        Col::From => Cow::Borrowed(&e.from),
        Col::To => Cow::Borrowed(&e.to),
        Col::Kind => Cow::Borrowed(e.kind.as_str()),
        Col::Progression => text(&e.progression),
        Col::Note => text(&e.note),
        _ => Cow::Borrowed(""),
    }
}

fn module_cell(m: &Module, col: Col) -> Cow<'_, str> {
    match col {
        Col::Id => Cow::Borrowed(&m.id),
        Col::Kind => Cow::Borrowed(m.kind.as_str()),
        Col::Title => text(&m.title),
        Col::Provider => text(&m.provider),
        Col::Standards => list(&m.standards),
        Col::Tier => text(&m.tier),
        Col::Evidence => text(&m.evidence),
        _ => Cow::Borrowed(""),
    }
}

fn scope_cell(s: &Scope, col: Col) -> Cow<'_, str> {
    match col {
        Col::Id => Cow::Borrowed(&s.id),
        Col::Name => text(&s.name),
        Col::Framework => text(&s.framework),
        Col::Parent => text(&s.parent),
        Col::GradeLo => Cow::Borrowed(s.grade_lo.as_str()),
        Col::GradeHi => Cow::Borrowed(s.grade_hi.as_str()),
        _ => Cow::Borrowed(""),
    }
}

fn crosswalk_cell(c: &Crosswalk, col: Col) -> Cow<'_, str> {
    match col {
        Col::StateCode => Cow::Borrowed(&c.from),
        Col::CcssCode => Cow::Borrowed(&c.to),
        Col::Framework => Cow::Borrowed(&c.framework),
        _ => Cow::Borrowed(""),
    }
}

fn plan_cell(p: &PlanRow, col: Col) -> Cow<'_, str> {
    match col {
        Col::Scope => Cow::Borrowed(&*p.scope),
        Col::Module => Cow::Borrowed(&*p.module),
        Col::Sequence => p.sequence.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string())),
        _ => Cow::Borrowed(""),
    }
}

fn result_cell(r: &StudentResult, col: Col) -> Cow<'_, str> {
    match col {
        Col::Scope => Cow::Borrowed(&r.scope),
        Col::Standard => Cow::Borrowed(&r.standard),
        Col::Term => text(&r.term),
        Col::Tested => Cow::Owned(r.tested.to_string()),
        Col::Proficient => Cow::Owned(r.proficient.to_string()),
        _ => Cow::Borrowed(""),
    }
}
