//! Students' results (`results.csv`) resolved to a scope and a standard:
//! an unknown scope or standard is a D2 with the nearest names, as any other
//! unknown reference is.

use rustc_hash::FxHashMap as HashMap;

use super::{Graph, NodeId, Resolution, alias, best_three, nearest};
use crate::finding::{Code, Finding};
use crate::model::Dataset;

/// A results row whose scope and standard resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedResult {
    /// Index into `Dataset::results`.
    pub row: usize,
    /// Index into [`Graph::scopes`].
    pub scope: u32,
    /// The standard the results are on.
    pub standard: NodeId,
}

impl Graph {
    /// Keeps the results rows whose scope and standard exist (D2 otherwise,
    /// with the nearest ids). A code that several frameworks share resolves
    /// in the scope's own framework.
    pub(super) fn add_results(
        &mut self,
        ds: &Dataset,
        findings: &mut Vec<Finding>,
        scope_ids: &HashMap<&str, u32>,
        budget: &mut usize,
    ) {
        // Scope ids as "did you mean" compares them, made once and only when a scope is unknown.
        let mut scope_keys: Option<Vec<(String, &str)>> = None;
        for (row, r) in ds.results.iter().enumerate() {
            let scope = scope_ids.get(r.scope.as_str()).copied();
            if scope.is_none() {
                let keys = scope_keys.get_or_insert_with(|| {
                    let mut keys: Vec<(String, &str)> =
                        scope_ids.keys().map(|&id| (alias::canonical(id), id)).collect();
                    keys.sort_unstable();
                    keys
                });
                let near = nearest(&r.scope, keys.iter().map(|(k, id)| (k.as_str(), *id)), budget);
                let near = best_three(near.into_iter().map(|(d, id)| (d, id.to_string())).collect());
                let help = if near.is_empty() {
                    "fix the scope id, or add the scope to scopes.csv".to_string()
                } else {
                    format!("did you mean {}?", near.join(", "))
                };
                findings.push(
                    Finding::new(Code::D2, format!("results row names scope {}, which does not exist", r.scope), help)
                        .at(&r.origin)
                        .ids([r.scope.clone()]),
                );
            }
            let mut found = self.resolve(&r.standard);
            if let (Resolution::Ambiguous(nodes), Some(s)) = (&found, scope) {
                let fw = self.scopes[s as usize].framework;
                let own: Vec<NodeId> =
                    nodes.iter().copied().filter(|&n| self.nodes[n as usize].framework == fw).collect();
                if let [one] = own.as_slice() {
                    found = Resolution::Found(*one);
                }
            }
            let standard = match found {
                Resolution::Found(n) => Some(n),
                other => {
                    let what = format!("results row for scope {}", r.scope);
                    findings.push(self.dangling(ds, &other, &r.standard, &what, &r.origin, budget));
                    None
                }
            };
            if let (Some(scope), Some(standard)) = (scope, standard) {
                self.results.push(ResolvedResult { row, scope, standard });
            }
        }
    }
}
