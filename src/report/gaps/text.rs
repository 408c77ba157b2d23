//! The gap report as text: the scorecard, what to do first, then each
//! scope's rates and top findings, at most [`WIDTH`] columns where the report
//! controls the line.

use std::io::{self, Write};

use super::{
    Cx, Options, RATE_HEADS, WIDTH, cell, closes_short, closes_words, data_line, grades, ordered, pct_value,
    rates_words, short, since, wrap,
};
use crate::Gaps;
use crate::advice::{self, Action, Line, Measure, Row, Schools};
use crate::checks::plan::ScopeGaps;
use crate::finding::printable;
use crate::report::Style;

/// The scorecard as text: a table, then each district's median and weakest school.
fn scorecard_text(cx: &Cx, rows: &[Row], st: Style, out: &mut dyn Write) -> io::Result<()> {
    let cells: Vec<[String; 5]> = rows.iter().map(|r| r.rates.map(cell)).collect();
    let id_w = rows.iter().map(|r| cx.scope_id(r.scope).chars().count()).max().unwrap_or(5).max(5);
    let mut w = RATE_HEADS.map(str::len);
    for c in &cells {
        for (k, x) in c.iter().enumerate() {
            w[k] = w[k].max(x.chars().count());
        }
    }
    writeln!(
        out,
        "{}: weakest priority coverage first; each check as its rate, then gaps/base",
        st.paint("1", "Scorecard")
    )?;
    // With a baseline, the change of priority coverage (the column rows are ranked by).
    let changes: Option<Vec<String>> = cx.run.baseline.as_ref().map(|_| {
        rows.iter()
            .map(|r| {
                since::change(cx.run, cx.raw_scope_id(r.scope))
                    .map_or(String::new(), |c| since::points(c, Measure::ALL[0]))
            })
            .collect()
    });
    let mut head = format!("{:<id_w$} {:<6} {:>6}", "scope", "grades", "taught");
    for (k, h) in RATE_HEADS.iter().enumerate() {
        head.push_str(&format!("  {:<w$}", h, w = w[k]));
    }
    if changes.is_some() {
        head.push_str("  change");
    }
    writeln!(out, "{}", head.trim_end())?;
    // Fifty thousand rows at national scale: one buffer, written into, not a string per cell.
    let mut line = String::with_capacity(128);
    for (i, (r, c)) in rows.iter().zip(&cells).enumerate() {
        use std::fmt::Write as _;
        line.clear();
        let sc = cx.scope(r.scope);
        let _ = write!(line, "{:<id_w$} {:<6} {:>6}", printable(&sc.id), grades(sc), r.taught);
        for (k, x) in c.iter().enumerate() {
            let _ = write!(line, "  {:<w$}", x, w = w[k]);
        }
        if let Some(changes) = &changes {
            let _ = write!(line, "  {}", changes[i]);
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    // A district's schools: the median in the table's columns, then the weakest school per column.
    let label_w = id_w + 14;
    for r in rows {
        let Some(schools) = &r.schools else { continue };
        let label = format!("{}: median of {} schools", cx.scope_id(r.scope), schools.count);
        let mut line = format!("{label:<label_w$}");
        for (k, m) in Measure::ALL.iter().enumerate() {
            line.push_str(&format!("  {:<w$}", format!("{:>4}", pct_value(schools.median[*m as usize])), w = w[k]));
        }
        writeln!(out, "{}", line.trim_end())?;
        let weakest: Vec<String> = Measure::ALL
            .iter()
            .map(|m| match schools.weakest[*m as usize] {
                Some((s, v)) => format!("{} {}", cx.scope_id(s), pct_value(Some(v))),
                None => "n/a".to_string(),
            })
            .collect();
        for l in wrap(&format!("  weakest: {}", weakest.join(" · ")), "    ") {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

/// "schools" when none of the scopes has scopes under it, else "scopes".
fn scope_noun(scopes: &[u32], kids: &[Vec<u32>]) -> &'static str {
    if scopes.iter().all(|&s| kids[s as usize].is_empty()) { "schools" } else { "scopes" }
}

/// One action on one line of at most [`WIDTH`] columns: module, title,
/// provider (tier and evidence), where, and what it closes. When the line
/// is too long the title gives way first, then the provider, which "Actions
/// in full" names.
fn action_line(cx: &Cx, rank: usize, a: &Action, kids: &[Vec<u32>]) -> String {
    let md = cx.module(a.module);
    // Schools are counted; a scope over schools (a district) is named.
    let (leaves, over): (Vec<u32>, Vec<u32>) = a.scopes.iter().partition(|&&s| kids[s as usize].is_empty());
    let mut where_: Vec<String> = match leaves.as_slice() {
        [] => Vec::new(),
        [s] => vec![cx.scope_id(*s).to_string()],
        more => vec![format!("{} {}", more.len(), scope_noun(more, kids))],
    };
    where_.extend(over.iter().map(|&s| cx.scope_id(s).to_string()));
    let where_ = where_.join(" + ");
    let head = format!("{rank:>2}. {}", md.id);
    let tail = format!(" → {where_}: {}", closes_short(&a.closes));
    let mut about: Vec<String> = Vec::new();
    if let Some(t) = &md.tier {
        about.push(format!("tier {t}"));
    }
    if let Some(e) = &md.evidence {
        about.push(e.clone());
    }
    let extra = if about.is_empty() { String::new() } else { format!("; {}", about.join(", ")) };
    let room = WIDTH.saturating_sub(head.chars().count() + tail.chars().count());
    let title = md.title.as_deref().unwrap_or("");
    let provider = md.provider.as_deref().unwrap_or("");
    let render = |t: &str, p: &str| {
        let t = if t.is_empty() { String::new() } else { format!(" \"{t}\"") };
        let p = if p.is_empty() && extra.is_empty() {
            String::new()
        } else {
            format!(" ({p}{})", if p.is_empty() { extra.trim_start_matches("; ").to_string() } else { extra.clone() })
        };
        format!("{t}{p}")
    };
    let len = |s: &str| s.chars().count();
    // The first of these that fits: whole; a shorter title; no provider (it is in "Actions in full"); a short title alone.
    let candidates = [
        render(title, provider),
        render(&short(title, room.saturating_sub(len(&render("", provider)) + 3).max(24)), provider),
        render(&short(title, room.saturating_sub(len(&render("", "")) + 3).max(16)), ""),
        format!(" \"{}\"", short(title, room.saturating_sub(3).max(8))),
    ];
    let middle = candidates.into_iter().find(|c| len(c) <= room).unwrap_or_default();
    format!("{head}{middle}{tail}")
}

/// The report for people: the scorecard, what to do first, then per scope
/// (districts before their schools) its rates and top findings in words,
/// each with what to do about it.
pub fn write_text(run: &Gaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let mut cx = Cx::new(run, !opts.scorecard_only);
    let st = opts.style;
    let n = run.scopes.len();
    let date = run.as_of.map(|d| format!(" as of {d}")).unwrap_or_default();
    writeln!(
        out,
        "{} of {} scope{}{date} · {}",
        st.paint("1", "Coherence gaps"),
        n,
        if n == 1 { "" } else { "s" },
        data_line(run)
    )?;
    if let Some(b) = &run.baseline {
        for l in wrap(&since::head_words(b), "  ") {
            writeln!(out, "{l}")?;
        }
    }
    let rows = advice::scorecard(run);
    scorecard_text(&cx, &rows, st, out)?;
    for l in since::gone_lines(run) {
        writeln!(out, "{l}")?;
    }
    if opts.scorecard_only {
        return Ok(());
    }
    // One more than shown tells whether there are more; the greedy costs per action taken.
    let actions = advice::actions(run, opts.actions.saturating_add(1));
    actions_text(&cx, &actions, opts, out)?;
    // Each scope's row, found by index: a search per scope would be quadratic in the scopes.
    let mut row_of = vec![usize::MAX; cx.g().scopes.len()];
    for (i, r) in rows.iter().enumerate() {
        row_of[r.scope as usize] = i;
    }
    for (depth, sg) in ordered(run) {
        let schools = rows.get(row_of[sg.scope as usize]).and_then(|r| r.schools.as_ref());
        scope_text(&mut cx, sg, depth, schools, opts, out)?;
    }
    actions_in_full(&cx, &actions, opts, out)
}

/// What to do first: one line per action.
fn actions_text(cx: &Cx, actions: &[Action], opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let st = opts.style;
    writeln!(out)?;
    if actions.is_empty() {
        return writeln!(out, "{}: no catalog module closes a gap that is open", st.paint("1", "What to do first"));
    }
    let more = if actions.len() > opts.actions { "; json lists them all" } else { "" };
    writeln!(
        out,
        "{}: {} actions, best first, no gap counted twice{more}",
        st.paint("1", "What to do first"),
        actions.len().min(opts.actions)
    )?;
    let kids = advice::children(cx.g());
    for (i, a) in actions.iter().take(opts.actions).enumerate() {
        writeln!(out, "{}", action_line(cx, i + 1, a, &kids))?;
    }
    Ok(())
}

/// One scope: its plan, its rates (and its schools' medians), its top findings.
fn scope_text(
    cx: &mut Cx,
    sg: &ScopeGaps,
    depth: usize,
    schools: Option<&Schools>,
    opts: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Indentation shows the first levels of a hierarchy; deeper ones line up with them.
    let (st, pad) = (opts.style, "  ".repeat(depth.min(4)));
    let modules = cx.run.validation.graph.plans.of(sg.scope).len();
    writeln!(out)?;
    let label = cx.scope_label(sg.scope);
    let text = format!(
        "{pad}{label}, grades {} · {} standards taught · {} module{} adopted",
        grades(cx.scope(sg.scope)),
        sg.counts.base.taught,
        modules,
        if modules == 1 { "" } else { "s" }
    );
    for (k, l) in wrap(&text, &format!("{pad}  ")).into_iter().enumerate() {
        let l = if k == 0 { l.replacen(&label, &st.paint("1", &label), 1) } else { l };
        writeln!(out, "{l}")?;
    }
    let mut about = vec![format!("{pad}  {}", rates_words(&sg.counts))];
    if let Some(schools) = schools {
        let medians: Vec<String> =
            Measure::ALL.iter().map(|m| format!("{} {}", m.title(), pct_value(schools.median[*m as usize]))).collect();
        about.push(format!("{pad}  its {} schools, median: {}", schools.count, medians.join(" · ")));
    }
    for l in about.iter().flat_map(|t| wrap(t, &format!("{pad}    "))) {
        writeln!(out, "{l}")?;
    }
    for l in since::scope_lines(cx.run, cx.raw_scope_id(sg.scope), &pad) {
        writeln!(out, "{l}")?;
    }
    let lines = cx.lines(sg, opts.top);
    for (i, line) in lines.iter().take(opts.top).enumerate() {
        finding_text(cx, sg, line, i + 1, &pad, st, out)?;
    }
    if lines.len() > opts.top {
        let more: usize = lines[opts.top..].iter().map(|l| l.gaps.len()).sum();
        writeln!(
            out,
            "{pad}  and {more} more finding{}: coherence gaps --scope {} --format csv lists them all",
            if more == 1 { "" } else { "s" },
            cx.scope_id(sg.scope)
        )?;
    }
    super::evidence::scope_text(cx, sg, &pad, opts, out)
}

/// One line of findings and what to do about it, wrapped.
fn finding_text(
    cx: &Cx,
    sg: &ScopeGaps,
    line: &Line,
    rank: usize,
    pad: &str,
    st: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (message, help, _) = cx.describe(sg, line, Some(50));
    let code = format!("C{}", sg.gaps[line.gaps[0]].check());
    let text = format!("{pad}  {rank:>2}. [{code}] {message}");
    for (k, l) in wrap(&text, &format!("{pad}      ")).into_iter().enumerate() {
        // Colour goes on after wrapping, so that escape codes never count as columns.
        let l = if k == 0 { l.replacen(&format!("[{code}]"), &format!("[{}]", st.paint("33", &code)), 1) } else { l };
        writeln!(out, "{l}")?;
    }
    for l in wrap(&format!("{pad}      -> {help}"), &format!("{pad}         ")) {
        writeln!(out, "{l}")?;
    }
    Ok(())
}

/// The actions again, each with its provider and every school.
fn actions_in_full(cx: &Cx, actions: &[Action], opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    if actions.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", opts.style.paint("1", "Actions in full"))?;
    for (i, a) in actions.iter().take(opts.actions).enumerate() {
        let about = cx.module_about(a.module);
        let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
        let ids: Vec<String> = a.scopes.iter().map(|&s| cx.scope_id(s).into_owned()).collect();
        let text = format!(
            "{:>2}. adopt {}{about} at {}: closes {}",
            i + 1,
            cx.module_label(a.module),
            ids.join(", "),
            closes_words(&a.closes)
        );
        for l in wrap(&text, "    ") {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}
