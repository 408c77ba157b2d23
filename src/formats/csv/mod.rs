//! The CSV interchange of `shared/spec/csv-interchange.md`, with the
//! engine's own `crosswalk.csv` and `results.csv`: seven files, each with
//! its columns. The reader and the writer ([`to_csv`]) take file and
//! column names from `File` and `Col` here, so the two cannot drift. The
//! same tables make the dataset workbook ([`to_xlsx`]), a sheet per file.

mod read;
pub(crate) mod records;
mod rows;
mod workbook;
mod write;
mod xlsx_write;

pub(crate) use read::{load_files, load_with_sheets};
pub(crate) use workbook::{is_workbook, load as load_workbook};
pub use write::to_csv;
pub use xlsx_write::to_xlsx;

use crate::model::Dataset;

/// A file of the interchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum File {
    /// `standards.csv`
    Standards,
    /// `progressions.csv`
    Progressions,
    /// `modules.csv`
    Modules,
    /// `scopes.csv`
    Scopes,
    /// `plans.csv`
    Plans,
    /// `crosswalk.csv`
    Crosswalk,
    /// `results.csv`: students' results, the engine's own file (README, Student results).
    Results,
}

/// The seven file names of the interchange, in load order.
pub(crate) const FILE_NAMES: [&str; 7] = [
    File::Standards.name(),
    File::Progressions.name(),
    File::Modules.name(),
    File::Scopes.name(),
    File::Plans.name(),
    File::Crosswalk.name(),
    File::Results.name(),
];

impl File {
    /// Every file, in load order.
    pub(crate) const ALL: [File; 7] =
        [File::Standards, File::Progressions, File::Modules, File::Scopes, File::Plans, File::Crosswalk, File::Results];

    /// The file name.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            File::Standards => "standards.csv",
            File::Progressions => "progressions.csv",
            File::Modules => "modules.csv",
            File::Scopes => "scopes.csv",
            File::Plans => "plans.csv",
            File::Crosswalk => "crosswalk.csv",
            File::Results => "results.csv",
        }
    }

    /// The file of a name, compared without regard to case.
    pub(crate) fn from_name(name: &str) -> Option<File> {
        File::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The columns the reader requires, and the ones it reads when present.
    pub(crate) fn columns(self) -> (&'static [Col], &'static [Col]) {
        use Col::*;
        match self {
            File::Standards => (
                &[Id, Grade],
                &[
                    Framework, Domain, Cluster, Focus, Parent, Entry, Wap, Summary, Note, Statement, Modeling, Plus,
                    Courses,
                ],
            ),
            File::Progressions => (&[From, To, Kind], &[Progression, Note]),
            File::Modules => (&[Id, Kind, Standards], &[Title, Provider, Tier, Evidence]),
            File::Scopes => (&[Id, GradeLo, GradeHi], &[Name, Framework, Parent]),
            File::Plans => (&[Scope, Module], &[Sequence]),
            File::Crosswalk => (&[StateCode, CcssCode], &[Framework]),
            File::Results => (&[Scope, Standard, Tested, Proficient], &[Term]),
        }
    }

    /// The columns the writer puts in every file of this kind, in order; a
    /// standards file adds [`OPTIONAL_STANDARD_COLUMNS`] that the data uses.
    pub(crate) fn written(self) -> &'static [Col] {
        use Col::*;
        match self {
            File::Standards => &[Id, Framework, Grade, Domain, Cluster, Focus, Parent, Entry, Summary, Note],
            File::Progressions => &[From, To, Kind, Progression, Note],
            File::Modules => &[Id, Kind, Title, Provider, Standards, Tier, Evidence],
            File::Scopes => &[Id, Name, Framework, Parent, GradeLo, GradeHi],
            File::Plans => &[Scope, Module, Sequence],
            File::Crosswalk => &[StateCode, CcssCode, Framework],
            File::Results => &[Scope, Standard, Term, Tested, Proficient],
        }
    }

    /// Reserves room in `ds` for about `rows` records of this file.
    pub(crate) fn reserve(self, ds: &mut Dataset, rows: usize) {
        match self {
            File::Standards => ds.standards.reserve(rows),
            File::Progressions => ds.edges.reserve(rows),
            File::Modules => ds.modules.reserve(rows),
            File::Scopes => ds.scopes.reserve(rows),
            File::Plans => ds.plans.reserve(rows),
            File::Crosswalk => ds.crosswalks.reserve(rows),
            File::Results => ds.results.reserve(rows),
        }
    }
}

/// Whether `file` (a path as findings name it) is a `results.csv`, or the
/// `results` sheet of a workbook (`district.xlsx[results]`): the engine's own
/// file, whose findings the spec's summary does not count
/// (coherence-checks.md, Fine print: files beyond the five).
pub fn is_results_file(file: &str) -> bool {
    if let (_, Some(sheet)) = split_sheet(file) {
        return File::from_name(&format!("{}.csv", sheet.trim())) == Some(File::Results);
    }
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    File::from_name(base) == Some(File::Results)
}

/// A file as findings name it, split into the file and the sheet of a
/// workbook: `plans.xlsx[plans]` is (`plans.xlsx`, `plans`); a file without
/// a sheet is itself, with none.
pub fn split_sheet(file: &str) -> (&str, Option<&str>) {
    match file.strip_suffix(']').and_then(|f| f.rsplit_once('[')) {
        Some((path, sheet)) if workbook::is_workbook(std::path::Path::new(path)) => (path, Some(sheet)),
        _ => (file, None),
    }
}

/// Columns of `standards.csv` written only when some standard has a value in them.
pub(crate) const OPTIONAL_STANDARD_COLUMNS: [Col; 5] =
    [Col::Wap, Col::Statement, Col::Modeling, Col::Plus, Col::Courses];

/// A column of the interchange files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    Id,
    Grade,
    Framework,
    Domain,
    Cluster,
    Focus,
    Parent,
    Entry,
    Wap,
    Summary,
    Note,
    Statement,
    Modeling,
    Plus,
    Courses,
    From,
    To,
    Kind,
    Progression,
    Standards,
    Title,
    Provider,
    Tier,
    Evidence,
    GradeLo,
    GradeHi,
    Name,
    Scope,
    Module,
    Sequence,
    StateCode,
    CcssCode,
    Standard,
    Term,
    Tested,
    Proficient,
}

/// How many [`Col`] variants there are.
pub(crate) const COLS: usize = Col::Proficient as usize + 1;

impl Col {
    /// The column's name in a header row.
    pub(crate) fn name(self) -> &'static str {
        use Col::*;
        match self {
            Id => "id",
            Grade => "grade",
            Framework => "framework",
            Domain => "domain",
            Cluster => "cluster",
            Focus => "focus",
            Parent => "parent",
            Entry => "entry",
            Wap => "wap",
            Summary => "summary",
            Note => "note",
            Statement => "statement",
            Modeling => "modeling",
            Plus => "plus",
            Courses => "courses",
            From => "from",
            To => "to",
            Kind => "kind",
            Progression => "progression",
            Standards => "standards",
            Title => "title",
            Provider => "provider",
            Tier => "tier",
            Evidence => "evidence",
            GradeLo => "grade_lo",
            GradeHi => "grade_hi",
            Name => "name",
            Scope => "scope",
            Module => "module",
            Sequence => "sequence",
            StateCode => "state_code",
            CcssCode => "ccss_code",
            Standard => "standard",
            Term => "term",
            Tested => "tested",
            Proficient => "proficient",
        }
    }
}

/// How a list is written in one cell.
pub(crate) const LIST_SEPARATOR: char = ';';

/// Where the reader splits a list: at the separator, or at a comma, which people type too.
pub(crate) const LIST_SEPARATORS: [char; 2] = [LIST_SEPARATOR, ','];

/// How a true flag is written; the reader takes `true` in any case, anything else as false.
pub(crate) const TRUE: &str = "true";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_results_sheet_is_a_results_file() {
        assert!(is_results_file("data/results.csv"));
        assert!(is_results_file("data/district.xlsx[Results]"));
        assert!(!is_results_file("data/district.xlsx[plans]"));
        assert!(!is_results_file("data/results.csv[x]"));
        assert_eq!(split_sheet("a/b.ods[plans]"), ("a/b.ods", Some("plans")));
        assert_eq!(split_sheet("a/b[1].csv"), ("a/b[1].csv", None));
    }

    #[test]
    fn every_written_column_is_one_the_reader_reads() {
        for file in File::ALL {
            let (required, optional) = file.columns();
            let extra: &[Col] = if file == File::Standards { &OPTIONAL_STANDARD_COLUMNS } else { &[] };
            for c in file.written().iter().chain(extra) {
                assert!(required.contains(c) || optional.contains(c), "{} writes {}", file.name(), c.name());
            }
            for c in required {
                assert!(file.written().contains(c), "{} must write its required {}", file.name(), c.name());
            }
        }
    }
}
