//! The gap report as JSON, streamed in the shape of
//! [`crate::report::gaps_doc::Report`], and the scorecard alone.

use std::io::{self, Write};

use super::{Cx, NAMES, round4};
use crate::Gaps;
use crate::advice::{self, Action, Measure, Rate, Row};
use crate::report::gaps_doc as doc;

/// The five rates under their names.
pub(super) fn rates_doc(rates: &[Rate; 5]) -> doc::Rates {
    let r = |x: Rate| doc::Rate { count: x.count, base: x.base, rate: x.value().map(round4) };
    doc::Rates {
        priority_coverage: r(rates[0]),
        chain_integrity: r(rates[1]),
        prerequisite_readiness: r(rates[2]),
        horizontal_coherence: r(rates[3]),
        sequencing: r(rates[4]),
    }
}

/// The scorecard rows as the JSON report has them.
fn scorecard_docs(cx: &Cx, rows: &[Row]) -> Vec<doc::ScorecardRow> {
    rows.iter()
        .map(|r| {
            let sc = cx.scope(r.scope);
            let rates = rates_doc(&r.rates);
            let schools = r.schools.as_ref().map(|s| doc::Schools {
                count: s.count,
                median: Measure::ALL.iter().map(|m| (m.key().to_string(), s.median[*m as usize].map(round4))).collect(),
                weakest: Measure::ALL
                    .iter()
                    .map(|m| {
                        let w = s.weakest[*m as usize]
                            .map(|(k, v)| doc::Weakest { scope: cx.raw_scope_id(k).to_string(), rate: round4(v) });
                        (m.key().to_string(), w)
                    })
                    .collect(),
            });
            doc::ScorecardRow {
                scope: sc.id.clone(),
                name: sc.name.clone(),
                parent: sc.parent.clone(),
                grade_lo: sc.grade_lo.as_str().to_string(),
                grade_hi: sc.grade_hi.as_str().to_string(),
                taught: r.taught,
                rates,
                schools,
                change: super::since::change_doc(cx.run, &sc.id),
            }
        })
        .collect()
}

fn action_doc(cx: &Cx, rank: usize, a: &Action) -> doc::Action {
    let md = cx.module(a.module);
    doc::Action {
        rank,
        module: md.id.clone(),
        kind: md.kind.as_str().to_string(),
        title: md.title.clone(),
        provider: md.provider.clone(),
        tier: md.tier.clone(),
        evidence: md.evidence.clone(),
        practices: crate::report::explore::practice_ids(cx.ds(), &cx.g().modules[a.module as usize].practices),
        scopes: a.scopes.iter().map(|&s| cx.raw_scope_id(s).to_string()).collect(),
        closes: a.closes,
    }
}

/// `{"scorecard": [...]}`: the scorecard alone, as `--scorecard --format json` prints it.
pub fn write_scorecard_json(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run, false);
    let rows = scorecard_docs(&cx, &advice::scorecard(run));
    // The head a baseline is read back from: the version, the date when asked, the window.
    write!(out, "{{\"version\": {}, ", crate::history::REPORT_VERSION)?;
    if let Some(d) = run.as_of {
        write!(out, "\"as_of\": \"{d}\", ")?;
    }
    write!(out, "\"window\": {}, \"scorecard\": [", run.index.window)?;
    for (i, r) in rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, r)?;
    }
    out.write_all(b"\n]}\n")
}

/// Every finding as JSON, streamed, in the shape of [`doc::Report`]:
/// `summary`, `scorecard`, `actions`, `dataset_findings` (the checks of
/// validate), then `findings`, one plan finding per line.
pub fn write_json(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run, true);
    write!(out, "{{\n\"version\": {},\n", crate::history::REPORT_VERSION)?;
    if let Some(d) = run.as_of {
        writeln!(out, "\"as_of\": \"{d}\",")?;
    }
    out.write_all(b"\"summary\": ")?;
    super::summary::write_summary_object(run, out)?;
    out.write_all(b",\n\"scorecard\": [")?;
    for (i, r) in scorecard_docs(&cx, &advice::scorecard(run)).iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, r)?;
    }
    out.write_all(b"\n],\n\"actions\": [")?;
    for (i, a) in advice::actions(run, usize::MAX).iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &action_doc(&cx, i + 1, a))?;
    }
    out.write_all(b"\n],\n")?;
    if let Some(b) = super::since::baseline_doc(run) {
        // A scope per line, as the findings: a long baseline stays readable and diffable.
        write!(
            out,
            "\"baseline\": {{\"source\": {}, \"as_of\": {}, \"findings\": {}, \"scopes\": [",
            serde_json::to_string(&b.source)?,
            serde_json::to_string(&b.as_of)?,
            b.findings
        )?;
        for (i, s) in b.scopes.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, s)?;
        }
        out.write_all(b"\n]},\n")?;
    }
    out.write_all(b"\"dataset_findings\": [")?;
    for (i, f) in run.validation.findings.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &crate::report::finding_json(f))?;
    }
    out.write_all(b"\n],\n\"findings\": [")?;
    let mut first = true;
    for sg in &run.scopes {
        let scope = cx.raw_scope_id(sg.scope);
        for i in 0..sg.gaps.len() {
            let gap = &sg.gaps[i];
            let (message, help, peers) = cx.describe(sg, &cx.single(sg, i), None);
            let n = gap.standard();
            let d = doc::Finding {
                code: format!("C{}", gap.check()),
                name: NAMES[gap.check() as usize - 1].to_string(),
                severity: "warning".to_string(),
                scope: scope.to_string(),
                standard: cx.name(n).to_string(),
                grade: cx.grade(n).to_string(),
                priority: cx.priority(n),
                summary: cx.std(n).summary.clone(),
                ids: gap.nodes().into_iter().map(|x| cx.name(x).to_string()).collect(),
                message,
                help,
                peers: peers
                    .into_iter()
                    .map(|(p, r)| doc::Peer { scope: cx.raw_scope_id(p).to_string(), rate: r.map(round4) })
                    .collect(),
            };
            out.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            serde_json::to_writer(&mut *out, &d)?;
        }
    }
    out.write_all(b"\n]")?;
    super::evidence::write_json(&cx, out)?;
    out.write_all(b"\n}\n")
}
