//! `coherence schema`: the JSON Schemas of the native dataset files and of the gap report.

use std::path::Path;

use super::{CliError, Cx, Done};
use crate::{native, output};

pub(super) fn run(cx: &mut Cx, out: Option<&Path>) -> Result<Done, CliError> {
    match out {
        Some(dir) => {
            let files: Vec<(std::path::PathBuf, Vec<u8>)> = native::schemas()
                .iter()
                .map(|(name, s)| Ok((dir.join(name), native::schema_text(s)?.into_bytes())))
                .collect::<Result<_, crate::export::ExportError>>()?;
            output::write_all(&files)?;
        }
        None => cx.deliver(None, |w| {
            for (name, s) in native::schemas() {
                let text = native::schema_text(&s).map_err(std::io::Error::other)?;
                write!(w, "// {name}\n{text}")?;
            }
            Ok(())
        })?,
    }
    Ok(Done::code(0))
}
