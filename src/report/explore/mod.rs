//! Renderers of the explorer commands (`show`, `trace`, `path`,
//! `progression`): text and JSON, and pictures as SVG, DOT and Mermaid.

mod picture;
mod text;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

pub use picture::{svg_layout, write_dot, write_mermaid, write_svg};
pub use text::{
    Card, card, card_json, hood_json, paths_json, write_card_text, write_paths_text, write_progression_text,
    write_trace_text,
};

use crate::finding::printable;
use crate::graph::{Graph, NodeId};
use crate::model::{Dataset, Focus};

/// What a picture may mark beyond the map itself: a scope's coverage and gaps.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// The scope the marks are for, as a label.
    pub scope: Option<String>,
    /// Standards its PD teaches.
    pub covered: BTreeSet<NodeId>,
    /// Standards with a gap finding in it.
    pub gaps: BTreeSet<NodeId>,
}

struct View<'a> {
    ds: &'a Dataset,
    g: &'a Graph,
}

impl View<'_> {
    fn std(&self, n: NodeId) -> &crate::model::Standard {
        &self.ds.standards[self.g.nodes[n as usize].standard]
    }

    /// A standard's name, its control characters shown escaped (as every text from the data here).
    fn name(&self, n: NodeId) -> String {
        printable(&self.g.name(self.ds, n)).into_owned()
    }

    fn grade(&self, n: NodeId) -> &'static str {
        self.g.nodes[n as usize].grade.as_str()
    }

    fn level(&self, n: NodeId) -> i8 {
        self.g.nodes[n as usize].grade.level()
    }

    fn summary(&self, n: NodeId) -> Cow<'_, str> {
        printable(self.std(n).summary.as_deref().unwrap_or(""))
    }

    fn domain(&self, n: NodeId) -> String {
        printable(self.std(n).domain.as_deref().unwrap_or("")).into_owned()
    }

    fn domain_title(&self, id: &str, fw: &str) -> Option<Cow<'_, str>> {
        self.ds.domains.iter().find(|d| d.id == id && d.framework == fw).and_then(|d| d.title.as_deref()).map(printable)
    }

    fn cluster(&self, id: &str, fw: &str) -> Option<&crate::model::Cluster> {
        self.ds.clusters.iter().find(|c| c.id == id && c.framework == fw)
    }

    /// Priority work: major work of the grade, or a widely applicable prerequisite (spec, Terms: Priority).
    fn priority(&self, n: NodeId) -> bool {
        let s = self.std(n);
        s.focus == Some(Focus::Major) || s.wap
    }

    /// The family: the head and its sub-standards.
    fn family(&self, n: NodeId) -> Vec<NodeId> {
        crate::explore::family(self.g, n)
    }

    fn item(&self, n: NodeId) -> Value {
        let s = self.std(n);
        let mut item = json!({
            "code": self.name(n),
            "grade": self.grade(n),
            "domain": s.domain,
            "cluster": s.cluster,
            "focus": s.focus.map(Focus::as_str),
            "summary": s.summary,
        });
        // Official text only where a source gave it, so that lists without it stay as they were.
        if let Some(st) = &s.statement {
            item["statement"] = json!(st);
        }
        item
    }
}

/// A linked standard and the family member it links to, when that is not the card's own.
type Linked = (NodeId, Option<NodeId>);

/// Standards by (grade order, grade) and domain.
type ByGrade = BTreeMap<(i8, String), BTreeMap<String, Vec<Linked>>>;

/// Groups standards by grade (in grade order) and domain, as the card lists them.
fn grouped(v: &View, nodes: &[Linked]) -> ByGrade {
    let mut out: ByGrade = BTreeMap::new();
    for &(n, via) in nodes {
        out.entry((v.level(n), v.grade(n).to_string())).or_default().entry(v.domain(n)).or_default().push((n, via));
    }
    out
}

/// The ids of practice standards (indices into `Dataset::practices`), without repeats.
pub fn practice_ids(ds: &Dataset, practices: &[usize]) -> Vec<String> {
    let mut ids: Vec<String> = practices.iter().map(|&p| ds.practices[p].id.clone()).collect();
    ids.dedup();
    ids
}
