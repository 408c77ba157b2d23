//! `coherence diff`: what a change adds, removes, re-codes, re-grades: of
//! standards and edges, and of modules, scopes and plans.

use super::{CliError, Cx, DiffArgs, DiffFail, DiffFormat, Done};
use crate::load::Source;

pub(super) fn run(cx: &mut Cx, a: &DiffArgs) -> Result<Done, CliError> {
    // The two sides load at once: a year's plans are a large part of the run's time.
    let (old, new) = rayon::join(
        || crate::validate_sources(&[Source::parse(&a.old)]),
        || crate::validate_sources(&[Source::parse(&a.new)]),
    );
    let (old, new) = (old?, new?);
    let d = crate::diff::diff(&old, &new);
    cx.deliver(None, |w| match a.format {
        DiffFormat::Json => crate::report::write_pretty(&crate::report::diff::json(&d), w),
        DiffFormat::Markdown => crate::report::diff::write_text(&d, true, w),
        DiffFormat::Text => crate::report::diff::write_text(&d, false, w),
    })?;
    let failed = match a.fail_on {
        DiffFail::Removed => d.removes(),
        DiffFail::Any => !d.is_empty(),
        DiffFail::Never => false,
    };
    Ok(Done::code(i32::from(failed)))
}
