//! The gap report as an Excel workbook, for a meeting: the scorecard with
//! each rate colored, the actions, every finding, priority coverage by grade
//! and domain as a heat map, and with a baseline what changed.
//!
//! Every text is written as a text cell, never as a formula, so a title
//! beginning with `=` stays text. The workbook's creation date is fixed (the
//! report's `--as-of` date, or [`FIXED_DATE`]), so the same run gives the
//! same bytes.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::csv::{finding_header, finding_rows};
use super::{Cx, Options, RATE_HEADS, closes_words, grades, ordered};
use crate::Gaps;
use crate::advice::{self, Coverage, Measure, Rate};
use crate::finding::printable;
use crate::history::Comparison;

/// The creation date of a workbook made without `--as-of`: any fixed date
/// keeps the bytes of a run the same.
pub const FIXED_DATE: &str = "2000-01-01";

/// The last row index of a worksheet (Excel's limit is 1,048,576 rows).
const LAST_ROW: u32 = 1_048_575;

/// The longest text a cell holds (Excel's limit, in UTF-16 units).
const MAX_TEXT: usize = 32_767;

/// The report as an xlsx workbook: sheets Scorecard, Actions and Findings
/// (when findings were collected), Coverage, and Changes (with a baseline).
///
/// # Errors
/// When the workbook cannot be assembled or `out` cannot be written.
pub fn write_xlsx(run: &Gaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let bytes = workbook(run, opts).map_err(|e| io::Error::other(e.to_string()))?;
    out.write_all(&bytes)
}

/// The formats the sheets share.
struct Styles {
    head: Format,
    pct: Format,
    whole: Format,
    change: Format,
    right: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDCE6F1))
                .set_border_bottom(FormatBorder::Thin),
            pct: Format::new().set_num_format("0.0%"),
            // The heat map's cells are shares of a few standards each: whole percents suffice.
            whole: Format::new().set_num_format("0%"),
            // A change of a rate in points, signed: -3.3% reads as 3.3 points lost.
            change: Format::new().set_num_format("+0.0%;-0.0%;0.0%"),
            // `n/a` stands where a number would, aligned as numbers are.
            right: Format::new().set_align(FormatAlign::Right),
        }
    }
}

fn workbook(run: &Gaps, opts: &Options) -> Result<Vec<u8>, XlsxError> {
    let collect = !opts.scorecard_only;
    let cx = Cx::new(run, collect);
    let st = Styles::new();
    let mut wb = Workbook::new();
    let date = run.as_of.map_or_else(|| FIXED_DATE.to_string(), |d| d.to_string());
    let created = ExcelDateTime::parse_from_str(&date).or_else(|_| ExcelDateTime::parse_from_str(FIXED_DATE))?;
    wb.set_properties(&DocProperties::new().set_title("Coherence gaps").set_creation_datetime(&created));
    wb.push_worksheet(scorecard(&cx, &st)?);
    if collect {
        wb.push_worksheet(actions(&cx, &st)?);
        wb.push_worksheet(findings(&cx, &st)?);
    }
    wb.push_worksheet(coverage(&cx, &st)?);
    if let Some(b) = &run.baseline {
        wb.push_worksheet(changes(&cx, b, &st)?);
    }
    wb.save_to_buffer()
}

/// A worksheet being written, with the widest cell of each column so far.
struct Sheet<'s> {
    ws: Worksheet,
    st: &'s Styles,
    /// Per column: the narrowest width its heading allows and the widest it may grow to.
    bounds: Vec<(usize, usize)>,
    widths: Vec<usize>,
}

impl<'s> Sheet<'s> {
    /// A sheet named `name` with a frozen header row of `heads` (heading,
    /// widest width in characters), the first `keep` columns frozen too.
    fn new(name: &str, heads: &[(String, usize)], keep: u16, st: &'s Styles) -> Result<Sheet<'s>, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        let mut bounds = Vec::with_capacity(heads.len());
        for (c, (head, cap)) in heads.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, head, &st.head)?;
            // A heading wraps between words, onto two lines at most.
            let word = head.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
            let half = head.chars().count().div_ceil(2);
            bounds.push((word.max(half).max(4), *cap));
        }
        // Two lines for the headings that wrap; set, because not every reader sizes rows itself.
        ws.set_row_height(0, 30)?;
        ws.set_freeze_panes(1, keep)?;
        // Printed for a meeting: landscape, one page wide, the headings on every page.
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0)?;
        Ok(Sheet { ws, st, widths: vec![0; heads.len()], bounds })
    }

    fn seen(&mut self, col: u16, width: usize) {
        if let Some(w) = self.widths.get_mut(col as usize) {
            *w = (*w).max(width);
        }
    }

    /// Text from the data in a cell: control characters shown escaped, cut to what a cell holds.
    fn text(&mut self, row: u32, col: u16, value: &str) -> Result<(), XlsxError> {
        if value.is_empty() {
            return Ok(());
        }
        let shown = printable(value);
        // Excel counts a cell's text in UTF-16 units: a character outside the BMP is two.
        if shown.encode_utf16().count() > MAX_TEXT {
            let mut units = 0;
            let cut: String = shown
                .chars()
                .take_while(|c| {
                    units += c.len_utf16();
                    units < MAX_TEXT
                })
                .chain(['…'])
                .collect();
            self.ws.write_string(row, col, cut)?;
        } else {
            self.ws.write_string(row, col, shown.as_ref())?;
        }
        self.seen(col, shown.chars().count());
        Ok(())
    }

    /// A count.
    fn count(&mut self, row: u32, col: u16, value: u64) -> Result<(), XlsxError> {
        self.ws.write_number(row, col, value as f64)?;
        self.seen(col, value.to_string().len());
        Ok(())
    }

    /// A rate as a share formatted as a percent; `n/a` when it has nothing to measure.
    fn rate(&mut self, row: u32, col: u16, value: Option<f64>) -> Result<(), XlsxError> {
        match value {
            Some(v) => self.ws.write_number_with_format(row, col, v, &self.st.pct)?,
            None => self.ws.write_string_with_format(row, col, "n/a", &self.st.right)?,
        };
        self.seen(col, 6);
        Ok(())
    }

    /// A share of a domain's priority standards, in whole percents.
    fn share(&mut self, row: u32, col: u16, value: Option<f64>) -> Result<(), XlsxError> {
        if let Some(v) = value {
            self.ws.write_number_with_format(row, col, v, &self.st.whole)?;
            self.seen(col, 4);
        }
        Ok(())
    }

    /// A change of a rate, signed.
    fn change(&mut self, row: u32, col: u16, value: f64) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, value, &self.st.change)?;
        self.seen(col, 7);
        Ok(())
    }

    /// The sheet with its columns as wide as their cells (within their
    /// bounds) and an autofilter over `rows` rows.
    fn finish(mut self, rows: u32) -> Result<Worksheet, XlsxError> {
        for (c, (w, (lo, hi))) in self.widths.iter().zip(&self.bounds).enumerate() {
            self.ws.set_column_width(c as u16, ((*w).clamp(*lo, (*hi).max(*lo)) + 2) as f64)?;
        }
        let last = (self.widths.len() as u16).saturating_sub(1);
        self.ws.autofilter(0, 0, rows, last)?;
        Ok(self.ws)
    }
}

/// Headings with their widest widths.
fn heads(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(h, w)| (h.to_string(), *w)).collect()
}

/// Red at 0%, yellow at 50%, green at 100%: a rate's color means the same in every sheet.
fn rate_scale() -> ConditionalFormat3ColorScale {
    ConditionalFormat3ColorScale::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_midpoint(ConditionalFormatType::Number, 0.5)
        .set_maximum(ConditionalFormatType::Number, 1)
}

/// One row per scope in scorecard order: its rates as percents colored on
/// one scale, then each rate's gaps and base.
fn scorecard(cx: &Cx, st: &Styles) -> Result<Worksheet, XlsxError> {
    let mut h = heads(&[("scope", 20), ("name", 36), ("parent", 20), ("grades", 6), ("taught", 6)]);
    h.extend(Measure::ALL.iter().map(|m| (m.title().to_string(), 8)));
    for short in RATE_HEADS {
        h.push((format!("{short} gaps"), 8));
        h.push((format!("{short} base"), 8));
    }
    let mut sh = Sheet::new("Scorecard", &h, 2, st)?;
    let rows = advice::scorecard(cx.run);
    let mut r = 0u32;
    for row in rows.iter().take(LAST_ROW as usize) {
        r += 1;
        let sc = cx.scope(row.scope);
        sh.text(r, 0, &sc.id)?;
        sh.text(r, 1, sc.name.as_deref().unwrap_or(""))?;
        sh.text(r, 2, sc.parent.as_deref().unwrap_or(""))?;
        sh.text(r, 3, &grades(sc))?;
        sh.count(r, 4, row.taught)?;
        for (i, x) in row.rates.iter().enumerate() {
            sh.rate(r, 5 + i as u16, x.value())?;
            sh.count(r, 10 + 2 * i as u16, x.count)?;
            sh.count(r, 11 + 2 * i as u16, x.base)?;
        }
    }
    if r > 0 {
        sh.ws.add_conditional_format(1, 5, r, 9, &rate_scale())?;
    }
    sh.finish(r)
}

/// Every action, best first: the module, where to adopt it and what it closes.
fn actions(cx: &Cx, st: &Styles) -> Result<Worksheet, XlsxError> {
    let h = heads(&[
        ("rank", 4),
        ("module", 16),
        ("title", 44),
        ("provider", 44),
        ("kind", 12),
        ("schools", 7),
        ("scopes", 40),
        ("what it closes", 70),
        ("priority", 8),
        ("chains", 8),
        ("prerequisites", 8),
        ("pairs", 8),
        ("related", 8),
    ]);
    let mut sh = Sheet::new("Actions", &h, 2, st)?;
    let mut r = 0u32;
    for (i, a) in advice::actions(cx.run, usize::MAX).iter().take(LAST_ROW as usize).enumerate() {
        r += 1;
        let md = cx.module(a.module);
        sh.count(r, 0, i as u64 + 1)?;
        sh.text(r, 1, &md.id)?;
        sh.text(r, 2, md.title.as_deref().unwrap_or(""))?;
        sh.text(r, 3, md.provider.as_deref().unwrap_or(""))?;
        sh.text(r, 4, md.kind.as_str())?;
        sh.count(r, 5, a.scopes.len() as u64)?;
        let scopes: Vec<&str> = a.scopes.iter().map(|&s| cx.raw_scope_id(s)).collect();
        sh.text(r, 6, &scopes.join(", "))?;
        sh.text(r, 7, &closes_words(&a.closes))?;
        let c = &a.closes;
        for (k, v) in [c.priority, c.chains, c.prerequisites, c.pairs, c.related].into_iter().enumerate() {
            sh.count(r, 8 + k as u16, v)?;
        }
    }
    sh.finish(r)
}

/// Every finding, as `--format csv` lists them, in the columns people read.
fn findings(cx: &Cx, st: &Styles) -> Result<Worksheet, XlsxError> {
    let baseline = cx.run.baseline.is_some();
    let all = finding_header(baseline);
    let mut picked: Vec<(&str, &str, usize)> = vec![
        ("code", "code", 5),
        ("name", "name", 24),
        ("severity", "severity", 8),
        ("scope", "scope", 16),
        ("scope_name", "scope name", 30),
        ("standard", "standard", 14),
        ("grade", "grade", 5),
        ("summary", "summary", 40),
        ("message", "message", 80),
        ("help", "help", 80),
        ("peers", "peers", 30),
    ];
    if baseline {
        picked.push(("since_baseline", "since baseline", 8));
    }
    let columns: Vec<usize> = picked.iter().filter_map(|(key, _, _)| all.iter().position(|h| h == key)).collect();
    let h: Vec<(String, usize)> = picked.iter().map(|(_, h, w)| (h.to_string(), *w)).collect();
    let mut sh = Sheet::new("Findings", &h, 1, st)?;
    let mut r = 0u32;
    let mut more = 0u64;
    let mut failed: Option<XlsxError> = None;
    finding_rows(cx, &mut |row| {
        // One row is kept for the line that says how many did not fit.
        if r >= LAST_ROW - 1 || failed.is_some() {
            more += 1;
            return Ok(());
        }
        r += 1;
        for (c, &i) in columns.iter().enumerate() {
            if let Err(e) = sh.text(r, c as u16, row.get(i).copied().unwrap_or("")) {
                failed = Some(e);
            }
        }
        Ok(())
    })
    .map_err(XlsxError::IoError)?;
    if let Some(e) = failed {
        return Err(e);
    }
    if more > 0 {
        r += 1;
        let note = format!("and {more} more findings than a sheet holds: `coherence gaps --format csv` lists them all");
        sh.ws.write_string(r, 0, note)?;
    }
    sh.finish(r)
}

/// A column of the Coverage sheet: a grade's domain, as its heading reads (`3.NF`, `HSA-SSE`).
fn domain_head(grade: &str, domain: &str) -> String {
    if domain.is_empty() {
        format!("{grade} (no domain)")
    } else if domain.starts_with(grade) {
        domain.to_string()
    } else {
        format!("{grade} {domain}")
    }
}

/// Scopes by grade and domain: the share of each domain's priority
/// standards that the scope's PD covers, as a heat map; blank where the
/// scope's band has none.
fn coverage(cx: &Cx, st: &Styles) -> Result<Worksheet, XlsxError> {
    let own;
    let cov = match &cx.cov {
        Some(c) => c,
        None => {
            own = Coverage::new(cx.run);
            &own
        }
    };
    let cells = advice::priority_by_domain(cx.run, cov);
    let first = 4u16;
    // Columns: every grade and domain some scope has, by grade level, then
    // grade, then domain; Excel's 16,384 columns keep the first ones.
    let mut keys: BTreeMap<(i8, &str, &str), u16> = BTreeMap::new();
    for c in cells.iter().flat_map(|(_, cs)| cs) {
        keys.insert((c.grade.level(), c.grade.as_str(), c.domain), 0);
    }
    let room = 16_384 - first as usize;
    keys = keys.into_keys().take(room).enumerate().map(|(i, k)| (k, first + i as u16)).collect();
    let mut h = heads(&[("scope", 20), ("name", 36), ("grades", 6), ("priority coverage", 8)]);
    h.extend(keys.keys().map(|(_, g, d)| (domain_head(g, d), 6)));
    let mut sh = Sheet::new("Coverage", &h, 2, st)?;
    let by_scope: BTreeMap<u32, &Vec<advice::DomainCell>> = cells.iter().map(|(s, cs)| (*s, cs)).collect();
    let mut r = 0u32;
    for (_, sg) in ordered(cx.run).into_iter().take(LAST_ROW as usize) {
        r += 1;
        let sc = cx.scope(sg.scope);
        sh.text(r, 0, &sc.id)?;
        sh.text(r, 1, sc.name.as_deref().unwrap_or(""))?;
        sh.text(r, 2, &grades(sc))?;
        sh.rate(r, 3, advice::rates(&sg.counts)[Measure::PriorityCoverage as usize].value())?;
        for c in by_scope.get(&sg.scope).into_iter().flat_map(|cs| cs.iter()) {
            if let Some(&col) = keys.get(&(c.grade.level(), c.grade.as_str(), c.domain)) {
                sh.share(r, col, Rate { count: c.priority - c.covered, base: c.priority }.value())?;
            }
        }
    }
    if r > 0 {
        sh.ws.add_conditional_format(1, 3, r, (h.len() as u16).saturating_sub(1), &rate_scale())?;
    }
    sh.finish(r)
}

/// Per scope of this run or the baseline: each rate then, now and its
/// change, taught then and now, and the findings closed and opened.
fn changes(cx: &Cx, b: &Comparison, st: &Styles) -> Result<Worksheet, XlsxError> {
    let mut h = heads(&[("scope", 20), ("name", 36), ("status", 6)]);
    for short in RATE_HEADS {
        for part in ["then", "now", "change"] {
            h.push((format!("{short} {part}"), 8));
        }
    }
    h.extend(heads(&[("taught then", 6), ("taught now", 6), ("closed", 6), ("opened", 6)]));
    let mut sh = Sheet::new("Changes", &h, 2, st)?;
    let names: BTreeMap<&str, Option<&str>> =
        cx.ds().scopes.iter().map(|s| (s.id.as_str(), s.name.as_deref())).collect();
    let mut r = 0u32;
    for (id, c) in b.scopes.iter().take(LAST_ROW as usize) {
        r += 1;
        sh.text(r, 0, id)?;
        sh.text(r, 1, names.get(id.as_str()).copied().flatten().unwrap_or(""))?;
        let status = match (c.then.is_some(), c.now.is_some()) {
            (false, _) => "new",
            (true, true) => "kept",
            (true, false) => "gone",
        };
        sh.text(r, 2, status)?;
        for (i, m) in Measure::ALL.iter().enumerate() {
            let col = 3 + 3 * i as u16;
            for (k, side) in [c.then, c.now].into_iter().enumerate() {
                if let Some(f) = side {
                    sh.rate(r, col + k as u16, f.rates[*m as usize].value())?;
                }
            }
            if let Some(d) = c.delta(*m) {
                sh.change(r, col + 2, d)?;
            }
        }
        let end = 3 + 3 * Measure::ALL.len() as u16;
        for (k, side) in [c.then, c.now].into_iter().enumerate() {
            if let Some(f) = side {
                sh.count(r, end + k as u16, f.taught)?;
            }
        }
        // Without findings in the baseline, closed and opened are unknown, not zero.
        if b.findings {
            sh.count(r, end + 2, c.closed.len() as u64)?;
            sh.count(r, end + 3, c.opened.len() as u64)?;
        }
    }
    if r > 0 {
        for i in 0..Measure::ALL.len() as u16 {
            let col = 3 + 3 * i;
            sh.ws.add_conditional_format(1, col, r, col + 1, &rate_scale())?;
            // Points lost in red, points gained in green.
            let scale = ConditionalFormat3ColorScale::new()
                .set_minimum(ConditionalFormatType::Number, -0.2)
                .set_midpoint(ConditionalFormatType::Number, 0)
                .set_maximum(ConditionalFormatType::Number, 0.2)
                .set_midpoint_color(Color::White);
            sh.ws.add_conditional_format(1, col + 2, r, col + 2, &scale)?;
        }
    }
    sh.finish(r)
}
