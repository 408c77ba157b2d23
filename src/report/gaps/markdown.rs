//! The gap report as Markdown, for documents: the scorecard and its
//! districts, what to do first, then a section per scope.

use std::io::{self, Write};

use super::{Cx, Options, closes_words, data_line, grades, ordered, pct, pct_value, rates_words, since};
use crate::Gaps;
use crate::advice::{self, Action, Measure, Row, Schools};
use crate::checks::plan::ScopeGaps;
use crate::report::md_escape;

/// The report as Markdown: the scorecard and its districts, what to do
/// The report as Markdown: the scorecard and its districts, what to do
/// first, then a section per scope.
pub fn write_markdown(run: &Gaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let mut cx = Cx::new(run, !opts.scorecard_only);
    writeln!(out, "# Coherence gaps\n")?;
    let date = run.as_of.map(|d| format!(" as of {d}")).unwrap_or_default();
    writeln!(out, "{} scopes{date} · {}.\n", run.scopes.len(), data_line(run))?;
    if let Some(b) = &run.baseline {
        writeln!(out, "{}.\n", md_escape(&since::head_words(b)))?;
        let gone = since::gone_lines(run).join(" ");
        if !gone.is_empty() {
            writeln!(out, "{}\n", md_escape(gone.trim()))?;
        }
    }
    let rows = advice::scorecard(run);
    scorecard_md(&cx, &rows, out)?;
    if opts.scorecard_only {
        return Ok(());
    }
    actions_md(&cx, &advice::actions(run, opts.actions.saturating_add(1)), opts, out)?;
    for (_, sg) in ordered(run) {
        scope_md(&mut cx, sg, opts, out)?;
    }
    Ok(())
}

/// The scorecard table, and a table per district over its schools.
fn scorecard_md(cx: &Cx, rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Scorecard\n")?;
    writeln!(
        out,
        "Weakest priority coverage first. Each check is a rate (the share in good order), then its gaps out of its base; n/a: nothing to measure.\n"
    )?;
    let baseline = cx.run.baseline.is_some();
    writeln!(
        out,
        "| scope | name | grades | taught | priority coverage | chain integrity | prerequisite readiness | horizontal coherence | sequencing |{}",
        if baseline { " change |" } else { "" }
    )?;
    writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|---:|{}", if baseline { "---:|" } else { "" })?;
    for r in rows {
        let sc = cx.scope(r.scope);
        let cells: Vec<String> = r
            .rates
            .iter()
            .map(|x| if x.base == 0 { "n/a".to_string() } else { format!("{} ({}/{})", pct(*x), x.count, x.base) })
            .collect();
        let change = if baseline {
            let c = since::change(cx.run, &sc.id).map_or(String::new(), |c| since::points(c, Measure::ALL[0]));
            format!(" {c} |")
        } else {
            String::new()
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |{change}",
            md_escape(&sc.id),
            md_escape(sc.name.as_deref().unwrap_or("")),
            grades(sc),
            r.taught,
            cells.join(" | ")
        )?;
    }
    let districts: Vec<(&Row, &Schools)> = rows.iter().filter_map(|r| r.schools.as_ref().map(|s| (r, s))).collect();
    if districts.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n### Over their schools\n")?;
    writeln!(out, "| scope | schools | rate | own plan | median school | weakest school |")?;
    writeln!(out, "|---|---:|---|---:|---:|---|")?;
    for (r, schools) in districts {
        for m in Measure::ALL {
            let weakest = schools.weakest[m as usize]
                .map(|(s, v)| format!("{} ({})", md_escape(&cx.scope_id(s)), pct_value(Some(v))))
                .unwrap_or_else(|| "n/a".to_string());
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md_escape(&cx.scope_id(r.scope)),
                schools.count,
                m.title(),
                pct(r.rates[m as usize]),
                pct_value(schools.median[m as usize]),
                weakest
            )?;
        }
    }
    Ok(())
}

/// What to do first, each action with its provider and every school.
fn actions_md(cx: &Cx, actions: &[Action], opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n## What to do first\n")?;
    if actions.is_empty() {
        writeln!(out, "No catalog module closes a gap that is open.")?;
    }
    for (i, a) in actions.iter().take(opts.actions).enumerate() {
        let about = cx.module_about(a.module);
        let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
        let ids: Vec<String> = a.scopes.iter().map(|&s| md_escape(&cx.scope_id(s))).collect();
        writeln!(
            out,
            "{}. **Adopt {}**{}: closes {}; at {}.",
            i + 1,
            md_escape(cx.module_label(a.module)),
            md_escape(&about),
            closes_words(&a.closes),
            ids.join(", ")
        )?;
    }
    if actions.len() > opts.actions {
        writeln!(out, "\n…and more actions: `coherence gaps --format json` lists them all.")?;
    }
    Ok(())
}

/// A scope's section: its rates and top findings.
fn scope_md(cx: &mut Cx, sg: &ScopeGaps, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let sc = cx.scope(sg.scope);
    writeln!(out, "\n## {}, grades {}\n", md_escape(&cx.scope_label(sg.scope)), grades(sc))?;
    writeln!(out, "{}\n", rates_words(&sg.counts))?;
    since::scope_md(cx.run, cx.raw_scope_id(sg.scope), &md_escape, out)?;
    let lines = cx.lines(sg, opts.top);
    for (i, line) in lines.iter().take(opts.top).enumerate() {
        let (message, help, _) = cx.describe(sg, line, Some(120));
        writeln!(
            out,
            "{}. **C{}** {}  \n   *What to do:* {}",
            i + 1,
            sg.gaps[line.gaps[0]].check(),
            md_escape(&message),
            md_escape(&help)
        )?;
    }
    if lines.len() > opts.top {
        let more: usize = lines[opts.top..].iter().map(|l| l.gaps.len()).sum();
        writeln!(out, "\n…and {more} more (`coherence gaps --scope {} --format csv`).", cx.scope_id(sg.scope))?;
    }
    super::evidence::scope_markdown(cx, sg, opts, out)
}
