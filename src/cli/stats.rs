//! `coherence stats`: counts per grade, domain and focus, and edges by kind.

use super::{CliError, Cx, DataArgs, Done, TextOrJson};
use crate::report;

pub(super) fn run(cx: &mut Cx, data: &DataArgs, format: TextOrJson) -> Result<Done, CliError> {
    let v = cx.load(data)?;
    cx.deliver(None, |w| match format {
        TextOrJson::Text => report::write_stats_text(&v, w),
        TextOrJson::Json => report::write_pretty(&report::stats_value(&v), w),
    })?;
    Ok(Done::keeping(0, v))
}
