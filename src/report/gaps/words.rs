//! Findings and remedies in words: what a renderer prints for a line of
//! findings, with the catalogue modules to adopt and the peers to learn from.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use super::{pct, short};
use crate::Gaps;
use crate::advice::{self, Coverage, Line, Measure};
use crate::checks::plan::{Gap, ScopeGaps, is_priority};
use crate::finding::printable;
use crate::graph::NodeId;
use crate::model::{Focus, ModuleKind};

/// The lookups of a [`Cx`] made once and shared by the threads that render.
#[derive(Clone)]
pub(super) struct Shared {
    cov: Option<Arc<Coverage>>,
    offer: Arc<[Vec<Vec<u32>>; 2]>,
    tables: Arc<Tables>,
}

/// Words every finding repeats, made the first time one is asked for.
#[derive(Default)]
struct Tables {
    /// Standards' names by node, shown escaped.
    names: OnceLock<Vec<Box<str>>>,
    /// Modules' labels by index, shown escaped.
    labels: OnceLock<Vec<Box<str>>>,
    /// Each module's place in the order of module ids.
    rank: OnceLock<Vec<u32>>,
}

/// What rendering needs beyond the run: lookups made once.
pub(super) struct Cx<'a> {
    pub(super) run: &'a Gaps,
    /// Each scope's coverage, for remedies and peers (only when findings are rendered).
    pub(super) cov: Option<Arc<Coverage>>,
    /// Catalogue modules addressing each node: PD, then interventions.
    offer: Arc<[Vec<Vec<u32>>; 2]>,
    tables: Arc<Tables>,
    /// Standards that build on a node within the window, for ranking lines.
    later: HashMap<NodeId, Vec<NodeId>>,
    /// The last scope's open standards and the catalogue modules' hits on
    /// them: every finding of a scope is phrased in turn, and each would
    /// sort them and count the hits again.
    open: std::cell::RefCell<Open>,
}

/// The standard a finding leaves open for modules of `kind`: what a
/// catalogue module of that kind would close.
fn wanted(gap: &Gap, kind: ModuleKind) -> Option<NodeId> {
    match (gap, kind) {
        (Gap::C3 { a, .. }, ModuleKind::Intervention) => Some(*a),
        (Gap::C1 { v } | Gap::C2 { v, .. }, ModuleKind::Pd) => Some(*v),
        (Gap::C4 { x, .. }, ModuleKind::Pd) => Some(*x),
        _ => None,
    }
}

/// One scope's open standards (PD findings, then C3), where it teaches each
/// standard, and how many open standards each catalogue module asked about
/// so far addresses.
#[derive(Default)]
struct Open {
    /// The scope (`u32::MAX` before the first).
    scope: u32,
    /// The open standards as bits by node.
    mask: [Vec<u64>; 2],
    /// Where each standard is taught: the earliest session (`i64::MAX` for
    /// none) and its PD module, the smaller index on a tie.
    taught: rustc_hash::FxHashMap<NodeId, (i64, u32)>,
    hits: rustc_hash::FxHashMap<u32, usize>,
}

impl<'a> Cx<'a> {
    pub(super) fn new(run: &'a Gaps, findings: bool) -> Cx<'a> {
        let g = &run.validation.graph;
        let mut offer: [Vec<Vec<u32>>; 2] = [Vec::new(), Vec::new()];
        if findings {
            offer = [vec![Vec::new(); g.len()], vec![Vec::new(); g.len()]];
            for (m, module) in g.modules.iter().enumerate() {
                let k = usize::from(module.kind == ModuleKind::Intervention);
                for &n in &module.standards {
                    offer[k][n as usize].push(m as u32);
                }
            }
        }
        let cov = findings.then(|| Arc::new(Coverage::new(run)));
        Cx::with(run, Shared { cov, offer: Arc::new(offer), tables: Arc::default() })
    }

    /// A context on lookups another one made: what each thread rendering
    /// findings in parallel starts from ([`Cx::shared`]).
    pub(super) fn with(run: &'a Gaps, shared: Shared) -> Cx<'a> {
        Cx {
            run,
            cov: shared.cov,
            offer: shared.offer,
            tables: shared.tables,
            later: HashMap::new(),
            open: std::cell::RefCell::new(Open { scope: u32::MAX, ..Default::default() }),
        }
    }

    /// The lookups of this context that threads can share.
    pub(super) fn shared(&self) -> Shared {
        Shared { cov: self.cov.clone(), offer: Arc::clone(&self.offer), tables: Arc::clone(&self.tables) }
    }

    pub(super) fn ds(&self) -> &'a crate::model::Dataset {
        &self.run.validation.dataset
    }

    pub(super) fn g(&self) -> &'a crate::graph::Graph {
        &self.run.validation.graph
    }

    /// A standard's name, its control characters shown escaped (as every text from the data in a report).
    pub(super) fn name(&self, n: NodeId) -> &str {
        let names = self.tables.names.get_or_init(|| {
            let (ds, g) = (self.ds(), self.g());
            (0..g.len() as NodeId).map(|n| printable(&g.name(ds, n)).into()).collect()
        });
        &names[n as usize]
    }

    /// A standard's summary, shown escaped.
    pub(super) fn summary(&self, n: NodeId) -> Option<Cow<'a, str>> {
        self.std(n).summary.as_deref().map(printable)
    }

    pub(super) fn std(&self, n: NodeId) -> &'a crate::model::Standard {
        &self.ds().standards[self.g().nodes[n as usize].standard]
    }

    pub(super) fn grade(&self, n: NodeId) -> &'static str {
        self.g().nodes[n as usize].grade.as_str()
    }

    pub(super) fn priority(&self, n: NodeId) -> bool {
        is_priority(self.ds(), self.g(), n)
    }

    /// Why `n` is priority work, in words.
    pub(super) fn priority_words(&self, n: NodeId) -> &'static str {
        let s = self.std(n);
        if s.focus == Some(Focus::Major) {
            "major work"
        } else if s.wap {
            "widely applicable prerequisite"
        } else {
            "priority work"
        }
    }

    pub(super) fn scope(&self, s: u32) -> &'a crate::model::Scope {
        &self.ds().scopes[self.g().scopes[s as usize].scope]
    }

    /// A scope's id as the data has it, for JSON and CSV.
    pub(super) fn raw_scope_id(&self, s: u32) -> &'a str {
        &self.scope(s).id
    }

    /// A scope's id, shown escaped, for text and Markdown.
    pub(super) fn scope_id(&self, s: u32) -> Cow<'a, str> {
        printable(&self.scope(s).id)
    }

    pub(super) fn scope_label(&self, s: u32) -> String {
        let sc = self.scope(s);
        match &sc.name {
            Some(n) => format!("{} ({})", printable(n), printable(&sc.id)),
            None => printable(&sc.id).into_owned(),
        }
    }

    pub(super) fn module(&self, m: u32) -> &'a crate::model::Module {
        &self.ds().modules[self.g().modules[m as usize].module]
    }

    /// A module's id and title, shown escaped: `PD-12 "Fractions"`.
    pub(super) fn module_label(&self, m: u32) -> &str {
        let labels = self.tables.labels.get_or_init(|| {
            (0..self.g().modules.len() as u32)
                .map(|m| {
                    let md = self.module(m);
                    match &md.title {
                        Some(t) => format!("{} \"{}\"", printable(&md.id), printable(t)).into(),
                        None => printable(&md.id).into(),
                    }
                })
                .collect()
        });
        &labels[m as usize]
    }

    /// Provider, tier, evidence and practices, as words.
    pub(super) fn module_about(&self, m: u32) -> Vec<String> {
        let md = self.module(m);
        let mut about: Vec<String> = md.provider.iter().map(|p| printable(p).into_owned()).collect();
        if let Some(t) = &md.tier {
            about.push(format!("tier {}", printable(t)));
        }
        if let Some(e) = &md.evidence {
            about.push(format!("{} evidence", printable(e)));
        }
        let practices = crate::report::explore::practice_ids(self.ds(), &self.g().modules[m as usize].practices);
        if !practices.is_empty() {
            about.push(format!("practices {}", practices.join(", ")));
        }
        about
    }

    /// Where the scope of `sg` teaches `n`: the PD module with the earliest
    /// session (then the first module), as words.
    fn push_taught_in(&self, sg: &ScopeGaps, n: NodeId, out: &mut String) {
        let best = self.open(sg).taught.get(&n).copied();
        match best {
            Some((q, m)) => {
                out.push_str(self.module_label(m));
                if q != i64::MAX {
                    let _ = write!(out, " (session {q})");
                }
            }
            None => out.push_str("its PD"),
        }
    }

    /// What the findings of `sg`'s scope share, made when its first finding is phrased.
    fn open(&self, sg: &ScopeGaps) -> std::cell::RefMut<'_, Open> {
        let mut cache = self.open.borrow_mut();
        if cache.scope != sg.scope {
            let g = self.g();
            let words = g.len().div_ceil(64);
            let mask = [ModuleKind::Pd, ModuleKind::Intervention].map(|kind| {
                let mut mask = vec![0u64; words];
                for n in sg.gaps.iter().filter_map(|gap| wanted(gap, kind)) {
                    mask[n as usize / 64] |= 1 << (n % 64);
                }
                mask
            });
            let mut taught: rustc_hash::FxHashMap<NodeId, (i64, u32)> = Default::default();
            for a in g.plans.of(sg.scope) {
                let (m, q) = (a.module(), a.sequence().unwrap_or(i64::MAX));
                let module = &g.modules[m as usize];
                if module.kind != ModuleKind::Pd {
                    continue;
                }
                for &v in &module.standards {
                    let slot = taught.entry(v).or_insert((q, m));
                    *slot = (*slot).min((q, m));
                }
            }
            *cache = Open { scope: sg.scope, mask, hits: Default::default(), taught };
        }
        cache
    }

    /// Catalogue modules of `kind` that address `n` and scope `s` does not
    /// adopt: those addressing most of the scope's other findings first.
    pub(super) fn offers(&self, sg: &ScopeGaps, n: NodeId, kind: ModuleKind, limit: usize) -> Vec<u32> {
        let Some(cov) = &self.cov else { return Vec::new() };
        let k = usize::from(kind == ModuleKind::Intervention);
        let adopted = &cov.adopted[sg.scope as usize];
        let mut cache = self.open(sg);
        let Open { mask, hits, .. } = &mut *cache;
        let open = &mask[k];
        let rank = self.tables.rank.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.g().modules.len() as u32).collect();
            order.sort_by(|a, b| self.module(*a).id.cmp(&self.module(*b).id));
            let mut rank = vec![0; order.len()];
            for (i, m) in order.into_iter().enumerate() {
                rank[m as usize] = i as u32;
            }
            rank
        });
        // The best `limit` by hits, then by module id (its rank), kept in order as they come.
        let mut best: Vec<(Reverse<usize>, u32, u32)> = Vec::with_capacity(limit + 1);
        for &m in &self.offer[k][n as usize] {
            if adopted.binary_search(&m).is_ok() {
                continue;
            }
            // A module's kind is fixed, so its hits are counted on one list.
            let hits = *hits.entry(m).or_insert_with(|| {
                let on = |x: &&NodeId| open[**x as usize / 64] >> (**x % 64) & 1 == 1;
                self.g().modules[m as usize].standards.iter().filter(on).count()
            });
            let key = (Reverse(hits), rank[m as usize], m);
            let at = best.partition_point(|b| *b < key);
            if at < limit {
                best.insert(at, key);
                best.truncate(limit);
            }
        }
        best.into_iter().map(|(_, _, m)| m).collect()
    }

    /// What to do about a finding, written after `help`: catalogue modules
    /// to adopt, and peers that cover it (they come back).
    fn push_remedy(&self, sg: &ScopeGaps, gap: &Gap, help: &mut String) -> Vec<(u32, Option<f64>)> {
        if let Gap::C5 { u, v, first_u, first_v } = gap {
            let _ = write!(
                help,
                "move {} before session {}, or {} after session {}",
                self.name(*u),
                first_v.0,
                self.name(*v),
                first_u.0
            );
            return Vec::new();
        }
        let n = gap.standard();
        let kind = if matches!(gap, Gap::C3 { .. }) { ModuleKind::Intervention } else { ModuleKind::Pd };
        let what = if kind == ModuleKind::Pd { "PD module" } else { "intervention" };
        let start = help.len();
        // The provider is in the actions; here tier and evidence, which decide between interventions.
        for (i, m) in self.offers(sg, n, kind, 2).into_iter().enumerate() {
            help.push_str(if i == 0 { "adopt " } else { " or " });
            help.push_str(self.module_label(m));
            let md = self.module(m);
            match (&md.tier, &md.evidence) {
                (Some(t), Some(e)) => _ = write!(help, " (tier {t}, {e} evidence)"),
                (Some(t), None) => _ = write!(help, " (tier {t})"),
                (None, Some(e)) => _ = write!(help, " ({e} evidence)"),
                (None, None) => {}
            }
        }
        let peers = self.cov.as_ref().map(|c| c.peers(self.run, sg.scope, gap, 2)).unwrap_or_default();
        let measure = Measure::of_check(gap.check());
        if !peers.is_empty() {
            if help.len() > start {
                help.push_str("; ");
            }
            for (i, &(p, _)) in peers.iter().enumerate() {
                let r = pct(advice::rates(&self.run.counts[p as usize])[measure as usize]);
                if i == 0 {
                    let _ = write!(help, "{} ({r} {})", self.scope_id(p), measure.title());
                } else {
                    let _ = write!(help, " and {} ({r})", self.scope_id(p));
                }
            }
            let (verb, pron) = match (kind, peers.len()) {
                (ModuleKind::Pd, 1) => ("teaches it", "it"),
                (ModuleKind::Pd, _) => ("teach it", "them"),
                (_, 1) => ("has an intervention for it", "it"),
                _ => ("have an intervention for it", "them"),
            };
            let _ = write!(help, " {verb}: learn from {pron}");
        }
        if help.len() == start {
            let _ = write!(help, "no {what} in the catalog addresses {}: one is needed", self.name(n));
        }
        peers
    }

    /// The standards a line is about, as words: `4.NF.B.3 and its parts a-d`, `4.NF.B.3 parts a and c`.
    pub(super) fn line_subject(&self, sg: &ScopeGaps, line: &Line) -> String {
        let members: Vec<NodeId> = line.gaps.iter().map(|&i| sg.gaps[i].standard()).collect();
        let parts: Vec<NodeId> = members.iter().copied().filter(|&m| m != line.head).collect();
        match (line.whole, parts.len()) {
            (_, 0) => self.name(members[0]).to_string(),
            (false, 1) => self.name(parts[0]).to_string(),
            (true, _) => format!(
                "{} and its parts {}",
                self.name(line.head),
                advice::part_letters(self.ds(), self.g(), line.head, &parts)
            ),
            (false, _) => format!(
                "{} parts {}",
                self.name(line.head),
                advice::part_letters(self.ds(), self.g(), line.head, &parts)
            ),
        }
    }

    /// A line in words: (message, help, peers). A line of one finding reads
    /// as that finding. With `summary`, the subject carries its summary cut to
    /// that many characters (JSON and CSV carry the whole summary apart).
    pub(super) fn describe(
        &self,
        sg: &ScopeGaps,
        line: &Line,
        summary: Option<usize>,
    ) -> (String, String, Vec<(u32, Option<f64>)>) {
        let (mut message, mut help) = (String::new(), String::new());
        let peers = self.describe_into(sg, line, summary, &mut message, &mut help);
        (message, help, peers)
    }

    /// [`Cx::describe`] into buffers a caller reuses from finding to
    /// finding (they are cleared first): the peers come back.
    // Whole on purpose: one match over the five checks, each arm one sentence sharing the subject made before it.
    pub(super) fn describe_into(
        &self,
        sg: &ScopeGaps,
        line: &Line,
        summary: Option<usize>,
        message: &mut String,
        help: &mut String,
    ) -> Vec<(u32, Option<f64>)> {
        message.clear();
        help.clear();
        let s = sg.scope;
        let first = &sg.gaps[line.gaps[0]];
        // A finding alone is about its own standard: its name, with nothing made.
        let subject: Cow<'_, str> = if line.gaps.len() == 1 && first.standard() == line.head {
            Cow::Borrowed(self.name(line.head))
        } else {
            Cow::Owned(self.line_subject(sg, line))
        };
        let mut what = subject;
        if let (Some(max), Some(text)) = (summary, self.summary(line.head)) {
            what = Cow::Owned(format!("{what} \"{}\"", short(&text, max)));
        }
        let many = line.gaps.len() > 1;
        let n = first.standard();
        let _ = match first {
            Gap::C1 { .. } => write!(
                message,
                "{what} (grade {}, {}) {} not addressed by any PD module the scope adopts",
                self.grade(n),
                self.priority_words(n),
                if many { "are" } else { "is" }
            ),
            Gap::C2 { before, after, .. } => write!(
                message,
                "{what} {} not taught, though {} before and {} after are: the progression breaks there",
                if many { "are" } else { "is" },
                self.name(*before),
                self.name(*after)
            ),
            Gap::C3 { taught, .. } => {
                // The taught standards that need the line's prerequisites: one finding's are distinct already.
                let needing = if many {
                    let mut all: Vec<NodeId> = line
                        .gaps
                        .iter()
                        .flat_map(|&i| match &sg.gaps[i] {
                            Gap::C3 { taught, .. } => taught.clone(),
                            _ => Vec::new(),
                        })
                        .collect();
                    all.sort_unstable();
                    all.dedup();
                    all.len()
                } else {
                    taught.len()
                };
                let named = line.named.or(taught.first().copied()).unwrap_or(n);
                let _ = write!(message, "{} is taught in ", self.name(named));
                self.push_taught_in(sg, named, message);
                let _ = write!(
                    message,
                    " but its prerequisite {what} (grade {}{}) {} no intervention",
                    self.grade(n),
                    super::evidence::proficient_note(self, s, n),
                    if many { "have" } else { "has" }
                );
                match needing {
                    0 | 1 => Ok(()),
                    2 => write!(message, " (1 more taught standard needs it too)"),
                    k => write!(message, " ({} more taught standards need it too)", k - 1),
                }
            }
            Gap::C4 { related, .. } => {
                let _ = write!(
                    message,
                    "{what} {} not taught, though {}, connected to it in grade {}, is (in ",
                    if many { "are" } else { "is" },
                    self.name(*related),
                    self.grade(n),
                );
                self.push_taught_in(sg, *related, message);
                write!(message, ")")
            }
            Gap::C5 { u, v, first_u, first_v } => write!(
                message,
                "{} is taught in session {} ({}), after {} in session {} ({}), which builds on it",
                self.name(*u),
                first_u.0,
                self.module_label(first_u.1),
                self.name(*v),
                first_v.0,
                self.module_label(first_v.1)
            ),
        };
        self.push_remedy(sg, first, help)
    }

    /// One finding alone, as JSON and CSV carry it.
    pub(super) fn single(&self, sg: &ScopeGaps, i: usize) -> Line {
        let gap = &sg.gaps[i];
        let n = gap.standard();
        Line {
            gaps: vec![i],
            head: n,
            whole: true,
            named: match gap {
                Gap::C3 { taught, .. } => taught.first().copied(),
                _ => None,
            },
            priority: self.priority(n),
            impact: 0,
        }
    }

    pub(super) fn lines(&mut self, sg: &ScopeGaps, top: usize) -> Vec<Line> {
        advice::lines(self.run, sg, top, &mut self.later)
    }
}
