//! Pictures of a neighbourhood: a standalone SVG (laid out by
//! [`crate::layout`], then drawn), Graphviz DOT and Mermaid. Each standard
//! shows its code and its summary.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use super::{Marks, View};
use crate::explore::Neighbourhood;
use crate::finding::printable;
use crate::graph::{Graph, NodeId};
use crate::layout::{self, Layout, Link, Piece, Route, Side, Spacing};
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

/// Grades in grade order, each with its standards by domain and code.
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

/// The widest picture that fits a 1080p slide at its natural size.
const MAX_WIDTH: f64 = 1920.0;
/// Box widths: at most about 45 characters of summary a line, so most
/// summaries fit in three; narrower (down to about 34) when more grades
/// must fit a slide's width.
const MAX_BW: f64 = 300.0;
const MIN_BW: f64 = 230.0;
/// The gap between columns, where the lines run.
const GAP_X: f64 = 70.0;
/// The margin around everything.
const MARGIN: f64 = 24.0;
/// Font sizes; none under 12 px, so a picture on a slide stays legible.
const TITLE_PX: f64 = 20.0;
const HEAD_PX: f64 = 15.0;
const CODE_PX: f64 = 14.0;
const TEXT_PX: f64 = 12.0;
const LEGEND_PX: f64 = 13.0;
/// The distance between two lines of a summary.
const LINE_H: f64 = 15.0;
/// Summary lines at most; the third ends with an ellipsis when the summary goes on.
const MAX_LINES: usize = 3;
/// Where text starts in a box (after the colour strip), and the room kept on its right.
const PAD_L: f64 = 14.0;
const PAD_R: f64 = 8.0;
/// The baseline of the column headings, and the top of the highest box.
const HEAD_Y: f64 = 70.0;
const CONTENT_Y: f64 = 88.0;

/// Advance widths of Helvetica and Arial (and Liberation Sans, which
/// matches them) for ASCII from the space to `~`, in thousandths of an em.
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 to 9
    278, 278, 584, 584, 584, 556, 1015, // : to @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
    667, 667, 611, // A to Z
    278, 278, 278, 469, 556, 333, // [ to `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
    500, 500, 500, // a to z
    334, 260, 334, 584, // { to ~
];

/// The estimated width of `text` at `px` pixels, a little generous: the
/// fonts are the viewer's, so the estimate errs towards room to spare.
fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c as u32 {
            32..=126 => f64::from(ASCII_WIDTHS[c as usize - 32]) / 1000.0,
            0x2E80.. => 1.0,
            _ => 0.65,
        })
        .sum();
    em * px * if bold { 1.1 } else { 1.04 }
}

/// `text` on lines of at most `max` pixels (words kept whole unless one is
/// wider than a line), at most `lines` of them; when more would be needed
/// the last one ends with an ellipsis.
fn wrap(text: &str, max: f64, px: f64, lines: usize) -> Vec<String> {
    let fits = |s: &str| text_width(s, px, false) <= max;
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if out.len() > lines {
            break;
        }
        let joined = if cur.is_empty() { word.to_string() } else { format!("{cur} {word}") };
        if fits(&joined) {
            cur = joined;
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        for c in word.chars() {
            cur.push(c);
            if !fits(&cur) && cur.chars().count() > 1 {
                cur.pop();
                out.push(std::mem::take(&mut cur));
                cur.push(c);
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            let mut keep = last.trim_end().to_string();
            while !keep.is_empty() && !fits(&format!("{keep}…")) {
                keep.pop();
                keep = keep.trim_end().to_string();
            }
            *last = format!("{keep}…");
        }
    }
    out
}

/// `text` cut to `max` pixels with an ellipsis, or whole when it fits.
fn cut(text: &str, max: f64, px: f64, bold: bool) -> String {
    if text_width(text, px, bold) <= max {
        return text.to_string();
    }
    let mut keep: String = text.to_string();
    while !keep.is_empty() && text_width(&format!("{keep}…"), px, bold) > max {
        keep.pop();
    }
    format!("{keep}…")
}

/// A line of the picture: builds_towards or relates_to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Builds,
    Relates,
}

/// A picture laid out: its standards (box `i` is `nodes[i]`), their
/// summaries as lines, the columns, and where everything goes.
struct Scene {
    nodes: Vec<NodeId>,
    summaries: Vec<Vec<String>>,
    /// The grades, and for each column the grade it belongs to.
    grades: Vec<String>,
    column_grade: Vec<usize>,
    lines: Vec<Line>,
    /// The width of every box.
    bw: f64,
    layout: Layout,
    /// What to add to layout coordinates to place them in the picture.
    dx: f64,
    dy: f64,
}

/// Lays a neighbourhood out: grades as columns (a grade split into columns
/// by longest path within it while the picture stays within a slide's
/// width), each box as tall as the longest summary needs.
fn scene(v: &View, hood: &Neighbourhood) -> Scene {
    let cols = columns(v, hood);
    let nodes: Vec<NodeId> = cols.iter().flat_map(|(_, ns)| ns.iter().copied()).collect();
    let index: HashMap<NodeId, usize> = nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut layers = Vec::with_capacity(cols.len());
    let mut next = 0;
    for (_, ns) in &cols {
        layers.push((next..next + ns.len()).collect::<Vec<usize>>());
        next += ns.len();
    }
    let mut links = Vec::new();
    let mut lines = Vec::new();
    for &(a, b, _) in &hood.builds {
        if let (Some(&i), Some(&j)) = (index.get(&a), index.get(&b)) {
            links.push(Link { from: i, to: j, side: Side::Left });
            lines.push(Line::Builds);
        }
    }
    for &(a, b, _) in &hood.relates {
        if let (Some(&i), Some(&j)) = (index.get(&a), index.get(&b)) {
            links.push(Link { from: i, to: j, side: Side::Right });
            lines.push(Line::Relates);
        }
    }
    let builds: Vec<(usize, usize)> =
        links.iter().zip(&lines).filter(|(_, l)| **l == Line::Builds).map(|(k, _)| (k.from, k.to)).collect();
    let mut spacing = Spacing { box_width: MAX_BW, layer_gap: GAP_X, row_gap: 14.0, lane_gap: 9.0 };
    // Room for bows beside the first and last columns too.
    let room = MAX_WIDTH - 2.0 * (MARGIN + spacing.bow_reach()) + GAP_X;
    let bw = (room / cols.len().max(1) as f64 - GAP_X).clamp(MIN_BW, MAX_BW).floor();
    spacing.box_width = bw;
    let fit = (room / (bw + GAP_X)).floor() as usize;
    let summaries: Vec<Vec<String>> =
        nodes.iter().map(|&n| wrap(&v.summary(n), bw - PAD_L - PAD_R, TEXT_PX, MAX_LINES)).collect();
    let most = summaries.iter().map(Vec::len).max().unwrap_or(0);
    let h = box_height(most);
    // A grade splits only while the picture would be taller than a 16:9 slide is for its width.
    let rows = 9.0 / 16.0 * (bw + GAP_X) / (h + spacing.row_gap);
    let split = layout::split_layers(&layers, &builds, fit.max(cols.len()), rows);
    let sub: Vec<Vec<usize>> = split.iter().map(|(_, ns)| ns.clone()).collect();
    let layout = layout::layout(&sub, &vec![h; nodes.len()], &links, &spacing);
    let (dx, dy) = (MARGIN - layout.bounds.x, CONTENT_Y - layout.bounds.y);
    Scene {
        nodes,
        summaries,
        grades: cols.into_iter().map(|(g, _)| g).collect(),
        column_grade: split.iter().map(|(g, _)| *g).collect(),
        lines,
        bw,
        layout,
        dx,
        dy,
    }
}

/// A box's height for summaries of `lines` lines: the code, then the lines.
fn box_height(lines: usize) -> f64 {
    if lines == 0 { 32.0 } else { 46.0 + (lines - 1) as f64 * LINE_H }
}

/// The layout of a neighbourhood's SVG picture, before it is moved into
/// place under the title: the boxes of its standards in the order of
/// grade, domain and code, the routes of its builds_towards then
/// relates_to lines in the order of `hood`, and the crossings of its lines
/// in the first order (by domain and code, lanes where lines run straight)
/// and as drawn.
pub fn svg_layout(ds: &Dataset, g: &Graph, hood: &Neighbourhood) -> Layout {
    scene(&View { ds, g }, hood).layout
}

/// A layered picture: grades as columns, standards coloured by domain with
/// their codes and summaries, priority work marked, builds_towards as
/// arrows and relates_to as dashed lines, both between the columns; with
/// marks, a scope's coverage (a tick) and gaps (a red dashed border). A
/// standalone SVG with system fonts only, sized from what it holds.
pub fn write_svg(
    ds: &Dataset,
    g: &Graph,
    hood: &Neighbourhood,
    title: &str,
    marks: &Marks,
    s: &mut dyn Write,
) -> io::Result<()> {
    let v = View { ds, g };
    let sc = scene(&v, hood);
    let kinds: BTreeSet<String> = sc.nodes.iter().map(|&n| domain_kind(&v.domain(n))).collect();
    let colour: HashMap<String, &'static str> =
        kinds.iter().enumerate().map(|(i, k)| (k.clone(), PALETTE[i % PALETTE.len()])).collect();
    let title_w = text_width(&printable(title), TITLE_PX, true);
    let content_w = sc.layout.bounds.w;
    let width = (2.0 * MARGIN + content_w.max(title_w)).max(640.0).ceil();
    let legend = legend(&v, &sc, hood, marks, &kinds, &colour, width - 2.0 * MARGIN);
    let legend_y = CONTENT_Y + sc.layout.bounds.h + 40.0;
    let height = (legend_y + legend.height + MARGIN).ceil();
    writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="{}">"#,
        escape_xml(title)
    )?;
    s.write_all(
        br##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>
<rect width="100%" height="100%" fill="#ffffff"/>
"##,
    )?;
    writeln!(
        s,
        r##"<text x="{MARGIN}" y="34" font-size="{TITLE_PX}" font-weight="bold" fill="#111">{}</text>"##,
        escape_xml(title)
    )?;
    draw_headings(&sc, s)?;
    for (route, line) in sc.layout.routes.iter().zip(&sc.lines) {
        if route.pieces.is_empty() {
            continue;
        }
        let d = path(route, sc.dx, sc.dy);
        match line {
            Line::Builds => writeln!(
                s,
                r##"<path d="{d}" fill="none" stroke="#555" stroke-width="1.3" marker-end="url(#arrow)"/>"##
            )?,
            Line::Relates => {
                writeln!(s, r##"<path d="{d}" fill="none" stroke="#888" stroke-width="1.4" stroke-dasharray="5 4"/>"##)?
            }
        }
    }
    for i in 0..sc.nodes.len() {
        draw_box(&v, &sc, hood, marks, &colour, i, s)?;
    }
    for item in &legend.items {
        s.write_all(item.svg(MARGIN, legend_y).as_bytes())?;
    }
    s.write_all(b"</svg>\n")
}

/// Each grade's heading, centred over its columns; a grade of several columns is underlined across them.
fn draw_headings(sc: &Scene, s: &mut dyn Write) -> io::Result<()> {
    for (gi, grade) in sc.grades.iter().enumerate() {
        let cols: Vec<usize> = (0..sc.column_grade.len()).filter(|&c| sc.column_grade[c] == gi).collect();
        let (Some(&first), Some(&last)) = (cols.first(), cols.last()) else { continue };
        let (x0, x1) = (sc.layout.layer_x[first] + sc.dx, sc.layout.layer_x[last] + sc.bw + sc.dx);
        let label = match grade.as_str() {
            "K" => "Kindergarten".to_string(),
            "HS" => "High school".to_string(),
            "PK" => "Pre-kindergarten".to_string(),
            _ => format!("Grade {grade}"),
        };
        writeln!(
            s,
            r##"<text x="{:.1}" y="{HEAD_Y:.1}" font-size="{HEAD_PX}" font-weight="bold" fill="#333" text-anchor="middle">{label}</text>"##,
            (x0 + x1) / 2.0,
        )?;
        if cols.len() > 1 {
            writeln!(
                s,
                r##"<path d="M{x0:.1},{y:.1} L{x1:.1},{y:.1}" stroke="#bbb" stroke-width="1.5"/>"##,
                y = HEAD_Y + 7.0
            )?;
        }
    }
    Ok(())
}

/// A route as SVG path data, moved by (dx, dy).
fn path(r: &Route, dx: f64, dy: f64) -> String {
    use std::fmt::Write as _;
    let mut d = format!("M{:.1},{:.1}", r.start.x + dx, r.start.y + dy);
    for p in &r.pieces {
        // Writing to a String cannot fail.
        let _ = match *p {
            Piece::Line(a) => write!(d, " L{:.1},{:.1}", a.x + dx, a.y + dy),
            Piece::Cubic(a, b, c) => write!(
                d,
                " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                a.x + dx,
                a.y + dy,
                b.x + dx,
                b.y + dy,
                c.x + dx,
                c.y + dy
            ),
        };
    }
    d
}

/// One standard's box: its code, its summary on up to three lines, and the scope's marks.
fn draw_box(
    v: &View,
    sc: &Scene,
    hood: &Neighbourhood,
    marks: &Marks,
    colour: &HashMap<String, &'static str>,
    i: usize,
    s: &mut dyn Write,
) -> io::Result<()> {
    let n = sc.nodes[i];
    let b = sc.layout.boxes[i];
    let (x, y, h, bw) = (b.x + sc.dx, b.y + sc.dy, b.h, b.w);
    let col = colour.get(&domain_kind(&v.domain(n))).copied().unwrap_or("#666");
    let gap = marks.gaps.contains(&n);
    let (stroke, width, dash) = if hood.focus.contains(&n) {
        ("#000", 3.0, "")
    } else if gap {
        ("#C00000", 2.4, r#" stroke-dasharray="6 3""#)
    } else {
        (col, 1.6, "")
    };
    writeln!(
        s,
        r##"<g><title>{} (grade {}): {}</title>"##,
        escape_xml(&v.name(n)),
        v.grade(n),
        escape_xml(&v.summary(n))
    )?;
    writeln!(
        s,
        r##"<rect x="{x:.1}" y="{y:.1}" width="{bw}" height="{h:.1}" rx="6" fill="{col}" fill-opacity="0.14" stroke="{stroke}" stroke-width="{width}"{dash}/>"##
    )?;
    writeln!(s, r##"<rect x="{x:.1}" y="{y:.1}" width="6" height="{h:.1}" rx="2" fill="{col}"/>"##)?;
    let star = if v.priority(n) { "● " } else { "" };
    // The code keeps clear of the marks at the top right.
    let code = cut(&format!("{star}{}", v.name(n)), bw - PAD_L - PAD_R - 36.0, CODE_PX, true);
    writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="{CODE_PX}" font-weight="bold" fill="#111">{}</text>"##,
        x + PAD_L,
        y + 20.0,
        escape_xml(&code)
    )?;
    if !sc.summaries[i].is_empty() {
        write!(s, r##"<text font-size="{TEXT_PX}" fill="#333">"##)?;
        for (j, line) in sc.summaries[i].iter().enumerate() {
            write!(
                s,
                r##"<tspan x="{:.1}" y="{:.1}">{}</tspan>"##,
                x + PAD_L,
                y + 37.0 + j as f64 * LINE_H,
                escape_xml(line)
            )?;
        }
        s.write_all(b"</text>\n")?;
    }
    if marks.covered.contains(&n) {
        writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="14" font-weight="bold" fill="#007A3D" text-anchor="end">✓</text>"##,
            x + bw - 6.0,
            y + 20.0
        )?;
    }
    if gap {
        writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="14" font-weight="bold" fill="#C00000" text-anchor="end">!</text>"##,
            x + bw - 24.0,
            y + 20.0
        )?;
    }
    s.write_all(b"</g>\n")
}

/// What a legend entry shows before its words.
enum Sample {
    /// Nothing: the words carry their own sign.
    None,
    /// A line; dashed for relates_to, with an arrow for builds_towards.
    Line { dashed: bool, arrow: bool },
    /// A small box with a border (colour, width, dashed) and a mark inside.
    Border { stroke: &'static str, width: f64, dashed: bool, mark: &'static str },
    /// A filled square of a domain's colour.
    Swatch(&'static str),
}

/// One legend entry, placed.
struct Entry {
    sample: Sample,
    words: String,
    x: f64,
    y: f64,
}

impl Sample {
    fn width(&self) -> f64 {
        match self {
            Sample::None => 0.0,
            Sample::Line { .. } => 34.0,
            Sample::Border { .. } => 26.0,
            Sample::Swatch(_) => 20.0,
        }
    }
}

impl Entry {
    /// The entry as SVG, the legend's top left at (x0, y0).
    fn svg(&self, x0: f64, y0: f64) -> String {
        let (x, y) = (x0 + self.x, y0 + self.y);
        let sample = match &self.sample {
            Sample::None => String::new(),
            Sample::Line { dashed, arrow } => {
                let style = if *dashed {
                    r##"stroke="#888" stroke-width="1.4" stroke-dasharray="5 4""##
                } else {
                    r##"stroke="#555" stroke-width="1.3""##
                };
                let end = if *arrow { r#" marker-end="url(#arrow)""# } else { "" };
                format!(r#"<path d="M{x:.1},{:.1} L{:.1},{:.1}" {style}{end}/>"#, y - 4.0, x + 26.0, y - 4.0)
            }
            Sample::Border { stroke, width, dashed, mark } => {
                let dash = if *dashed { r#" stroke-dasharray="6 3""# } else { "" };
                let mark = if mark.is_empty() {
                    String::new()
                } else {
                    format!(
                        r##"<text x="{:.1}" y="{:.1}" font-size="12" font-weight="bold" fill="{stroke}" text-anchor="middle">{mark}</text>"##,
                        x + 10.0,
                        y
                    )
                };
                format!(
                    r##"<rect x="{:.1}" y="{:.1}" width="20" height="16" rx="3" fill="#f4f4f4" stroke="{stroke}" stroke-width="{width}"{dash}/>{mark}"##,
                    x,
                    y - 12.0
                )
            }
            Sample::Swatch(c) => {
                format!(r##"<rect x="{x:.1}" y="{:.1}" width="14" height="14" rx="3" fill="{c}"/>"##, y - 11.0)
            }
        };
        format!(
            r##"{sample}<text x="{:.1}" y="{y:.1}" font-size="{LEGEND_PX}" fill="#333">{}</text>
"##,
            x + self.sample.width(),
            escape_xml(&self.words)
        )
    }
}

/// The legend, laid out in rows.
struct Legend {
    items: Vec<Entry>,
    height: f64,
}

/// Every sign, line and border the picture uses, then the domains'
/// colours, in rows no wider than `max`.
fn legend(
    v: &View,
    sc: &Scene,
    hood: &Neighbourhood,
    marks: &Marks,
    kinds: &BTreeSet<String>,
    colour: &HashMap<String, &'static str>,
    max: f64,
) -> Legend {
    let shown: BTreeSet<NodeId> = sc.nodes.iter().copied().collect();
    let mut meaning: Vec<(Sample, String)> = Vec::new();
    if sc.nodes.iter().any(|&n| v.priority(n)) {
        meaning.push((Sample::None, "● priority work".to_string()));
    }
    if sc.lines.contains(&Line::Builds) {
        meaning.push((Sample::Line { dashed: false, arrow: true }, "builds towards".to_string()));
    }
    if sc.lines.contains(&Line::Relates) {
        meaning.push((Sample::Line { dashed: true, arrow: false }, "relates to".to_string()));
    }
    let focus = hood.focus.iter().filter(|n| shown.contains(n)).count();
    if focus > 0 {
        let words = if focus == 1 { "the standard asked about" } else { "the progression's own standards" };
        meaning.push((Sample::Border { stroke: "#000", width: 3.0, dashed: false, mark: "" }, words.to_string()));
    }
    if let Some(sc_name) = &marks.scope {
        meaning.push((Sample::None, format!("✓ taught in {sc_name}")));
        if marks.gaps.iter().any(|n| shown.contains(n)) {
            meaning.push((
                Sample::Border { stroke: "#C00000", width: 2.4, dashed: true, mark: "!" },
                format!("a gap finding in {sc_name}"),
            ));
        }
    }
    let mut items = Vec::new();
    let mut y = flow(&mut items, meaning, 0.0, max);
    let swatches: Vec<(Sample, String)> =
        kinds.iter().map(|k| (Sample::Swatch(colour.get(k).copied().unwrap_or("#666")), kind_label(k))).collect();
    if !swatches.is_empty() {
        let mut row = vec![(Sample::None, "Colors: domains".to_string())];
        row.extend(swatches);
        y = flow(&mut items, row, y + 8.0, max);
    }
    Legend { items, height: y }
}

/// A domain kind as the legend names it.
fn kind_label(kind: &str) -> String {
    if kind.is_empty() { "no domain".to_string() } else { kind.to_string() }
}

/// Places entries left to right from height `y`, starting a row when one
/// would pass `max`; returns the height below the last row.
fn flow(items: &mut Vec<Entry>, entries: Vec<(Sample, String)>, y: f64, max: f64) -> f64 {
    const ROW: f64 = 24.0;
    if entries.is_empty() {
        return y;
    }
    let (mut x, mut y) = (0.0, y + 14.0);
    for (sample, words) in entries {
        let w = sample.width() + text_width(&words, LEGEND_PX, false);
        if x > 0.0 && x + w > max {
            x = 0.0;
            y += ROW;
        }
        items.push(Entry { sample, words, x, y });
        x += w + 26.0;
    }
    y + ROW - 14.0
}

/// A summary on lines of about `width` characters, words kept whole, for
/// the labels of DOT and Mermaid (whose renderers measure the text).
fn label_lines(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Graphviz DOT: one cluster per grade, left to right; each node labelled
/// with its code and summary.
pub fn write_dot(ds: &Dataset, g: &Graph, hood: &Neighbourhood, title: &str, s: &mut dyn Write) -> io::Result<()> {
    let v = View { ds, g };
    // DOT string content: backslashes and quotes escaped, control characters shown (they never end the string).
    let esc = |s: &str| printable(s).replace('\\', "\\\\").replace('"', "\\\"");
    let q = |s: &str| format!("\"{}\"", esc(s));
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
            // Lines joined by DOT's own `\n`, added after escaping so it stays a line break.
            let mut label = esc(&v.name(n));
            for line in label_lines(&v.summary(n), 36) {
                label.push_str("\\n");
                label.push_str(&esc(&line));
            }
            writeln!(s, "    {} [label=\"{label}\", tooltip={}{extra}];", q(&v.name(n)), q(&v.summary(n)))?;
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

/// Text for a Mermaid label in quotes: Mermaid's entity codes for what it
/// would read as markup or the label's end (`#` first, as the codes start with it).
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text).chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            _ => out.push(c),
        }
    }
    out
}

/// Mermaid flowchart: one subgraph per grade; each node labelled with its
/// code and summary.
pub fn write_mermaid(ds: &Dataset, g: &Graph, hood: &Neighbourhood, s: &mut dyn Write) -> io::Result<()> {
    let v = View { ds, g };
    let id = |n: NodeId| format!("n{n}");
    s.write_all(b"flowchart LR\n")?;
    for (c, (grade, ns)) in columns(&v, hood).iter().enumerate() {
        writeln!(s, "  subgraph g{c}[\"grade {grade}\"]")?;
        for &n in ns {
            // Line breaks as `<br/>`, added after escaping so they stay markup.
            let mut label = mermaid_text(&v.name(n));
            for line in label_lines(&v.summary(n), 36) {
                label.push_str("<br/>");
                label.push_str(&mermaid_text(&line));
            }
            writeln!(s, "    {}[\"{label}\"]", id(n))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_summary_wraps_whole_on_three_lines_and_only_past_them_is_cut() {
        let max = MAX_BW - PAD_L - PAD_R;
        let text = "Understand a fraction 1/b as the quantity formed by 1 part when a whole is partitioned into b equal parts.";
        let lines = wrap(text, max, TEXT_PX, 3);
        assert!(lines.len() <= 3 && lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), text, "the whole summary, no ellipsis");
        assert!(lines.iter().all(|l| text_width(l, TEXT_PX, false) <= max));
        let long = text.repeat(3);
        let lines = wrap(&long, max, TEXT_PX, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…') && !lines[1].ends_with('…'));
        assert!(lines.iter().all(|l| text_width(l, TEXT_PX, false) <= max));
        // A word wider than a line is broken, never left to run out of the box.
        let lines = wrap(&"x".repeat(200), max, TEXT_PX, 3);
        assert!(lines.iter().all(|l| text_width(l, TEXT_PX, false) <= max), "{lines:?}");
        assert!(wrap("", max, TEXT_PX, 3).is_empty());
    }

    #[test]
    fn mermaid_text_escapes_markup_and_quotes() {
        assert_eq!(mermaid_text(r#"a "b" <i>#1 & `c`"#), "a #quot;b#quot; #lt;i#gt;#35;1 #amp; #96;c#96;");
    }
}
