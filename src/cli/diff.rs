//! `coherence diff`: what a dataset change adds, removes, re-codes, re-grades.

use super::{CliError, Cx, DiffArgs, DiffFail, DiffFormat, Done};
use crate::load::Source;

pub(super) fn run(cx: &mut Cx, a: &DiffArgs) -> Result<Done, CliError> {
    let old = crate::validate_sources(&[Source::parse(&a.old)])?;
    let new = crate::validate_sources(&[Source::parse(&a.new)])?;
    let d = crate::diff::diff(&old, &new);
    cx.deliver(None, |w| match a.format {
        DiffFormat::Json => crate::report::write_pretty(&crate::diff::json(&d), w),
        DiffFormat::Markdown => crate::diff::write_text(&d, true, w),
        DiffFormat::Text => crate::diff::write_text(&d, false, w),
    })?;
    let failed = match a.fail_on {
        DiffFail::Removed => d.removes(),
        DiffFail::Any => !d.is_empty(),
        DiffFail::Never => false,
    };
    Ok(Done::code(i32::from(failed)))
}
