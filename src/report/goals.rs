//! `coherence goals check` as text, JSON and GitHub annotations: each goal
//! with its verdict (met, on track, at risk, missed) and the subjects that
//! decide it, worst first.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::finding::printable;
use crate::goals::{Bound, Goal, Outcome, Over, Status, Target, show_value};
use crate::history::Date;

/// Subjects listed per goal in text and annotations; json lists them all.
const LISTED: usize = 5;

/// What a check was made against.
#[derive(Debug, Clone)]
pub struct Context {
    /// The goals file, as given.
    pub file: String,
    /// The date judged at.
    pub as_of: Date,
    /// The baseline, when given: where, and its date.
    pub baseline: Option<(String, Option<Date>)>,
}

/// `scope = "es-*"`, `over`, the target and the date, in words.
pub fn goal_words(g: &Goal) -> String {
    let what = match g.over {
        Over::Each => printable(&g.scope).into_owned(),
        Over::Median => format!("{}: median school", printable(&g.scope)),
        Over::Every => format!("{}: every school", printable(&g.scope)),
    };
    let bound = match g.bound {
        Bound::AtLeast(t) => format!("at least {}", show_value(g.target, t)),
        Bound::AtMost(t) => format!("at most {}", show_value(g.target, t)),
    };
    let by = g.by.map(|d| format!(" by {d}")).unwrap_or_default();
    let name = g.name.as_deref().map(|n| format!(" \"{}\"", printable(n))).unwrap_or_default();
    format!("{what} {} {bound}{by}{name}", g.target.title())
}

fn tally(outcomes: &[Outcome]) -> [usize; 4] {
    let mut n = [0; 4];
    for o in outcomes {
        n[o.status as usize] += 1;
    }
    n
}

fn head(cx: &Context, outcomes: &[Outcome]) -> String {
    let n = tally(outcomes);
    let baseline = match &cx.baseline {
        Some((src, Some(d))) => format!(", against {} of {d}", printable(src)),
        Some((src, None)) => format!(", against {} (undated)", printable(src)),
        None => ", no baseline".to_string(),
    };
    format!(
        "Goals in {} as of {}{baseline}: {} met, {} on track, {} at risk, {} missed",
        printable(&cx.file),
        cx.as_of,
        n[0],
        n[1],
        n[2],
        n[3]
    )
}

/// The check as text: a head, then each goal with its verdict and its worst subjects.
pub fn write_text(cx: &Context, goals: &[Goal], outcomes: &[Outcome], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", head(cx, outcomes))?;
    for (g, o) in goals.iter().zip(outcomes) {
        writeln!(out)?;
        writeln!(out, "{}:{}  {}  {}", printable(&cx.file), g.line, o.status.as_str(), goal_words(g))?;
        if o.standings.len() > 1 {
            let met = o.standings.iter().filter(|s| s.status == Status::Met).count();
            writeln!(out, "    {met} of {} meet it", o.standings.len())?;
        }
        let shown = if o.status <= Status::OnTrack { 1 } else { LISTED };
        for s in o.standings.iter().take(shown) {
            writeln!(out, "    {} {}: {}", s.status.as_str(), printable(&s.subject), printable(&s.reason))?;
        }
        let hidden = o.standings.len().saturating_sub(shown);
        if hidden > 0 {
            let worse = o.standings[shown..].iter().filter(|s| s.status >= Status::AtRisk).count();
            writeln!(out, "    and {hidden} more ({worse} at risk or missed): --format json lists them all")?;
        }
        if !o.unmeasured.is_empty() {
            writeln!(
                out,
                "    {} with nothing to measure, left out: {}",
                o.unmeasured.len(),
                o.unmeasured.iter().take(LISTED).map(|s| printable(s).into_owned()).collect::<Vec<_>>().join(", ")
            )?;
        }
        if o.standings.is_empty() {
            writeln!(out, "    no subject has a value to judge: the rate has nothing to measure there")?;
        }
    }
    Ok(())
}

/// The check as JSON.
pub fn write_json(cx: &Context, goals: &[Goal], outcomes: &[Outcome], out: &mut dyn Write) -> io::Result<()> {
    let n = tally(outcomes);
    let num = |v: Option<f64>| v.map(|x| (x * 10_000.0).round() / 10_000.0);
    let list: Vec<Value> = goals
        .iter()
        .zip(outcomes)
        .map(|(g, o)| {
            let (key, t) = match g.bound {
                Bound::AtLeast(t) => ("at_least", t),
                Bound::AtMost(t) => ("at_most", t),
            };
            let mut v = json!({
                "line": g.line,
                "name": g.name,
                "scope": g.scope,
                "over": match g.over { Over::Each => Value::Null, Over::Median => json!("median"), Over::Every => json!("every") },
                "rate": g.target.name(),
                key: t,
                "by": g.by.map(|d| d.to_string()),
                "status": o.status.as_str(),
                "subjects": g.subjects.len(),
                "standings": o.standings.iter().map(|s| json!({
                    "subject": s.subject,
                    "status": s.status.as_str(),
                    "now": num(s.now),
                    "then": num(s.then),
                    "projected": num(s.projected),
                    "reason": s.reason,
                })).collect::<Vec<_>>(),
                "unmeasured": o.unmeasured,
            });
            if matches!(g.target, Target::Count(_)) {
                v["kind"] = json!("count");
            } else {
                v["kind"] = json!("rate");
            }
            v
        })
        .collect();
    let doc = json!({
        "version": crate::history::REPORT_VERSION,
        "goals_file": cx.file,
        "as_of": cx.as_of.to_string(),
        "baseline": cx.baseline.as_ref().map(|(s, d)| json!({"source": s, "as_of": d.map(|d| d.to_string())})),
        "counts": {"met": n[0], "on_track": n[1], "at_risk": n[2], "missed": n[3]},
        "goals": list,
    });
    crate::report::write_pretty(&doc, out)
}

/// A message for a GitHub workflow command: `%`, CR and LF escaped.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property of a workflow command: also `:` and `,` escaped.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The check as GitHub workflow annotations on the goals file's lines:
/// an error for a goal at risk or missed, a notice for one met or on track.
pub fn write_github(cx: &Context, goals: &[Goal], outcomes: &[Outcome], out: &mut dyn Write) -> io::Result<()> {
    for (g, o) in goals.iter().zip(outcomes) {
        let level = if o.status >= Status::AtRisk { "error" } else { "notice" };
        let title = format!("Goal {}: {}", o.status.as_str(), goal_words(g));
        let mut lines: Vec<String> = o
            .standings
            .iter()
            .take(LISTED)
            .map(|s| format!("{} {}: {}", s.status.as_str(), printable(&s.subject), s.reason))
            .collect();
        if o.standings.len() > LISTED {
            lines.push(format!("and {} more", o.standings.len() - LISTED));
        }
        if o.standings.is_empty() {
            lines.push("no subject has a value to judge".to_string());
        }
        writeln!(
            out,
            "::{level} file={},line={},title={}::{}",
            gh_property(&cx.file),
            g.line,
            gh_property(&title),
            gh_data(&lines.join("\n"))
        )?;
    }
    writeln!(out, "{}", gh_data(&head(cx, outcomes)))
}
