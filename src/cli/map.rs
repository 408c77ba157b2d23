//! `coherence map`: the whole map as one offline HTML file.

use std::path::Path;

use super::{CliError, Cx, DataArgs, Done};
use crate::report;

pub(super) fn run(cx: &mut Cx, data: &DataArgs, out: &Path) -> Result<Done, CliError> {
    let v = cx.load(data)?;
    let plans = !v.graph.scopes.is_empty();
    let run = crate::gaps(v, 2, &[], plans).map_err(CliError::Usage)?;
    let page = report::map::html(&run).map_err(|e| CliError::Render(e.to_string()))?;
    cx.deliver(Some(out), |w| w.write_all(page.as_bytes()))?;
    cx.note(format_args!("wrote {} ({} KB); open it in any browser, offline", out.display(), page.len() / 1024));
    Ok(Done::keeping(0, run))
}
