//! The gap report as one HTML page for a meeting: the scorecard as a
//! sortable table, priority coverage per scope and grade, what to do first,
//! what changed since a baseline, and each scope's findings in words with
//! filters. The page asks for nothing: its style and script are inline, a
//! Content-Security-Policy forbids every request and lets only the page's
//! own script run (named by its SHA-256), and every text from the data is
//! escaped as text. The page reads whole without its script, and prints.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use super::{Cx, Options, closes_words, data_line, grades, ordered, pct, pct_value, rates_words, since};
use crate::Gaps;
use crate::advice::{self, Measure, Rate, Row};
use crate::checks::plan::{Gap, ScopeGaps, is_priority};
use crate::finding::printable;
use crate::history::{FindingKey, ScopeChange};

/// The page's style sheet.
const STYLE: &str = include_str!("html.css");
/// The page's script: sorting and filters. The policy names it by its hash.
const SCRIPT: &str = include_str!("html.js");

/// Findings closed or opened listed per scope; json and csv list them all.
const LISTED: usize = 20;

/// The names of the checks, as the filters show them.
const CHECKS: [&str; 5] = [
    "uncovered priority work",
    "broken vertical chain",
    "unfinished learning gap",
    "horizontal gap",
    "sequencing violation",
];

/// Text as HTML shows it: control characters shown escaped (as in every
/// report), then the five characters that make markup or end an attribute.
fn esc(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The band of the color scale a rate falls in (0: under 20%, 4: 80% and over).
fn band(v: f64) -> u8 {
    ((v * 5.0).floor() as i64).clamp(0, 4) as u8
}

/// A rate as a table cell: colored by band, its percentage always printed,
/// with `detail` its gaps out of its base beside; `n/a` on grey with
/// nothing to measure. The title says it in words.
fn rate_cell(r: Rate, title: &str, detail: bool) -> String {
    match r.value() {
        None => format!("<td class=\"rate na\" data-v=\"\" title=\"{}: nothing to measure\">n/a</td>", esc(title)),
        Some(v) => format!(
            "<td class=\"rate b{}\" data-v=\"{v:.4}\" title=\"{}: {} of {} open\">{}{}</td>",
            band(v),
            esc(title),
            r.count,
            r.base,
            pct(r),
            if detail { format!("<small> {}/{}</small>", r.count, r.base) } else { String::new() }
        ),
    }
}

/// The report as one self-contained HTML page: header, scorecard, priority
/// coverage by grade, actions, what changed (with a baseline), findings.
/// With `scorecard_only` (`--scorecard`, `--summary-only`) the page stops
/// after the scorecard, as the text report does.
pub fn write_html(run: &Gaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let mut cx = Cx::new(run, !opts.scorecard_only);
    let district = district(&cx);
    let title = if district.is_empty() { "Coherence gaps".to_string() } else { format!("Coherence gaps: {district}") };
    head(&title, out)?;
    writeln!(out, "<header>\n<h1>{}</h1>", esc(&title))?;
    let date = run.as_of.map(|d| format!("<strong>As of {d}</strong> · ")).unwrap_or_default();
    writeln!(
        out,
        "<p class=\"meta\">{date}{} scope{} · {}.</p>",
        run.scopes.len(),
        if run.scopes.len() == 1 { "" } else { "s" },
        esc(&data_line(run))
    )?;
    if let Some(b) = &run.baseline {
        writeln!(out, "<p class=\"meta\">{}.</p>", esc(&since::head_words(b)))?;
    }
    writeln!(out, "</header>\n<main>")?;
    let rows = advice::scorecard(run);
    scorecard(&cx, &rows, out)?;
    if !opts.scorecard_only {
        heat_map(&cx, out)?;
        actions(&cx, opts, out)?;
        changes(&cx, out)?;
        findings(&mut cx, opts, out)?;
    }
    writeln!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>")
}

/// The scopes the run starts from (a district, or the scopes asked for), by name.
fn district(cx: &Cx) -> String {
    let roots: Vec<String> = ordered(cx.run)
        .into_iter()
        .filter(|(depth, _)| *depth == 0)
        .map(|(_, sg)| {
            let sc = cx.scope(sg.scope);
            sc.name.as_deref().unwrap_or(&sc.id).to_string()
        })
        .collect();
    match roots.len() {
        0..=3 => roots.join(", "),
        n => format!("{} and {} more", roots[..3].join(", "), n - 3),
    }
}

/// The document's head: the policy, the title and the style.
fn head(title: &str, out: &mut dyn Write) -> io::Result<()> {
    let hash = base64(&sha256(SCRIPT.as_bytes()));
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'\">"
    )?;
    writeln!(out, "<meta name=\"referrer\" content=\"no-referrer\">")?;
    writeln!(out, "<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>", esc(title))
}

/// The legend of the color scale.
fn legend(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<p class=\"legend\" aria-label=\"Color scale\">Rate: <span class=\"b0\">0-19%</span><span class=\"b1\">20-39%</span><span class=\"b2\">40-59%</span><span class=\"b3\">60-79%</span><span class=\"b4\">80-100%</span><span class=\"na\">n/a: nothing to measure</span></p>"
    )
}

/// A sortable column's header: a button that sorts, `aria-sort` telling the order.
fn sort_head(label: &str, numeric: bool, sort: &str) -> String {
    format!(
        "<th scope=\"col\" class=\"{}\" data-type=\"{}\" aria-sort=\"{sort}\"><button type=\"button\">{}</button></th>",
        if numeric { "num" } else { "" },
        if numeric { "num" } else { "text" },
        esc(label)
    )
}

/// The scorecard, sortable, and a table per district over its schools.
fn scorecard(cx: &Cx, rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"scorecard\">\n<h2>Scorecard</h2>")?;
    if rows.is_empty() {
        return writeln!(out, "<p>No scope to check: the data has no scopes.</p>\n</section>");
    }
    writeln!(
        out,
        "<p>Weakest priority coverage first. Each check is a rate, the share in good order, then its gaps out of its base. Press a column's header to sort by it.</p>"
    )?;
    legend(out)?;
    let baseline = cx.run.baseline.is_some();
    let mut heads = vec![
        sort_head("scope", false, "none"),
        sort_head("name", false, "none"),
        sort_head("grades", true, "none"),
        sort_head("taught", true, "none"),
    ];
    for m in Measure::ALL {
        let sort = if m == Measure::PriorityCoverage { "ascending" } else { "none" };
        heads.push(sort_head(m.title(), true, sort));
    }
    if baseline {
        heads.push(sort_head("change in priority coverage", true, "none"));
    }
    writeln!(
        out,
        "<div class=\"wrap\"><table id=\"scorecard-table\" data-sortable>\n<thead><tr>{}</tr></thead>\n<tbody>",
        heads.join("")
    )?;
    for (i, r) in rows.iter().enumerate() {
        let sc = cx.scope(r.scope);
        let cells: Vec<String> =
            r.rates.iter().zip(Measure::ALL).map(|(x, m)| rate_cell(*x, m.title(), true)).collect();
        let change = if baseline {
            let c = since::change(cx.run, &sc.id);
            let words = c.map_or(String::new(), |c| since::points(c, Measure::PriorityCoverage));
            let v = c.and_then(|c| c.delta(Measure::PriorityCoverage)).map_or(String::new(), |d| format!("{d:.4}"));
            format!("<td class=\"num\" data-v=\"{v}\">{}</td>", esc(&words))
        } else {
            String::new()
        };
        writeln!(
            out,
            "<tr data-i=\"{i}\"><th scope=\"row\">{}</th><td>{}</td><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\">{}</td>{}{change}</tr>",
            esc(&sc.id),
            esc(sc.name.as_deref().unwrap_or("")),
            i32::from(sc.grade_lo.level()) * 100 + i32::from(sc.grade_hi.level()),
            grades(sc),
            r.taught,
            cells.join("")
        )?;
    }
    writeln!(out, "</tbody></table></div>")?;
    let districts: Vec<(&Row, &advice::Schools)> =
        rows.iter().filter_map(|r| r.schools.as_ref().map(|s| (r, s))).collect();
    for (r, schools) in districts {
        writeln!(out, "<h3>{} over its {} schools</h3>", esc(&cx.scope_label(r.scope)), schools.count)?;
        writeln!(
            out,
            "<div class=\"wrap\"><table>\n<thead><tr><th scope=\"col\">rate</th><th scope=\"col\" class=\"num\">own plan</th><th scope=\"col\" class=\"num\">median school</th><th scope=\"col\">weakest school</th></tr></thead>\n<tbody>"
        )?;
        for m in Measure::ALL {
            let weakest = schools.weakest[m as usize]
                .map(|(s, v)| format!("{} ({})", esc(&cx.scope_id(s)), pct_value(Some(v))))
                .unwrap_or_else(|| "n/a".to_string());
            writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{weakest}</td></tr>",
                m.title(),
                pct(r.rates[m as usize]),
                pct_value(schools.median[m as usize])
            )?;
        }
        writeln!(out, "</tbody></table></div>")?;
    }
    writeln!(out, "</section>")
}

/// Priority coverage per scope and grade: of the priority standards of each
/// grade in the scope's range (and framework), the share some adopted PD
/// addresses, from the scope's C1 findings. The grades' bases add up to the
/// scope's priority base, as the check counts it.
fn heat_map(cx: &Cx, out: &mut dyn Write) -> io::Result<()> {
    let g = cx.g();
    let ds = cx.ds();
    // Priority standards per (framework, grade level, grade spelling).
    let mut base: BTreeMap<(u16, i8, &str), u64> = BTreeMap::new();
    for (n, node) in g.nodes.iter().enumerate() {
        if is_priority(ds, g, n as u32) {
            *base.entry((node.framework, node.grade.level(), node.grade.as_str())).or_default() += 1;
        }
    }
    let scopes = ordered(cx.run);
    let in_range = |sg: &ScopeGaps, fw: u16, level: i8| {
        let sc = cx.scope(sg.scope);
        g.scopes[sg.scope as usize].framework == fw && (sc.grade_lo.level()..=sc.grade_hi.level()).contains(&level)
    };
    // The grade columns: every grade with priority work in some scope's range.
    let columns: BTreeSet<(i8, &str)> = base
        .keys()
        .filter(|(fw, level, _)| scopes.iter().any(|(_, sg)| in_range(sg, *fw, *level)))
        .map(|(_, level, grade)| (*level, *grade))
        .collect();
    if columns.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section id=\"heatmap\">\n<h2>Priority coverage by grade</h2>")?;
    writeln!(
        out,
        "<p>Of the priority standards of each grade in a scope's range, the share some adopted PD module addresses; a blank cell is a grade outside the scope's range.</p>"
    )?;
    legend(out)?;
    let head: String = columns.iter().map(|(_, grade)| format!("<th scope=\"col\">{}</th>", esc(grade))).collect();
    writeln!(
        out,
        "<div class=\"wrap\"><table class=\"heat\" id=\"heat-table\">\n<thead><tr><th scope=\"col\">scope</th>{head}</tr></thead>\n<tbody>"
    )?;
    for (_, sg) in &scopes {
        let fw = g.scopes[sg.scope as usize].framework;
        let mut open: BTreeMap<(i8, &str), u64> = BTreeMap::new();
        for gap in &sg.gaps {
            if let Gap::C1 { v } = gap {
                let grade = g.nodes[*v as usize].grade;
                *open.entry((grade.level(), grade.as_str())).or_default() += 1;
            }
        }
        let cells: String = columns
            .iter()
            .map(|&(level, grade)| {
                let b = base.get(&(fw, level, grade)).copied().unwrap_or(0);
                if !in_range(sg, fw, level) {
                    return "<td class=\"out\"></td>".to_string();
                }
                let r = Rate { count: open.get(&(level, grade)).copied().unwrap_or(0), base: b };
                let label = format!("{} in grade {grade}", cx.scope_id(sg.scope));
                rate_cell(r, &label, false)
            })
            .collect();
        writeln!(out, "<tr><th scope=\"row\">{}</th>{cells}</tr>", esc(&cx.scope_id(sg.scope)))?;
    }
    writeln!(out, "</tbody></table></div>\n</section>")
}

/// What to do first: each action with its provider, what it closes and where.
fn actions(cx: &Cx, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let all = advice::actions(cx.run, opts.actions.saturating_add(1));
    writeln!(out, "<section id=\"actions\">\n<h2>What to do first</h2>")?;
    if all.is_empty() {
        writeln!(out, "<p>No catalog module closes a gap that is open.</p>")?;
    } else {
        writeln!(out, "<p>Best first; no gap is counted for two actions.</p>\n<ol class=\"actions\">")?;
        for a in all.iter().take(opts.actions) {
            let about = cx.module_about(a.module);
            let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
            let ids: Vec<String> = a.scopes.iter().map(|&s| cx.scope_id(s).into_owned()).collect();
            writeln!(
                out,
                "<li><strong>Adopt {}</strong>{}: closes {}; at {}.</li>",
                esc(cx.module_label(a.module)),
                esc(&about),
                esc(&closes_words(&a.closes)),
                esc(&ids.join(", "))
            )?;
        }
        writeln!(out, "</ol>")?;
    }
    if all.len() > opts.actions {
        writeln!(out, "<p class=\"note\">…and more actions: coherence gaps --format json lists them all.</p>")?;
    }
    writeln!(out, "</section>")
}

/// A rate then and now, as a cell: `40% → 52%` and the change in points.
fn then_now(c: &ScopeChange, m: Measure) -> String {
    let show = |r: Option<Rate>| r.map_or("n/a".to_string(), |r| if r.base == 0 { "n/a".to_string() } else { pct(r) });
    let then = show(c.then.map(|f| f.rates[m as usize]));
    let now = show(c.now.map(|f| f.rates[m as usize]));
    format!("<td class=\"num\">{then} → {now} <small>({})</small></td>", esc(&since::points(c, m)))
}

/// What changed since the baseline: each scope's rates then and now, and
/// how many findings closed and opened.
fn changes(cx: &Cx, out: &mut dyn Write) -> io::Result<()> {
    let Some(b) = &cx.run.baseline else { return Ok(()) };
    writeln!(out, "<section id=\"changes\">\n<h2>What changed since the baseline</h2>")?;
    writeln!(out, "<p>{}.</p>", esc(&since::head_words(b)))?;
    for line in since::gone_lines(cx.run) {
        writeln!(out, "<p>{}</p>", esc(line.trim()))?;
    }
    let heads: String =
        Measure::ALL.iter().map(|m| format!("<th scope=\"col\" class=\"num\">{}</th>", m.title())).collect();
    let found = if b.findings {
        "<th scope=\"col\" class=\"num\">closed</th><th scope=\"col\" class=\"num\">opened</th>"
    } else {
        ""
    };
    writeln!(
        out,
        "<div class=\"wrap\"><table id=\"changes-table\">\n<thead><tr><th scope=\"col\">scope</th>{heads}<th scope=\"col\" class=\"num\">taught</th>{found}</tr></thead>\n<tbody>"
    )?;
    for (_, sg) in ordered(cx.run) {
        let Some(c) = since::change(cx.run, cx.raw_scope_id(sg.scope)) else { continue };
        let id = esc(&cx.scope_id(sg.scope));
        if c.then.is_none() {
            let span = Measure::ALL.len() + 1 + if b.findings { 2 } else { 0 };
            writeln!(
                out,
                "<tr><th scope=\"row\">{id}</th><td colspan=\"{span}\">new since the baseline: it was not in it</td></tr>"
            )?;
            continue;
        }
        let cells: String = Measure::ALL.iter().map(|m| then_now(c, *m)).collect();
        let taught = match (c.then, c.now) {
            (Some(t), Some(n)) => format!("{} → {}", t.taught, n.taught),
            _ => "n/a".to_string(),
        };
        let found = if b.findings {
            format!("<td class=\"num\">{}</td><td class=\"num\">{}</td>", c.closed.len(), c.opened.len())
        } else {
            String::new()
        };
        writeln!(out, "<tr><th scope=\"row\">{id}</th>{cells}<td class=\"num\">{taught}</td>{found}</tr>")?;
    }
    writeln!(out, "</tbody></table></div>\n</section>")
}

/// A finding by its identity: `C5 3.NF.A.1 → 4.NF.B.3`.
fn key_words(k: &FindingKey) -> String {
    format!("{} {}", k.code, k.standards.join(" → "))
}

/// The filters of the findings: checks, grade, scope. Hidden until the
/// script shows them, since without it they would do nothing.
fn filters(cx: &Cx, items: &[(u8, i8, &'static str)], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<div class=\"filters\" id=\"filters\" hidden>")?;
    writeln!(out, "<fieldset><legend>Checks</legend>")?;
    for (i, name) in CHECKS.iter().enumerate() {
        let check = i as u8 + 1;
        let n = items.iter().filter(|(c, _, _)| *c == check).count();
        writeln!(
            out,
            "<label><input type=\"checkbox\" data-check=\"C{check}\" checked> <span class=\"c{check}\">C{check}</span> {name} ({n})</label>"
        )?;
    }
    writeln!(out, "</fieldset>")?;
    let grades: BTreeSet<(i8, &str)> = items.iter().map(|(_, level, grade)| (*level, *grade)).collect();
    let options: String =
        grades.iter().map(|(_, g)| format!("<option value=\"{g}\">{g}</option>", g = esc(g))).collect();
    writeln!(out, "<label>Grade <select id=\"f-grade\"><option value=\"\">all</option>{options}</select></label>")?;
    let scopes: String = ordered(cx.run)
        .into_iter()
        .map(|(_, sg)| {
            format!("<option value=\"{}\">{}</option>", esc(cx.raw_scope_id(sg.scope)), esc(&cx.scope_label(sg.scope)))
        })
        .collect();
    writeln!(
        out,
        "<label>Scope <select id=\"f-scope\"><option value=\"\">all</option>{scopes}</select></label>\n</div>"
    )
}

/// Each scope's findings in words, the ones to act on first first, with
/// what to do about each; with a baseline, the findings closed and opened.
fn findings(cx: &mut Cx, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    // Phrase every line first: the filters count them.
    let mut sections = Vec::new();
    let mut items: Vec<(u8, i8, &'static str)> = Vec::new();
    for (_, sg) in ordered(cx.run) {
        let lines = cx.lines(sg, opts.top);
        let mut phrased = Vec::with_capacity(lines.len());
        for line in &lines {
            let check = sg.gaps[line.gaps[0]].check();
            let grade = cx.g().nodes[line.head as usize].grade;
            let (message, help, _) = cx.describe(sg, line, Some(120));
            items.push((check, grade.level(), grade.as_str()));
            phrased.push((check, grade.as_str(), message, help));
        }
        sections.push((sg, phrased));
    }
    writeln!(out, "<section id=\"findings\">\n<h2>Findings by scope</h2>")?;
    writeln!(
        out,
        "<p>Each scope's findings, priority work first, then by how many standards of the scope build on the gap; a standard and its uncovered parts read as one finding.</p>"
    )?;
    filters(cx, &items, out)?;
    writeln!(out, "<p id=\"shown\" aria-live=\"polite\">{} findings.</p>", items.len())?;
    for (sg, phrased) in sections {
        let sc = cx.scope(sg.scope);
        writeln!(
            out,
            "<section class=\"scope\" data-scope=\"{}\">\n<h3>{}, grades {}</h3>",
            esc(cx.raw_scope_id(sg.scope)),
            esc(&cx.scope_label(sg.scope)),
            grades(sc)
        )?;
        writeln!(out, "<p>{}</p>", esc(&rates_words(&sg.counts)))?;
        since_scope(cx, sg, out)?;
        if phrased.is_empty() {
            writeln!(out, "<p>No finding: nothing to do here.</p>")?;
        } else {
            writeln!(out, "<ol class=\"findings\">")?;
            for (check, grade, message, help) in phrased {
                writeln!(
                    out,
                    "<li data-check=\"C{check}\" data-grade=\"{}\"><span class=\"code c{check}\">C{check}</span> {}<span class=\"help\">What to do: {}</span></li>",
                    esc(grade),
                    esc(&message),
                    esc(&help)
                )?;
            }
            writeln!(out, "</ol>\n<p class=\"none\" hidden>No finding here matches the filters.</p>")?;
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</section>")
}

/// One scope's findings closed and opened since the baseline.
fn since_scope(cx: &Cx, sg: &ScopeGaps, out: &mut dyn Write) -> io::Result<()> {
    let Some(b) = &cx.run.baseline else { return Ok(()) };
    let Some(c) = since::change(cx.run, cx.raw_scope_id(sg.scope)) else { return Ok(()) };
    if c.then.is_none() {
        return writeln!(out, "<p class=\"since\">New since the baseline: it was not in it.</p>");
    }
    if !b.findings {
        return Ok(());
    }
    for (what, list) in [("Closed", &c.closed), ("Opened", &c.opened)] {
        if list.is_empty() {
            continue;
        }
        let shown: Vec<String> = list.iter().take(LISTED).map(|k| esc(&key_words(k))).collect();
        let more = if list.len() > LISTED { format!(", and {} more", list.len() - LISTED) } else { String::new() };
        writeln!(
            out,
            "<p class=\"since\"><strong>{what} since the baseline ({}):</strong> {}{more}.</p>",
            list.len(),
            shown.join(", ")
        )?;
    }
    Ok(())
}

/// SHA-256 of `data` (FIPS 180-4), for the policy's hash of the script.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
        0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
        0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
        0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (wi, word) in w.iter_mut().zip(chunk.chunks_exact(4)) {
            *wi = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for (k, wi) in K.iter().zip(w.iter()) {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(*k).wrapping_add(*wi);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (o, x) in out.chunks_exact_mut(4).zip(h) {
        o.copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// Standard base64 with padding, as a policy's hash source is written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_and_base64_match_known_values() {
        // FIPS 180-4's "abc" example, and the empty string, in the form a policy writes.
        assert_eq!(base64(&sha256(b"abc")), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        assert_eq!(base64(&sha256(b"")), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        // Two blocks of padding.
        let long = [b'a'; 1000];
        assert_eq!(base64(&sha256(&long)), "Qe3s5C1j6Nm/UVqbppMuHCDLyfWl0TRkWttdsblzfqM=");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"a"), "YQ==");
    }

    #[test]
    fn text_becomes_text() {
        assert_eq!(
            esc("</script><img src=x onerror='a'>&\"\n"),
            "&lt;/script&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;\\n"
        );
        assert_eq!(band(0.0), 0);
        assert_eq!(band(0.199), 0);
        assert_eq!(band(0.2), 1);
        assert_eq!(band(0.8), 4);
        assert_eq!(band(1.0), 4);
    }
}
