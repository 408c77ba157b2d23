//! `coherence unpack`: one module as a handout for a professional learning
//! community. [`handout`] turns the values of [`crate::unpack`] into the
//! [`Handout`] document, whose shape is the JSON output and its schema
//! (`schema/unpack.schema.json`); the text, Markdown and HTML renderers read
//! the same document, so every format shows the same things.

mod html;
mod markdown;
mod text;

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::Serialize;

pub use html::write_html;
pub use markdown::write_markdown;
pub use text::write_text;

use crate::Gaps;
use crate::checks::plan::is_priority;
use crate::graph::NodeId;
use crate::model::Focus;
use crate::unpack::{Link as RawLink, Unpacked};

/// The version of the handout's JSON shape; a reader refuses a newer one.
pub const VERSION: u64 = 1;

/// `coherence unpack MODULE --format json`: one module, its standards by
/// grade and cluster with their links, the practices it names, and with
/// `--scope` that scope's findings around it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "coherence unpack handout", deny_unknown_fields)]
pub struct Handout {
    /// The version of this shape.
    pub version: u64,
    /// The module.
    pub module: Module,
    /// Builds-on links reach prerequisites at most this many grades below each standard (`--back`).
    pub back: i8,
    /// Leads-to links reach standards at most this many grades above each standard (`--ahead`).
    pub ahead: i8,
    /// How many standards and links the handout shows.
    pub counts: Counts,
    /// The module's standards, grade by grade (lowest first).
    pub grades: Vec<GradeGroup>,
    /// With `--scope`: that scope's findings that involve the module's standards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<ScopeView>,
}

/// The module as the catalog describes it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Module {
    /// The module's id.
    pub id: String,
    /// `pd` or `intervention`.
    pub kind: String,
    /// Its title.
    pub title: Option<String>,
    /// Who offers it.
    pub provider: Option<String>,
    /// Interventions: the tier.
    pub tier: Option<String>,
    /// Interventions: the evidence behind it.
    pub evidence: Option<String>,
    /// Its list of standards as written in the catalog.
    pub names: Vec<String>,
    /// The entries of its list that name nothing in the loaded data (D2 findings), as written.
    pub dangling: Vec<String>,
    /// The mathematical practices it names.
    pub practices: Vec<Practice>,
}

/// A mathematical practice the module names.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Practice {
    /// Its id (`MP7`).
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// Its summary.
    pub summary: Option<String>,
}

/// How much the handout shows.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Counts {
    /// The module's standards.
    pub standards: usize,
    /// Builds-on links, over all standards.
    pub builds_on: usize,
    /// Leads-to links, over all standards.
    pub leads_to: usize,
    /// relates_to links, over all standards.
    pub relates_to: usize,
}

/// The module's standards of one grade.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GradeGroup {
    /// The grade (`K`, `1`-`8`, `HS`).
    pub grade: String,
    /// Its clusters, in code order.
    pub clusters: Vec<ClusterGroup>,
}

/// The module's standards of one cluster.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ClusterGroup {
    /// The cluster's id (null for standards without one).
    pub cluster: Option<String>,
    /// The cluster's title.
    pub title: Option<String>,
    /// The cluster's focus (`major`, `supporting`, `additional`).
    pub focus: Option<String>,
    /// The domain's id.
    pub domain: Option<String>,
    /// The domain's title.
    pub domain_title: Option<String>,
    /// Its standards in the module.
    pub standards: Vec<StandardEntry>,
}

/// One standard of the module with its links.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StandardEntry {
    /// Its code.
    pub code: String,
    /// Its grade.
    pub grade: String,
    /// Its focus.
    pub focus: Option<String>,
    /// Priority work: major work of the grade, or a widely applicable prerequisite.
    pub priority: bool,
    /// The official text, when the data has it (shown first).
    pub statement: Option<String>,
    /// The one-sentence summary.
    pub summary: Option<String>,
    /// The standard's own note.
    pub note: Option<String>,
    /// What it builds on: direct prerequisites at most `back` grades below, lower grade first.
    pub builds_on: Vec<Link>,
    /// What it leads to: direct successors at most `ahead` grades above, lower grade first.
    pub leads_to: Vec<Link>,
    /// What it relates to (relates_to, most within its grade).
    pub relates_to: Vec<Link>,
}

/// A link from a standard of the module to another standard, explained.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Link {
    /// The other standard's code.
    pub code: String,
    /// Its grade.
    pub grade: String,
    /// Its summary.
    pub summary: Option<String>,
    /// Whether it is priority work.
    pub priority: bool,
    /// Whether the module addresses it too.
    pub in_module: bool,
    /// The progression the link belongs to (`NF.3-5`).
    pub progression: Option<String>,
    /// Why the link holds, when the data says.
    pub note: Option<String>,
}

/// A scope's findings around the module (`--scope`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScopeView {
    /// The scope's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Whether its plan adopts the module.
    pub adopts: bool,
    /// The sessions of the plan in which it does, ascending.
    pub sessions: Vec<i64>,
    /// Its findings (C1-C5) that involve a standard of the module, in the gap report's order.
    pub findings: Vec<ScopeFinding>,
}

/// One finding of the scope.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScopeFinding {
    /// `C1`-`C5`.
    pub code: String,
    /// The check's name.
    pub name: String,
    /// The standard it is filed under.
    pub standard: String,
    /// The finding in words, as the gap report gives it.
    pub message: String,
    /// Every standard it involves, the filed one first.
    pub ids: Vec<String>,
}

/// The JSON Schema of [`Handout`].
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Handout)
}

/// The handout of module `m` (an index into `Graph::modules`) from its
/// unpacked standards, with `scope`'s findings when one is asked for.
///
/// # Errors
/// The scope's id when it names no checked scope.
pub fn handout(
    run: &Gaps,
    m: u32,
    unpacked: &[Unpacked],
    back: i8,
    ahead: i8,
    scope: Option<&str>,
) -> Result<Handout, String> {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let rm = &g.modules[m as usize];
    let inside: BTreeSet<NodeId> = rm.standards.iter().copied().collect();
    let std = |n: NodeId| &ds.standards[g.nodes[n as usize].standard];
    let link = |l: &RawLink| {
        let s = std(l.other);
        let e = &ds.edges[l.edge];
        Link {
            code: g.name(ds, l.other),
            grade: g.nodes[l.other as usize].grade.as_str().to_string(),
            summary: s.summary.clone(),
            priority: is_priority(ds, g, l.other),
            in_module: inside.contains(&l.other),
            progression: e.progression.clone(),
            note: e.note.clone(),
        }
    };
    let mut counts = Counts { standards: unpacked.len(), builds_on: 0, leads_to: 0, relates_to: 0 };
    let mut grades: Vec<GradeGroup> = Vec::new();
    for u in unpacked {
        let s = std(u.standard);
        counts.builds_on += u.builds_on.len();
        counts.leads_to += u.leads_to.len();
        counts.relates_to += u.related.len();
        let entry = StandardEntry {
            code: g.name(ds, u.standard),
            grade: g.nodes[u.standard as usize].grade.as_str().to_string(),
            focus: s.focus.map(|f| Focus::as_str(f).to_string()),
            priority: is_priority(ds, g, u.standard),
            statement: s.statement.clone(),
            summary: s.summary.clone(),
            note: s.note.clone(),
            builds_on: u.builds_on.iter().map(link).collect(),
            leads_to: u.leads_to.iter().map(link).collect(),
            relates_to: u.related.iter().map(link).collect(),
        };
        let grade = entry.grade.clone();
        if grades.last().is_none_or(|gg| gg.grade != grade) {
            grades.push(GradeGroup { grade, clusters: Vec::new() });
        }
        let Some(gg) = grades.last_mut() else { continue };
        if gg.clusters.last().is_none_or(|c| c.cluster != s.cluster) {
            let cl =
                s.cluster.as_deref().and_then(|c| ds.clusters.iter().find(|x| x.id == c && x.framework == s.framework));
            let dm =
                s.domain.as_deref().and_then(|d| ds.domains.iter().find(|x| x.id == d && x.framework == s.framework));
            gg.clusters.push(ClusterGroup {
                cluster: s.cluster.clone(),
                title: cl.and_then(|c| c.title.clone()),
                focus: cl.and_then(|c| c.focus).map(|f| f.as_str().to_string()),
                domain: s.domain.clone(),
                domain_title: dm.and_then(|d| d.title.clone()),
                standards: Vec::new(),
            });
        }
        if let Some(c) = gg.clusters.last_mut() {
            c.standards.push(entry);
        }
    }
    let module = module_doc(run, m);
    let scope = match scope {
        None => None,
        Some(id) => Some(scope_view(run, m, id, &inside)?),
    };
    Ok(Handout { version: VERSION, module, back, ahead, counts, grades, scope })
}

/// Module `m` as the catalog describes it, with its practices and the entries that name nothing.
fn module_doc(run: &Gaps, m: u32) -> Module {
    let ds = &run.validation.dataset;
    let rm = &run.validation.graph.modules[m as usize];
    let md = &ds.modules[rm.module];
    let practices = rm
        .practices
        .iter()
        .map(|&p| {
            let p = &ds.practices[p];
            Practice { id: p.id.clone(), title: p.title.clone(), summary: p.summary.clone() }
        })
        .collect();
    // The D2 findings of the module's entries name the entries that resolved to nothing.
    let prefix = format!("module {}: ", md.id);
    let mut dangling: Vec<String> = run
        .validation
        .findings
        .iter()
        .filter(|f| f.code == crate::finding::Code::D2 && f.message.starts_with(&prefix))
        .flat_map(|f| f.ids.iter().cloned())
        .collect();
    dangling.dedup();
    Module {
        id: md.id.clone(),
        kind: md.kind.as_str().to_string(),
        title: md.title.clone(),
        provider: md.provider.clone(),
        tier: md.tier.clone(),
        evidence: md.evidence.clone(),
        names: md.standards.clone(),
        dangling,
        practices,
    }
}

/// The scope's adoption of module `m` and its findings around the module.
fn scope_view(run: &Gaps, m: u32, id: &str, inside: &BTreeSet<NodeId>) -> Result<ScopeView, String> {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let Some(found) = crate::report::gaps::scope_involving(run, id, inside) else {
        return Err(format!("no scope {id} was checked (load its plans with --data)"));
    };
    let Some(s) = g.scopes.iter().position(|s| ds.scopes[s.scope].id == id) else {
        return Err(format!("no scope {id}"));
    };
    let mut sessions: Vec<i64> =
        g.plans.of(s as u32).iter().filter(|p| p.module() == m).filter_map(|p| p.sequence()).collect();
    sessions.sort_unstable();
    sessions.dedup();
    let findings = found
        .into_iter()
        .map(|f| ScopeFinding {
            code: f.code,
            name: f.name.to_string(),
            standard: g.name(ds, f.standard),
            message: f.message,
            ids: f.ids,
        })
        .collect();
    let sc = &ds.scopes[g.scopes[s].scope];
    Ok(ScopeView {
        id: sc.id.clone(),
        name: sc.name.clone(),
        adopts: g.plans.of(s as u32).iter().any(|p| p.module() == m),
        sessions,
        findings,
    })
}

/// Words for a link's progression tag and note: `[NF.3-5] note`, either
/// alone, or `None` when the link has neither.
pub fn link_words(progression: Option<&str>, note: Option<&str>) -> Option<String> {
    match (progression, note) {
        (Some(t), Some(n)) => Some(format!("[{t}] {n}")),
        (Some(t), None) => Some(format!("[{t}]")),
        (None, Some(n)) => Some(n.to_string()),
        (None, None) => None,
    }
}

/// `text` in lines of at most `width` characters: the first line starts with
/// `first`, later ones with `rest`; words longer than a line are cut.
pub fn wrap(first: &str, rest: &str, text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        let room = |line: &String| width.saturating_sub(line.chars().count());
        let need = word.chars().count() + usize::from(!empty);
        if !empty && need > room(&line) {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        // A word wider than a whole line is cut where the line ends.
        let mut chars: Vec<char> = word.chars().collect();
        while chars.len() > room(&line) && room(&line) > 0 && chars.len() > width.saturating_sub(rest.chars().count()) {
            let cut = room(&line);
            line.extend(chars.drain(..cut));
            lines.push(std::mem::replace(&mut line, rest.to_string()));
        }
        line.extend(chars);
        empty = false;
    }
    if !empty || lines.is_empty() {
        lines.push(line);
    }
    lines
}

impl Handout {
    /// The scope's findings as a renderer lists them, check by check: the
    /// code and its items in words (raw text, each renderer escapes it). The
    /// prerequisites of the module's standards that lack an intervention (C3
    /// filed under a standard outside the module) read as one item, so a
    /// long list of them does not drown the rest.
    pub fn scope_items(&self) -> Vec<(String, Vec<String>)> {
        let Some(sv) = &self.scope else { return Vec::new() };
        let inside: BTreeSet<&str> =
            self.grades.iter().flat_map(|g| &g.clusters).flat_map(|c| &c.standards).map(|s| s.code.as_str()).collect();
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        let mut needed: Vec<&str> = Vec::new();
        for f in &sv.findings {
            if out.last().is_none_or(|(c, _)| *c != f.code) {
                out.push((f.code.clone(), Vec::new()));
            }
            if f.code == "C3" && !inside.contains(f.standard.as_str()) {
                if needed.is_empty()
                    && let Some((_, items)) = out.last_mut()
                {
                    // The summary item holds this place; its words come once all are known.
                    items.push(String::new());
                }
                needed.push(&f.standard);
                continue;
            }
            if let Some((_, items)) = out.last_mut() {
                items.push(f.message.clone());
            }
        }
        if let Some((_, items)) = out.iter_mut().find(|(c, _)| c == "C3")
            && let Some(slot) = items.iter_mut().find(|i| i.is_empty())
        {
            needed.sort_unstable();
            needed.dedup();
            let n = needed.len();
            *slot = format!(
                "the module's standards build on {n} prerequisite{} with no intervention in the plan: {}",
                if n == 1 { "" } else { "s" },
                needed.join(", ")
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_keeps_lines_within_the_width_and_indents_later_ones() {
        let lines = wrap("  - ", "    ", "one two three four five six seven", 16);
        assert_eq!(lines, ["  - one two", "    three four", "    five six", "    seven"]);
        assert!(lines.iter().all(|l| l.chars().count() <= 16));
    }

    #[test]
    fn wrap_cuts_a_word_longer_than_a_line_and_keeps_an_empty_text_as_its_prefix() {
        let lines = wrap("> ", "  ", "abcdefghijklmnopqrstuvwxyz", 10);
        assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
        assert_eq!(lines.concat().replace([' ', '>'], ""), "abcdefghijklmnopqrstuvwxyz");
        assert_eq!(wrap("x ", "  ", "", 10), ["x "]);
        // A prefix as wide as the line never loops.
        assert_eq!(wrap("0123456789", "0123456789", "a b", 10).len(), 2);
    }
}
