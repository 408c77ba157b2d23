//! Official text from a `--statements` source: a text source, not a dataset.
//!
//! A CASE package or a Knowledge Graph export given with `--statements` is
//! read like data, but only the statements of its standards are kept: each
//! fills the `statement` of the loaded standard its code names, through the
//! spelling rules the graph uses for references ([`crate::graph::alias`]).
//! No standard, edge or finding of the source joins the dataset. [`Filled`]
//! counts what matched, for the run's notices.

use std::collections::HashMap;

use crate::graph::alias;
use crate::load::{LoadError, Options, Source};
use crate::model::Dataset;

/// What one statements source gave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filled {
    /// The source as the user named it.
    pub source: String,
    /// Its standards with a statement.
    pub items: usize,
    /// Loaded standards whose statement it filled.
    pub filled: usize,
    /// Loaded standards it matched that already had a statement (kept).
    pub kept: usize,
    /// Its items that matched no loaded standard.
    pub unmatched: usize,
    /// Its items whose code matched several loaded standards (none filled).
    pub ambiguous: usize,
    /// The loaded standards.
    pub standards: usize,
    /// The loaded standards with a statement after it.
    pub with_statement: usize,
}

impl Filled {
    /// The notice for stderr.
    pub fn notice(&self) -> String {
        let src = crate::finding::printable(&self.source);
        if self.items == 0 {
            return format!("statements: {src} holds no official text (no statement on any standard); nothing filled");
        }
        if self.filled == 0 && self.kept == 0 {
            return format!(
                "statements: no item of {src} matched a standard of the data ({} with text: \
                 a package of another framework?); nothing filled",
                self.items
            );
        }
        let matched = match self.unmatched {
            0 => format!("each of its {} items matched", self.items),
            n => format!("{n} of its {} items matched no standard", self.items),
        };
        let mut line =
            format!("statements: {} of {} standards filled from {src}; {matched}", self.filled, self.standards);
        if self.kept > 0 {
            line.push_str(&format!("; {} already had official text (kept)", self.kept));
        }
        if self.ambiguous > 0 {
            line.push_str(&format!("; {} matched several standards (left empty)", self.ambiguous));
        }
        line
    }
}

/// Reads each source and fills the statements of `ds` from it, in order:
/// a standard keeps the first official text it gets (its own data's first).
///
/// # Errors
/// A [`LoadError`] naming a source that cannot be read, or that holds no standard.
pub fn fill_from(ds: &mut Dataset, sources: &[Source], options: &Options) -> Result<Vec<Filled>, LoadError> {
    // Only the text is kept, so a grade is given to items that have none:
    // a package is not refused for lacking what is not read from it.
    let options = Options { grade: options.grade.or(Some(crate::model::Grade::HighSchool)), ..options.clone() };
    let mut out = Vec::with_capacity(sources.len());
    for s in sources {
        let text = crate::load::load_one_with_options(s, &options)?;
        out.push(fill(ds, &s.to_string(), &text.dataset));
    }
    Ok(out)
}

/// Fills the statements of `ds` from the standards of `text` whose codes match.
pub fn fill(ds: &mut Dataset, source: &str, text: &Dataset) -> Filled {
    // Keys as the graph resolves references: exact id, then the canonical
    // spelling, then the canonical spelling without the cluster letter.
    let mut exact: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in ds.standards.iter().enumerate() {
        exact.entry(s.id.as_str()).or_default().push(i);
        let canon = alias::canonical(&s.id);
        if let Some(short) = alias::without_cluster(&canon) {
            keys.entry(short).or_default().push(i);
        }
        keys.entry(canon).or_default().push(i);
    }
    let mut filled = Filled { source: source.to_string(), standards: ds.standards.len(), ..Filled::default() };
    let mut fills: Vec<(usize, String)> = Vec::new();
    for item in &text.standards {
        let Some(statement) = item.statement.as_deref().map(str::trim).filter(|t| !t.is_empty()) else { continue };
        filled.items += 1;
        let found = match exact.get(item.id.as_str()) {
            Some(v) => Some(v.clone()),
            None => keys.get(&alias::canonical(&item.id)).map(|v| {
                let mut v = v.clone();
                v.sort_unstable();
                v.dedup();
                v
            }),
        };
        match found.as_deref() {
            None | Some([]) => filled.unmatched += 1,
            Some([i]) => fills.push((*i, statement.to_string())),
            Some(_) => filled.ambiguous += 1,
        }
    }
    for (i, statement) in fills {
        let s = &mut ds.standards[i];
        if s.statement.is_some() {
            filled.kept += 1;
        } else {
            s.statement = Some(statement);
            filled.filled += 1;
        }
    }
    filled.with_statement = ds.standards.iter().filter(|s| s.statement.is_some()).count();
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Grade, Standard};

    fn std(id: &str, statement: Option<&str>) -> Standard {
        Standard {
            statement: statement.map(str::to_string),
            ..Standard::bare("f".into(), id.into(), Grade::Num(4), Default::default())
        }
    }

    #[test]
    fn spellings_match_and_counts_add_up() {
        let mut ds = Dataset { standards: vec![std("4.NF.B.3", None), std("4.NF.B.3a", None)], ..Dataset::default() };
        let text = Dataset {
            standards: vec![
                std("CCSS.Math.Content.4.NF.B.3", Some("Understand a fraction a/b with a > 1.")),
                std("4.NF.3.a", Some("Understand addition.")),
                std("9.ZZ.A.1", Some("Nothing of ours.")),
                std("4.NF.B.3b", None),
            ],
            ..Dataset::default()
        };
        let f = fill(&mut ds, "x.json", &text);
        assert_eq!((f.items, f.filled, f.unmatched, f.standards), (3, 2, 1, 2));
        assert_eq!(ds.standards[1].statement.as_deref(), Some("Understand addition."));
        // A second source keeps the first text.
        let f = fill(&mut ds, "y.json", &text);
        assert_eq!((f.filled, f.kept), (0, 2));
    }
}
