//! What changed since a baseline (`gaps --baseline`), for every format: the
//! scorecard's change column, each scope's rates then and now with the
//! findings closed and opened, and the scopes gone from the data. Nothing
//! here is drawn unless the run has a baseline.

use std::io::{self, Write};

use super::{pct, round4, wrap};
use crate::Gaps;
use crate::advice::{Measure, Rate};
use crate::finding::printable;
use crate::history::{Comparison, Figures, FindingKey, ScopeChange};
use crate::report::gaps_doc as doc;

/// Findings of one kind (closed or opened) listed per scope in text and
/// Markdown; json and csv list them all.
const LISTED: usize = 20;

/// A scope's change, when the run has a baseline.
pub(super) fn change<'r>(run: &'r Gaps, scope: &str) -> Option<&'r ScopeChange> {
    run.baseline.as_ref()?.scopes.get(scope)
}

/// A change of a rate as people read it: `+12 pts`, `-3 pts`, `±0`, a
/// tenth of a point when under one, `new` for a scope the baseline lacks,
/// `n/a` when a side has nothing to measure.
pub(super) fn points(c: &ScopeChange, m: Measure) -> String {
    if c.then.is_none() {
        return "new".to_string();
    }
    match c.delta(m) {
        None => "n/a".to_string(),
        Some(0.0) => "±0".to_string(),
        Some(d) if (d * 100.0).abs() < 0.95 => format!("{:+.1} pts", d * 100.0),
        Some(d) => format!("{:+} pts", (d * 100.0).round() as i64),
    }
}

/// `[C5] 3.NF.A.1 → 4.NF.B.3`: a finding by its identity, for text.
fn key_words(k: &FindingKey) -> String {
    format!("[{}] {}", k.code, printable(&k.standards.join(" → ")))
}

/// The baseline line of the report's head: where it comes from and what changed overall.
pub(super) fn head_words(b: &Comparison) -> String {
    let (mut kept, mut new, mut gone, mut closed, mut opened) = (0, 0, 0, 0, 0);
    for c in b.scopes.values() {
        match (c.then.is_some(), c.now.is_some()) {
            (true, true) => kept += 1,
            (false, _) => new += 1,
            (true, false) => gone += 1,
        }
        closed += c.closed.len();
        opened += c.opened.len();
    }
    let date = b.as_of.map(|d| format!(" (as of {d})")).unwrap_or_default();
    let s = if kept == 1 { "" } else { "s" };
    let mut text = format!("Since the baseline {}{date}: {kept} scope{s} compared", printable(&b.source));
    if new > 0 {
        text.push_str(&format!(", {new} new"));
    }
    if gone > 0 {
        text.push_str(&format!(", {gone} gone from the data"));
    }
    if b.findings {
        text.push_str(&format!("; {closed} findings closed, {opened} opened"));
    } else {
        text.push_str("; closed and opened findings unknown: the baseline lists no findings (give a full json report or a data folder)");
    }
    text
}

/// A rate then and now: `priority 40% → 52% (+12 pts)`.
fn rate_then_now(c: &ScopeChange, m: Measure) -> String {
    let show = |r: Option<Rate>| r.map_or("n/a".to_string(), |r| if r.base == 0 { "n/a".to_string() } else { pct(r) });
    let then = show(c.then.map(|f| f.rates[m as usize]));
    let now = show(c.now.map(|f| f.rates[m as usize]));
    format!("{} {then} → {now} ({})", m.title(), points(c, m))
}

/// The lines of one scope's change in text, indented by `pad`: the rates
/// that moved, then the findings closed and opened, never split inside one.
pub(super) fn scope_lines(run: &Gaps, scope: &str, pad: &str) -> Vec<String> {
    let Some(b) = run.baseline.as_ref() else { return Vec::new() };
    let Some(c) = b.scopes.get(scope) else { return Vec::new() };
    if c.then.is_none() {
        return vec![format!("{pad}  new since the baseline: it was not in it")];
    }
    let moved: Vec<String> = Measure::ALL
        .iter()
        .filter(|m| {
            let value = |f: Option<Figures>| f.and_then(|f| f.rates[**m as usize].value());
            value(c.then) != value(c.now)
        })
        .map(|m| rate_then_now(c, *m))
        .collect();
    let mut lines = Vec::new();
    let taught = match (c.then, c.now) {
        (Some(t), Some(n)) if t.taught != n.taught => format!("taught {} → {}", t.taught, n.taught),
        _ => String::new(),
    };
    let mut items = moved;
    if !taught.is_empty() {
        items.push(taught);
    }
    if items.is_empty() {
        lines.push(format!("{pad}  since the baseline: every rate as it was"));
    } else {
        lines.extend(pack(&format!("{pad}  since the baseline: "), &items, " · ", &format!("{pad}    ")));
    }
    if b.findings {
        for (what, list) in [("closed", &c.closed), ("opened", &c.opened)] {
            if list.is_empty() {
                continue;
            }
            let mut shown: Vec<String> = list.iter().take(LISTED).map(key_words).collect();
            if list.len() > LISTED {
                shown.push(format!("and {} more (json lists them all)", list.len() - LISTED));
            }
            lines.extend(pack(&format!("{pad}  {what} {}: ", list.len()), &shown, " · ", &format!("{pad}    ")));
        }
    }
    lines
}

/// Items after `head`, separated by `sep`, in lines of at most
/// [`super::WIDTH`] columns where they fit; an item is never split.
fn pack(head: &str, items: &[String], sep: &str, indent: &str) -> Vec<String> {
    let width = |s: &str| s.chars().count();
    let mut lines = Vec::new();
    let mut line = head.to_string();
    let mut first = true;
    for item in items {
        let joiner = if first { "" } else { sep.trim_end() };
        if !first && width(&line) + width(joiner) + 1 + width(item) > super::WIDTH {
            line.push_str(joiner);
            lines.push(std::mem::take(&mut line));
            line = format!("{indent}{item}");
        } else {
            line.push_str(if first { "" } else { sep });
            line.push_str(item);
        }
        first = false;
    }
    lines.push(line);
    lines
}

/// The scopes of the baseline gone from the data, as one wrapped paragraph.
pub(super) fn gone_lines(run: &Gaps) -> Vec<String> {
    let Some(b) = run.baseline.as_ref() else { return Vec::new() };
    let gone: Vec<String> = b.gone().map(|s| printable(s).into_owned()).collect();
    if gone.is_empty() {
        return Vec::new();
    }
    wrap(&format!("Gone from the data since the baseline: {}", gone.join(", ")), "  ")
}

/// One scope's change in Markdown: a table of rates then and now, then the findings.
pub(super) fn scope_md(run: &Gaps, scope: &str, esc: &dyn Fn(&str) -> String, out: &mut dyn Write) -> io::Result<()> {
    let Some(b) = run.baseline.as_ref() else { return Ok(()) };
    let Some(c) = b.scopes.get(scope) else { return Ok(()) };
    if c.then.is_none() {
        return writeln!(out, "New since the baseline: it was not in it.\n");
    }
    writeln!(out, "Since the baseline:\n")?;
    writeln!(out, "| rate | then | now | change |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let show = |r: Option<Rate>| {
        r.map_or("n/a".to_string(), |r| {
            if r.base == 0 { "n/a".to_string() } else { format!("{} ({}/{})", pct(r), r.count, r.base) }
        })
    };
    for m in Measure::ALL {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            m.title(),
            show(c.then.map(|f| f.rates[m as usize])),
            show(c.now.map(|f| f.rates[m as usize])),
            points(c, m)
        )?;
    }
    writeln!(out)?;
    if b.findings {
        for (what, list) in [("Closed", &c.closed), ("Opened", &c.opened)] {
            if list.is_empty() {
                continue;
            }
            let shown: Vec<String> =
                list.iter().take(LISTED).map(|k| format!("**{}** {}", k.code, esc(&k.standards.join(" → ")))).collect();
            let more = if list.len() > LISTED { format!(", and {} more", list.len() - LISTED) } else { String::new() };
            writeln!(out, "{what} ({}): {}{more}.\n", list.len(), shown.join(", "))?;
        }
    }
    Ok(())
}

/// A scorecard row's `change`.
pub(super) fn change_doc(run: &Gaps, scope: &str) -> Option<doc::Change> {
    let c = change(run, scope)?;
    let taught = match (c.then, c.now) {
        (Some(t), Some(n)) => Some(n.taught as i64 - t.taught as i64),
        _ => None,
    };
    Some(doc::Change {
        new: c.then.is_none(),
        taught,
        rates: Measure::ALL.iter().map(|m| (m.key().to_string(), c.delta(*m).map(round4))).collect(),
    })
}

fn keys_doc(list: &[FindingKey]) -> Vec<doc::FindingKey> {
    list.iter().map(|k| doc::FindingKey { code: k.code.clone(), standards: k.standards.clone() }).collect()
}

/// The report's `baseline`: the scopes of this report (in scope-id order), then those gone.
pub(super) fn baseline_doc(run: &Gaps) -> Option<doc::Baseline> {
    let b = run.baseline.as_ref()?;
    let scopes = b
        .scopes
        .iter()
        .map(|(id, c)| doc::ScopeChange {
            scope: id.clone(),
            status: match (c.then.is_some(), c.now.is_some()) {
                (false, _) => "new",
                (true, true) => "kept",
                (true, false) => "gone",
            }
            .to_string(),
            then: c.then.map(|f| doc::Then { taught: f.taught, rates: super::json::rates_doc(&f.rates) }),
            closed: keys_doc(&c.closed),
            opened: keys_doc(&c.opened),
        })
        .collect();
    Some(doc::Baseline {
        source: b.source.clone(),
        as_of: b.as_of.map(|d| d.to_string()),
        findings: b.findings,
        scopes,
    })
}

/// Whether a live finding of a scope is new since the baseline, for the
/// CSV's `since_baseline` column: `opened`, `kept`, or `new` in a new scope.
pub(super) fn status_of(c: &ScopeChange, key: &FindingKey) -> &'static str {
    if c.then.is_none() {
        "new"
    } else if c.opened.binary_search(key).is_ok() {
        "opened"
    } else {
        "kept"
    }
}
