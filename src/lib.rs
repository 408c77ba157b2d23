//! `coherence`: maps the coherence of K-12 mathematics.
//!
//! Data flows one way: files -> [`load`] -> [`model::Dataset`] ->
//! [`graph::Graph`] -> [`checks`] -> [`finding::Finding`]s -> [`report`].
//! See `docs/ARCHITECTURE.md` for the map and the invariants.

pub mod checks;
pub mod cli;
pub mod export;
pub mod finding;
pub mod graph;
pub mod load;
pub mod model;
pub mod native;
pub mod output;
pub mod report;

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

/// Builds the graph of loaded data and runs the checks of `validate`.
pub fn validate(loaded: Loaded) -> Validation {
    let Loaded { dataset, mut findings, files } = loaded;
    let (graph, built) = Graph::build(&dataset);
    findings.extend(built);
    findings.extend(checks::graph_checks(&dataset, &graph));
    finding::sort(&mut findings);
    Validation { dataset, graph, findings, files }
}
