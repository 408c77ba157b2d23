//! Learning Commons Knowledge Graph exports (read only): the CSV files
//! (`StandardsFrameworkItem.csv`, `StandardsFramework.csv`,
//! `Relationships.csv`, with the columns of the knowledge-graph repository's
//! `import_scripts/postgresql/create_tables.sql`) and the JSONL files
//! (`nodes.jsonl` with labels and properties, `relationships.jsonl` with a
//! type, a source and a target).
//!
//! `buildsTowards` becomes builds_towards, `relatesTo` relates_to,
//! `hasChild` the hierarchy, `hasStandardAlignment` a crosswalk; other types
//! are kept and reported. Items are filtered by jurisdiction and subject.

mod convert;
mod read;

use std::path::Path;

pub use convert::load;

use crate::model::Origin;

/// Which part of the graph to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// `jurisdiction`, e.g. `Multi-State` (all when absent).
    pub jurisdiction: Option<String>,
    /// `academicSubject`, e.g. `Mathematics` (all when absent).
    pub subject: Option<String>,
}

/// The files of an export.
pub(crate) mod file {
    /// The framework items, as CSV.
    pub const ITEMS_CSV: &str = "StandardsFrameworkItem.csv";
    /// The frameworks, as CSV (listed as read; the items carry what is needed).
    pub const FRAMEWORKS_CSV: &str = "StandardsFramework.csv";
    /// The relationships, as CSV.
    pub const RELATIONSHIPS_CSV: &str = "Relationships.csv";
    /// Every node, framework items among them, as JSON lines.
    pub const NODES_JSONL: &str = "nodes.jsonl";
    /// The relationships, as JSON lines.
    pub const RELATIONSHIPS_JSONL: &str = "relationships.jsonl";
}

/// Whether a folder holds a Knowledge Graph export.
pub fn is_lckg(dir: &Path) -> bool {
    dir.join(file::ITEMS_CSV).is_file() || dir.join(file::NODES_JSONL).is_file()
}

/// A property of a framework item: a column of `StandardsFrameworkItem.csv`
/// and a key of a JSONL node's `properties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prop {
    CaseIdentifierUuid,
    Identifier,
    StatementCode,
    NormalizedStatementType,
    StatementType,
    Jurisdiction,
    AcademicSubject,
    GradeLevel,
    Description,
}

impl Prop {
    /// Every property the reader uses.
    pub const ALL: [Prop; 9] = [
        Prop::CaseIdentifierUuid,
        Prop::Identifier,
        Prop::StatementCode,
        Prop::NormalizedStatementType,
        Prop::StatementType,
        Prop::Jurisdiction,
        Prop::AcademicSubject,
        Prop::GradeLevel,
        Prop::Description,
    ];

    /// The columns a CSV export of the items must have.
    pub const REQUIRED: [Prop; 3] = [Prop::CaseIdentifierUuid, Prop::StatementCode, Prop::GradeLevel];

    /// The name as the export writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Prop::CaseIdentifierUuid => "caseIdentifierUUID",
            Prop::Identifier => "identifier",
            Prop::StatementCode => "statementCode",
            Prop::NormalizedStatementType => "normalizedStatementType",
            Prop::StatementType => "statementType",
            Prop::Jurisdiction => "jurisdiction",
            Prop::AcademicSubject => "academicSubject",
            Prop::GradeLevel => "gradeLevel",
            Prop::Description => "description",
        }
    }
}

/// A relationship's type: a column of `Relationships.csv`, and a key JSONL exports may use.
pub(crate) const RELATIONSHIP_TYPE: &str = "relationshipType";

/// The columns of `Relationships.csv` the reader uses, all required.
pub(crate) const RELATIONSHIP_COLUMNS: [&str; 3] = [RELATIONSHIP_TYPE, "sourceEntityValue", "targetEntityValue"];

/// The relationship types read as more than a kept link.
pub(crate) mod relationship {
    /// builds_towards.
    pub const BUILDS_TOWARDS: &str = "buildsTowards";
    /// relates_to.
    pub const RELATES_TO: &str = "relatesTo";
    /// The hierarchy: the source is the parent.
    pub const HAS_CHILD: &str = "hasChild";
    /// A crosswalk from the source to the target.
    pub const HAS_STANDARD_ALIGNMENT: &str = "hasStandardAlignment";
}

/// One framework item, whichever export it came from.
struct Item {
    /// The key relationships name it by.
    key: String,
    /// Another key they may use.
    alt: Option<String>,
    code: String,
    kind: Option<String>,
    jurisdiction: String,
    subject: String,
    grades: Vec<String>,
    statement: Option<String>,
    origin: Origin,
}

/// One relationship, its ends as written.
struct Rel {
    kind: String,
    source: String,
    target: String,
    origin: Origin,
}

/// What an export holds: framework items, relationships, and the files read.
type Export = (Vec<Item>, Vec<Rel>, Vec<String>);
