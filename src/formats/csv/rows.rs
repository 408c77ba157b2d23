//! Reads one row of an interchange file into a record, or a D6 finding.

use std::sync::Arc;

use super::read::Table;
use super::{Col, File, LIST_SEPARATORS, TRUE};
use crate::finding::{Code, Finding};
use crate::load::Loaded;
use crate::model::{
    Crosswalk, Edge, EdgeKind, Focus, Grade, Module, ModuleKind, Origin, Plans, Scope, Standard, StudentResult,
};

/// A row's cells by column: trimmed, empty as `None`.
pub(super) struct Row<'a> {
    table: &'a Table,
    cells: &'a [&'a str],
    /// The file and line: an origin is made only for a record or a finding
    /// (a plan row keeps the line alone), as each costs a count on the file's name.
    file: &'a Arc<str>,
    line: u32,
}

impl<'a> Row<'a> {
    fn get(&self, col: Col) -> Option<&'a str> {
        self.cells.get(self.table.position(col)).map(|c| trim(c)).filter(|s| !s.is_empty())
    }

    fn text(&self, col: Col) -> Option<String> {
        self.get(col).map(str::to_string)
    }

    fn origin(&self) -> Origin {
        Origin::at(self.file, self.line, None)
    }

    fn bad(&self, message: String, help: &str) -> Finding {
        Finding::new(Code::D6, message, help).at(&self.origin())
    }
}

/// What one chunk of a file reads into.
pub(super) struct Part {
    pub(super) loaded: Loaded,
    /// The file's name: each chunk has its own copy, because every row clones
    /// it and threads sharing one reference count would contend for it.
    file: Arc<str>,
    /// Plan ids met in this chunk.
    names: Names,
    /// The scope id of the row before.
    last: Option<u32>,
}

impl Part {
    pub(super) fn new(file: &str) -> Part {
        Part { loaded: Loaded::default(), file: Arc::from(file), names: Default::default(), last: None }
    }
}

/// Reads one record of `file` into the part; a bad row becomes a D6 finding there.
pub(super) fn read_row(table: &Table, line: u32, cells: &[&str], file: File, default_fw: &str, part: &mut Part) {
    // A row whose cells are all empty is no row: spreadsheets leave them at the end.
    if cells.iter().all(|c| trim(c).is_empty()) {
        return;
    }
    let Part { loaded, file: name, names, last } = part;
    let row = Row { table, cells, file: name, line };
    let ds = &mut loaded.dataset;
    let result = match file {
        File::Standards => standard(&row, default_fw).map(|s| ds.standards.push(s)),
        File::Progressions => edge(&row).map(|e| ds.edges.push(e)),
        File::Modules => module(&row).map(|m| ds.modules.push(m)),
        File::Scopes => scope(&row).map(|s| ds.scopes.push(s)),
        File::Plans => plan(&row, names, last, &mut ds.plans),
        File::Crosswalk => crosswalk(&row, default_fw).map(|c| ds.crosswalks.push(c)),
        File::Results => result(&row).map(|r| ds.results.push(r)),
    };
    if let Err(f) = result {
        loaded.findings.push(f);
    }
}

/// Trims white space; most cells have none, and are returned as they are.
pub(super) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

fn missing(row: &Row, what: &str, col: Col) -> Finding {
    row.bad(format!("{what} row dropped: \"{}\" is empty", col.name()), "fill in the cell, or delete the row")
}

fn standard(row: &Row, default_fw: &str) -> Result<Standard, Finding> {
    let id = row.text(Col::Id).ok_or_else(|| missing(row, "standard", Col::Id))?;
    let grade_text = row.get(Col::Grade).ok_or_else(|| missing(row, "standard", Col::Grade))?;
    let grade = Grade::parse(grade_text).ok_or_else(|| {
        row.bad(format!("standard {id} dropped: unknown grade \"{grade_text}\""), "write PK, K, 0..12 or HS")
    })?;
    let focus = match row.get(Col::Focus) {
        None => None,
        Some(f) => Some(Focus::parse(f).ok_or_else(|| {
            row.bad(format!("standard {id} dropped: unknown focus \"{f}\""), "write major, supporting or additional")
        })?),
    };
    let flag = |col: Col| row.get(col).is_some_and(|v| v.eq_ignore_ascii_case(TRUE));
    Ok(Standard {
        framework: row.text(Col::Framework).unwrap_or_else(|| default_fw.to_string()),
        id,
        grade,
        domain: row.text(Col::Domain),
        cluster: row.text(Col::Cluster),
        focus,
        parent: row.text(Col::Parent),
        summary: row.text(Col::Summary),
        statement: row.text(Col::Statement),
        note: row.text(Col::Note),
        entry: flag(Col::Entry),
        wap: flag(Col::Wap),
        modeling: flag(Col::Modeling),
        plus: flag(Col::Plus),
        courses: row.get(Col::Courses).map(split_list).unwrap_or_default(),
        origin: row.origin(),
        parent_origin: row.origin(),
    })
}

fn edge(row: &Row) -> Result<Edge, Finding> {
    let from = row.text(Col::From).ok_or_else(|| missing(row, "edge", Col::From))?;
    let to = row.text(Col::To).ok_or_else(|| missing(row, "edge", Col::To))?;
    let kind_text = row.get(Col::Kind).ok_or_else(|| missing(row, "edge", Col::Kind))?;
    let kind = EdgeKind::parse(kind_text).ok_or_else(|| {
        row.bad(
            format!("edge {from} -> {to} dropped: unknown kind \"{kind_text}\""),
            "write builds_towards or relates_to",
        )
    })?;
    Ok(Edge {
        kind,
        from,
        to,
        progression: row.text(Col::Progression),
        note: row.text(Col::Note),
        origin: row.origin(),
        from_origin: row.origin(),
        to_origin: row.origin(),
    })
}

fn module(row: &Row) -> Result<Module, Finding> {
    let id = row.text(Col::Id).ok_or_else(|| missing(row, "module", Col::Id))?;
    let kind_text = row.get(Col::Kind).ok_or_else(|| missing(row, "module", Col::Kind))?;
    let kind = ModuleKind::parse(kind_text).ok_or_else(|| {
        row.bad(format!("module {id} dropped: unknown kind \"{kind_text}\""), "write pd or intervention")
    })?;
    let standards = split_list(row.get(Col::Standards).unwrap_or(""));
    if standards.is_empty() {
        return Err(row.bad(format!("module {id} dropped: it names no standard"), "list its standards, separated by ;"));
    }
    Ok(Module {
        id,
        kind,
        title: row.text(Col::Title),
        provider: row.text(Col::Provider),
        standards,
        tier: row.text(Col::Tier),
        evidence: row.text(Col::Evidence),
        origin: row.origin(),
    })
}

fn scope(row: &Row) -> Result<Scope, Finding> {
    let id = row.text(Col::Id).ok_or_else(|| missing(row, "scope", Col::Id))?;
    let grade = |col: Col| -> Result<Grade, Finding> {
        let t = row.get(col).ok_or_else(|| missing(row, "scope", col))?;
        Grade::parse(t).ok_or_else(|| {
            row.bad(format!("scope {id} dropped: unknown {} \"{t}\"", col.name()), "write PK, K, 0..12 or HS")
        })
    };
    let (lo, hi) = (grade(Col::GradeLo)?, grade(Col::GradeHi)?);
    if lo.level() > hi.level() {
        return Err(row.bad(
            format!("scope {id} dropped: grade_lo {lo} is above grade_hi {hi}"),
            "swap the two grades, or fix the one that is wrong",
        ));
    }
    Ok(Scope {
        id,
        name: row.text(Col::Name),
        framework: row.text(Col::Framework),
        parent: row.text(Col::Parent),
        grade_lo: lo,
        grade_hi: hi,
        origin: row.origin(),
    })
}

/// Plan ids met in a chunk, by their index in its plans: rows that repeat one share it.
type Names = rustc_hash::FxHashMap<Box<str>, u32>;

fn intern(names: &mut Names, plans: &mut Plans, s: &str) -> u32 {
    if let Some(&i) = names.get(s) {
        return i;
    }
    let i = plans.name(s);
    names.insert(s.into(), i);
    i
}

fn plan(row: &Row, names: &mut Names, last: &mut Option<u32>, plans: &mut Plans) -> Result<(), Finding> {
    let scope = row.get(Col::Scope).ok_or_else(|| missing(row, "plan", Col::Scope))?;
    let module = row.get(Col::Module).ok_or_else(|| missing(row, "plan", Col::Module))?;
    let sequence = match row.get(Col::Sequence) {
        None => None,
        Some(t) => Some(parse_integer(t).ok_or_else(|| {
            row.bad(
                format!("plan row {scope} / {module} dropped: sequence \"{t}\" is not an integer"),
                "write a whole number, or leave the cell empty",
            )
        })?),
    };
    // A plan file lists a scope's rows together: most rows repeat the scope of the row before.
    let scope = match *last {
        Some(l) if plans.id(l) == scope => l,
        _ => {
            let id = intern(names, plans, scope);
            *last = Some(id);
            id
        }
    };
    let module = intern(names, plans, module);
    plans.push_at(scope, module, sequence, row.file, row.line);
    Ok(())
}

fn crosswalk(row: &Row, default_fw: &str) -> Result<Crosswalk, Finding> {
    let from = row.text(Col::StateCode).ok_or_else(|| missing(row, "crosswalk", Col::StateCode))?;
    let to = row.text(Col::CcssCode).ok_or_else(|| missing(row, "crosswalk", Col::CcssCode))?;
    Ok(Crosswalk {
        framework: row.text(Col::Framework).unwrap_or_else(|| default_fw.to_string()),
        from,
        to,
        origin: row.origin(),
    })
}

/// A results row: counts that are whole numbers, at least one student
/// tested, and no more proficient than tested; otherwise a D6 that says which.
fn result(row: &Row) -> Result<StudentResult, Finding> {
    let scope = row.text(Col::Scope).ok_or_else(|| missing(row, "results", Col::Scope))?;
    let standard = row.text(Col::Standard).ok_or_else(|| missing(row, "results", Col::Standard))?;
    let what = format!("results row {scope} / {standard}");
    let count = |col: Col| -> Result<u64, Finding> {
        let t = row.get(col).ok_or_else(|| missing(row, "results", col))?;
        parse_count(t).ok_or_else(|| {
            row.bad(
                format!("{what} dropped: {} \"{t}\" is not a whole number", col.name()),
                "write a count of students, such as 48",
            )
        })
    };
    let (tested, proficient) = (count(Col::Tested)?, count(Col::Proficient)?);
    if tested == 0 {
        return Err(row.bad(
            format!("{what} dropped: tested is 0, so there is no share proficient"),
            "leave out the standards no student was tested on",
        ));
    }
    if proficient > tested {
        return Err(row.bad(
            format!("{what} dropped: proficient {proficient} is more than tested {tested}"),
            "proficient counts students among those tested: fix one of the two",
        ));
    }
    Ok(StudentResult { scope, standard, term: row.text(Col::Term), tested, proficient, origin: row.origin() })
}

/// A count: digits only (zero-padding allowed), within 64 bits.
fn parse_count(t: &str) -> Option<u64> {
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// A list in one cell, separated by `;` or `,` (csv-interchange.md).
fn split_list(cell: &str) -> Vec<String> {
    cell.split(LIST_SEPARATORS).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// An integer with an optional sign; zero-padding allowed.
fn parse_integer(t: &str) -> Option<i64> {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}
