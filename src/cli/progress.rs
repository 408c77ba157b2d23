//! `coherence progress`: each scope's rates over a series of dated reports,
//! as a table and as SVG charts.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{CliError, Cx, Done, ProgressArgs, ProgressFormat};
use crate::goals::{self, Scopes};
use crate::history::{self, Snapshot};
use crate::report::progress as r;

pub(super) fn run(cx: &mut Cx, a: &ProgressArgs) -> Result<Done, CliError> {
    let mut snaps = Vec::with_capacity(a.snapshots.len());
    for p in &a.snapshots {
        let name = p.display().to_string();
        snaps.push(Snapshot::parse(&name, &crate::load::read_text(p)?)?);
    }
    let series = history::series(snaps)?;
    let unknown: Vec<&String> = a.scope.iter().filter(|s| !series.scopes.contains_key(*s)).collect();
    if let Some(u) = unknown.first() {
        let mut near: Vec<(usize, &str)> = series
            .scopes
            .keys()
            .map(|k| (strsim::levenshtein(&u.to_lowercase(), &k.to_lowercase()), k.as_str()))
            .collect();
        near.sort_unstable();
        let near: Vec<&str> = near.into_iter().take(3).map(|(_, k)| k).collect();
        return Err(CliError::Usage(format!(
            "no scope {u} in the reports; the nearest scope ids are {}",
            near.join(", ")
        )));
    }
    let goals = match &a.goals {
        None => Vec::new(),
        Some(path) => {
            let text = crate::load::read_text(path)?;
            let scopes =
                Scopes::new(series.scopes.keys().map(|id| (id.as_str(), series.parents.get(id).map(String::as_str))));
            goals::parse(&path.display().to_string(), &text, &scopes)?
        }
    };
    let mut charts: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if let Some(dir) = &a.charts {
        let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        let mut taken = BTreeSet::new();
        for id in r::shown(&series, &a.scope) {
            let stem = file_stem(id, &mut taken);
            let mut own = Vec::new();
            r::write_chart(&series, id, &r::ChartOf::Own, &goals, &mut own)
                .map_err(|e| CliError::Render(e.to_string()))?;
            files.push((dir.join(format!("{stem}.svg")), own));
            if series.school_medians(id).is_some() {
                let mut schools = Vec::new();
                r::write_chart(&series, id, &r::ChartOf::Schools, &goals, &mut schools)
                    .map_err(|e| CliError::Render(e.to_string()))?;
                files.push((dir.join(format!("{stem}-schools.svg")), schools));
            }
        }
        // The folder is checked before anything is written, so a bad --charts leaves the table unwritten too.
        if dir.exists() && !dir.is_dir() {
            return Err(CliError::Usage(format!(
                "--charts {} is a file, not a folder: name a folder for the charts",
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Usage(format!("cannot make the folder {}: {e}", dir.display())))?;
        charts = files;
    }
    cx.deliver(a.out.as_deref(), |w| match a.format {
        ProgressFormat::Text => r::write_text(&series, &a.scope, w),
        ProgressFormat::Markdown => r::write_markdown(&series, &a.scope, w),
        ProgressFormat::Csv => r::write_csv(&series, &a.scope, w),
        ProgressFormat::Json => r::write_json(&series, &a.scope, w),
    })?;
    if let Some(dir) = &a.charts {
        crate::output::write_all(&charts)?;
        cx.note(format_args!(
            "wrote {} chart{} into {}",
            charts.len(),
            if charts.len() == 1 { "" } else { "s" },
            dir.display()
        ));
    }
    Ok(Done::code(0))
}

/// A file name for a scope's chart: its id with every character but
/// letters, digits, `-` and `_` as `_` (an id may hold `/` or `..`), made
/// unique when two ids meet.
fn file_stem(id: &str, taken: &mut BTreeSet<String>) -> String {
    let mut stem: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    if stem.is_empty() {
        stem.push('_');
    }
    let base = stem.clone();
    let mut k = 2;
    while !taken.insert(stem.clone()) {
        stem = format!("{base}-{k}");
        k += 1;
    }
    stem
}
