//! `coherence goals check`: a district's goals judged on the data, with a
//! dated baseline for the pace of progress.

use std::path::Path;

use super::{CliError, Cx, Done, Goals, GoalsCheckArgs, GoalsFormat};
use crate::goals::{self, Scopes, Status};
use crate::history::{Date, Snapshot};
use crate::load::LoadError;
use crate::report::goals as r;

pub(super) fn run(cx: &mut Cx, what: &Goals) -> Result<Done, CliError> {
    match what {
        Goals::Check(a) => check(cx, a),
    }
}

fn check(cx: &mut Cx, a: &GoalsCheckArgs) -> Result<Done, CliError> {
    let file = a.goals.display().to_string();
    // The goals file is read first: a typo in it is found before the data is loaded.
    let text = crate::load::read_text(&a.goals)?;
    let v = cx.load(&a.data)?;
    let scopes = Scopes::new(v.dataset.scopes.iter().map(|s| (s.id.as_str(), s.parent.as_deref())));
    let list = goals::parse(&file, &text, &scopes)?;
    let then = a.baseline.as_deref().map(|p| read_snapshot(p, a.window)).transpose()?;
    let as_of = a.as_of.unwrap_or_else(Date::today);
    cx.progress.phase(cx.err, "plan checks", || "checking the plans of every scope".to_string());
    let run = crate::gaps(v, a.window, &[], false).map_err(CliError::Usage)?;
    let now = Snapshot::of_run(&run, Some(as_of), false);
    let outcomes: Vec<goals::Outcome> =
        list.iter().map(|g| goals::evaluate(g, &now.scopes, then.as_ref(), as_of)).collect();
    let context = r::Context { file, as_of, baseline: then.as_ref().map(|t| (t.source.clone(), t.as_of)) };
    cx.progress.untold(cx.err, "report");
    cx.deliver(a.out.as_deref(), |w| match a.format {
        GoalsFormat::Text => r::write_text(&context, &list, &outcomes, w),
        GoalsFormat::Json => r::write_json(&context, &list, &outcomes, w),
        GoalsFormat::Github => r::write_github(&context, &list, &outcomes, w),
    })?;
    let failed = outcomes.iter().any(|o| o.status >= Status::AtRisk);
    Ok(Done::keeping(i32::from(failed), run))
}

/// A saved report, read for its figures only.
///
/// # Errors
/// Exit 2 when it cannot be read, is not a report, is newer than this
/// engine, or was made with another grade window.
pub(super) fn read_snapshot(path: &Path, window: i8) -> Result<Snapshot, CliError> {
    let name = path.display().to_string();
    let snap = Snapshot::parse(&name, &crate::load::read_text(path)?)?;
    if snap.window != window {
        return Err(LoadError::new(
            &name,
            format!("a report made with grade window {}; this run uses window {window}", snap.window),
            format!("pass --window {} to compare like with like, or save a baseline with this window", snap.window),
        )
        .into());
    }
    Ok(snap)
}
