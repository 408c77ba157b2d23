//! Writes the CSV interchange files.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::{Col, File, LIST_SEPARATOR, OPTIONAL_STANDARD_COLUMNS, TRUE};
use crate::formats::ExportError;
use crate::model::{Crosswalk, Dataset, Edge, Module, Plan, Scope, Standard, StudentResult};

/// The files of a CSV export: `standards.csv`, `progressions.csv`, and
/// `modules.csv`, `scopes.csv`, `plans.csv`, `crosswalk.csv`, `results.csv` when the data holds any.
///
/// # Errors
/// An [`ExportError`] when a file cannot be rendered (a bug, never the data).
pub fn to_csv(ds: &Dataset, dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, ExportError> {
    tables(ds, false).iter().map(|t| Ok((dir.join(t.file.name()), csv_bytes(t)?))).collect()
}

/// One file of the interchange as a table: its columns, and a cell for each
/// record and column. The CSV files and the workbook's sheets are both made of these.
pub(crate) struct Table<'a> {
    /// The file.
    pub(crate) file: File,
    /// Its columns, in order.
    pub(crate) columns: Vec<Col>,
    rows: usize,
    cell: Box<dyn Fn(usize, Col) -> Cow<'a, str> + 'a>,
}

impl<'a> Table<'a> {
    fn of<T>(file: File, columns: Vec<Col>, records: &'a [T], cell: fn(&'a T, Col) -> Cow<'a, str>) -> Table<'a> {
        Table { file, columns, rows: records.len(), cell: Box::new(move |i, c| cell(&records[i], c)) }
    }

    /// How many records there are.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Record `row`'s cell in `col` (`row` below [`Table::rows`]).
    pub(crate) fn cell(&self, row: usize, col: Col) -> Cow<'a, str> {
        (self.cell)(row, col)
    }
}

/// The tables of a dataset in export order: standards and progressions
/// always; modules, scopes and plans when the data holds any, or always with
/// `every` (a workbook keeps their sheets for a person to fill in); crosswalk
/// and results when the data holds any.
pub(crate) fn tables(ds: &Dataset, every: bool) -> Vec<Table<'_>> {
    // Optional columns are written only when some standard uses them, so that plain data stays plain.
    let mut columns = File::Standards.written().to_vec();
    columns.extend(OPTIONAL_STANDARD_COLUMNS.iter().filter(|&&c| ds.standards.iter().any(|s| has(s, c))));
    let written = |f: File| f.written().to_vec();
    let mut out = vec![
        Table::of(File::Standards, columns, &ds.standards, standard_cell),
        Table::of(File::Progressions, written(File::Progressions), &ds.edges, edge_cell),
    ];
    if every || !ds.modules.is_empty() {
        out.push(Table::of(File::Modules, written(File::Modules), &ds.modules, module_cell));
    }
    if every || !ds.scopes.is_empty() {
        out.push(Table::of(File::Scopes, written(File::Scopes), &ds.scopes, scope_cell));
    }
    if !ds.crosswalks.is_empty() {
        out.push(Table::of(File::Crosswalk, written(File::Crosswalk), &ds.crosswalks, crosswalk_cell));
    }
    if every || !ds.plans.is_empty() {
        let plans = &ds.plans;
        let cell = move |i: usize, col: Col| plan_cell(plans.get(i), col);
        out.push(Table { file: File::Plans, columns: written(File::Plans), rows: plans.len(), cell: Box::new(cell) });
    }
    if !ds.results.is_empty() {
        out.push(Table::of(File::Results, written(File::Results), &ds.results, result_cell));
    }
    out
}

/// A header row of the table's columns and a row per record, with LF line ends.
fn csv_bytes(t: &Table) -> Result<Vec<u8>, ExportError> {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    w.write_record(t.columns.iter().map(|c| c.name()))?;
    for r in 0..t.rows() {
        for &c in &t.columns {
            w.write_field(t.cell(r, c).as_bytes())?;
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

fn plan_cell(p: Plan<'_>, col: Col) -> Cow<'_, str> {
    match col {
        Col::Scope => Cow::Borrowed(p.scope),
        Col::Module => Cow::Borrowed(p.module),
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
