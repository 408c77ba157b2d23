//! `coherence gaps`: the plan checks of every scope, as a report for leads,
//! JSON, CSV or the scorecard.

use super::{CliError, Cx, Done, GapsArgs, GapsFormat, fails};
use crate::finding::Severity;
use crate::progress::count;
use crate::report::gaps as r;

pub(super) fn run(cx: &mut Cx, a: &GapsArgs) -> Result<Done, CliError> {
    let v = cx.load(&a.data)?;
    let n = if a.scope.is_empty() { v.graph.scopes.len() } else { a.scope.len() };
    cx.progress.phase(cx.err, "plan checks", || {
        format!("checking the plans of {} scope{}", count(n), if n == 1 { "" } else { "s" })
    });
    // The summary and the scorecard need counts only; findings cost memory at national scale.
    let collect = !a.summary_only && !a.scorecard;
    let mut run = crate::gaps(v, a.window, &a.scope, collect).map_err(CliError::Usage)?;
    if collect {
        let settings = crate::evidence::Settings { weak: a.weak, term: a.term.clone() };
        run.evidence = crate::evidence::compute(&run, &settings).map_err(CliError::Usage)?;
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
        GapsFormat::Text => r::write_text(&run, &opts, w),
    })?;
    let plan_findings = run.scopes.iter().any(|s| s.counts.findings() > 0);
    let failed = fails(&run.validation.findings, a.fail_on)
        || (plan_findings && a.fail_on.threshold().is_some_and(|t| Severity::Warning >= t));
    Ok(Done::keeping(i32::from(failed), run))
}
