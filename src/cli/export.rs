//! `coherence export`: the loaded dataset as CSV, native JSON, a CASE package or a workbook.

use super::{CliError, Cx, Done, ExportArgs, ExportFormat};
use crate::finding::Severity;
use crate::{export, output};

pub(super) fn run(cx: &mut Cx, a: &ExportArgs) -> Result<Done, CliError> {
    let v = cx.load(&a.data)?;
    let files = match a.format {
        ExportFormat::Csv => export::to_csv(&v.dataset, &a.out)?,
        ExportFormat::Json => export::to_native(&v.dataset, &a.out)?,
        ExportFormat::Case => vec![(a.out.clone(), export::to_case(&v.dataset, a.framework.as_deref())?)],
        ExportFormat::Xlsx => vec![(a.out.clone(), export::to_xlsx(&v.dataset)?)],
    };
    output::write_all(&files)?;
    match files.as_slice() {
        [(one, _)] if *one == a.out => cx.note(format_args!("wrote {}", a.out.display())),
        _ => cx.note(format_args!("wrote {} files under {}", files.len(), a.out.display())),
    }
    let errors = v.findings.iter().filter(|f| f.severity() == Severity::Error).count();
    if errors > 0 {
        cx.note(format_args!("note: the data has {errors} errors; run `coherence validate` to see them"));
    }
    Ok(Done::keeping(0, v))
}
