//! The types of the native format's two file kinds.
//!
//! A framework folder holds a manifest (`framework.json`, [`Manifest`]) and
//! part files ([`Part`], e.g. `grade-3.json`) that the manifest lists. Inside
//! every array, each record is written on one line, so that a change to a
//! standard or an edge is a one-line diff. A manifest may also hold the
//! sections itself: then it is a whole dataset in one file.
//!
//! These types are the single source of the JSON Schemas under `schema/`
//! (see [`crate::native::schemas`]); the loader reads each record with them, one record at
//! a time, so that one bad record never hides the rest of its file.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// `framework.json`: a framework's metadata, its practices and progression
/// tags, and the part files that hold its standards and edges.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Manifest {
    /// The schema this file follows (for editors).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The framework's metadata.
    pub framework: FrameworkRec,
    /// Mathematical practice standards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practices: Vec<PracticeRec>,
    /// The progression tags that edges may carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progressions: Vec<ProgressionRec>,
    /// Part files, relative to this file, in load order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// Records held by the manifest itself (a one-file dataset).
    #[serde(flatten)]
    pub sections: Sections,
}

/// A part file (`grade-3.json`, `hs-algebra.json`, `plans.json`): records of one framework.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Part {
    /// The schema this file follows (for editors).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Framework id; defaults to the manifest's that lists the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// Default grade of the records in this file: `PK`, `K`, `1`..`12` or `HS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// The records.
    #[serde(flatten)]
    pub sections: Sections,
}

/// The record lists a manifest or a part may hold.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Sections {
    /// Domains (`4.NF`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<DomainRec>,
    /// Clusters (`4.NF.B`) with their focus.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clusters: Vec<ClusterRec>,
    /// Standards and sub-standards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub standards: Vec<StandardRec>,
    /// Directed progression edges: proficiency in `from` supports learning `to`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builds_towards: Vec<EdgeRec>,
    /// Undirected conceptual connections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relates_to: Vec<EdgeRec>,
    /// PD modules and interventions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<ModuleRec>,
    /// Schools, districts, networks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<ScopeRec>,
    /// Which scope adopts which module.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<PlanRec>,
    /// Links to matching standards of other frameworks (CASE exactMatchOf).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crosswalks: Vec<CrosswalkRec>,
    /// Associations of types no check uses, kept as imported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<AssociationRec>,
}

/// A standard's match in another framework.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CrosswalkRec {
    /// This framework's code.
    pub from: String,
    /// The matching code (`ccss-math:4.NF.B.3`) or an identifier outside the data.
    pub to: String,
}

/// An association kept as imported.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AssociationRec {
    /// Its type, as written (`exemplar`, `ext:hasExample`).
    pub kind: String,
    /// Origin code.
    pub from: String,
    /// Destination code or identifier.
    pub to: String,
}

/// A framework's metadata.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FrameworkRec {
    /// Short id used to qualify codes (`ccss-math:4.NF.B.3`).
    pub id: String,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Version or year of adoption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Who publishes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Licence note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// What a reviewer should know about the dataset as a whole (e.g. where its flags come from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A mathematical practice standard.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PracticeRec {
    /// Code (`MP1`).
    pub id: String,
    /// Short title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// One sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// A progression tag that builds_towards edges carry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ProgressionRec {
    /// The tag (`NF.3-5`).
    pub tag: String,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Grades spanned (`3-5`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grades: Option<String>,
}

/// A domain.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DomainRec {
    /// Code (`4.NF`, `HSN-RN`).
    pub id: String,
    /// Grade; defaults to the file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("pattern" = GRADE_PATTERN))]
    pub grade: Option<String>,
    /// Short title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// High-school conceptual category: `Number and Quantity`, `Algebra`,
    /// `Functions`, `Geometry`, `Statistics and Probability`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// A cluster.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ClusterRec {
    /// Code (`4.NF.B`).
    pub id: String,
    /// Domain code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Grade; defaults to the file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("pattern" = GRADE_PATTERN))]
    pub grade: Option<String>,
    /// `major`, `supporting` or `additional` (read without regard to case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["major", "supporting", "additional", null]))]
    pub focus: Option<String>,
    /// Short title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The grades the engine reads: `PK`, `K`, `0`..`12` (zero-padding allowed), `HS`, any case.
pub const GRADE_PATTERN: &str = "^([pP][kK]|[kK]|[hH][sS]|0*([0-9]|1[0-2]))$";

/// A standard or sub-standard.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StandardRec {
    /// Code, unique in the framework (`4.NF.B.3a`).
    pub id: String,
    /// Grade; defaults to the file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("pattern" = GRADE_PATTERN))]
    pub grade: Option<String>,
    /// Domain code; defaults to the cluster's domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Cluster code; a sub-standard defaults to its parent's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// Focus; defaults to the cluster's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["major", "supporting", "additional", null]))]
    pub focus: Option<String>,
    /// Parent standard, for sub-standards only (not the cluster).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// One sentence in the dataset's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The official statement, where it was imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// Why it is an entry, or anything a reviewer should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A progression legitimately starts here (say why in `note`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub entry: bool,
    /// A widely applicable prerequisite: priority work in high school, which
    /// has no focus (say why in `note`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub wap: bool,
    /// A high-school modeling standard (the star).
    #[serde(default, skip_serializing_if = "is_false")]
    pub modeling: bool,
    /// An advanced (+) standard.
    #[serde(default, skip_serializing_if = "is_false")]
    pub plus: bool,
    /// High-school course pathways that include it: `Algebra I`, `Geometry`,
    /// `Algebra II`, `Mathematics I`, `Mathematics II`, `Mathematics III`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<String>,
}

/// An edge; in `relates_to` the order of the ends carries no meaning.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EdgeRec {
    /// Standard code (or `framework:code`).
    pub from: String,
    /// Standard code (or `framework:code`).
    pub to: String,
    /// The progression the edge belongs to (`NF.3-5`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progression: Option<String>,
    /// Why the link holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A PD module or intervention.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ModuleRec {
    /// Module id.
    pub id: String,
    /// `pd` or `intervention`.
    #[schemars(extend("enum" = ["pd", "intervention"]))]
    pub kind: String,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Who delivers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Standards it addresses.
    pub standards: Vec<String>,
    /// MTSS tier (`1`, `2`, `3`), interventions only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// ESSA evidence level, interventions only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// A school, district or network.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScopeRec {
    /// Scope id.
    pub id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Framework followed; required when the data holds more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// Enclosing scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Lowest grade served.
    #[schemars(extend("pattern" = GRADE_PATTERN))]
    pub grade_lo: String,
    /// Highest grade served.
    #[schemars(extend("pattern" = GRADE_PATTERN))]
    pub grade_hi: String,
}

/// A scope adopts a module.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PlanRec {
    /// Scope id.
    pub scope: String,
    /// Module id.
    pub module: String,
    /// Position in the scope's PD calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<i64>,
}
