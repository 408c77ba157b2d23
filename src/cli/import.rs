//! `coherence import`: a CASE package into the native format.

use super::{CliError, Cx, Done, Import, TextOrJson};
use crate::load::Source;
use crate::{export, output, report};

pub(super) fn run(cx: &mut Cx, what: &Import) -> Result<Done, CliError> {
    let Import::Case { files, out, format, grade, statements } = what;
    let options = crate::load::Options { grade: *grade, ..Default::default() };
    let mut loaded = crate::load::Loaded::default();
    for f in files {
        // A package that yields no standard stops here (exit 2, with why): nothing is written.
        let one = crate::load::load_one_with_options(&Source::Path(f.clone()), &options)?;
        if one.imports.is_empty() {
            return Err(CliError::Usage(format!("{}: not a CASE package (no CFItems or CFDocument)", f.display())));
        }
        loaded.absorb(one);
    }
    loaded.dataset.fill_derived();
    let texts: Vec<Source> = statements.iter().map(|s| Source::from_os(s)).collect();
    for filled in crate::statements::fill_from(&mut loaded.dataset, &texts, &options)? {
        cx.note(format_args!("{}", filled.notice()));
    }
    let written = export::to_native(&loaded.dataset, out)?;
    output::write_all(&written)?;
    cx.deliver(None, |w| match format {
        TextOrJson::Json => report::import::write_json(&loaded, written.len(), w),
        TextOrJson::Text => report::import::write_text(&loaded, written.len(), out, w),
    })?;
    Ok(Done::code(0))
}
