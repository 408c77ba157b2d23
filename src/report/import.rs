//! What `coherence import case` read and wrote, for people and machines.

use std::io::{self, Write};
use std::path::Path;

use serde_json::json;

use crate::load::Loaded;

/// The import report as JSON: per package its items and associations by
/// kind, then the standards kept, the findings and the files written.
pub fn write_json(loaded: &Loaded, files_written: usize, out: &mut dyn Write) -> io::Result<()> {
    let packages: Vec<serde_json::Value> = loaded
        .imports
        .iter()
        .map(|(file, s)| {
            json!({
                "file": file, "items": s.items, "by_kind": s.by_kind, "associations": s.associations,
                "by_type": s.by_type, "external_ends": s.external_ends, "external_by_type": s.external_by_type,
                "grades": {
                    "educationLevel": s.grades.level, "ancestor": s.grades.ancestor, "code": s.grades.code,
                    "--grade": s.grades.option, "none": s.grades.none,
                },
            })
        })
        .collect();
    let doc = json!({
        "packages": packages,
        "standards": loaded.dataset.standards.len(),
        "findings": loaded.findings.iter().map(crate::report::finding_json).collect::<Vec<_>>(),
        "files_written": files_written,
    });
    crate::report::write_pretty(&doc, out)
}

/// The import report for people: a line per package, the findings, and what was written where.
pub fn write_text(loaded: &Loaded, files_written: usize, dir: &Path, out: &mut dyn Write) -> io::Result<()> {
    for (file, s) in &loaded.imports {
        let kinds: Vec<String> = s.by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let types: Vec<String> = s.by_type.iter().map(|(k, n)| format!("{n} {k}")).collect();
        writeln!(
            out,
            "{}: {} items ({}); {} associations ({}); {} ends outside the package",
            crate::finding::printable(file),
            s.items,
            kinds.join(", "),
            s.associations,
            types.join(", "),
            s.external_ends
        )?;
        let g = &s.grades;
        let sources: Vec<String> = [
            (g.level, "from educationLevel"),
            (g.ancestor, "from an item above"),
            (g.code, "from the code"),
            (g.option, "from --grade"),
            (g.none, "none (dropped)"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if !sources.is_empty() {
            writeln!(out, "  grades of its standards: {}", sources.join(", "))?;
        }
    }
    for f in &loaded.findings {
        let at =
            f.origin.as_ref().map(|o| format!(" ({})", crate::finding::printable(&o.to_string()))).unwrap_or_default();
        writeln!(out, "{}[{}]: {}{at}", f.severity().as_str(), f.code, f.message)?;
    }
    writeln!(
        out,
        "wrote {} standards in {} files under {}",
        loaded.dataset.standards.len(),
        files_written,
        crate::finding::printable(&dir.display().to_string())
    )
}
