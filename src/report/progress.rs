//! `coherence progress`: each scope's rates over a series of dated reports,
//! as a table (text, Markdown, CSV, JSON) and as a standalone SVG chart per
//! scope, sized for a slide, with goals as dashed targets.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::advice::{Measure, Rate};
use crate::finding::printable;
use crate::goals::{Bound, Goal, Over, Target, show_value};
use crate::history::{Date, Figures, Series};
use crate::report::escape_xml;

/// The scopes shown: those asked for, or all, by id.
pub fn shown<'s>(series: &'s Series, only: &[String]) -> Vec<&'s str> {
    series.scopes.keys().map(String::as_str).filter(|id| only.is_empty() || only.iter().any(|o| o == id)).collect()
}

fn cell(f: Option<Figures>, m: Measure) -> String {
    match f.map(|f| f.rates[m as usize]) {
        None => "-".to_string(),
        Some(r) => r.value().map_or("n/a".to_string(), |v| format!("{}%", (v * 100.0).round() as i64)),
    }
}

/// The change from the first date a scope has a value to its last, in points.
fn change(figs: &[Option<Figures>], m: Measure) -> String {
    let values: Vec<f64> = figs.iter().filter_map(|f| f.and_then(|f| f.rates[m as usize].value())).collect();
    match (values.first(), values.last()) {
        (Some(a), Some(b)) if values.len() > 1 => {
            let d = ((b - a) * 100.0).round() as i64;
            if d == 0 { "±0".to_string() } else { format!("{d:+}") }
        }
        _ => String::new(),
    }
}

fn label(series: &Series, id: &str) -> String {
    match series.names.get(id) {
        Some(n) => format!("{} ({})", printable(n), printable(id)),
        None => printable(id).into_owned(),
    }
}

const HEADS: [&str; 5] = ["priority", "chains", "readiness", "horizontal", "sequencing"];

/// The table as text: a block per scope, a row per date, then the change in points.
pub fn write_text(series: &Series, only: &[String], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Progress over {} reports, {} to {}; window {}; each rate's share in good order",
        series.dates.len(),
        series.dates.first().map(Date::to_string).unwrap_or_default(),
        series.dates.last().map(Date::to_string).unwrap_or_default(),
        series.window
    )?;
    for id in shown(series, only) {
        let figs = &series.scopes[id];
        writeln!(out)?;
        writeln!(out, "{}", label(series, id))?;
        let mut head = format!("  {:<10}  {:>6}", "date", "taught");
        for h in HEADS {
            let _ = write!(head, "  {h:>10}");
        }
        writeln!(out, "{head}")?;
        for (d, f) in series.dates.iter().zip(figs) {
            let mut line =
                format!("  {:<10}  {:>6}", d.to_string(), f.map_or("-".to_string(), |f| f.taught.to_string()));
            for m in Measure::ALL {
                let _ = write!(line, "  {:>10}", cell(*f, m));
            }
            writeln!(out, "{line}")?;
        }
        let mut line = format!("  {:<10}  {:>6}", "change", "");
        for m in Measure::ALL {
            let c = change(figs, m);
            let _ = write!(line, "  {:>10}", if c.is_empty() { c } else { format!("{c} pts") });
        }
        writeln!(out, "{}", line.trim_end())?;
        if let Some((present, medians)) = series.school_medians(id) {
            writeln!(out, "  median of its schools")?;
            let mut head = format!("  {:<10}  {:>6}", "date", "schools");
            for h in HEADS {
                let _ = write!(head, "  {h:>10}");
            }
            writeln!(out, "{head}")?;
            for ((d, n), row) in series.dates.iter().zip(&present).zip(&medians) {
                let mut line = format!("  {:<10}  {:>6}", d.to_string(), n);
                for v in row {
                    let _ = write!(line, "  {:>10}", percent(*v));
                }
                writeln!(out, "{line}")?;
            }
            let mut line = format!("  {:<10}  {:>6}", "change", "");
            for m in 0..5 {
                let c = median_change(&medians, m);
                let _ = write!(line, "  {:>10}", if c.is_empty() { c } else { format!("{c} pts") });
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    Ok(())
}

fn percent(v: Option<f64>) -> String {
    v.map_or("n/a".to_string(), |v| format!("{}%", (v * 100.0).round() as i64))
}

/// The change of a median from its first value to its last, in points.
fn median_change(medians: &[[Option<f64>; 5]], m: usize) -> String {
    let values: Vec<f64> = medians.iter().filter_map(|row| row[m]).collect();
    match (values.first(), values.last()) {
        (Some(a), Some(b)) if values.len() > 1 => {
            let d = ((b - a) * 100.0).round() as i64;
            if d == 0 { "±0".to_string() } else { format!("{d:+}") }
        }
        _ => String::new(),
    }
}

/// The table as Markdown: a table per scope.
pub fn write_markdown(series: &Series, only: &[String], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Progress\n")?;
    writeln!(
        out,
        "{} reports, {} to {}; window {}. Each rate is the share in good order; `-`: the scope is not in that report.\n",
        series.dates.len(),
        series.dates.first().map(Date::to_string).unwrap_or_default(),
        series.dates.last().map(Date::to_string).unwrap_or_default(),
        series.window
    )?;
    let esc = |s: &str| s.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;");
    for id in shown(series, only) {
        let figs = &series.scopes[id];
        writeln!(out, "## {}\n", esc(&label(series, id)))?;
        writeln!(out, "| date | taught | {} |", Measure::ALL.map(Measure::title).join(" | "))?;
        writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
        for (d, f) in series.dates.iter().zip(figs) {
            let cells: Vec<String> = Measure::ALL.iter().map(|m| cell(*f, *m)).collect();
            writeln!(out, "| {d} | {} | {} |", f.map_or("-".to_string(), |f| f.taught.to_string()), cells.join(" | "))?;
        }
        let changes: Vec<String> = Measure::ALL.iter().map(|m| change(figs, *m)).collect();
        writeln!(out, "| change (pts) | | {} |\n", changes.join(" | "))?;
        if let Some((present, medians)) = series.school_medians(id) {
            writeln!(out, "Median of its schools:\n")?;
            writeln!(out, "| date | schools | {} |", Measure::ALL.map(Measure::title).join(" | "))?;
            writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
            for ((d, n), row) in series.dates.iter().zip(&present).zip(&medians) {
                let cells: Vec<String> = row.iter().map(|v| percent(*v)).collect();
                writeln!(out, "| {d} | {n} | {} |", cells.join(" | "))?;
            }
            let changes: Vec<String> = (0..5).map(|m| median_change(&medians, m)).collect();
            writeln!(out, "| change (pts) | | {} |\n", changes.join(" | "))?;
        }
    }
    Ok(())
}

/// The table as CSV for people ([`super::sheet`]: a byte-order mark, no
/// formulas): one row per scope and date, each rate's count, base and rate.
pub fn write_csv(series: &Series, only: &[String], out: &mut dyn Write) -> io::Result<()> {
    let mut w = super::sheet::PeopleCsv::new(out)?;
    let mut header =
        vec!["scope".to_string(), "name".to_string(), "as_of".to_string(), "source".to_string(), "taught".to_string()];
    for m in Measure::ALL {
        for part in ["count", "base", "rate"] {
            header.push(format!("{}_{part}", m.key()));
        }
    }
    w.row(&header)?;
    for id in shown(series, only) {
        for (i, f) in series.scopes[id].iter().enumerate() {
            let Some(f) = f else { continue };
            let mut rec = vec![
                id.to_string(),
                series.names.get(id).cloned().unwrap_or_default(),
                series.dates[i].to_string(),
                series.sources[i].clone(),
                f.taught.to_string(),
            ];
            for r in f.rates {
                rec.extend([r.count.to_string(), r.base.to_string(), rate_text(r)]);
            }
            w.row(&rec)?;
        }
    }
    w.flush()
}

fn rate_text(r: Rate) -> String {
    r.value().map(|v| format!("{}", (v * 10_000.0).round() / 10_000.0)).unwrap_or_default()
}

/// The table as JSON: the reports, then per scope its figures at each date.
pub fn write_json(series: &Series, only: &[String], out: &mut dyn Write) -> io::Result<()> {
    let reports: Vec<Value> =
        series.dates.iter().zip(&series.sources).map(|(d, s)| json!({"as_of": d.to_string(), "source": s})).collect();
    let mut scopes = serde_json::Map::new();
    for id in shown(series, only) {
        let points: Vec<Value> = series.scopes[id]
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.map(|f| (i, f)))
            .map(|(i, f)| {
                let rates: serde_json::Map<String, Value> = Measure::ALL
                    .iter()
                    .map(|m| {
                        let r = f.rates[*m as usize];
                        let rate = r.value().map(|v| (v * 10_000.0).round() / 10_000.0);
                        (m.key().to_string(), json!({"count": r.count, "base": r.base, "rate": rate}))
                    })
                    .collect();
                json!({"as_of": series.dates[i].to_string(), "taught": f.taught, "rates": rates})
            })
            .collect();
        let mut scope = json!({"name": series.names.get(id), "parent": series.parents.get(id), "points": points});
        if let Some((present, medians)) = series.school_medians(id) {
            let rows: Vec<Value> = series
                .dates
                .iter()
                .zip(&present)
                .zip(&medians)
                .map(|((d, n), row)| {
                    let rates: serde_json::Map<String, Value> = Measure::ALL
                        .iter()
                        .map(|m| {
                            (m.key().to_string(), json!(row[*m as usize].map(|v| (v * 10_000.0).round() / 10_000.0)))
                        })
                        .collect();
                    json!({"as_of": d.to_string(), "schools": n, "rates": rates})
                })
                .collect();
            scope["school_medians"] = Value::Array(rows);
        }
        scopes.insert(id.to_string(), scope);
    }
    let doc = json!({"version": crate::history::REPORT_VERSION, "window": series.window, "reports": reports, "scopes": scopes});
    crate::report::write_pretty(&doc, out)
}

/// Okabe-Ito colors, one per rate, readable by color-blind readers and on a projector.
const COLORS: [&str; 5] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"];
/// Marker shapes per rate, so that lines are told apart without color too.
const MARKERS: [&str; 5] = ["circle", "square", "diamond", "triangle", "cross"];

/// One line of a chart: a rate's values at the series' dates.
struct Line {
    values: Vec<Option<f64>>,
}

/// What a chart shows: a scope's own rates, or the median of its schools.
pub enum ChartOf {
    /// The scope's own plan.
    Own,
    /// The median of the schools under it.
    Schools,
}

/// The goals drawn on a scope's chart: each-scope and every-school goals
/// on the scopes they judge, median goals on the chart of schools of the
/// scopes they name. Count goals have no place on a chart of shares.
fn goals_for<'g>(goals: &'g [Goal], id: &str, of: &ChartOf) -> Vec<&'g Goal> {
    goals
        .iter()
        .filter(|g| matches!(g.target, Target::Rate(_)))
        .filter(|g| match (of, g.over) {
            (ChartOf::Own, Over::Each | Over::Every) => g.subjects.iter().any(|s| s == id),
            (ChartOf::Schools, Over::Median) => crate::goals::matches(&g.scope, id),
            _ => false,
        })
        .collect()
}

fn marker(shape: &str, x: f64, y: f64, color: &str) -> String {
    match shape {
        "square" => {
            format!("<rect x=\"{:.1}\" y=\"{:.1}\" width=\"9\" height=\"9\" fill=\"{color}\"/>", x - 4.5, y - 4.5)
        }
        "diamond" => format!(
            "<path d=\"M{x:.1} {:.1} L{:.1} {y:.1} L{x:.1} {:.1} L{:.1} {y:.1} Z\" fill=\"{color}\"/>",
            y - 6.0,
            x + 6.0,
            y + 6.0,
            x - 6.0
        ),
        "triangle" => format!(
            "<path d=\"M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z\" fill=\"{color}\"/>",
            y - 6.0,
            x + 5.5,
            y + 4.5,
            x - 5.5,
            y + 4.5
        ),
        "cross" => format!(
            "<path d=\"M{:.1} {:.1} L{:.1} {:.1} M{:.1} {:.1} L{:.1} {:.1}\" stroke=\"{color}\" stroke-width=\"2.5\"/>",
            x - 4.5,
            y - 4.5,
            x + 4.5,
            y + 4.5,
            x - 4.5,
            y + 4.5,
            x + 4.5,
            y - 4.5
        ),
        _ => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{color}\"/>"),
    }
}

/// A standalone SVG chart of one scope (960 by 540, a 16:9 slide): a line
/// per rate over time, 0-100%, goals as dashed targets up to their date,
/// and a legend with each rate's first and last value.
// Whole on purpose: the SVG top to bottom (frame, axes, goals, lines, legend), each part a few lines sharing the scale closures.
pub fn write_chart(series: &Series, id: &str, of: &ChartOf, goals: &[Goal], out: &mut dyn Write) -> io::Result<()> {
    let (w, h) = (960.0, 540.0);
    let (left, right, top, bottom) = (72.0, 700.0, 96.0, 470.0);
    let figs = &series.scopes[id];
    let (lines, what): (Vec<Line>, String) = match of {
        ChartOf::Own => (
            Measure::ALL
                .iter()
                .map(|m| Line { values: figs.iter().map(|f| f.and_then(|f| f.rates[*m as usize].value())).collect() })
                .collect(),
            "its own plan".to_string(),
        ),
        ChartOf::Schools => {
            let (present, medians) = series.school_medians(id).unwrap_or_default();
            let (lo, hi) = (present.iter().min().copied().unwrap_or(0), present.iter().max().copied().unwrap_or(0));
            let s = if hi == 1 { "" } else { "s" };
            // A school opened or closed between reports: say so, since the median moves with it.
            let what = match (present.first(), present.last()) {
                (Some(a), Some(b)) if lo != hi => {
                    format!("the median of its {a}→{b} schools")
                }
                _ => format!("the median of its {hi} school{s}"),
            };
            ((0..5).map(|m| Line { values: medians.iter().map(|row| row[m]).collect() }).collect(), what)
        }
    };
    let drawn = goals_for(goals, id, of);
    let first = series.dates.first().map_or(0, |d| d.0);
    let mut last = series.dates.last().map_or(first + 1, |d| d.0);
    for g in &drawn {
        if let Some(by) = g.by {
            last = last.max(by.0);
        }
    }
    if last <= first {
        last = first + 1;
    }
    // A single report is drawn in the middle; a series spans the plot.
    let x = |d: i64| {
        if series.dates.len() == 1 && drawn.iter().all(|g| g.by.is_none()) {
            (left + right) / 2.0
        } else {
            left + (right - left) * (d - first) as f64 / (last - first) as f64
        }
    };
    let y = |v: f64| bottom - (bottom - top) * v.clamp(0.0, 1.0);
    let mut s = String::with_capacity(16 * 1024);
    let title = format!("{}: rates over time", label(series, id));
    let dates = match (series.dates.first(), series.dates.last()) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let subtitle = format!(
        "Each check as the share in good order, for {what}; {} report{}, {dates}{}",
        series.dates.len(),
        if series.dates.len() == 1 { "" } else { "s" },
        if drawn.is_empty() { String::new() } else { "; dashed: goals".to_string() }
    );
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" font-family=\"'Segoe UI', Helvetica, Arial, sans-serif\">"
    );
    let _ = writeln!(s, "<title>{}</title>", escape_xml(&title));
    let _ = writeln!(s, "<desc>{}</desc>", escape_xml(&subtitle));
    let _ = writeln!(s, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
    let _ = writeln!(
        s,
        "<text x=\"24\" y=\"40\" font-size=\"24\" font-weight=\"600\" fill=\"#1a1a1a\">{}</text>",
        escape_xml(&title)
    );
    let _ = writeln!(s, "<text x=\"24\" y=\"66\" font-size=\"15\" fill=\"#555555\">{}</text>", escape_xml(&subtitle));
    // Grid and axes.
    for k in 0..=4 {
        let v = f64::from(k) * 0.25;
        let yy = y(v);
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{yy:.1}\" x2=\"{right}\" y2=\"{yy:.1}\" stroke=\"{}\" stroke-width=\"1\"/>",
            if k == 0 { "#888888" } else { "#e3e3e3" }
        );
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" fill=\"#555555\" text-anchor=\"end\">{}%</text>",
            left - 10.0,
            yy + 5.0,
            k * 25
        );
    }
    // Date ticks: every report, thinned so that labels never overlap.
    let step = series.dates.len().div_ceil(7).max(1);
    let mut last_label = f64::NEG_INFINITY;
    for (i, d) in series.dates.iter().enumerate() {
        let xx = x(d.0);
        let _ = writeln!(
            s,
            "<line x1=\"{xx:.1}\" y1=\"{bottom}\" x2=\"{xx:.1}\" y2=\"{:.1}\" stroke=\"#888888\"/>",
            bottom + 6.0
        );
        if (i % step == 0 || i + 1 == series.dates.len()) && xx - last_label >= 84.0 {
            let _ = writeln!(
                s,
                "<text x=\"{xx:.1}\" y=\"{:.1}\" font-size=\"14\" fill=\"#555555\" text-anchor=\"middle\">{d}</text>",
                bottom + 26.0
            );
            last_label = xx;
        }
    }
    // Goals first, under the lines.
    for g in &drawn {
        let Target::Rate(m) = g.target else { continue };
        let color = COLORS[m as usize];
        let t = g.bound.target();
        let end = g.by.map_or(right, |d| x(d.0));
        let yy = y(t);
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{yy:.1}\" x2=\"{end:.1}\" y2=\"{yy:.1}\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"8 6\" opacity=\"0.9\"/>"
        );
        let words = match (g.bound, g.by) {
            (Bound::AtLeast(_), Some(by)) => format!("goal ≥ {} by {by}", show_value(g.target, t)),
            (Bound::AtMost(_), Some(by)) => format!("goal ≤ {} by {by}", show_value(g.target, t)),
            (Bound::AtLeast(_), None) => format!("goal ≥ {}", show_value(g.target, t)),
            (Bound::AtMost(_), None) => format!("goal ≤ {}", show_value(g.target, t)),
        };
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"{color}\" text-anchor=\"end\">{}</text>",
            end - 2.0,
            yy - 6.0,
            escape_xml(&words)
        );
    }
    // The lines, each broken where a report has no value.
    for (k, line) in lines.iter().enumerate() {
        let color = COLORS[k];
        let mut path = String::new();
        let mut pen_down = false;
        for (d, v) in series.dates.iter().zip(&line.values) {
            match v {
                Some(v) => {
                    let _ = write!(path, "{}{:.1} {:.1} ", if pen_down { "L" } else { "M" }, x(d.0), y(*v));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !path.is_empty() {
            let _ = writeln!(
                s,
                "<path d=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"3\" stroke-linejoin=\"round\"/>",
                path.trim_end()
            );
        }
        for (d, v) in series.dates.iter().zip(&line.values) {
            if let Some(v) = v {
                let _ = writeln!(s, "{}", marker(MARKERS[k], x(d.0), y(*v), color));
            }
        }
    }
    // The legend: each rate with its marker, first and last value.
    let lx = right + 28.0;
    let _ = writeln!(
        s,
        "<text x=\"{lx}\" y=\"{:.1}\" font-size=\"15\" font-weight=\"600\" fill=\"#1a1a1a\">first → last</text>",
        top + 4.0
    );
    for (k, line) in lines.iter().enumerate() {
        let m = Measure::ALL[k];
        let yy = top + 40.0 + 62.0 * k as f64;
        let color = COLORS[k];
        let _ = writeln!(
            s,
            "<line x1=\"{lx}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"{color}\" stroke-width=\"3\"/>",
            lx + 28.0
        );
        let _ = writeln!(s, "{}", marker(MARKERS[k], lx + 14.0, yy, color));
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"15\" fill=\"#1a1a1a\">{}</text>",
            lx + 38.0,
            yy + 5.0,
            m.title()
        );
        let known: Vec<f64> = line.values.iter().flatten().copied().collect();
        let values = match (known.first(), known.last()) {
            (Some(a), Some(b)) if known.len() > 1 => {
                let d = ((b - a) * 100.0).round() as i64;
                format!("{} → {} ({})", pct(*a), pct(*b), if d == 0 { "±0".to_string() } else { format!("{d:+} pts") })
            }
            (Some(a), _) => pct(*a),
            _ => "n/a: nothing to measure".to_string(),
        };
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" fill=\"#555555\">{}</text>",
            lx + 38.0,
            yy + 25.0,
            escape_xml(&values)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"24\" y=\"{:.1}\" font-size=\"12\" fill=\"#888888\">coherence progress · window {} · reports: {}</text>",
        h - 16.0,
        series.window,
        escape_xml(&short_sources(&series.sources))
    );
    s.push_str("</svg>\n");
    out.write_all(s.as_bytes())
}

fn pct(v: f64) -> String {
    format!("{}%", (v * 100.0).round() as i64)
}

/// The reports' file names, cut to fit a footer line.
fn short_sources(sources: &[String]) -> String {
    let names: Vec<&str> = sources.iter().map(|s| s.rsplit(['/', '\\']).next().unwrap_or(s)).collect();
    let all = names.join(", ");
    if all.chars().count() <= 110 {
        all
    } else {
        format!("{} … {}", names.first().unwrap_or(&""), names.last().unwrap_or(&""))
    }
}
