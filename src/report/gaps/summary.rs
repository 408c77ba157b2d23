//! The spec's `summary` (coherence-checks.md, Reports): one writer, for
//! `--summary-only` and for the head of the JSON report.

use std::io::{self, Write};

use crate::Gaps;
use crate::checks::plan::Counts;
use crate::finding::Code;
use crate::formats::csv::is_results_file;

/// The dataset counts of the spec's summary, in its order.
pub(super) fn dataset_counts(run: &Gaps) -> [(Code, usize); 8] {
    let mut n = [Code::D1, Code::D2, Code::D3, Code::D4, Code::D5, Code::V1, Code::V2, Code::H1].map(|c| (c, 0));
    // Findings on results.csv, the engine's own file, stay outside the spec's counts.
    let counted =
        run.validation.findings.iter().filter(|f| !f.origin.as_ref().is_some_and(|o| is_results_file(&o.file)));
    for f in counted {
        if let Some(slot) = n.iter_mut().find(|(c, _)| *c == f.code) {
            slot.1 += 1;
        }
    }
    n
}

/// The scopes' counts by scope id, and their sum.
pub(super) fn sorted_counts(run: &Gaps) -> (Vec<(&str, &Counts)>, Counts) {
    let v = &run.validation;
    let mut sorted: Vec<(&str, &Counts)> = run
        .scopes
        .iter()
        .map(|s| (v.dataset.scopes[v.graph.scopes[s.scope as usize].scope].id.as_str(), &s.counts))
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut totals = Counts::default();
    for (_, c) in &sorted {
        totals.add(c);
    }
    (sorted, totals)
}

pub(super) fn write_counts(out: &mut dyn Write, c: &Counts) -> io::Result<()> {
    let b = &c.base;
    write!(
        out,
        "{{\"C1\": {}, \"C2\": {}, \"C3\": {{\"pairs\": {}, \"distinct\": {}}}, \"C4\": {}, \"C5\": {}, \"base\": {{\"priority\": {}, \"taught\": {}, \"chain\": {}, \"pairs\": {}, \"related\": {}, \"sequenced\": {}}}}}",
        c.c1,
        c.c2,
        c.c3.pairs,
        c.c3.distinct,
        c.c4,
        c.c5,
        b.priority,
        b.taught,
        b.chain,
        b.pairs,
        b.related,
        b.sequenced
    )
}

/// `{"summary": ...}`, as `--summary-only` prints it. One scope per line:
/// a national run has fifty thousand scopes.
pub fn write_summary(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\"summary\": ")?;
    write_summary_object(run, out)?;
    out.write_all(b"}\n")
}

/// The spec's summary object: window, dataset counts, totals, and per-scope
/// counts with their bases keyed by scope id (sorted). Written directly, not
/// built as a tree first.
pub(super) fn write_summary_object(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let (sorted, totals) = sorted_counts(run);
    let n = dataset_counts(run);
    write!(out, "{{\n \"window\": {},\n \"dataset\": {{", run.index.window)?;
    for (i, (c, k)) in n.iter().enumerate() {
        write!(out, "{}\"{}\": {k}", if i == 0 { "" } else { ", " }, c.as_str())?;
    }
    out.write_all(b"},\n \"totals\": ")?;
    write_counts(out, &totals)?;
    out.write_all(b",\n \"scopes\": {")?;
    for (i, (id, c)) in sorted.iter().enumerate() {
        out.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, id)?;
        out.write_all(b": ")?;
        write_counts(out, c)?;
    }
    out.write_all(if sorted.is_empty() { b"}\n}" } else { b"\n }\n}" })
}
