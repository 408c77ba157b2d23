//! `coherence stats`: counts per grade, domain and focus, and edges by kind;
//! with `--review`, the map review per grade band.

use std::path::Path;

use super::{CliError, Cx, DataArgs, Done, StatsFormat};
use crate::report;

pub(super) fn run(
    cx: &mut Cx,
    data: &DataArgs,
    review: bool,
    format: StatsFormat,
    out: Option<&Path>,
) -> Result<Done, CliError> {
    if !review && format == StatsFormat::Markdown {
        return Err(CliError::Usage(
            "--format markdown is the review's checklist: add --review, or use text or json".to_string(),
        ));
    }
    let v = cx.load(data)?;
    if review {
        let r = crate::review::review(&v);
        cx.deliver(out, |w| match format {
            StatsFormat::Text => report::review::write_text(&r, w),
            StatsFormat::Markdown => report::review::write_markdown(&r, w),
            StatsFormat::Json => report::review::write_json(&r, w),
        })?;
    } else {
        cx.deliver(out, |w| match format {
            StatsFormat::Json => report::write_pretty(&report::stats_value(&v), w),
            _ => report::write_stats_text(&v, w),
        })?;
    }
    Ok(Done::keeping(0, v))
}
