//! Pictures of a neighbourhood: a standalone SVG (laid out, then drawn),
//! Graphviz DOT and Mermaid.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use super::{Marks, View};
use crate::explore::Neighbourhood;
use crate::finding::printable;
use crate::graph::{Graph, NodeId};
use crate::model::Dataset;
use crate::report::escape_xml;

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
        escape_xml(&v.summary(n))
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
    // A DOT string: backslashes and quotes escaped, control characters shown (they never end the string).
    let q = |s: &str| format!("\"{}\"", printable(s).replace('\\', "\\\\").replace('"', "\\\""));
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
            writeln!(s, "    {} [tooltip={}{extra}];", q(&v.name(n)), q(&v.summary(n)))?;
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
    // Mermaid labels may hold HTML: quotes and angle brackets as its entity codes.
    let label = |n: NodeId| v.name(n).replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;");
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
