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
    // Scopes render on threads a batch at a time, each finding as `,\n{...}`;
    // the first comma of the list is dropped.
    let shared = cx.shared();
    let mut first = true;
    let mut write = |parts: io::Result<Vec<Vec<u8>>>| -> io::Result<()> {
        for part in parts? {
            let skip = usize::from(first && !part.is_empty());
            first &= part.is_empty();
            out.write_all(&part[skip..])?;
        }
        Ok(())
    };
    let render = |range| {
        run.each_scope(range, |sg| {
            let cx = Cx::with(run, shared.clone());
            let mut buf = Vec::with_capacity(sg.counts.findings() as usize * 640);
            scope_findings(&cx, sg, &mut buf).map(|()| buf)
        })
        .into_iter()
        .collect()
    };
    super::in_batches(run, &render, &mut write)?;
    out.write_all(b"\n]")?;
    super::evidence::write_json(&cx, out)?;
    out.write_all(b"\n}\n")
}

/// One scope's findings as JSON lines after `buf`, each preceded by `,\n`.
fn scope_findings(cx: &Cx, sg: &crate::checks::plan::ScopeGaps, buf: &mut Vec<u8>) -> io::Result<()> {
    let scope = cx.raw_scope_id(sg.scope);
    let (mut message, mut help) = (String::new(), String::new());
    for i in 0..sg.gaps.len() {
        let gap = &sg.gaps[i];
        let peers = cx.describe_into(sg, &cx.single(sg, i), None, &mut message, &mut help);
        let n = gap.standard();
        let d = doc::Finding {
            code: super::CODES[gap.check() as usize - 1],
            name: NAMES[gap.check() as usize - 1],
            severity: "warning",
            scope,
            standard: cx.name(n),
            grade: cx.grade(n),
            priority: cx.priority(n),
            summary: cx.std(n).summary.as_deref(),
            ids: gap.nodes().into_iter().map(|x| cx.name(x)).collect(),
            message: &message,
            help: &help,
            peers: peers
                .into_iter()
                .map(|(p, r)| doc::Peer { scope: cx.raw_scope_id(p), rate: r.map(round4) })
                .collect(),
        };
        buf.extend_from_slice(b",\n");
        write_finding(buf, &d)?;
    }
    Ok(())
}

/// A finding as `serde_json` writes it, field by field: its escaping of
/// strings looks at each byte in turn, and a national report holds
/// billions. A test holds the two writers to the same bytes.
fn write_finding(buf: &mut Vec<u8>, d: &doc::Finding) -> io::Result<()> {
    for (key, value) in [
        ("{\"code\":", d.code),
        (",\"name\":", d.name),
        (",\"severity\":", d.severity),
        (",\"scope\":", d.scope),
        (",\"standard\":", d.standard),
        (",\"grade\":", d.grade),
    ] {
        buf.extend_from_slice(key.as_bytes());
        json_str(buf, value)?;
    }
    buf.extend_from_slice(if d.priority { b",\"priority\":true" } else { b",\"priority\":false" });
    buf.extend_from_slice(b",\"summary\":");
    match d.summary {
        Some(text) => json_str(buf, text)?,
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"ids\":[");
    for (i, id) in d.ids.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        json_str(buf, id)?;
    }
    buf.extend_from_slice(b"],\"message\":");
    json_str(buf, d.message)?;
    buf.extend_from_slice(b",\"help\":");
    json_str(buf, d.help)?;
    buf.extend_from_slice(b",\"peers\":");
    serde_json::to_writer(&mut *buf, &d.peers)?;
    buf.push(b'}');
    Ok(())
}

/// A JSON string, escaped as `serde_json` escapes it: text with a control
/// character goes to `serde_json`; the rest, told by a vector scan, only
/// needs its quotes and backslashes escaped, found with `memchr`.
fn json_str(buf: &mut Vec<u8>, text: &str) -> io::Result<()> {
    let b = text.as_bytes();
    if b.iter().fold(false, |any, &x| any | (x < 0x20)) {
        return serde_json::to_writer(&mut *buf, text).map_err(io::Error::from);
    }
    buf.reserve(b.len() + 2);
    buf.push(b'"');
    let mut rest = b;
    while let Some(at) = memchr::memchr2(b'"', b'\\', rest) {
        buf.extend_from_slice(&rest[..at]);
        buf.push(b'\\');
        buf.push(rest[at]);
        rest = &rest[at + 1..];
    }
    buf.extend_from_slice(rest);
    buf.push(b'"');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run that kept only its counts writes the report, actions and
    /// results included, that a run holding its findings writes.
    #[test]
    fn a_streamed_report_is_the_held_one() {
        let report = |held: bool| {
            let v = crate::validate_sources(&[crate::load::Source::parse("examples/district")]).unwrap();
            let mut run = crate::gaps(v, 2, &[], held).unwrap();
            run.evidence = crate::evidence::compute(&run, &Default::default()).unwrap();
            assert!(run.evidence.is_some(), "the example district has results");
            let mut out = Vec::new();
            write_json(&run, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let held = report(true);
        assert!(held.matches("\"code\":\"C").count() > 50 && held.contains("\"module\""), "findings and actions");
        assert!(report(false) == held);
    }

    /// The hand-written finding is the one `serde_json` would write, for
    /// text that needs every kind of escape and for text that needs none.
    #[test]
    fn findings_are_written_as_serde_json_writes_them() {
        let texts = [
            "",
            "plain words",
            "say \"hi\"",
            "back\\slash",
            "tab\tnew\nline\r\u{1}\u{1f}",
            "é ü 数学 \u{202e} \u{7f}",
            &"long, plain text with commas ".repeat(10),
            &format!("{}\"", "x".repeat(40)),
        ];
        for t in texts {
            for peers in
                [vec![], vec![doc::Peer { scope: t, rate: Some(0.6667) }, doc::Peer { scope: "s", rate: None }]]
            {
                let d = doc::Finding {
                    code: "C3",
                    name: t,
                    severity: "warning",
                    scope: t,
                    standard: t,
                    grade: "K",
                    priority: t.len() % 2 == 0,
                    summary: (!t.is_empty()).then_some(t),
                    ids: vec![t, "4.NF.B.3"],
                    message: t,
                    help: t,
                    peers,
                };
                let mut ours = Vec::new();
                write_finding(&mut ours, &d).unwrap();
                assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&d).unwrap(), "{t:?}");
            }
        }
    }
}
