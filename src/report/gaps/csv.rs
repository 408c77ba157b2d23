//! The gap report as CSV, one row per finding, and the scorecard as a
//! table: files for people, so each starts with a byte-order mark and
//! neutralizes formulas ([`crate::report::sheet`]).

use std::io::{self, Write};

use super::{BATCH, CODES, Cx, NAMES, batches, in_batches_of, round4, since};
use crate::Gaps;
use crate::advice::{self, Measure};
use crate::report::sheet::{PeopleCsv, push_row};

/// The columns of the findings table: those of `--format csv`, and of the
/// workbook's Findings sheet, which picks some of them.
pub(super) fn finding_header(baseline: bool) -> Vec<&'static str> {
    let mut header = vec![
        "code",
        "name",
        "severity",
        "scope",
        "scope_name",
        "standard",
        "grade",
        "priority",
        "summary",
        "ids",
        "message",
        "help",
        "peers",
        "file",
        "line",
    ];
    if baseline {
        header.push("since_baseline");
    }
    header
}

/// Every finding as CSV, one row each, streamed: dataset findings first (no
/// scope), then plan findings scope by scope. Scopes are checked (when the
/// run kept only counts) and rendered in parallel, a batch at a time, and
/// written in order; each batch is written while the next one renders.
pub fn write_csv(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    write_csv_in(run, out, BATCH)
}

/// [`write_csv`] rendering about `batch` findings at a time.
fn write_csv_in(run: &Gaps, out: &mut dyn Write, batch: u64) -> io::Result<()> {
    let cx = Cx::new(run, true);
    let mut w = PeopleCsv::new(out)?;
    w.row(finding_header(run.baseline.is_some()))?;
    dataset_rows(run, &mut |row| w.row(row))?;
    let names = run.baseline.as_ref().map(|_| crate::history::Names::of(run));
    let shared = cx.shared();
    let render = |range| {
        run.each_scope(range, |sg| {
            let cx = Cx::with(run, shared.clone());
            // Rows run to about 500 bytes: room for them at once spares the copies of growing.
            let mut buf = Vec::with_capacity(sg.counts.findings() as usize * 512 + 1024);
            scope_rows(&cx, sg, names.as_ref(), &mut |row| {
                push_row(&mut buf, row);
                Ok(())
            })?;
            Ok(buf)
        })
        .into_iter()
        .collect()
    };
    let mut write = |parts: io::Result<Vec<Vec<u8>>>| parts?.iter().try_for_each(|b| w.raw(b));
    in_batches_of(run, batch, &render, &mut write)?;
    tail_rows(&cx, &mut |row| w.row(row))?;
    w.flush()
}

/// Every finding as a row in the columns of [`finding_header`], handed to
/// `emit` one at a time so that a national run is never held as rows.
pub(super) fn finding_rows(cx: &Cx, emit: &mut dyn FnMut(&[&str]) -> io::Result<()>) -> io::Result<()> {
    let run = cx.run;
    dataset_rows(run, emit)?;
    let names = run.baseline.as_ref().map(|_| crate::history::Names::of(run));
    if run.held {
        for sg in &run.scopes {
            scope_rows(cx, sg, names.as_ref(), emit)?;
        }
    } else {
        for range in batches(run, BATCH) {
            for sg in run.each_scope(range, Clone::clone) {
                scope_rows(cx, &sg, names.as_ref(), emit)?;
            }
        }
    }
    tail_rows(cx, emit)
}

/// The dataset's findings, as rows without a scope.
fn dataset_rows(run: &Gaps, emit: &mut dyn FnMut(&[&str]) -> io::Result<()>) -> io::Result<()> {
    for f in &run.validation.findings {
        let (file, line) = match &f.origin {
            Some(o) => (o.file.to_string(), o.line.map(|l| l.to_string()).unwrap_or_default()),
            None => (String::new(), String::new()),
        };
        let ids = f.ids.join(";");
        let first = f.ids.first().cloned().unwrap_or_default();
        let mut rec = vec![
            f.code.as_str(),
            f.code.name(),
            f.severity().as_str(),
            "",
            "",
            &first,
            "",
            "",
            "",
            &ids,
            &f.message,
            &f.help,
            "",
            &file,
            &line,
        ];
        // With a baseline, each row says whether it is new since; dataset findings say nothing.
        if run.baseline.is_some() {
            rec.push("");
        }
        emit(&rec)?;
    }
    Ok(())
}

/// One scope's plan findings; with a baseline (`names` given), each says
/// whether it is new since, and the scope's closed findings follow.
fn scope_rows(
    cx: &Cx,
    sg: &crate::checks::plan::ScopeGaps,
    names: Option<&crate::history::Names>,
    emit: &mut dyn FnMut(&[&str]) -> io::Result<()>,
) -> io::Result<()> {
    let run = cx.run;
    let scope = cx.raw_scope_id(sg.scope);
    let shared: std::sync::Arc<str> = std::sync::Arc::from(scope);
    let scope_name = cx.scope(sg.scope).name.as_deref().unwrap_or("");
    let change = since::change(run, scope);
    // Buffers kept from finding to finding: a scope has hundreds.
    let (mut message, mut help, mut ids, mut peer_ids) = (String::new(), String::new(), String::new(), String::new());
    for i in 0..sg.gaps.len() {
        let gap = &sg.gaps[i];
        let peers = cx.describe_into(sg, &cx.single(sg, i), None, &mut message, &mut help);
        let n = gap.standard();
        joined(&mut ids, gap.nodes().into_iter().map(|x| cx.name(x)));
        joined(&mut peer_ids, peers.iter().map(|(p, _)| cx.raw_scope_id(*p)));
        let status = match (change, names) {
            (Some(c), Some(names)) => Some(since::status_of(c, &names.key(&shared, gap))),
            _ => None,
        };
        let rec = [
            CODES[gap.check() as usize - 1],
            NAMES[gap.check() as usize - 1],
            "warning",
            scope,
            scope_name,
            cx.name(n),
            cx.grade(n),
            if cx.priority(n) { "true" } else { "false" },
            cx.std(n).summary.as_deref().unwrap_or(""),
            &ids,
            &message,
            &help,
            &peer_ids,
            "",
            "",
            status.unwrap_or(""),
        ];
        emit(&rec[..if status.is_some() { 16 } else { 15 }])?;
    }
    if let Some(c) = change {
        for k in &c.closed {
            closed_row(emit, cx, scope, scope_name, k)?;
        }
    }
    Ok(())
}

/// Names joined by `;` into `out` (cleared first), as the `ids` and `peers` cells list them.
fn joined<'s>(out: &mut String, names: impl Iterator<Item = &'s str>) {
    out.clear();
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
}

/// What follows the scopes' findings: the closed findings of scopes the
/// run no longer has, then the results.
fn tail_rows(cx: &Cx, emit: &mut dyn FnMut(&[&str]) -> io::Result<()>) -> io::Result<()> {
    let run = cx.run;
    if let Some(b) = &run.baseline {
        for (scope, c) in b.scopes.iter().filter(|(_, c)| c.now.is_none()) {
            for k in &c.closed {
                closed_row(emit, cx, scope, "", k)?;
            }
        }
    }
    for mut row in super::evidence::csv_rows(cx) {
        if run.baseline.is_some() {
            // Results have no baseline: the column stays empty.
            row.push(String::new());
        }
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        emit(&cells)?;
    }
    Ok(())
}

/// A finding of the baseline that this run no longer has: its identity, and the words of its check.
fn closed_row(
    emit: &mut dyn FnMut(&[&str]) -> io::Result<()>,
    cx: &Cx,
    scope: &str,
    scope_name: &str,
    k: &crate::history::FindingKey,
) -> io::Result<()> {
    let check = k.code.trim_start_matches('C').parse::<usize>().unwrap_or(1).clamp(1, 5);
    let first = k.standards.first().map_or("", |x| &**x);
    // The standard may be gone from the data too; then only its name is known.
    let node = match cx.run.validation.graph.resolve(first) {
        crate::graph::Resolution::Found(n) => Some(n),
        _ => None,
    };
    let grade = node.map_or("", |n| cx.grade(n));
    let summary = node.and_then(|n| cx.std(n).summary.as_deref()).unwrap_or("");
    let message = format!("closed since the baseline: {} {}", k.code, k.standards.join(" → "));
    let rec = [
        k.code,
        NAMES[check - 1],
        "",
        scope,
        scope_name,
        first,
        grade,
        "",
        summary,
        &k.standards.join(";"),
        &message,
        "",
        "",
        "",
        "",
        "closed",
    ];
    emit(&rec)
}

/// The scorecard as a CSV table, one row per scope in scorecard order: each
/// rate's count, base and rate (empty when n/a), then for a scope over
/// schools their number, the median and the weakest school per rate.
pub fn write_scorecard_csv(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run, false);
    let rows = advice::scorecard(run);
    let mut w = PeopleCsv::new(out)?;
    let mut header: Vec<String> =
        ["scope", "name", "parent", "grade_lo", "grade_hi", "taught"].map(str::to_string).to_vec();
    for m in Measure::ALL {
        for part in ["count", "base", "rate"] {
            header.push(format!("{}_{part}", m.key()));
        }
    }
    header.push("schools".to_string());
    for m in Measure::ALL {
        header.push(format!("{}_median", m.key()));
        header.push(format!("{}_weakest", m.key()));
        header.push(format!("{}_weakest_rate", m.key()));
    }
    // With a baseline: whether the scope is new, and each figure then with its change.
    let baseline = run.baseline.is_some();
    if baseline {
        header.extend(["since_baseline".to_string(), "taught_then".to_string()]);
        for m in Measure::ALL {
            header.push(format!("{}_then", m.key()));
            header.push(format!("{}_change", m.key()));
        }
    }
    w.row(&header)?;
    let num = |v: Option<f64>| v.map(|x| format!("{}", round4(x))).unwrap_or_default();
    for r in &rows {
        let sc = cx.scope(r.scope);
        let mut rec: Vec<String> = vec![
            sc.id.clone(),
            sc.name.clone().unwrap_or_default(),
            sc.parent.clone().unwrap_or_default(),
            sc.grade_lo.as_str().to_string(),
            sc.grade_hi.as_str().to_string(),
            r.taught.to_string(),
        ];
        for x in r.rates {
            rec.extend([x.count.to_string(), x.base.to_string(), num(x.value())]);
        }
        match &r.schools {
            Some(s) => {
                rec.push(s.count.to_string());
                for m in Measure::ALL {
                    rec.push(num(s.median[m as usize]));
                    let weakest = s.weakest[m as usize];
                    rec.push(weakest.map(|(k, _)| cx.raw_scope_id(k).to_string()).unwrap_or_default());
                    rec.push(num(weakest.map(|(_, v)| v)));
                }
            }
            None => rec.extend(std::iter::repeat_n(String::new(), 1 + 3 * Measure::ALL.len())),
        }
        if baseline {
            let c = since::change(run, &sc.id);
            let then = c.and_then(|c| c.then);
            rec.push(if then.is_some() { "kept" } else { "new" }.to_string());
            rec.push(then.map(|t| t.taught.to_string()).unwrap_or_default());
            for m in Measure::ALL {
                rec.push(num(then.and_then(|t| t.rates[m as usize].value())));
                rec.push(num(c.and_then(|c| c.delta(m))));
            }
        }
        w.row(&rec)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(held: bool) -> Gaps {
        let v = crate::validate_sources(&[crate::load::Source::parse("examples/district")]).unwrap();
        crate::gaps(v, 2, &[], held).unwrap()
    }

    /// Findings checked again a batch at a time, rendered on threads, read as
    /// the findings a run held: byte for byte, whatever the batch.
    #[test]
    fn streamed_findings_are_the_held_ones_whatever_the_batch() {
        let mut held = Vec::new();
        write_csv_in(&run(true), &mut held, u64::MAX).unwrap();
        let lines = held.iter().filter(|&&b| b == b'\n').count();
        assert!(lines > 50, "the example district has findings to stream: {lines} lines");
        let streamed = run(false);
        assert!(batches(&streamed, 1).len() > 3, "several batches");
        for batch in [1, 7, BATCH] {
            let mut out = Vec::new();
            write_csv_in(&streamed, &mut out, batch).unwrap();
            assert!(out == held, "batch {batch}");
        }
    }
}
