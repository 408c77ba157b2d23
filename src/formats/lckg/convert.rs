//! Turns the items and relationships of an export into records.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::relationship::{BUILDS_TOWARDS, HAS_CHILD, HAS_STANDARD_ALIGNMENT, RELATES_TO};
use super::{Filters, Item, Rel, file, read};
use crate::finding::{Code, Finding};
use crate::formats::hierarchy::{Tree, grade_of_levels, reader_cycles, slug};
use crate::load::{LoadError, Loaded};
use crate::model::{Association, Crosswalk, Edge, EdgeKind, Framework, Standard};

/// Loads a Knowledge Graph export folder (CSV or JSONL), keeping the items
/// of the jurisdiction and subject asked for.
///
/// # Errors
/// A [`LoadError`] when a file of the export cannot be read at all.
pub fn load(dir: &Path, filters: &Filters) -> Result<Loaded, LoadError> {
    let (items, rels, files) =
        if dir.join(file::ITEMS_CSV).is_file() { read::from_csv(dir)? } else { read::from_jsonl(dir)? };
    let all = items.len();
    let (items, left): (Vec<Item>, Vec<Item>) = items.into_iter().partition(|i| filters.keep(i) && !i.key.is_empty());
    let graph = Graph::new(&items, &rels);
    let mut loaded = Loaded { files, ..Loaded::default() };
    graph.standards(&mut loaded);
    let key = |i: usize| (graph.framework[i].clone(), items[i].code.clone());
    let cycles =
        reader_cycles(&graph.tree, &loaded.dataset.standards, key, |i| items[i].origin.clone(), HAS_CHILD, CYCLE_HELP);
    loaded.findings.extend(cycles);
    if loaded.dataset.standards.is_empty() {
        return Err(no_standard(dir, filters, all, &items, &left, &loaded));
    }
    graph.relationships(&rels, &mut loaded);
    Ok(loaded)
}

/// What to do about a hasChild cycle (F7).
const CYCLE_HELP: &str = "an item cannot be its own ancestor: remove the hasChild relationship that points back up; until then grades are inherited as if the chain ended where it repeats";

/// An export that yields no standard: the error that stops the load, with
/// why (no item, none kept by the filters, or none with a grade), rather
/// than a run on the embedded data.
fn no_standard(dir: &Path, filters: &Filters, all: usize, kept: &[Item], left: &[Item], loaded: &Loaded) -> LoadError {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let message = if all == 0 {
        "no standard: the export holds no framework item".to_string()
    } else if kept.is_empty() {
        // What the filters could have kept, so that a misspelt name is seen at once.
        let names = |f: fn(&Item) -> &str| {
            let set: std::collections::BTreeSet<&str> = left.iter().map(f).filter(|x| !x.is_empty()).collect();
            set.into_iter().take(10).collect::<Vec<_>>().join(", ")
        };
        let asked = [("--jurisdiction", &filters.jurisdiction), ("--subject", &filters.subject)]
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
            .collect::<Vec<_>>()
            .join(" ");
        format!(
            "no standard: none of its {all} framework item{} is kept by {asked} (jurisdictions: {}; subjects: {})",
            s(all),
            names(|i| &i.jurisdiction),
            names(|i| &i.subject)
        )
    } else {
        let why = loaded.findings.iter().find(|f| f.code == Code::D6).map(|f| format!("; the first: {}", f.message));
        format!(
            "no standard: {} item{} kept, none a standard with a grade{}",
            kept.len(),
            s(kept.len()),
            why.unwrap_or_default()
        )
    };
    LoadError::new(
        dir.display().to_string(),
        message,
        "check --jurisdiction and --subject, and that the items have a gradeLevel",
    )
}

impl Filters {
    fn keep(&self, it: &Item) -> bool {
        self.jurisdiction.as_ref().is_none_or(|j| it.jurisdiction.eq_ignore_ascii_case(j))
            && self.subject.as_ref().is_none_or(|s| it.subject.eq_ignore_ascii_case(s))
    }
}

/// The items kept, looked up by key, with their framework and place in the hasChild tree.
struct Graph<'a> {
    items: &'a [Item],
    index: HashMap<&'a str, usize>,
    tree: Tree,
    /// Each item's framework id: its jurisdiction and subject.
    framework: Vec<String>,
    /// Whether each item is a standard (or a component, or of no type), not a grouping.
    standard: Vec<bool>,
}

impl<'a> Graph<'a> {
    fn new(items: &'a [Item], rels: &[Rel]) -> Graph<'a> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, it) in items.iter().enumerate() {
            index.entry(it.key.as_str()).or_insert(i);
            if let Some(a) = &it.alt {
                index.entry(a.as_str()).or_insert(i);
            }
        }
        let mut tree = Tree::new(items.len());
        for r in rels.iter().filter(|r| r.kind == HAS_CHILD) {
            if let (Some(&parent), Some(&child)) = (index.get(r.source.as_str()), index.get(r.target.as_str())) {
                tree.link(child, parent);
            }
        }
        let framework = items.iter().map(|it| slug(&format!("{} {}", it.jurisdiction, it.subject))).collect();
        let standard = items
            .iter()
            .map(|it| {
                let k = it.kind.as_deref().map(str::to_ascii_lowercase).unwrap_or_default();
                k.contains("standard") || k.contains("component") || k.is_empty()
            })
            .collect();
        Graph { items, index, tree, framework, standard }
    }

    /// A framework per jurisdiction and subject, and the standards with
    /// their grade (their own, else the nearest ancestor's; none is a D6).
    fn standards(&self, loaded: &mut Loaded) {
        let grades = self.tree.nearest(|i| grade_of_levels(&self.items[i].grades));
        let mut frameworks: HashSet<&str> = HashSet::new();
        for (i, it) in self.items.iter().enumerate() {
            let fw = &self.framework[i];
            if frameworks.insert(fw) {
                loaded.dataset.frameworks.push(Framework {
                    id: fw.clone(),
                    title: Some(format!("{} {}", it.jurisdiction, it.subject).trim().to_string()),
                    source: Some("Learning Commons Knowledge Graph".to_string()),
                    origin: it.origin.clone(),
                    ..Framework::default()
                });
            }
            if !self.standard[i] {
                continue;
            }
            let Some(grade) = grades[i] else {
                let f = Finding::new(
                    Code::D6,
                    format!("item {} dropped: no grade on it or any ancestor", it.code),
                    "give it a gradeLevel",
                );
                loaded.findings.push(f.at(&it.origin));
                continue;
            };
            // A standard under a standard (hasChild) is its sub-standard; under a grouping it is a standard.
            let parent = self
                .tree
                .parent(i)
                .filter(|&p| self.standard[p] && self.items[p].kind.as_deref().is_some_and(|k| !k.is_empty()))
                .map(|p| self.items[p].code.clone());
            loaded.dataset.standards.push(Standard {
                parent,
                statement: it.statement.clone(),
                ..Standard::bare(fw.clone(), it.code.clone(), grade, it.origin.clone())
            });
        }
    }

    /// Edges, crosswalks and kept associations between items read; a
    /// relationship with an end outside them is counted (F4), and kept types are reported (F3).
    fn relationships(&self, rels: &[Rel], loaded: &mut Loaded) {
        let mut kept: BTreeMap<&str, usize> = BTreeMap::new();
        let mut outside: BTreeMap<&str, usize> = BTreeMap::new();
        let ds = &mut loaded.dataset;
        for r in rels {
            let (Some(&a), Some(&b)) = (self.index.get(r.source.as_str()), self.index.get(r.target.as_str())) else {
                *outside.entry(&r.kind).or_default() += 1;
                continue;
            };
            let q = |i: usize| format!("{}:{}", self.framework[i], self.items[i].code);
            let edge = |kind| Edge {
                kind,
                from: q(a),
                to: q(b),
                progression: None,
                note: None,
                origin: r.origin.clone(),
                from_origin: r.origin.clone(),
                to_origin: r.origin.clone(),
            };
            let (framework, from) = (self.framework[a].clone(), self.items[a].code.clone());
            match r.kind.as_str() {
                BUILDS_TOWARDS => ds.edges.push(edge(EdgeKind::BuildsTowards)),
                RELATES_TO => ds.edges.push(edge(EdgeKind::RelatesTo)),
                HAS_CHILD => {}
                HAS_STANDARD_ALIGNMENT => {
                    ds.crosswalks.push(Crosswalk { framework, from, to: q(b), origin: r.origin.clone() })
                }
                other => {
                    *kept.entry(other).or_default() += 1;
                    let (kind, to, origin) = (other.to_string(), self.items[b].code.clone(), r.origin.clone());
                    ds.associations.push(Association { framework, kind, from, to, origin });
                }
            }
        }
        let s = |n: usize| if n == 1 { "" } else { "s" };
        // Counts of many rows name the file that holds them.
        let file = rels.first().map(|r| crate::model::Origin::file(&r.origin.file));
        let at = |f: Finding| match &file {
            Some(o) => f.at(o),
            None => f,
        };
        for (kind, n) in outside {
            loaded.findings.push(at(Finding::new(
                Code::F4,
                format!(
                    "{n} {kind} relationship{} not loaded: an end is not a framework item read (another jurisdiction or subject, a learning component)",
                    s(n)
                ),
                "widen --jurisdiction or --subject if those items are wanted",
            )));
        }
        for (kind, n) in kept {
            loaded.findings.push(at(Finding::new(
                Code::F3,
                format!("{n} {kind} relationship{} kept as written; no check uses them", s(n)),
                "nothing to do; they are exported again with the data",
            )));
        }
    }
}
