//! The shape of the JSON report of `coherence gaps`, as types: the report is
//! written element by element through them, and its JSON Schema
//! (`schema/gaps-report.schema.json`) is generated from them, so the two
//! cannot drift. Later features (baselines, goals, workbooks) read these names.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

/// `coherence gaps --format json`: the spec's summary, the scorecard, the
/// actions, the dataset findings and the plan findings.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "coherence gaps report", deny_unknown_fields)]
pub struct Report {
    /// The version of this shape; a reader refuses a version newer than it knows.
    pub version: u64,
    /// The date the report is for, only when asked (`gaps --as-of`): without
    /// it the same input gives the same bytes on any day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The spec's `summary` (coherence-checks.md, Reports): what `--summary-only` prints alone.
    pub summary: Summary,
    /// One row per scope, weakest priority coverage first.
    pub scorecard: Vec<ScorecardRow>,
    /// What to do first, best first.
    pub actions: Vec<Action>,
    /// What changed since a baseline (`gaps --baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// The findings of `coherence validate` on the same data.
    pub dataset_findings: Vec<DatasetFinding>,
    /// One per counted item of C1-C5, scope by scope.
    pub findings: Vec<Finding<'static>>,
    /// With results.csv: what students' results say, scope by scope (absent without results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// The spec's summary.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Summary {
    /// The grade window W of C3.
    pub window: i8,
    /// Dataset counts, D4 per component.
    pub dataset: BTreeMap<String, u64>,
    /// Sums over the scopes.
    pub totals: Counts,
    /// Per scope id.
    pub scopes: BTreeMap<String, Counts>,
}

/// One scope's counts and bases.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(non_snake_case)]
pub struct Counts {
    /// Uncovered priority standards.
    pub C1: u64,
    /// Broken vertical chains.
    pub C2: u64,
    /// Prerequisites without intervention.
    pub C3: C3,
    /// Untaught related standards.
    pub C4: u64,
    /// Edges taught out of order.
    pub C5: u64,
    /// What each count is out of.
    pub base: Base,
}

/// C3's two counts.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct C3 {
    /// (taught standard, prerequisite) pairs without an intervention.
    pub pairs: u64,
    /// Distinct prerequisites without an intervention.
    pub distinct: u64,
}

/// The six bases of the spec.
pub use crate::checks::plan::Base;

/// One row of the scorecard.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScorecardRow {
    /// Scope id.
    pub scope: String,
    /// Scope name.
    pub name: Option<String>,
    /// The enclosing scope's id.
    pub parent: Option<String>,
    /// Lowest grade served.
    pub grade_lo: String,
    /// Highest grade served.
    pub grade_hi: String,
    /// Standards in scope the scope's PD addresses: the size of the plan.
    pub taught: u64,
    /// Each check as a rate.
    pub rates: Rates,
    /// For a scope over schools: their median and weakest school per rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schools: Option<Schools>,
    /// With a baseline: the change since then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

/// A scorecard row's change since the baseline.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Change {
    /// Whether the scope is new since the baseline (then the changes are null).
    pub new: bool,
    /// Standards taught now minus then.
    pub taught: Option<i64>,
    /// Each rate now minus then, rounded to four decimals (null: new, or nothing to measure on a side).
    pub rates: BTreeMap<String, Option<f64>>,
}

/// What changed since a baseline.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Baseline {
    /// Where the baseline was read, as given.
    pub source: String,
    /// Its date, when it records one.
    pub as_of: Option<String>,
    /// Whether both runs have their findings; when false `closed` and `opened` are empty.
    pub findings: bool,
    /// Per scope, by id: the scopes of this report, then those gone from the data.
    pub scopes: Vec<ScopeChange>,
}

/// One scope then and now.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScopeChange {
    /// Scope id.
    pub scope: String,
    /// `kept`, `new` (not in the baseline) or `gone` (no longer in the data).
    pub status: String,
    /// Its figures in the baseline.
    pub then: Option<Then>,
    /// Findings of the baseline this run no longer has.
    pub closed: Vec<FindingKey>,
    /// Findings of this run the baseline did not have.
    pub opened: Vec<FindingKey>,
}

/// A scope's figures in the baseline.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Then {
    /// Standards taught then.
    pub taught: u64,
    /// The rates then.
    pub rates: Rates,
}

/// What identifies a finding across runs.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FindingKey {
    /// C1-C5.
    pub code: String,
    /// The standard it is filed under; for C5 the prerequisite, then the standard that needs it.
    pub standards: Vec<String>,
}

/// The five rates, by name.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Rates {
    /// C1 out of `priority`.
    pub priority_coverage: Rate,
    /// C2 out of `chain`.
    pub chain_integrity: Rate,
    /// C3 pairs out of `pairs`.
    pub prerequisite_readiness: Rate,
    /// C4 out of `related`.
    pub horizontal_coherence: Rate,
    /// C5 out of `sequenced`.
    pub sequencing: Rate,
}

/// A check's count, its base, and `1 - count / base` (null when the base is 0).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Rate {
    /// The check's count.
    pub count: u64,
    /// What it is out of.
    pub base: u64,
    /// In [0, 1], rounded to four decimals; null when there is nothing to measure.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub rate: Option<f64>,
}

/// A district's schools, rate by rate.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Schools {
    /// How many schools (scopes under it with none under them).
    pub count: usize,
    /// The median rate over the schools that have one, by rate name.
    pub median: BTreeMap<String, Option<f64>>,
    /// The weakest school, by rate name (null when no school has that rate).
    pub weakest: BTreeMap<String, Option<Weakest>>,
}

/// The weakest school on one rate.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Weakest {
    /// Its scope id.
    pub scope: String,
    /// Its rate.
    pub rate: f64,
}

/// One action: a catalogue module to adopt in a set of scopes.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Action {
    /// 1 for the first.
    pub rank: usize,
    /// Module id.
    pub module: String,
    /// `pd` or `intervention`.
    pub kind: String,
    /// Title.
    pub title: Option<String>,
    /// Who delivers it.
    pub provider: Option<String>,
    /// Interventions: MTSS tier.
    pub tier: Option<String>,
    /// Interventions: ESSA evidence level.
    pub evidence: Option<String>,
    /// Practice standards it names.
    pub practices: Vec<String>,
    /// The scopes that should adopt it, by id.
    pub scopes: Vec<String>,
    /// What it closes there that no earlier action closes.
    pub closes: Closes,
}

/// What an action closes.
pub use crate::advice::Closes;

/// A finding of `coherence validate` (README, JSON output).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DatasetFinding {
    /// D1-D6, V1, V2, H1, F1-F6.
    pub code: String,
    /// The code's name.
    pub name: String,
    /// error, warning or info.
    pub severity: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// The file, where known.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// The ids involved.
    pub ids: Vec<String>,
}

// Words borrowed from the run, not owned: a national report writes millions of findings.
/// One plan finding.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Finding<'a> {
    /// C1-C5.
    pub code: &'a str,
    /// The check's name.
    pub name: &'a str,
    /// Always `warning`.
    pub severity: &'a str,
    /// Scope id.
    pub scope: &'a str,
    /// The standard the finding is filed under.
    pub standard: &'a str,
    /// Its grade.
    pub grade: &'a str,
    /// Whether it is priority work.
    pub priority: bool,
    /// Its summary, whole.
    pub summary: Option<&'a str>,
    /// Every standard involved, the filed one first.
    pub ids: Vec<&'a str>,
    /// What is wrong.
    pub message: &'a str,
    /// What to do.
    pub help: &'a str,
    /// Peer schools that cover the gap, strongest on this check first.
    pub peers: Vec<Peer<'a>>,
}

/// A peer school to learn from.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Peer<'a> {
    /// Its scope id.
    pub scope: &'a str,
    /// Its rate on the finding's check (null: nothing to measure).
    pub rate: Option<f64>,
}

/// The schema of the report.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Report)
}

/// What students' results (`results.csv`) say: the engine's own view, which
/// no count of the summary depends on.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Evidence {
    /// A standard is weak below this share proficient (`--weak`).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub weak: f64,
    /// The term read (`--term`); null: each standard's latest term.
    pub term: Option<String>,
    /// One per scope with results, in the order of the summary's scopes.
    pub scopes: Vec<ScopeEvidence>,
}

/// One scope's results.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScopeEvidence {
    /// Scope id.
    pub scope: String,
    /// The terms its results come from, ascending (null: rows without a term).
    pub terms: Vec<Option<String>>,
    /// How many standards have results.
    pub tested: usize,
    /// How many weak standards an intervention of the scope's plan addresses.
    pub intervention_coverage: Coverage,
    /// The weak standards, weakest first (ties: more students below
    /// proficient, then by standard id), with their weak prerequisites.
    pub weakest: Vec<Weak>,
    /// The weak standards its PD teaches in its grades, weakest first, with the weak prerequisites to teach first.
    pub taught_next: Vec<TaughtNext>,
}

/// How many of a scope's weak standards an intervention of its plan addresses.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Coverage {
    /// Weak standards.
    pub weak: usize,
    /// Of them, those an intervention of the plan addresses (or a part their results stand for).
    pub covered: usize,
    /// covered / weak, rounded to four decimals; null when no standard is weak.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub rate: Option<f64>,
}

/// A weak standard of a scope.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Weak {
    /// Its results.
    pub results: Score,
    /// Its weak prerequisites, walked back along builds_towards through weak
    /// standards within the window, in the order to teach them.
    pub prerequisites: Vec<Prerequisite>,
    /// The interventions of the plan that address it, by id.
    pub interventions: Vec<String>,
}

/// A scope's results on one standard: one term's rows added up.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Score {
    /// The standard.
    pub standard: String,
    /// Its grade.
    pub grade: String,
    /// Students tested.
    pub tested: u64,
    /// Of them, those proficient.
    pub proficient: u64,
    /// proficient / tested, rounded to four decimals.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub rate: f64,
    /// The term of the results (null: rows without a term).
    pub term: Option<String>,
}

/// A weak standard the plan teaches.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TaughtNext {
    /// Its results.
    pub results: Score,
    /// The PD modules of the plan that teach it, by id.
    pub taught_in: Vec<String>,
    /// Its weak prerequisites, walked back along builds_towards through weak standards, in the order to teach them.
    pub prerequisites: Vec<Prerequisite>,
    /// Whether an intervention of the plan addresses every weak prerequisite.
    pub backed: bool,
    /// Catalogue interventions that address the prerequisites no adopted one backs, best first.
    pub offers: Vec<String>,
}

/// A weak prerequisite to teach first.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Prerequisite {
    /// Its results (a parent's results stand for its parts).
    pub results: Score,
    /// builds_towards steps back from the weak standard.
    pub steps: u32,
    /// The interventions of the plan that address it, by id.
    pub interventions: Vec<String>,
}
