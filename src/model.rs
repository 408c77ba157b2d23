//! Plain data types: frameworks, standards, edges, modules, scopes, plans.
//!
//! Nothing here reads files or knows about the graph. Records keep the
//! [`Origin`] they were read from so that every later finding can point a
//! person at the file and line to fix.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Where a record (or one of its values) came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Origin {
    /// The file as the user named it (or `builtin:ccss-math/grade-3.json`).
    pub file: Arc<str>,
    /// 1-based line, where the format has lines.
    pub line: Option<u32>,
    /// 1-based column in characters, where known.
    pub column: Option<u32>,
}

impl Origin {
    /// An origin with a file only.
    pub fn file(file: &Arc<str>) -> Origin {
        Origin { file: file.clone(), line: None, column: None }
    }

    /// An origin with file and line.
    pub fn at(file: &Arc<str>, line: u32, column: Option<u32>) -> Origin {
        Origin { file: file.clone(), line: Some(line), column }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        Ok(())
    }
}

/// A grade level. `HS` (the high-school band) orders as 9, `PK` as -1.
///
/// The spelling is kept (`HS` stays `HS`, `9` stays `9`) while every
/// comparison uses [`Grade::level`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    /// Pre-kindergarten.
    PreK,
    /// Kindergarten.
    K,
    /// Grades 1 to 12.
    Num(u8),
    /// The high-school band, ordered as 9.
    HighSchool,
}

impl Grade {
    /// Reads `PK`, `K`, `0`..`12` (zero-padding allowed) and `HS`, in any case.
    pub fn parse(text: &str) -> Option<Grade> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("PK") {
            return Some(Grade::PreK);
        }
        if t.eq_ignore_ascii_case("K") {
            return Some(Grade::K);
        }
        if t.eq_ignore_ascii_case("HS") {
            return Some(Grade::HighSchool);
        }
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            // Zero-padding is allowed (`03`), however long.
            let digits = t.trim_start_matches('0');
            if digits.len() > 2 {
                return None;
            }
            return match digits.parse::<u8>().unwrap_or(0) {
                0 => Some(Grade::K),
                n @ 1..=12 => Some(Grade::Num(n)),
                _ => None,
            };
        }
        None
    }

    /// The order of grades: PK = -1, K = 0, 1..12, HS = 9.
    pub fn level(self) -> i8 {
        match self {
            Grade::PreK => -1,
            Grade::K => 0,
            Grade::Num(n) => n as i8,
            Grade::HighSchool => 9,
        }
    }

    /// The grade of an education level as interchange formats give it
    /// (lowest of a range): -1 PK, 0 K, 1..8, and 9 or above the high-school band.
    pub fn from_level(level: i8) -> Grade {
        match level {
            i8::MIN..=-1 => Grade::PreK,
            0 => Grade::K,
            l if l >= 9 => Grade::HighSchool,
            l => Grade::Num(l as u8),
        }
    }

    /// The canonical spelling: `PK`, `K`, `1`..`12`, `HS`.
    pub fn as_str(self) -> &'static str {
        const NUMS: [&str; 13] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];
        match self {
            Grade::PreK => "PK",
            Grade::K => "K",
            Grade::Num(n) => NUMS[n as usize],
            Grade::HighSchool => "HS",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The emphasis of a cluster in the Common Core focus documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Focus {
    /// Major work of the grade.
    Major,
    /// Supports the major work.
    Supporting,
    /// Additional work.
    Additional,
}

impl Focus {
    /// Reads `major`, `supporting`, `additional` in any case.
    pub fn parse(text: &str) -> Option<Focus> {
        match text.trim().to_ascii_lowercase().as_str() {
            "major" => Some(Focus::Major),
            "supporting" => Some(Focus::Supporting),
            "additional" => Some(Focus::Additional),
            _ => None,
        }
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Focus::Major => "major",
            Focus::Supporting => "supporting",
            Focus::Additional => "additional",
        }
    }
}

/// The two kinds of progression edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// Directed: proficiency in `from` supports learning `to`.
    BuildsTowards,
    /// Undirected conceptual connection.
    RelatesTo,
}

impl EdgeKind {
    /// Reads `builds_towards` or `relates_to` in any case.
    pub fn parse(text: &str) -> Option<EdgeKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "builds_towards" => Some(EdgeKind::BuildsTowards),
            "relates_to" => Some(EdgeKind::RelatesTo),
            _ => None,
        }
    }

    /// The snake-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::BuildsTowards => "builds_towards",
            EdgeKind::RelatesTo => "relates_to",
        }
    }
}

/// PD module or intervention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModuleKind {
    /// Professional development for teachers.
    Pd,
    /// An intervention for students.
    Intervention,
}

impl ModuleKind {
    /// Reads `pd` or `intervention` in any case.
    pub fn parse(text: &str) -> Option<ModuleKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "pd" => Some(ModuleKind::Pd),
            "intervention" => Some(ModuleKind::Intervention),
            _ => None,
        }
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ModuleKind::Pd => "pd",
            ModuleKind::Intervention => "intervention",
        }
    }
}

/// A framework's metadata (from a manifest, or implied by a CSV folder).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Framework {
    /// Short id, e.g. `ccss-math`.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Version or year.
    pub version: Option<String>,
    /// Where it comes from.
    pub source: Option<String>,
    /// Licence note.
    pub licence: Option<String>,
    /// What a reviewer should know about the dataset as a whole.
    pub notes: Option<String>,
    /// Progression tags the framework's edges use, with their titles.
    pub progressions: Vec<ProgressionTag>,
    /// Where it was declared.
    pub origin: Origin,
}

/// A documented progression tag such as `NF.3-5`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProgressionTag {
    /// The tag.
    pub tag: String,
    /// What it is.
    pub title: Option<String>,
    /// The grades it spans, as text (`3-5`).
    pub grades: Option<String>,
}

/// A domain (e.g. `4.NF`). Data about standards, not a graph node.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Domain {
    /// Framework id.
    pub framework: String,
    /// Domain id.
    pub id: String,
    /// Grade, where the domain belongs to one.
    pub grade: Option<Grade>,
    /// Short title.
    pub title: Option<String>,
    /// High-school conceptual category (`Algebra`), where it has one.
    pub category: Option<String>,
    /// Where it was read.
    pub origin: Origin,
}

/// A cluster (e.g. `4.NF.B`) with its focus.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cluster {
    /// Framework id.
    pub framework: String,
    /// Cluster id.
    pub id: String,
    /// Domain id.
    pub domain: Option<String>,
    /// Grade, where known.
    pub grade: Option<Grade>,
    /// Focus.
    pub focus: Option<Focus>,
    /// Short title.
    pub title: Option<String>,
    /// Where it was read.
    pub origin: Origin,
}

/// A mathematical practice standard (MP1..MP8).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Practice {
    /// Framework id.
    pub framework: String,
    /// Practice id.
    pub id: String,
    /// Short title.
    pub title: Option<String>,
    /// One-sentence summary.
    pub summary: Option<String>,
    /// Where it was read.
    pub origin: Origin,
}

/// A standard or sub-standard: a node of the progression graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Standard {
    /// Framework id.
    pub framework: String,
    /// Code, unique within the framework (`4.NF.B.3a`).
    pub id: String,
    /// Grade.
    pub grade: Grade,
    /// Domain id.
    pub domain: Option<String>,
    /// Cluster id.
    pub cluster: Option<String>,
    /// Focus (from the cluster unless given).
    pub focus: Option<Focus>,
    /// Parent standard, for sub-standards, as written.
    pub parent: Option<String>,
    /// Short summary in the dataset's own words.
    pub summary: Option<String>,
    /// Official statement, where imported.
    pub statement: Option<String>,
    /// Why it is an entry, or anything a reviewer should know.
    pub note: Option<String>,
    /// A progression legitimately starts here.
    pub entry: bool,
    /// A widely applicable prerequisite: high school's priority work (the spec's `wap`).
    pub wap: bool,
    /// High-school modeling standard (the star).
    pub modeling: bool,
    /// Advanced (+) standard.
    pub plus: bool,
    /// High-school course pathways that include it (`Algebra I`, `Mathematics I`).
    pub courses: Vec<String>,
    /// Where it was read.
    pub origin: Origin,
    /// Where its `parent` value stands.
    pub parent_origin: Origin,
}

impl Standard {
    /// A standard with its framework, id, grade and place, and nothing else
    /// said of it: no domain, cluster, focus, parent, text or flags.
    pub fn bare(framework: String, id: String, grade: Grade, origin: Origin) -> Standard {
        Standard {
            framework,
            id,
            grade,
            domain: None,
            cluster: None,
            focus: None,
            parent: None,
            summary: None,
            statement: None,
            note: None,
            entry: false,
            wap: false,
            modeling: false,
            plus: false,
            courses: Vec::new(),
            parent_origin: origin.clone(),
            origin,
        }
    }
}

/// A progression edge as written: references are unresolved text.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// builds_towards or relates_to.
    pub kind: EdgeKind,
    /// Source reference (a code, `framework:code`, or an alias).
    pub from: String,
    /// Target reference.
    pub to: String,
    /// Progression tag such as `NF.3-5`.
    pub progression: Option<String>,
    /// Why the link holds.
    pub note: Option<String>,
    /// Where the record stands.
    pub origin: Origin,
    /// Where the `from` value stands.
    pub from_origin: Origin,
    /// Where the `to` value stands.
    pub to_origin: Origin,
}

/// A PD module or intervention.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Module id.
    pub id: String,
    /// pd or intervention.
    pub kind: ModuleKind,
    /// Title.
    pub title: Option<String>,
    /// Provider.
    pub provider: Option<String>,
    /// Standard references as written.
    pub standards: Vec<String>,
    /// MTSS tier (interventions).
    pub tier: Option<String>,
    /// ESSA evidence level (interventions).
    pub evidence: Option<String>,
    /// Where it was read.
    pub origin: Origin,
}

/// A school, district or network.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// Scope id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Framework it follows, as written.
    pub framework: Option<String>,
    /// Enclosing scope id.
    pub parent: Option<String>,
    /// Lowest grade served.
    pub grade_lo: Grade,
    /// Highest grade served.
    pub grade_hi: Grade,
    /// Where it was read.
    pub origin: Origin,
}

/// A scope adopts a module, with an optional sequence number: one row of
/// [`Plans`], which holds its ids and its file.
///
/// A national plan file has millions of rows, so a row is 40 bytes of
/// numbers: its ids are indices into the table's names (each id stored once
/// per chunk of a file read, see [`Plans::name`]) and its place is a file index, a
/// line and a column. Read a row through [`Plans::iter`] or [`Plans::get`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanRow {
    /// Scope id, an index into the names of its [`Plans`].
    pub scope: u32,
    /// Module id, an index into the names of its [`Plans`].
    pub module: u32,
    /// Position in the PD calendar.
    pub sequence: Option<i64>,
    /// Where it was read: an index into the files of its [`Plans`] (`u32::MAX`: nowhere), the line and column (0: unknown).
    file: u32,
    line: u32,
    column: u32,
}

/// The plan rows of a dataset, in the order read, with the ids and files they name.
#[derive(Debug, Clone, Default)]
pub struct Plans {
    rows: Vec<PlanRow>,
    /// Every id, one after another; `ends[i]` is where id `i` ends.
    text: String,
    ends: Vec<usize>,
    files: Vec<Arc<str>>,
}

/// One plan row as read: its ids, its sequence number and its place.
#[derive(Debug, Clone, Copy)]
pub struct Plan<'a> {
    /// Scope id.
    pub scope: &'a str,
    /// Module id.
    pub module: &'a str,
    /// Position in the PD calendar.
    pub sequence: Option<i64>,
    /// The row, for its place.
    pub row: &'a PlanRow,
    plans: &'a Plans,
}

impl Plan<'_> {
    /// Where the row was read.
    pub fn origin(&self) -> Origin {
        self.plans.origin(self.row)
    }
}

impl PartialEq for Plans {
    /// Rows compared by what they say and where they were read, however their ids are stored.
    fn eq(&self, other: &Plans) -> bool {
        self.len() == other.len()
            && self.iter().zip(other.iter()).all(|(a, b)| {
                (a.scope, a.module, a.sequence) == (b.scope, b.module, b.sequence) && a.origin() == b.origin()
            })
    }
}

impl Plans {
    /// Stores an id and returns its index; the caller shares an index among the rows that name the same id.
    pub fn name(&mut self, id: &str) -> u32 {
        self.text.push_str(id);
        self.ends.push(self.text.len());
        (self.ends.len() - 1) as u32
    }

    /// The id stored at `index`.
    pub fn id(&self, index: u32) -> &str {
        let i = index as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// How many ids are stored (an id read in several chunks is stored once per chunk).
    pub fn names(&self) -> usize {
        self.ends.len()
    }

    /// Appends a row naming ids already stored (see [`Plans::name`]), read at `origin`.
    pub fn push_named(&mut self, scope: u32, module: u32, sequence: Option<i64>, origin: &Origin) {
        // A row read nowhere (made in code) names no file.
        let file = if origin.file.is_empty() && origin.line.is_none() { u32::MAX } else { self.file(&origin.file) };
        let (line, column) = (origin.line.unwrap_or(0), origin.column.unwrap_or(0));
        self.rows.push(PlanRow { scope, module, sequence, file, line, column });
    }

    /// The index of `file` among the files, added when new; compared by
    /// address first, as the rows of a chunk share one name.
    fn file(&mut self, file: &Arc<str>) -> u32 {
        let index = match self.files.last() {
            Some(last) if Arc::ptr_eq(last, file) => Some(self.files.len() - 1),
            _ => self.files.iter().position(|f| f == file),
        };
        index.unwrap_or_else(|| {
            self.files.push(file.clone());
            self.files.len() - 1
        }) as u32
    }

    /// Appends a row naming ids already stored, read at `line` of `file`
    /// (compared by address first: the rows of a chunk share one name).
    pub fn push_at(&mut self, scope: u32, module: u32, sequence: Option<i64>, file: &Arc<str>, line: u32) {
        let file = self.file(file);
        self.rows.push(PlanRow { scope, module, sequence, file, line, column: 0 });
    }

    /// Appends a row naming ids already stored, read at `line` and `column` of `file`.
    pub fn push_placed(
        &mut self,
        scope: u32,
        module: u32,
        sequence: Option<i64>,
        file: &Arc<str>,
        line: u32,
        column: u32,
    ) {
        let file = self.file(file);
        self.rows.push(PlanRow { scope, module, sequence, file, line, column });
    }

    /// Appends a row, storing its ids.
    pub fn push(&mut self, scope: &str, module: &str, sequence: Option<i64>, origin: &Origin) {
        let (s, m) = (self.name(scope), self.name(module));
        self.push_named(s, m, sequence, origin);
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Room for `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.rows.reserve(rows);
    }

    /// The rows, as stored.
    pub fn rows(&self) -> &[PlanRow] {
        &self.rows
    }

    /// Row `i` as read.
    pub fn get(&self, i: usize) -> Plan<'_> {
        let row = &self.rows[i];
        Plan { scope: self.id(row.scope), module: self.id(row.module), sequence: row.sequence, row, plans: self }
    }

    /// The rows as read, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Plan<'_>> + '_ {
        (0..self.rows.len()).map(|i| self.get(i))
    }

    /// Where a row was read.
    pub fn origin(&self, row: &PlanRow) -> Origin {
        let file = self.files.get(row.file as usize).cloned().unwrap_or_default();
        let nonzero = |n: u32| (n > 0).then_some(n);
        Origin { file, line: nonzero(row.line), column: nonzero(row.column) }
    }

    /// Appends another table's rows after these, its ids and files renumbered.
    pub fn extend(&mut self, other: Plans) {
        if self.rows.is_empty() && self.ends.is_empty() && self.files.is_empty() {
            *self = other;
            return;
        }
        let names = self.ends.len() as u32;
        let text = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + text));
        let files: Vec<u32> = other.files.iter().map(|f| self.file(f)).collect();
        // Chunks of a national plan file are joined here: millions of rows, renumbered in parallel.
        use rayon::prelude::*;
        self.rows.par_extend(other.rows.par_iter().map(|r| PlanRow {
            scope: r.scope + names,
            module: r.module + names,
            file: files.get(r.file as usize).copied().unwrap_or(u32::MAX),
            ..*r
        }));
    }

    /// The same rows read nowhere.
    pub fn clear_origins(&mut self) {
        self.files.clear();
        for r in &mut self.rows {
            (r.file, r.line, r.column) = (u32::MAX, 0, 0);
        }
    }
}

/// A link from a standard to its match in another framework (CASE
/// `exactMatchOf`, a crosswalk row): codes or identifiers as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Crosswalk {
    /// Framework of `from`.
    pub framework: String,
    /// The standard's code.
    pub from: String,
    /// What it matches: a code, or an identifier outside the data.
    pub to: String,
    /// Where it was read.
    pub origin: Origin,
}

/// Students' results on one standard in one scope (`results.csv`): how many
/// were tested and how many of them were proficient, in an optional term.
/// The engine's own record, beyond the spec's files: no count of the spec's
/// summary depends on it.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentResult {
    /// Scope id, as written.
    pub scope: String,
    /// Standard reference, as written.
    pub standard: String,
    /// The term the results are of (`2025-spring`); terms order as text.
    pub term: Option<String>,
    /// Students tested, at least 1.
    pub tested: u64,
    /// Of them, those proficient: at most `tested`.
    pub proficient: u64,
    /// Where it was read.
    pub origin: Origin,
}

/// An association of a type no check uses (CASE `exemplar`, `ext:` types),
/// kept as written so that nothing read is lost.
#[derive(Debug, Clone, PartialEq)]
pub struct Association {
    /// Framework of `from`.
    pub framework: String,
    /// The association type, as written.
    pub kind: String,
    /// Origin code.
    pub from: String,
    /// Destination code or identifier.
    pub to: String,
    /// Where it was read.
    pub origin: Origin,
}

/// Everything loaded, as written (references unresolved).
///
/// Rows that failed D6 are already dropped; duplicates (D1) and dangling
/// references (D2) are found when the graph is built.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    /// Frameworks declared by manifests or implied by CSV folders.
    pub frameworks: Vec<Framework>,
    /// Domains.
    pub domains: Vec<Domain>,
    /// Clusters.
    pub clusters: Vec<Cluster>,
    /// Practice standards.
    pub practices: Vec<Practice>,
    /// Standards and sub-standards.
    pub standards: Vec<Standard>,
    /// Progression edges.
    pub edges: Vec<Edge>,
    /// Modules.
    pub modules: Vec<Module>,
    /// Scopes.
    pub scopes: Vec<Scope>,
    /// Plan rows.
    pub plans: Plans,
    /// Links to matching standards of other frameworks.
    pub crosswalks: Vec<Crosswalk>,
    /// Associations kept as written.
    pub associations: Vec<Association>,
    /// Students' results per scope and standard.
    pub results: Vec<StudentResult>,
}

impl Dataset {
    /// Reserves room for the records of `parts`, so that joining them copies each record once.
    pub fn reserve_for<'a>(&mut self, parts: impl Iterator<Item = &'a Dataset> + Clone) {
        let sum = |f: fn(&Dataset) -> usize| parts.clone().map(f).sum::<usize>();
        self.standards.reserve(sum(|d| d.standards.len()));
        self.edges.reserve(sum(|d| d.edges.len()));
        self.modules.reserve(sum(|d| d.modules.len()));
        self.scopes.reserve(sum(|d| d.scopes.len()));
        self.plans.reserve(sum(|d| d.plans.len()));
        self.crosswalks.reserve(sum(|d| d.crosswalks.len()));
        self.results.reserve(sum(|d| d.results.len()));
    }

    /// Appends another dataset's records after this one's.
    pub fn extend(&mut self, other: Dataset) {
        for fw in other.frameworks {
            match self.frameworks.iter_mut().find(|f| f.id == fw.id) {
                Some(existing) => {
                    // A second source for the same framework adds records, and fills metadata it lacked.
                    existing.title = existing.title.take().or(fw.title);
                    existing.version = existing.version.take().or(fw.version);
                    existing.source = existing.source.take().or(fw.source);
                    existing.licence = existing.licence.take().or(fw.licence);
                    existing.notes = existing.notes.take().or(fw.notes);
                    for p in fw.progressions {
                        if !existing.progressions.iter().any(|q| q.tag == p.tag) {
                            existing.progressions.push(p);
                        }
                    }
                }
                None => self.frameworks.push(fw),
            }
        }
        self.domains.extend(other.domains);
        self.clusters.extend(other.clusters);
        self.practices.extend(other.practices);
        self.standards.extend(other.standards);
        self.edges.extend(other.edges);
        self.modules.extend(other.modules);
        self.scopes.extend(other.scopes);
        self.plans.extend(other.plans);
        self.crosswalks.extend(other.crosswalks);
        self.associations.extend(other.associations);
        self.results.extend(other.results);
    }
}

impl Dataset {
    /// Fills values a record may leave to its context: a sub-standard's
    /// cluster from its parent, a standard's domain and focus from its
    /// cluster, a cluster's domain and grade as given. Values already set are
    /// never changed, so filling twice changes nothing.
    pub fn fill_derived(&mut self) {
        use rustc_hash::FxHashMap as HashMap;
        type Key<'a> = (&'a str, &'a str);
        let clusters: HashMap<Key, (Option<String>, Option<Focus>)> = self
            .clusters
            .iter()
            .map(|c| ((c.framework.as_str(), c.id.as_str()), (c.domain.clone(), c.focus)))
            .collect();
        // A sub-standard's parent may itself be a sub-standard: a few passes reach the top.
        for _ in 0..3 {
            let orphans = self.standards.iter().filter(|s| s.cluster.is_none() && s.parent.is_some()).count();
            if orphans == 0 {
                break;
            }
            let by_id: HashMap<Key, &str> = self
                .standards
                .iter()
                .filter_map(|s| Some(((s.framework.as_str(), s.id.as_str()), s.cluster.as_deref()?)))
                .collect();
            let found: Vec<(usize, String)> = self
                .standards
                .iter()
                .enumerate()
                .filter(|(_, s)| s.cluster.is_none())
                .filter_map(|(i, s)| Some((i, by_id.get(&(s.framework.as_str(), s.parent.as_deref()?))?.to_string())))
                .collect();
            if found.is_empty() {
                break;
            }
            for (i, c) in found {
                self.standards[i].cluster = Some(c);
            }
        }
        for s in &mut self.standards {
            let Some(c) = &s.cluster else { continue };
            if let Some((domain, focus)) = clusters.get(&(s.framework.as_str(), c.as_str())) {
                if s.domain.is_none() {
                    s.domain = domain.clone();
                }
                if s.focus.is_none() {
                    s.focus = *focus;
                }
            }
        }
    }

    /// The same records with every origin cleared: for comparing datasets
    /// read from different files.
    pub fn without_origins(&self) -> Dataset {
        let mut d = self.clone();
        let blank = Origin::default();
        d.frameworks.iter_mut().for_each(|x| x.origin = blank.clone());
        d.domains.iter_mut().for_each(|x| x.origin = blank.clone());
        d.clusters.iter_mut().for_each(|x| x.origin = blank.clone());
        d.practices.iter_mut().for_each(|x| x.origin = blank.clone());
        d.standards.iter_mut().for_each(|x| {
            x.origin = blank.clone();
            x.parent_origin = blank.clone();
        });
        d.edges.iter_mut().for_each(|x| {
            x.origin = blank.clone();
            x.from_origin = blank.clone();
            x.to_origin = blank.clone();
        });
        d.modules.iter_mut().for_each(|x| x.origin = blank.clone());
        d.scopes.iter_mut().for_each(|x| x.origin = blank.clone());
        d.plans.clear_origins();
        d.crosswalks.iter_mut().for_each(|x| x.origin = blank.clone());
        d.associations.iter_mut().for_each(|x| x.origin = blank.clone());
        d.results.iter_mut().for_each(|x| x.origin = blank.clone());
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plan rows keep their ids and places through pushes and joins, and
    /// compare by what they say, however their ids are stored.
    #[test]
    fn plan_rows_keep_ids_and_places_through_joins() {
        let (a, b): (Arc<str>, Arc<str>) = ("a/plans.csv".into(), "b/plans.csv".into());
        let mut first = Plans::default();
        let (s, m) = (first.name("S1"), first.name("M1"));
        first.push_at(s, m, Some(3), &a, 2);
        first.push_at(s, m, None, &a, 3);
        let mut second = Plans::default();
        second.push("S2", "M1", Some(-1), &Origin::at(&b, 7, Some(4)));
        first.extend(second);
        let seen: Vec<(&str, &str, Option<i64>, String)> =
            first.iter().map(|p| (p.scope, p.module, p.sequence, p.origin().to_string())).collect();
        assert_eq!(
            seen,
            vec![
                ("S1", "M1", Some(3), "a/plans.csv:2".to_string()),
                ("S1", "M1", None, "a/plans.csv:3".to_string()),
                ("S2", "M1", Some(-1), "b/plans.csv:7:4".to_string()),
            ]
        );
        // The same rows with every id stored apart are equal; another sequence is not.
        let mut again = Plans::default();
        again.push("S1", "M1", Some(3), &Origin::at(&a, 2, None));
        again.push("S1", "M1", None, &Origin::at(&a, 3, None));
        again.push("S2", "M1", Some(-1), &Origin::at(&b, 7, Some(4)));
        assert_eq!(again, first);
        assert!(again.names() > first.names(), "ids were stored once per row, not shared");
        let mut other = again.clone();
        other.clear_origins();
        assert_ne!(other, first);
        assert_eq!(other.get(2).origin(), Origin::default());
        let mut changed = Plans::default();
        changed.push("S1", "M1", Some(4), &Origin::at(&a, 2, None));
        assert_ne!(changed, Plans::default());
    }
}
