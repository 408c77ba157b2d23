//! `coherence gaps`: the plan checks of every scope, as a report for leads,
//! JSON, CSV or the scorecard, against a baseline when one is given.

use std::collections::HashSet;
use std::path::Path;

use super::{CliError, Cx, DataArgs, Done, GapsArgs, GapsFormat, fails};
use crate::finding::Severity;
use crate::history::{self, Snapshot};
use crate::load::LoadError;
use crate::progress::count;
use crate::report::gaps as r;

pub(super) fn run(cx: &mut Cx, a: &GapsArgs) -> Result<Done, CliError> {
    // A workbook is binary: refused before any work, rather than poured onto a terminal.
    if a.format == GapsFormat::Xlsx && a.out.is_none() {
        return Err(CliError::Usage(
            "--format xlsx writes a binary workbook: give the file to write with --out (e.g. --out report.xlsx)"
                .to_string(),
        ));
    }
    let v = cx.load(&a.data)?;
    let n = if a.scope.is_empty() { v.graph.scopes.len() } else { a.scope.len() };
    cx.progress.phase(cx.err, "plan checks", || {
        format!("checking the plans of {} scope{}", count(n), if n == 1 { "" } else { "s" })
    });
    // The summary and the scorecard need counts only; findings cost memory at national scale.
    let collect = !a.summary_only && !a.scorecard;
    // CSV and JSON check their findings again as they write them, a batch at
    // a time (JSON's actions once before), so that they are never all held;
    // a baseline is compared with all of them.
    let streams = matches!(a.format, GapsFormat::Csv | GapsFormat::Json);
    let hold = collect && !(streams && a.baseline.is_empty());
    let mut run = crate::gaps(v, a.window, &a.scope, hold).map_err(CliError::Usage)?;
    run.as_of = a.as_of;
    if collect {
        let settings = crate::evidence::Settings { weak: a.weak, term: a.term.clone() };
        run.evidence = crate::evidence::compute(&run, &settings).map_err(CliError::Usage)?;
    }
    if !a.baseline.is_empty() {
        let then = baseline(cx, a, collect)?;
        cx.progress.phase(cx.err, "compare", || "comparing with the baseline".to_string());
        let now = Snapshot::of_run(&run, a.as_of, collect);
        let ids: HashSet<&str> = run.validation.dataset.scopes.iter().map(|s| s.id.as_str()).collect();
        let comparison = history::compare(&then, &now, |id| ids.contains(id));
        run.baseline = Some(comparison);
    }
    match &a.out {
        Some(path) => cx.progress.phase(cx.err, "report", || format!("writing {}", path.display())),
        None => cx.progress.untold(cx.err, "report"),
    }
    let opts =
        r::Options { top: a.top, actions: a.actions, style: cx.style(a.out.is_some()), scorecard_only: !collect };
    cx.deliver(a.out.as_deref(), |w| match a.format {
        GapsFormat::Json if a.summary_only => r::write_summary(&run, w),
        GapsFormat::Json if a.scorecard => r::write_scorecard_json(&run, w),
        GapsFormat::Json => r::write_json(&run, w),
        // Counts per scope, as a table: the scorecard.
        GapsFormat::Csv if !collect => r::write_scorecard_csv(&run, w),
        GapsFormat::Csv => r::write_csv(&run, w),
        GapsFormat::Markdown => r::write_markdown(&run, &opts, w),
        GapsFormat::Html => r::write_html(&run, &opts, w),
        GapsFormat::Text => r::write_text(&run, &opts, w),
        GapsFormat::Xlsx => r::write_xlsx(&run, &opts, w),
    })?;
    let plan_findings = run.scopes.iter().any(|s| s.counts.findings() > 0);
    let failed = fails(&run.validation.findings, a.fail_on)
        || (plan_findings && a.fail_on.threshold().is_some_and(|t| Severity::Warning >= t));
    Ok(Done::keeping(i32::from(failed), run))
}

/// The baseline's figures: a saved report read for its figures only, or
/// earlier data run again with this run's window on the scopes it still has.
///
/// # Errors
/// Exit 2 when it cannot be read, or was made with another grade window.
fn baseline(cx: &mut Cx, a: &GapsArgs, collect: bool) -> Result<Snapshot, CliError> {
    let given: Vec<String> = a.baseline.iter().map(|p| Path::new(p).display().to_string()).collect();
    if let [one] = a.baseline.as_slice() {
        let path = Path::new(one);
        if path.is_file()
            && let Some(text) = report_text(path)?
        {
            cx.progress.phase(cx.err, "baseline", || format!("reading the baseline report {}", given[0]));
            let then = Snapshot::parse(&given[0], &text)?;
            if then.window != a.window {
                return Err(LoadError::new(
                    &given[0],
                    format!("a report made with grade window {}; this run uses window {}", then.window, a.window),
                    format!(
                        "pass --window {} to compare like with like, or save a baseline with this window",
                        then.window
                    ),
                )
                .into());
            }
            return Ok(then);
        }
    }
    // Official text changes no figure of a baseline: it is read for the current run only.
    let data = DataArgs { data: a.baseline.clone(), statements: Vec::new(), ..a.data.clone() };
    let v = cx.load(&data)?;
    // Only the scopes asked for, where the baseline has them: the others are not compared.
    let only: Vec<String> = a.scope.iter().filter(|s| v.dataset.scopes.iter().any(|x| &x.id == *s)).cloned().collect();
    if !a.scope.is_empty() && only.is_empty() {
        return Ok(Snapshot {
            source: given.join(" + "),
            window: a.window,
            findings: collect.then(Default::default),
            ..Default::default()
        });
    }
    cx.progress.phase(cx.err, "baseline", || "checking the plans of the baseline".to_string());
    let then = crate::gaps(v, a.window, &only, collect).map_err(CliError::Usage)?;
    let mut snap = Snapshot::of_run(&then, None, collect);
    snap.source = given.join(" + ");
    Ok(snap)
}

/// The text of a file when it is a saved gap report (a JSON object with a
/// scorecard), none when it is data.
fn report_text(path: &Path) -> Result<Option<String>, CliError> {
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json {
        return Ok(None);
    }
    let text = crate::load::read_text(path)?;
    // A report's head names its parts before any data file could: a cheap look, not a parse.
    let head: String = text.chars().take(4096).collect();
    let report = head.contains("\"scorecard\"") || head.contains("\"window\"") && head.contains("\"totals\"");
    Ok(report.then_some(text))
}
