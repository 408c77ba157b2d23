//! `coherence`: maps the coherence of K-12 mathematics.
//!
//! Data flows one way: files -> [`load`] -> [`model::Dataset`] ->
//! [`graph::Graph`] -> [`checks`] -> [`finding::Finding`]s -> [`report`].
//! See `docs/ARCHITECTURE.md` for the map and the invariants.

// Unit tests unwrap: a failure there is the test's verdict. The library itself is
// checked without this (clippy builds it alone too), so the deny stands for it.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod advice;
pub mod checks;
pub mod cli;
pub mod crosswalk;
pub mod diff;
pub mod evidence;
pub mod explore;
pub mod export;
pub mod finding;
pub mod formats;
pub mod goals;
pub mod graph;
pub mod history;
pub mod layout;
pub mod load;
pub mod model;
pub mod native;
pub mod output;
pub mod progress;
pub mod report;
pub mod review;
pub mod statements;
pub mod unpack;

use finding::Finding;
use graph::Graph;
use load::{LoadError, Loaded, Source};
use model::Dataset;

/// A loaded dataset with its graph and every finding of `validate`.
#[derive(Debug, Clone)]
pub struct Validation {
    /// The records as loaded.
    pub dataset: Dataset,
    /// The progression graph.
    pub graph: Graph,
    /// Findings in report order (by code, then file and line).
    pub findings: Vec<Finding>,
    /// The files read.
    pub files: Vec<String>,
}

/// Loads the sources (with the embedded-dataset rule) and runs every check
/// of `validate`: D1-D6, V1, V2, H1, and the loader's notices.
///
/// # Errors
/// A [`LoadError`] when a file cannot be read at all.
pub fn validate_sources(sources: &[Source]) -> Result<Validation, LoadError> {
    Ok(validate(load::load(sources)?))
}

/// [`validate_sources`] with the filters of Knowledge Graph exports.
///
/// # Errors
/// A [`LoadError`] when a file cannot be read at all.
pub fn validate_sources_with(sources: &[Source], filters: &load::lckg::Filters) -> Result<Validation, LoadError> {
    Ok(validate(load::load_with(sources, filters)?))
}

/// Builds the graph of loaded data and runs the checks of `validate`.
pub fn validate(loaded: Loaded) -> Validation {
    let Loaded { mut dataset, mut findings, files, .. } = loaded;
    let (mut graph, mut built) = Graph::build(&dataset);
    if !dataset.crosswalks.is_empty() {
        // Crosswalked standards inherit the edges of what they match; the graph is built again with them.
        let carried = crosswalk::carry(&dataset, &graph);
        findings.extend(carried.findings);
        for (i, focus, wap) in carried.priority {
            dataset.standards[i].focus = focus;
            dataset.standards[i].wap = wap;
        }
        if !carried.edges.is_empty() {
            dataset.edges.extend(carried.edges);
            (graph, built) = Graph::build(&dataset);
        }
    }
    findings.extend(built);
    findings.extend(checks::graph_checks(&dataset, &graph));
    finding::sort(&mut findings);
    Validation { dataset, graph, findings, files }
}

/// The plan checks of every selected scope, with the validation they ran on.
#[derive(Debug)]
pub struct Gaps {
    /// The dataset, graph and dataset findings.
    pub validation: Validation,
    /// The shared index (window ancestors, plans per scope).
    pub index: checks::plan::PlanIndex,
    /// One result per selected scope, in scope order.
    pub scopes: Vec<checks::plan::ScopeGaps>,
    /// Whether `scopes` hold their findings (`collect`); without them, a
    /// report that streams findings checks each scope again ([`Gaps::each_scope`]).
    pub held: bool,
    /// The counts of every scope (by index into `Graph::scopes`), selected or
    /// not: peers and a district's schools are compared on them.
    pub counts: Vec<checks::plan::Counts>,
    /// The date the report is for (`gaps --as-of`); none keeps reports free of dates.
    pub as_of: Option<history::Date>,
    /// This run against an earlier one (`gaps --baseline`).
    pub baseline: Option<history::Comparison>,
    /// What students' results say, when the data has them and they are read
    /// ([`evidence::compute`]); `None` leaves every report as it is without results.
    pub evidence: Option<evidence::Evidence>,
}

impl Gaps {
    /// `f` on the selected scopes at positions `range` of [`Gaps::scopes`],
    /// with their findings, in parallel; the results in scope order. Held
    /// findings are lent; otherwise each scope is checked again, so that a
    /// report streams a national run's findings a batch at a time rather
    /// than holding them all.
    ///
    /// # Panics
    /// When `range` is outside [`Gaps::scopes`].
    pub fn each_scope<R, F>(&self, range: std::ops::Range<usize>, f: F) -> Vec<R>
    where
        R: Send,
        F: Fn(&checks::plan::ScopeGaps) -> R + Sync,
    {
        use rayon::prelude::*;
        let part = &self.scopes[range];
        if self.held {
            return part.par_iter().map(&f).collect();
        }
        let ids: Vec<u32> = part.iter().map(|sg| sg.scope).collect();
        let (ds, g) = (&self.validation.dataset, &self.validation.graph);
        checks::plan::each_scope(ds, g, &self.index, &ids, |sg| f(&sg))
    }
}

/// Runs C1-C5 on a validated dataset for the scopes named (all when none are),
/// with the grade window `window`. With `collect` false only the counts are made.
///
/// # Errors
/// The names of the scopes asked for that do not exist, with suggestions.
pub fn gaps(validation: Validation, window: i8, only: &[String], collect: bool) -> Result<Gaps, String> {
    let ds = &validation.dataset;
    let g = &validation.graph;
    let selected: Vec<u32> = if only.is_empty() {
        (0..g.scopes.len() as u32).collect()
    } else {
        let mut picked = Vec::new();
        let mut unknown = Vec::new();
        for want in only {
            match g.scopes.iter().position(|s| &ds.scopes[s.scope].id == want) {
                Some(i) => picked.push(i as u32),
                None => unknown.push(want.clone()),
            }
        }
        if !unknown.is_empty() {
            let known: Vec<&str> = g.scopes.iter().map(|s| ds.scopes[s.scope].id.as_str()).collect();
            let mut hints = Vec::new();
            for u in &unknown {
                // The nearest ids by edit distance, then by id: always some, so the user sees what exists.
                let mut near: Vec<(usize, &str)> =
                    known.iter().map(|k| (strsim::levenshtein(&u.to_lowercase(), &k.to_lowercase()), *k)).collect();
                near.sort_unstable();
                let near: Vec<&str> = near.into_iter().take(3).map(|(_, k)| k).collect();
                hints.push(if near.is_empty() {
                    format!("no scope {u}: the data holds no scope")
                } else {
                    format!("no scope {u}; the nearest scope ids are {}", near.join(", "))
                });
            }
            return Err(hints.join("; "));
        }
        picked.sort_unstable();
        picked.dedup();
        picked
    };
    let index = checks::plan::PlanIndex::new(ds, g, window);
    let scopes = checks::plan::plan_checks(ds, g, &index, &selected, collect);
    let mut counts = vec![checks::plan::Counts::default(); g.scopes.len()];
    if selected.len() < g.scopes.len() {
        let all: Vec<u32> = (0..g.scopes.len() as u32).collect();
        for s in checks::plan::plan_checks(ds, g, &index, &all, false) {
            counts[s.scope as usize] = s.counts;
        }
    }
    for s in &scopes {
        counts[s.scope as usize] = s.counts;
    }
    Ok(Gaps { validation, index, scopes, counts, held: collect, as_of: None, baseline: None, evidence: None })
}
