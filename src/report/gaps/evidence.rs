//! The evidence view of the gap report, from students' results
//! (`results.csv`): per scope, where students are weakest and, for each weak
//! standard the plan teaches, the weak prerequisites to teach first and
//! whether an intervention backs them; in text, Markdown, JSON and CSV. Each
//! renderer calls in here once; without results nothing is written, so every
//! report stays as it is.

use std::io::{self, Write};

use super::{Cx, Options, round4, short, wrap};
use crate::checks::plan::ScopeGaps;
use crate::evidence::{Evidence, Prerequisite, ScopeEvidence, Score, TaughtNext, Weak};
use crate::graph::NodeId;
use crate::report::gaps_doc as doc;
use crate::report::md_escape;

/// How many weak standards the text and Markdown list by name.
const WEAKEST_SHOWN: usize = 5;
/// How many prerequisites of one standard the text and Markdown name.
const PREREQUISITES_SHOWN: usize = 6;

/// The students an action reaches, as words to append to what it closes.
pub(super) fn students_words(k: u64, short: bool) -> String {
    let students = if k == 1 { "student" } else { "students" };
    if short {
        format!(", {k} {students} reached")
    } else {
        format!("; it reaches {k} {students} below proficient on the standards it addresses (summed over standards)")
    }
}

/// `, 41% proficient` when scope `s` has results on `n` (or on the standard
/// above it whose results stand for it), for the words of a C3 finding; else nothing.
pub(super) fn proficient_note(cx: &Cx, s: u32, n: NodeId) -> String {
    let Some(score) = cx.run.evidence.as_ref().and_then(|ev| ev.of(s)).and_then(|se| se.of(cx.g(), n)) else {
        return String::new();
    };
    format!(", {} proficient", pct(score))
}

/// `items` joined by `sep` after `head`, wrapped at [`super::WIDTH`] columns
/// between items only, so that a standard and its share stay on one line.
fn wrap_items(head: &str, items: &[String], sep: &str, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = head.to_string();
    for (i, item) in items.iter().enumerate() {
        let piece = if i == 0 { item.clone() } else { format!("{sep}{item}") };
        if i > 0 && line.chars().count() + piece.chars().count() > super::WIDTH {
            line.push_str(sep.trim_end());
            lines.push(std::mem::take(&mut line));
            line = format!("{indent}{item}");
        } else {
            line.push_str(&piece);
        }
    }
    lines.push(line);
    lines
}

/// The scope's evidence, when the run has results for it.
fn scope_evidence<'a>(cx: &Cx<'a>, sg: &ScopeGaps) -> Option<(&'a Evidence, &'a ScopeEvidence)> {
    let ev = cx.run.evidence.as_ref()?;
    Some((ev, ev.of(sg.scope)?))
}

/// `k` of `n` as a whole percentage, rounded down so that a share shown as
/// 60% is never below a 60% threshold: `0%` only when none, `100%` only when all.
fn share(k: u64, n: u64) -> String {
    match (k, n) {
        (0, _) => "0%".to_string(),
        (k, n) if k >= n => "100%".to_string(),
        _ => format!("{}%", (u128::from(k) * 100 / u128::from(n)).clamp(1, 99)),
    }
}

/// A share proficient as people read it ([`share`]).
fn pct(s: &Score) -> String {
    share(s.proficient, s.tested)
}

/// `4.NF.B.3 38%`.
fn named(cx: &Cx, s: &Score) -> String {
    format!("{} {}", cx.name(s.standard), pct(s))
}

/// Which terms the scope's results are of, as words: ` (term 2025-spring)`,
/// ` (terms 2024-fall to 2025-spring, each standard's latest)`, or nothing.
fn terms_words(ev: &Evidence, se: &ScopeEvidence) -> String {
    let named: Vec<&str> = se.terms.iter().flatten().map(String::as_str).collect();
    match (named.as_slice(), &ev.term) {
        ([], _) => String::new(),
        ([one], _) => format!(" (term {})", crate::finding::printable(one)),
        ([first, .., last], None) => format!(
            " (terms {} to {}, each standard's latest)",
            crate::finding::printable(first),
            crate::finding::printable(last)
        ),
        (_, Some(t)) => format!(" (term {})", crate::finding::printable(t)),
    }
}

/// The threshold as a percentage: `60%`.
fn weak_pct(ev: &Evidence) -> String {
    format!("{}%", round4(ev.weak * 100.0))
}

/// What one weak taught standard needs, in words: (subject, the
/// prerequisites to teach first, what to do).
fn item_words(cx: &Cx, t: &TaughtNext, summary: usize) -> (String, Vec<String>, Option<String>) {
    let n = t.score.standard;
    let mut subject = cx.name(n).to_string();
    if let Some(text) = cx.summary(n) {
        subject = format!("{subject} \"{}\"", short(&text, summary));
    }
    let taught: Vec<&str> = t.taught_in.iter().take(2).map(|&m| cx.module_label(m)).collect();
    subject = format!(
        "{subject}: {} proficient ({} of {}), taught in {}",
        pct(&t.score),
        t.score.proficient,
        t.score.tested,
        if taught.is_empty() { "its PD".to_string() } else { taught.join(" and ") }
    );
    if t.prerequisites.is_empty() {
        return (subject, vec!["no weak prerequisite among the standards tested".to_string()], None);
    }
    let mut first: Vec<String> = t
        .prerequisites
        .iter()
        .take(PREREQUISITES_SHOWN)
        .map(|p| {
            let by: Vec<String> = p.interventions.iter().map(|&m| cx.module(m).id.clone()).collect();
            let by = if by.is_empty() { String::new() } else { format!(" ({})", by.join(", ")) };
            format!("{}{by}", named(cx, &p.score))
        })
        .collect();
    if t.prerequisites.len() > PREREQUISITES_SHOWN {
        first.push(format!("and {} more", t.prerequisites.len() - PREREQUISITES_SHOWN));
    }
    let open: Vec<&str> =
        t.prerequisites.iter().filter(|p| p.interventions.is_empty()).map(|p| cx.name(p.score.standard)).collect();
    let todo = if open.is_empty() {
        "the plan's interventions back every one of them".to_string()
    } else {
        let open = short(&open.join(", "), 60);
        let offers: Vec<&str> = t.offers.iter().map(|&m| cx.module_label(m)).collect();
        if offers.is_empty() {
            format!("no intervention of the plan backs {open}, and none in the catalog does: one is needed")
        } else {
            format!("no intervention of the plan backs {open}: adopt {}", offers.join(" or "))
        }
    };
    (subject, first, Some(todo))
}

/// The head of a scope's evidence: how many standards are weak and how many
/// of those an intervention of the plan backs, as a rate.
fn head_words(ev: &Evidence, se: &ScopeEvidence) -> String {
    let mut head = format!(
        "{} of {} standard{} tested below {} proficient{}",
        se.weak.len(),
        se.scores.len(),
        if se.scores.len() == 1 { "" } else { "s" },
        weak_pct(ev),
        terms_words(ev, se)
    );
    if !se.weak.is_empty() {
        head.push_str(&format!(
            "; interventions of the plan back {} of them ({})",
            se.covered(),
            share(se.covered() as u64, se.weak.len() as u64)
        ));
    }
    head
}

/// One weak standard in words, as pieces to join with `, ` that keep a
/// standard and its share together: `5.G.A.2 36% (14 of 39); weak before
/// it: 4.G.A.1 40%`, `3.G.A.1 52%; no intervention`.
fn weak_items(cx: &Cx, w: &Weak) -> Vec<String> {
    let s = &w.score;
    let mut items = vec![format!("{} ({} of {})", named(cx, s), s.proficient, s.tested)];
    if !w.prerequisites.is_empty() {
        let mut before: Vec<String> =
            w.prerequisites.iter().take(PREREQUISITES_SHOWN).map(|p| named(cx, &p.score)).collect();
        if w.prerequisites.len() > PREREQUISITES_SHOWN {
            before.push(format!("and {} more", w.prerequisites.len() - PREREQUISITES_SHOWN));
        }
        before[0] = format!("{}; weak before it: {}", items.remove(0), before[0]);
        items = before;
    }
    let backing = if w.interventions.is_empty() {
        "no intervention".to_string()
    } else {
        let by: Vec<String> = w.interventions.iter().map(|&m| cx.module(m).id.clone()).collect();
        format!("backed by {}", by.join(", "))
    };
    if let Some(last) = items.last_mut() {
        last.push_str(&format!("; {backing}"));
    }
    items
}

/// The evidence block of a scope in the text report, after its findings.
pub(super) fn scope_text(cx: &Cx, sg: &ScopeGaps, pad: &str, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let Some((ev, se)) = scope_evidence(cx, sg) else { return Ok(()) };
    let title = "Students' results";
    let head = format!("{pad}  {title}: {}", head_words(ev, se));
    for (k, l) in wrap(&head, &format!("{pad}    ")).into_iter().enumerate() {
        let l = if k == 0 { l.replacen(title, &opts.style.paint("1", title), 1) } else { l };
        writeln!(out, "{l}")?;
    }
    if !se.weak.is_empty() {
        writeln!(out, "{pad}    weakest first:")?;
        for w in se.weak.iter().take(WEAKEST_SHOWN) {
            for l in wrap_items(&format!("{pad}      "), &weak_items(cx, w), ", ", &format!("{pad}        ")) {
                writeln!(out, "{l}")?;
            }
        }
        if se.weak.len() > WEAKEST_SHOWN {
            writeln!(out, "{pad}      and {} more: --format json lists them all", se.weak.len() - WEAKEST_SHOWN)?;
        }
    }
    if se.next.is_empty() {
        return Ok(());
    }
    writeln!(out, "{pad}    taught and weak, with the weak prerequisites to teach first:")?;
    for (i, t) in se.next.iter().take(opts.top).enumerate() {
        let (subject, first, todo) = item_words(cx, t, 50);
        for l in wrap(&format!("{pad}    {:>2}. {subject}", i + 1), &format!("{pad}        ")) {
            writeln!(out, "{l}")?;
        }
        for l in wrap_items(&format!("{pad}        teach first: "), &first, " → ", &format!("{pad}          ")) {
            writeln!(out, "{l}")?;
        }
        if let Some(todo) = todo {
            for l in wrap(&format!("{pad}        -> {todo}"), &format!("{pad}           ")) {
                writeln!(out, "{l}")?;
            }
        }
    }
    if se.next.len() > opts.top {
        let more = se.next.len() - opts.top;
        writeln!(
            out,
            "{pad}    and {more} more weak standard{} the plan teaches: --format json lists them all",
            if more == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// The evidence section of a scope in the Markdown report, after its findings.
pub(super) fn scope_markdown(cx: &Cx, sg: &ScopeGaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let Some((ev, se)) = scope_evidence(cx, sg) else { return Ok(()) };
    writeln!(out, "\n### Students' results\n")?;
    let head = head_words(ev, se);
    writeln!(out, "{}.", md_escape(&head))?;
    if !se.weak.is_empty() {
        writeln!(out, "\n| weak standard | proficient | weak before it | intervention |\n|---|---|---|---|")?;
        for w in se.weak.iter().take(WEAKEST_SHOWN) {
            let s = &w.score;
            let mut before: Vec<String> =
                w.prerequisites.iter().take(PREREQUISITES_SHOWN).map(|p| named(cx, &p.score)).collect();
            if w.prerequisites.len() > PREREQUISITES_SHOWN {
                before.push(format!("and {} more", w.prerequisites.len() - PREREQUISITES_SHOWN));
            }
            let by: Vec<String> = w.interventions.iter().map(|&m| cx.module(m).id.clone()).collect();
            writeln!(
                out,
                "| {} | {} ({} of {}) | {} | {} |",
                md_escape(cx.name(s.standard)),
                pct(s),
                s.proficient,
                s.tested,
                if before.is_empty() { "none".to_string() } else { md_escape(&before.join(", ")) },
                if by.is_empty() { "none".to_string() } else { md_escape(&by.join(", ")) }
            )?;
        }
        if se.weak.len() > WEAKEST_SHOWN {
            writeln!(out, "\n…and {} more (`coherence gaps --format json`).", se.weak.len() - WEAKEST_SHOWN)?;
        }
    }
    if se.next.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nTaught and weak, with the weak prerequisites to teach first:\n")?;
    for (i, t) in se.next.iter().take(opts.top).enumerate() {
        let (subject, first, todo) = item_words(cx, t, 120);
        writeln!(out, "{}. {}  \n   *Teach first:* {}", i + 1, md_escape(&subject), md_escape(&first.join(" → ")))?;
        if let Some(todo) = todo {
            writeln!(out, "   *What to do:* {}", md_escape(&todo))?;
        }
    }
    if se.next.len() > opts.top {
        writeln!(out, "\n…and {} more (`coherence gaps --format json`).", se.next.len() - opts.top)?;
    }
    Ok(())
}

fn score_doc(cx: &Cx, s: &Score) -> doc::Score {
    doc::Score {
        standard: cx.g().name(cx.ds(), s.standard),
        grade: cx.grade(s.standard).to_string(),
        tested: s.tested,
        proficient: s.proficient,
        rate: round4(s.rate()),
        term: s.term(cx.ds()).map(str::to_string),
    }
}

fn scope_doc(cx: &Cx, se: &ScopeEvidence) -> doc::ScopeEvidence {
    let ids = |ms: &[u32]| -> Vec<String> { ms.iter().map(|&m| cx.module(m).id.clone()).collect() };
    let prerequisites = |ps: &[Prerequisite]| -> Vec<doc::Prerequisite> {
        ps.iter()
            .map(|p| doc::Prerequisite {
                results: score_doc(cx, &p.score),
                steps: p.depth,
                interventions: ids(&p.interventions),
            })
            .collect()
    };
    doc::ScopeEvidence {
        scope: cx.raw_scope_id(se.scope).to_string(),
        terms: se.terms.clone(),
        tested: se.scores.len(),
        intervention_coverage: doc::Coverage {
            weak: se.weak.len(),
            covered: se.covered(),
            rate: se.coverage().map(round4),
        },
        weakest: se
            .weak
            .iter()
            .map(|w| doc::Weak {
                results: score_doc(cx, &w.score),
                prerequisites: prerequisites(&w.prerequisites),
                interventions: ids(&w.interventions),
            })
            .collect(),
        taught_next: se
            .next
            .iter()
            .map(|t| doc::TaughtNext {
                results: score_doc(cx, &t.score),
                taught_in: ids(&t.taught_in),
                prerequisites: prerequisites(&t.prerequisites),
                backed: t.backed(),
                offers: ids(&t.offers),
            })
            .collect(),
    }
}

/// `,\n"evidence": {...}` at the end of the JSON report, one scope per line; nothing without results.
pub(super) fn write_json(cx: &Cx, out: &mut dyn Write) -> io::Result<()> {
    let Some(ev) = cx.run.evidence.as_ref().filter(|ev| !ev.scopes.is_empty()) else { return Ok(()) };
    out.write_all(b",\n\"evidence\": {\"weak\": ")?;
    serde_json::to_writer(&mut *out, &round4(ev.weak))?;
    out.write_all(b", \"term\": ")?;
    serde_json::to_writer(&mut *out, &ev.term)?;
    out.write_all(b", \"scopes\": [")?;
    for (i, se) in ev.scopes.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &scope_doc(cx, se))?;
    }
    out.write_all(b"\n]}")
}

/// The rows the evidence adds to the CSV report, after the plan findings:
/// `E1` weak-standard, one per weak standard of a scope; `E2`
/// weak-prerequisite, one per weak prerequisite of a weak standard the plan
/// teaches. Each names the results row it comes from, in the 15 columns of
/// the findings. Nothing without results.
// Whole on purpose: E1 and E2 rows share the scope's cells and the row closure; split, each would rebuild them.
pub(super) fn csv_rows(cx: &Cx) -> Vec<Vec<String>> {
    let Some(ev) = cx.run.evidence.as_ref() else { return Vec::new() };
    let ds = cx.ds();
    let mut rows = Vec::new();
    for se in &ev.scopes {
        let scope = cx.raw_scope_id(se.scope).to_string();
        let scope_name = cx.scope(se.scope).name.clone().unwrap_or_default();
        let row = |code: &str, name: &str, s: &Score, ids: Vec<String>, message: String, help: String| {
            let origin = &ds.results[s.row].origin;
            vec![
                code.to_string(),
                name.to_string(),
                "info".to_string(),
                scope.clone(),
                scope_name.clone(),
                cx.g().name(ds, s.standard),
                cx.grade(s.standard).to_string(),
                cx.priority(s.standard).to_string(),
                cx.std(s.standard).summary.clone().unwrap_or_default(),
                ids.join(";"),
                message,
                help,
                String::new(),
                origin.file.to_string(),
                origin.line.map(|l| l.to_string()).unwrap_or_default(),
            ]
        };
        let term = |s: &Score| s.term(ds).map(|t| format!(", term {t}")).unwrap_or_default();
        for w in &se.weak {
            let s = &w.score;
            let taught = if se.next.iter().any(|t| t.score.standard == s.standard) {
                "the plan's PD teaches it"
            } else {
                "no PD module of the plan teaches it in the scope's grades"
            };
            let backed = if w.interventions.is_empty() {
                "no intervention of the plan addresses it".to_string()
            } else {
                format!(
                    "backed by {}",
                    w.interventions.iter().map(|&m| cx.module(m).id.as_str()).collect::<Vec<_>>().join(", ")
                )
            };
            let before = if w.prerequisites.is_empty() {
                String::new()
            } else {
                format!(
                    "; weak before it: {}",
                    w.prerequisites.iter().map(|p| cx.g().name(ds, p.score.standard)).collect::<Vec<_>>().join(", ")
                )
            };
            let message = format!(
                "{} of {} students tested are proficient on {} ({}{}): below {}{before}",
                s.proficient,
                s.tested,
                cx.g().name(ds, s.standard),
                pct(s),
                term(s),
                weak_pct(ev)
            );
            let mut ids = vec![cx.g().name(ds, s.standard)];
            ids.extend(w.prerequisites.iter().map(|p| cx.g().name(ds, p.score.standard)));
            rows.push(row("E1", "weak-standard", s, ids, message, format!("{taught}; {backed}")));
        }
        for t in &se.next {
            for p in &t.prerequisites {
                let (pn, tn) = (cx.g().name(ds, p.score.standard), cx.g().name(ds, t.score.standard));
                let message = format!(
                    "{pn} ({}{}) is a weak prerequisite of {tn} ({}), which the plan teaches: teach it first",
                    pct(&p.score),
                    term(&p.score),
                    pct(&t.score)
                );
                let by: Vec<&str> = p.interventions.iter().map(|&m| cx.module(m).id.as_str()).collect();
                let help = if by.is_empty() {
                    // The offers that address this prerequisite; the others are for its neighbours.
                    let offers: Vec<&str> = t
                        .offers
                        .iter()
                        .filter(|&&m| {
                            let standards = &cx.g().modules[m as usize].standards;
                            se.parts(cx.g(), p.score.standard).iter().any(|v| standards.binary_search(v).is_ok())
                        })
                        .map(|&m| cx.module(m).id.as_str())
                        .collect();
                    if offers.is_empty() {
                        "no intervention of the plan backs it".to_string()
                    } else {
                        format!("no intervention of the plan backs it: adopt {}", offers.join(" or "))
                    }
                } else {
                    format!("backed by {}", by.join(", "))
                };
                rows.push(row("E2", "weak-prerequisite", &p.score, vec![pn.clone(), tn], message, help));
            }
        }
    }
    rows
}
