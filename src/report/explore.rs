//! Renderers of the explorer commands (`show`, `trace`, `path`,
//! `progression`): text and JSON, and pictures as SVG, DOT and Mermaid.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::explore::Neighbourhood;
use crate::graph::{Graph, NodeId};
use crate::model::{Dataset, EdgeKind, Focus, ModuleKind};

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

    fn name(&self, n: NodeId) -> String {
        self.g.name(self.ds, n)
    }

    fn grade(&self, n: NodeId) -> &'static str {
        self.g.nodes[n as usize].grade.as_str()
    }

    fn level(&self, n: NodeId) -> i8 {
        self.g.nodes[n as usize].grade.level()
    }

    fn summary(&self, n: NodeId) -> &str {
        self.std(n).summary.as_deref().unwrap_or("")
    }

    fn domain(&self, n: NodeId) -> String {
        self.std(n).domain.clone().unwrap_or_default()
    }

    fn domain_title(&self, id: &str, fw: &str) -> Option<&str> {
        self.ds.domains.iter().find(|d| d.id == id && d.framework == fw).and_then(|d| d.title.as_deref())
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
        let top = self.g.top(n);
        let mut f = vec![top];
        f.extend((0..self.g.len() as NodeId).filter(|&m| self.g.nodes[m as usize].parent == Some(top)));
        f
    }

    fn item(&self, n: NodeId) -> Value {
        let s = self.std(n);
        json!({
            "code": self.name(n),
            "grade": self.grade(n),
            "domain": s.domain,
            "cluster": s.cluster,
            "focus": s.focus.map(Focus::as_str),
            "summary": s.summary,
        })
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

/// What the card of `n` shows, beyond the standard itself.
pub struct Card {
    /// Direct predecessors of the family, with the member they lead to when it is not `n`.
    pub builds_on: Vec<(NodeId, Option<NodeId>)>,
    /// Direct successors of the family.
    pub leads_to: Vec<(NodeId, Option<NodeId>)>,
    /// relates_to neighbours of the family.
    pub related: Vec<(NodeId, Option<NodeId>)>,
    /// Modules addressing it (indices into `Graph::modules`), PD first.
    pub modules: Vec<u32>,
    /// Gap findings that involve it: (scope label, code, message, ids).
    pub gaps: Vec<(String, String, String, Vec<String>)>,
}

/// Collects the card's lists for `n` over its family.
pub fn card(ds: &Dataset, g: &Graph, n: NodeId, gaps: Vec<(String, String, String, Vec<String>)>) -> Card {
    let v = View { ds, g };
    let family = v.family(n);
    let collect = |edges: &dyn Fn(NodeId) -> Vec<NodeId>| {
        let mut seen: BTreeMap<NodeId, Option<NodeId>> = BTreeMap::new();
        for &m in &family {
            for x in edges(m) {
                if family.contains(&x) {
                    continue;
                }
                let via = if m == n { None } else { Some(m) };
                seen.entry(x)
                    .and_modify(|e| {
                        if via.is_none() {
                            *e = None
                        }
                    })
                    .or_insert(via);
            }
        }
        seen.into_iter().collect::<Vec<_>>()
    };
    let builds_on = collect(&|m| g.predecessors(m).collect());
    let leads_to = collect(&|m| g.successors(m).collect());
    let related = collect(&|m| g.related(m).collect());
    let mut modules: Vec<u32> =
        (0..g.modules.len() as u32).filter(|&m| g.modules[m as usize].standards.contains(&n)).collect();
    modules.sort_by_key(|&m| (g.modules[m as usize].kind != ModuleKind::Pd, m));
    Card { builds_on, leads_to, related, modules, gaps }
}

fn text_list(out: &mut dyn Write, v: &View, title: &str, list: &[(NodeId, Option<NodeId>)]) -> io::Result<()> {
    writeln!(out, "\n{title} ({})", list.len())?;
    if list.is_empty() {
        return writeln!(out, "  (none)");
    }
    for ((_, grade), domains) in grouped(v, list) {
        writeln!(out, "  grade {grade}")?;
        for (domain, items) in domains {
            let fw = items.first().map(|(n, _)| v.std(*n).framework.clone()).unwrap_or_default();
            let title = v.domain_title(&domain, &fw).map(|t| format!(" {t}")).unwrap_or_default();
            let heading = if domain.is_empty() { "(no domain)".to_string() } else { format!("{domain}{title}") };
            writeln!(out, "    {heading}")?;
            for (n, via) in items {
                let via = via.map(|m| format!(" (via {})", v.name(m))).unwrap_or_default();
                let star = if v.priority(n) { "*" } else { " " };
                writeln!(out, "     {star}{:<12} {}{via}", v.name(n), v.summary(n))?;
            }
        }
    }
    Ok(())
}

/// The card as text.
pub fn write_card_text(ds: &Dataset, g: &Graph, n: NodeId, c: &Card, out: &mut dyn Write) -> io::Result<()> {
    let v = View { ds, g };
    let s = v.std(n);
    let focus = s.focus.map(|f| format!(" · {} work", f.as_str())).unwrap_or_default();
    writeln!(out, "{} · grade {}{focus}", v.name(n), v.grade(n))?;
    if let Some(d) = &s.domain {
        writeln!(out, "domain   {d} {}", v.domain_title(d, &s.framework).unwrap_or(""))?;
    }
    if let Some(c) = s.cluster.as_deref().and_then(|c| v.cluster(c, &s.framework)) {
        let focus = c.focus.map(|f| format!(" ({})", f.as_str())).unwrap_or_default();
        writeln!(out, "cluster  {} {}{focus}", c.id, c.title.as_deref().unwrap_or(""))?;
    }
    writeln!(out, "summary  {}", s.summary.as_deref().unwrap_or("(none)"))?;
    if let Some(st) = &s.statement {
        writeln!(out, "official {st}")?;
    }
    let mut flags = Vec::new();
    if s.entry {
        flags.push("entry: a progression starts here".to_string());
    }
    if s.wap {
        flags.push("widely applicable prerequisite (priority work)".to_string());
    }
    if s.modeling {
        flags.push("modeling".to_string());
    }
    if s.plus {
        flags.push("advanced (+)".to_string());
    }
    if !s.courses.is_empty() {
        flags.push(format!("courses: {}", s.courses.join(", ")));
    }
    if !flags.is_empty() {
        writeln!(out, "flags    {}", flags.join("; "))?;
    }
    if let Some(note) = &s.note {
        writeln!(out, "note     {note}")?;
    }
    let family = v.family(n);
    if family.len() > 1 {
        let others: Vec<String> = family.iter().filter(|&&m| m != n).map(|&m| v.name(m)).collect();
        let what = if g.nodes[n as usize].parent.is_some() { "family" } else { "sub-standards" };
        writeln!(out, "{what:<8} {}", others.join(", "))?;
    }
    text_list(out, &v, "builds on", &c.builds_on)?;
    text_list(out, &v, "leads to", &c.leads_to)?;
    text_list(out, &v, "relates to", &c.related)?;
    if !g.modules.is_empty() {
        writeln!(out, "\nmodules and interventions that address it ({})", c.modules.len())?;
        for &m in &c.modules {
            let md = &ds.modules[g.modules[m as usize].module];
            let title = md.title.as_deref().map(|t| format!(" \"{t}\"")).unwrap_or_default();
            let provider = md.provider.as_deref().map(|p| format!(", {p}")).unwrap_or_default();
            let practices = practice_ids(ds, &g.modules[m as usize].practices);
            let practices =
                if practices.is_empty() { String::new() } else { format!("; practices {}", practices.join(", ")) };
            writeln!(out, "  {}{title} ({}{provider}{practices})", md.id, md.kind.as_str())?;
        }
        writeln!(out, "\ngaps that involve it ({})", c.gaps.len())?;
        for (scope, code, message, _) in c.gaps.iter().take(12) {
            writeln!(out, "  {scope}: [{code}] {message}")?;
        }
        if c.gaps.len() > 12 {
            writeln!(out, "  and {} more: coherence gaps --format csv lists them all", c.gaps.len() - 12)?;
        }
    }
    writeln!(out, "\n{PRIORITY_LEGEND}")
}

/// What the star of text lists means.
const PRIORITY_LEGEND: &str = "* priority work (major work of the grade, or a widely applicable prerequisite)";

/// The card as JSON.
pub fn card_json(ds: &Dataset, g: &Graph, n: NodeId, c: &Card) -> Value {
    let v = View { ds, g };
    let s = v.std(n);
    let list = |l: &[(NodeId, Option<NodeId>)]| {
        l.iter()
            .map(|&(x, via)| {
                let mut item = v.item(x);
                if let Some(m) = via {
                    item["via"] = json!(v.name(m));
                }
                item
            })
            .collect::<Vec<_>>()
    };
    json!({
        "code": v.name(n),
        "framework": s.framework,
        "grade": v.grade(n),
        "domain": s.domain,
        "domain_title": s.domain.as_deref().and_then(|d| v.domain_title(d, &s.framework)),
        "cluster": s.cluster,
        "cluster_title": s.cluster.as_deref().and_then(|c| v.cluster(c, &s.framework)).and_then(|c| c.title.clone()),
        "focus": s.focus.map(Focus::as_str),
        "summary": s.summary,
        "statement": s.statement,
        "note": s.note,
        "entry": s.entry,
        "wap": s.wap,
        "priority": v.priority(n),
        "modeling": s.modeling,
        "plus": s.plus,
        "courses": s.courses,
        "family": v.family(n).iter().map(|&m| v.name(m)).collect::<Vec<_>>(),
        "builds_on": list(&c.builds_on),
        "leads_to": list(&c.leads_to),
        "relates_to": list(&c.related),
        "modules": c.modules.iter().map(|&m| {
            let md = &ds.modules[g.modules[m as usize].module];
            json!({"id": md.id, "kind": md.kind.as_str(), "title": md.title, "provider": md.provider,
                   "practices": practice_ids(ds, &g.modules[m as usize].practices)})
        }).collect::<Vec<_>>(),
        "gaps": c.gaps.iter().map(|(s, code, m, ids)| json!({"scope": s, "code": code, "message": m, "ids": ids})).collect::<Vec<_>>(),
    })
}

/// The progression tree of `trace` as text: prerequisites as an indented
/// tree back from the standard, then what it leads to.
pub fn write_trace_text(ds: &Dataset, g: &Graph, hood: &Neighbourhood, out: &mut dyn Write) -> io::Result<()> {
    let v = View { ds, g };
    let Some(&root) = hood.focus.first() else { return Ok(()) };
    let inside: BTreeSet<NodeId> = hood.nodes.iter().copied().collect();
    writeln!(out, "{} (grade {}): {}", v.name(root), v.grade(root), v.summary(root))?;
    writeln!(out, "\nbuilds on, back through the grades:")?;
    let mut shown = BTreeSet::new();
    fn walk(
        out: &mut dyn Write,
        v: &View,
        n: NodeId,
        depth: usize,
        inside: &BTreeSet<NodeId>,
        shown: &mut BTreeSet<NodeId>,
        up: bool,
    ) -> io::Result<()> {
        let mut next: Vec<NodeId> = if up { v.g.predecessors(n).collect() } else { v.g.successors(n).collect() };
        next.retain(|x| inside.contains(x));
        next.sort_by_key(|&x| (if up { -v.level(x) } else { v.level(x) }, v.name(x)));
        for x in next {
            let again = !shown.insert(x);
            let star = if v.priority(x) { "*" } else { " " };
            let tail = if again { "  (see above)".to_string() } else { format!("  {}", v.summary(x)) };
            writeln!(out, "{}{star}{} [{}]{tail}", "  ".repeat(depth), v.name(x), v.grade(x))?;
            if !again {
                walk(out, v, x, depth + 1, inside, shown, up)?;
            }
        }
        Ok(())
    }
    walk(out, &v, root, 1, &inside, &mut shown, true)?;
    if shown.is_empty() {
        writeln!(out, "  (nothing: a progression starts here)")?;
    }
    writeln!(out, "\nleads to:")?;
    let mut ahead = BTreeSet::new();
    walk(out, &v, root, 1, &inside, &mut ahead, false)?;
    if ahead.is_empty() {
        writeln!(out, "  (nothing within the grades asked for)")?;
    }
    writeln!(out, "\n{} standards, {} builds_towards edges; * priority work", hood.nodes.len(), hood.builds.len())
}

/// A neighbourhood as JSON: nodes with their fields, and both kinds of edge.
pub fn hood_json(ds: &Dataset, g: &Graph, hood: &Neighbourhood) -> Value {
    let v = View { ds, g };
    json!({
        "focus": hood.focus.iter().map(|&n| v.name(n)).collect::<Vec<_>>(),
        "standards": hood.nodes.iter().map(|&n| v.item(n)).collect::<Vec<_>>(),
        "builds_towards": hood.builds.iter().map(|&(a, b, e)| json!({"from": v.name(a), "to": v.name(b), "progression": ds.edges[e].progression, "note": ds.edges[e].note})).collect::<Vec<_>>(),
        "relates_to": hood.relates.iter().map(|&(a, b, e)| json!({"from": v.name(a), "to": v.name(b), "note": ds.edges[e].note})).collect::<Vec<_>>(),
    })
}

/// A progression in learning order, as text grouped by grade.
pub fn write_progression_text(
    ds: &Dataset,
    g: &Graph,
    tag: &str,
    hood: &Neighbourhood,
    out: &mut dyn Write,
) -> io::Result<()> {
    let v = View { ds, g };
    let title = ds
        .frameworks
        .iter()
        .flat_map(|f| f.progressions.iter())
        .find(|p| p.tag.eq_ignore_ascii_case(tag))
        .and_then(|p| p.title.clone())
        .map(|t| format!(": {t}"))
        .unwrap_or_default();
    writeln!(
        out,
        "{tag}{title}: {} standards in learning order, {} builds_towards edges",
        hood.focus.len(),
        hood.builds.len()
    )?;
    let own: BTreeSet<NodeId> = hood.focus.iter().copied().collect();
    let mut grade = None;
    let mut i = 0;
    for &n in hood.nodes.iter().filter(|n| own.contains(n)) {
        if grade != Some(v.grade(n)) {
            grade = Some(v.grade(n));
            writeln!(out, "\ngrade {}", v.grade(n))?;
        }
        i += 1;
        let star = if v.priority(n) { "*" } else { " " };
        writeln!(out, "{i:>4}. {star}{:<12} {}", v.name(n), v.summary(n))?;
    }
    let others: Vec<String> = hood.nodes.iter().filter(|n| !own.contains(n)).map(|&n| v.name(n)).collect();
    if !others.is_empty() {
        writeln!(out, "\ndraws on ({}): {}", others.len(), others.join(", "))?;
    }
    writeln!(out, "\n{PRIORITY_LEGEND}")
}

/// Paths as text, or the statement that none exists.
pub fn write_paths_text(
    ds: &Dataset,
    g: &Graph,
    from: NodeId,
    to: NodeId,
    any: bool,
    paths: &[crate::explore::Path],
    out: &mut dyn Write,
) -> io::Result<()> {
    let v = View { ds, g };
    let along = if any { "builds_towards or relates_to" } else { "builds_towards" };
    if paths.is_empty() {
        let hint = if any { "" } else { " (--any also walks relates_to)" };
        return writeln!(out, "No path leads from {} to {} along {along}{hint}.", v.name(from), v.name(to));
    }
    writeln!(
        out,
        "{} path{} from {} to {} along {along}, shortest first:",
        paths.len(),
        if paths.len() == 1 { "" } else { "s" },
        v.name(from),
        v.name(to)
    )?;
    for (i, p) in paths.iter().enumerate() {
        let mut line = String::new();
        for (k, (n, kind)) in p.iter().enumerate() {
            if k > 0 {
                line.push_str(if *kind == EdgeKind::RelatesTo { " -- " } else { " -> " });
            }
            line.push_str(&v.name(*n));
        }
        writeln!(out, "\n{}. {} ({} step{})", i + 1, line, p.len() - 1, if p.len() == 2 { "" } else { "s" })?;
        for (n, _) in p {
            writeln!(out, "     {:<12} grade {:<3} {}", v.name(*n), v.grade(*n), v.summary(*n))?;
        }
    }
    Ok(())
}

/// Paths as JSON.
pub fn paths_json(ds: &Dataset, g: &Graph, from: NodeId, to: NodeId, paths: &[crate::explore::Path]) -> Value {
    let v = View { ds, g };
    json!({
        "from": v.name(from),
        "to": v.name(to),
        "paths": paths.iter().map(|p| p.iter().enumerate().map(|(k, (n, kind))| {
            let mut item = v.item(*n);
            if k > 0 {
                item["via"] = json!(kind.as_str());
            }
            item
        }).collect::<Vec<_>>()).collect::<Vec<_>>(),
    })
}

/// Colour-blind-safe colours (Okabe-Ito and Tol), one per domain kind.
const PALETTE: [&str; 12] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#882255", "#117733", "#999933", "#44AA99",
    "#AA4499", "#332288",
];

/// A domain's kind: `4.NF` -> `NF`, `HSA-SSE` -> `A-SSE`.
fn domain_kind(domain: &str) -> String {
    match domain.split_once('.') {
        Some((_, k)) => k.to_string(),
        None => domain.trim_start_matches("HS").to_string(),
    }
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn columns<'a>(v: &View<'a>, hood: &Neighbourhood) -> Vec<(String, Vec<NodeId>)> {
    let mut by: BTreeMap<(i8, String), Vec<NodeId>> = BTreeMap::new();
    for &n in &hood.nodes {
        by.entry((v.level(n), v.grade(n).to_string())).or_default().push(n);
    }
    by.into_iter()
        .map(|((_, grade), mut ns)| {
            ns.sort_by_key(|&n| (v.domain(n), v.name(n)));
            (grade, ns)
        })
        .collect()
}

/// Where each box of a picture goes.
struct Layout {
    cols: Vec<(String, Vec<NodeId>)>,
    pos: HashMap<NodeId, (f64, f64)>,
    /// The bottom of the lowest box.
    height: f64,
    width: f64,
    total_h: f64,
    kinds: BTreeSet<String>,
    colour: HashMap<String, &'static str>,
}

/// Box width and height, gaps between columns and rows, top and left margins.
const BW: f64 = 200.0;
const BH: f64 = 44.0;
const GAP_X: f64 = 84.0;
const GAP_Y: f64 = 12.0;
const TOP: f64 = 70.0;
const LEFT: f64 = 24.0;

/// Grades as columns, each column's standards by domain and code; a colour per domain kind.
fn layout(v: &View, hood: &Neighbourhood) -> Layout {
    let cols = columns(v, hood);
    let mut pos: HashMap<NodeId, (f64, f64)> = HashMap::new();
    let mut height: f64 = 0.0;
    for (c, (_, ns)) in cols.iter().enumerate() {
        for (r, &n) in ns.iter().enumerate() {
            let (x, y) = (LEFT + c as f64 * (BW + GAP_X), TOP + 24.0 + r as f64 * (BH + GAP_Y));
            pos.insert(n, (x, y));
            height = height.max(y + BH);
        }
    }
    let kinds: BTreeSet<String> = hood.nodes.iter().map(|&n| domain_kind(&v.domain(n))).collect();
    let colour: HashMap<String, &'static str> =
        kinds.iter().enumerate().map(|(i, k)| (k.clone(), PALETTE[i % PALETTE.len()])).collect();
    let legend_rows = kinds.len().div_ceil(6) as f64;
    let width = (LEFT * 2.0 + cols.len().max(1) as f64 * (BW + GAP_X) - GAP_X).max(640.0);
    let total_h = height + 80.0 + legend_rows * 22.0 + 40.0;
    Layout { cols, pos, height, width, total_h, kinds, colour }
}

/// A layered picture: grades as columns, standards coloured by domain,
/// priority work marked, builds_towards as arrows and relates_to as dashed
/// lines; with marks, a scope's coverage (a tick) and gaps (a red dashed
/// border). A standalone SVG with system fonts only.
pub fn write_svg(
    ds: &Dataset,
    g: &Graph,
    hood: &Neighbourhood,
    title: &str,
    marks: &Marks,
    s: &mut dyn Write,
) -> io::Result<()> {
    let v = View { ds, g };
    let l = layout(&v, hood);
    writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{:.0}" height="{:.0}" viewBox="0 0 {:.0} {:.0}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="{}">"#,
        l.width,
        l.total_h,
        l.width,
        l.total_h,
        escape_xml(title)
    )?;
    s.write_all(
        br##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>
<rect width="100%" height="100%" fill="#ffffff"/>
"##,
    )?;
    writeln!(
        s,
        r##"<text x="{LEFT}" y="30" font-size="18" font-weight="bold" fill="#111">{}</text>"##,
        escape_xml(title)
    )?;
    for (c, (grade, _)) in l.cols.iter().enumerate() {
        let x = LEFT + c as f64 * (BW + GAP_X);
        let label = match grade.as_str() {
            "K" => "Kindergarten".to_string(),
            "HS" => "High school".to_string(),
            _ => format!("Grade {grade}"),
        };
        writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="14" font-weight="bold" fill="#333" text-anchor="middle">{label}</text>"##,
            x + BW / 2.0,
            TOP + 8.0
        )?;
    }
    draw_edges(&l, hood, s)?;
    for &n in &hood.nodes {
        draw_box(&v, &l, hood, marks, n, s)?;
    }
    draw_legend(&l, hood, marks, s)?;
    s.write_all(b"</svg>\n")
}

/// A cubic curve from (x1, y1) to (x2, y2), leaving and arriving horizontally through `cx1` and `cx2`.
fn curve(x1: f64, y1: f64, cx1: f64, cx2: f64, x2: f64, y2: f64) -> String {
    format!("M{x1:.1},{y1:.1} C{cx1:.1},{y1:.1} {cx2:.1},{y2:.1} {x2:.1},{y2:.1}")
}

/// relates_to as dashed bows on the right, builds_towards as arrows: under the boxes.
fn draw_edges(l: &Layout, hood: &Neighbourhood, s: &mut dyn Write) -> io::Result<()> {
    for &(a, b, _) in &hood.relates {
        let ((x1, y1), (x2, y2)) = (l.pos[&a], l.pos[&b]);
        let d = curve(x1 + BW, y1 + BH / 2.0, x1 + BW + 36.0, x2 + BW + 36.0, x2 + BW, y2 + BH / 2.0);
        writeln!(s, r##"<path d="{d}" fill="none" stroke="#888" stroke-width="1.4" stroke-dasharray="5 4"/>"##)?;
    }
    for &(a, b, _) in &hood.builds {
        let ((x1, y1), (x2, y2)) = (l.pos[&a], l.pos[&b]);
        let d = if (x1 - x2).abs() < 1.0 {
            // Within one grade: a bow on the left of the column.
            curve(x1, y1 + BH / 2.0, x1 - 40.0, x2 - 40.0, x2, y2 + BH / 2.0)
        } else {
            let mid = (x1 + BW + x2) / 2.0;
            curve(x1 + BW, y1 + BH / 2.0, mid, mid, x2, y2 + BH / 2.0)
        };
        writeln!(s, r##"<path d="{d}" fill="none" stroke="#444" stroke-width="1.3" marker-end="url(#arrow)"/>"##)?;
    }
    Ok(())
}

/// One standard's box: its code, its summary cut to fit, and the scope's marks.
fn draw_box(v: &View, l: &Layout, hood: &Neighbourhood, marks: &Marks, n: NodeId, s: &mut dyn Write) -> io::Result<()> {
    let (x, y) = l.pos[&n];
    let col = l.colour.get(&domain_kind(&v.domain(n))).copied().unwrap_or("#666");
    let gap = marks.gaps.contains(&n);
    let (stroke, width, dash) = if hood.focus.contains(&n) {
        ("#000", 3.0, "")
    } else if gap {
        ("#C00000", 2.4, r#" stroke-dasharray="6 3""#)
    } else {
        (col, 1.6, "")
    };
    // About 28 characters fit at this size in common sans-serif fonts; the rest is in the tooltip.
    let summary: String = v.summary(n).chars().take(27).collect();
    let summary = if v.summary(n).chars().count() > 27 { format!("{}…", summary.trim_end()) } else { summary };
    writeln!(
        s,
        r##"<g><title>{} (grade {}): {}</title>"##,
        escape_xml(&v.name(n)),
        v.grade(n),
        escape_xml(v.summary(n))
    )?;
    writeln!(
        s,
        r##"<rect x="{x:.1}" y="{y:.1}" width="{BW}" height="{BH}" rx="6" fill="{col}" fill-opacity="0.14" stroke="{stroke}" stroke-width="{width}"{dash}/>"##
    )?;
    writeln!(s, r##"<rect x="{x:.1}" y="{y:.1}" width="6" height="{BH}" rx="2" fill="{col}"/>"##)?;
    let star = if v.priority(n) { "● " } else { "" };
    writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="13" font-weight="bold" fill="#111">{star}{}</text>"##,
        x + 12.0,
        y + 18.0,
        escape_xml(&v.name(n))
    )?;
    writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="10.5" fill="#333">{}</text>"##,
        x + 12.0,
        y + 34.0,
        escape_xml(&summary)
    )?;
    if marks.covered.contains(&n) {
        writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="14" font-weight="bold" fill="#007A3D" text-anchor="end">✓</text>"##,
            x + BW - 6.0,
            y + 18.0
        )?;
    }
    if gap {
        writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="14" font-weight="bold" fill="#C00000" text-anchor="end">!</text>"##,
            x + BW - 24.0,
            y + 18.0
        )?;
    }
    s.write_all(b"</g>\n")
}

/// What the marks, lines and colours mean.
fn draw_legend(l: &Layout, hood: &Neighbourhood, marks: &Marks, s: &mut dyn Write) -> io::Result<()> {
    let mut ly = l.height + 40.0;
    let bold = match hood.focus.len() {
        0 => "",
        1 => "   bold border: the standard asked about",
        _ => "   bold border: the progression's own standards",
    };
    writeln!(
        s,
        r##"<text x="{LEFT}" y="{ly:.1}" font-size="12" fill="#333">● priority work   → builds towards   - - relates to{bold}</text>"##
    )?;
    if let Some(sc) = &marks.scope {
        ly += 18.0;
        writeln!(
            s,
            r##"<text x="{LEFT}" y="{ly:.1}" font-size="12" fill="#333">✓ taught in {}   ! a gap finding in {}</text>"##,
            escape_xml(sc),
            escape_xml(sc)
        )?;
    }
    for (i, k) in l.kinds.iter().enumerate() {
        let (x, y) = (LEFT + (i % 6) as f64 * 110.0, ly + 22.0 + (i / 6) as f64 * 22.0);
        writeln!(
            s,
            r##"<rect x="{x:.1}" y="{:.1}" width="14" height="14" rx="3" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#333">{}</text>"##,
            y - 11.0,
            l.colour[k],
            x + 20.0,
            y,
            escape_xml(k)
        )?;
    }
    Ok(())
}

/// Graphviz DOT: one cluster per grade, left to right.
pub fn write_dot(ds: &Dataset, g: &Graph, hood: &Neighbourhood, title: &str, s: &mut dyn Write) -> io::Result<()> {
    let v = View { ds, g };
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    write!(
        s,
        "digraph coherence {{\n  label={};\n  rankdir=LR;\n  node [shape=box, style=\"rounded\", fontname=\"Helvetica\"];\n",
        q(title)
    )?;
    for (c, (grade, ns)) in columns(&v, hood).iter().enumerate() {
        writeln!(s, "  subgraph cluster_{c} {{\n    label={};", q(&format!("grade {grade}")))?;
        for &n in ns {
            let extra = if hood.focus.contains(&n) {
                ", penwidth=3"
            } else if v.priority(n) {
                ", penwidth=2"
            } else {
                ""
            };
            writeln!(s, "    {} [tooltip={}{extra}];", q(&v.name(n)), q(v.summary(n)))?;
        }
        s.write_all(b"  }\n")?;
    }
    for &(a, b, _) in &hood.builds {
        writeln!(s, "  {} -> {};", q(&v.name(a)), q(&v.name(b)))?;
    }
    for &(a, b, _) in &hood.relates {
        writeln!(s, "  {} -> {} [dir=none, style=dashed];", q(&v.name(a)), q(&v.name(b)))?;
    }
    s.write_all(b"}\n")
}

/// Mermaid flowchart: one subgraph per grade.
pub fn write_mermaid(ds: &Dataset, g: &Graph, hood: &Neighbourhood, s: &mut dyn Write) -> io::Result<()> {
    let v = View { ds, g };
    let id = |n: NodeId| format!("n{n}");
    let label = |n: NodeId| v.name(n).replace('"', "'");
    s.write_all(b"flowchart LR\n")?;
    for (c, (grade, ns)) in columns(&v, hood).iter().enumerate() {
        writeln!(s, "  subgraph g{c}[\"grade {grade}\"]")?;
        for &n in ns {
            writeln!(s, "    {}[\"{}\"]", id(n), label(n))?;
        }
        s.write_all(b"  end\n")?;
    }
    for &(a, b, _) in &hood.builds {
        writeln!(s, "  {} --> {}", id(a), id(b))?;
    }
    for &(a, b, _) in &hood.relates {
        writeln!(s, "  {} -.- {}", id(a), id(b))?;
    }
    for &n in &hood.focus {
        writeln!(s, "  style {} stroke-width:3px", id(n))?;
    }
    Ok(())
}

/// The ids of practice standards (indices into `Dataset::practices`), without repeats.
pub fn practice_ids(ds: &Dataset, practices: &[usize]) -> Vec<String> {
    let mut ids: Vec<String> = practices.iter().map(|&p| ds.practices[p].id.clone()).collect();
    ids.dedup();
    ids
}
