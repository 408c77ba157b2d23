//! The handout as text, every line within 100 columns.

use std::io::{self, Write};

use super::{Handout, Link, StandardEntry, link_words, wrap};
use crate::finding::printable;

/// Text lines are kept to this many columns.
const WIDTH: usize = 100;

/// Column where a module standard's text starts.
const TEXT_AT: usize = 14;

/// Column where a link's summary and note start.
const LINK_AT: usize = 8;

fn p(s: &str) -> String {
    printable(s).into_owned()
}

fn put(out: &mut dyn Write, lines: Vec<String>) -> io::Result<()> {
    for l in lines {
        writeln!(out, "{}", l.trim_end())?;
    }
    Ok(())
}

/// The handout as text.
// Whole on purpose: the handout top to bottom, each part a few lines in the order a reader meets it.
pub fn write_text(h: &Handout, out: &mut dyn Write) -> io::Result<()> {
    let m = &h.module;
    let title = m.title.as_deref().map(|t| format!(" · {}", p(t))).unwrap_or_default();
    put(out, wrap("", "  ", &format!("{}{title}", p(&m.id)), WIDTH))?;
    let mut about = vec![m.kind.clone()];
    about.extend(m.provider.as_deref().map(p));
    about.extend(m.tier.as_deref().map(|t| format!("tier {}", p(t))));
    about.extend(m.evidence.as_deref().map(|e| format!("evidence: {}", p(e))));
    put(out, wrap("", "  ", &about.join(" · "), WIDTH))?;
    let names = m.names.iter().map(|n| p(n)).collect::<Vec<_>>().join(", ");
    let count = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    put(
        out,
        wrap("", "  ", &format!("names {names} · {}", count(h.counts.standards, "standard", "standards")), WIDTH),
    )?;
    if !m.dangling.is_empty() {
        let d = m.dangling.iter().map(|n| p(n)).collect::<Vec<_>>().join(", ");
        put(out, wrap("", "  ", &format!("{d}: not in the loaded data (D2, see coherence validate)"), WIDTH))?;
    }
    let grades = |k: i8| count(usize::try_from(k).unwrap_or(0), "grade", "grades");
    put(
        out,
        wrap(
            "",
            "  ",
            &format!(
                "links: builds on up to {} back, leads to up to {} ahead · * priority work",
                grades(h.back),
                grades(h.ahead)
            ),
            WIDTH,
        ),
    )?;
    if !m.practices.is_empty() {
        writeln!(out, "\npractices")?;
        for pr in &m.practices {
            let words: Vec<String> =
                [pr.title.as_deref(), pr.summary.as_deref()].into_iter().flatten().map(p).collect();
            let head = format!("  {:<5} ", p(&pr.id));
            let indent = " ".repeat(head.chars().count());
            put(out, wrap(&head, &indent, &words.join(": "), WIDTH))?;
        }
    }
    if h.grades.is_empty() {
        writeln!(out, "\nThe module addresses no standard of the loaded data.")?;
    }
    for gg in &h.grades {
        writeln!(out, "\ngrade {}", p(&gg.grade))?;
        for c in &gg.clusters {
            let mut head = match (&c.cluster, &c.title) {
                (Some(id), Some(t)) => format!("{} {}", p(id), p(t)),
                (Some(id), None) => p(id),
                (None, _) => "(no cluster)".to_string(),
            };
            if let Some(f) = &c.focus {
                head.push_str(&format!(" ({f} work)"));
            }
            writeln!(out)?;
            put(out, wrap("  ", "    ", &head, WIDTH))?;
            if let (Some(d), Some(t)) = (&c.domain, &c.domain_title) {
                put(out, wrap("  in ", "    ", &format!("{} {}", p(d), p(t)), WIDTH))?;
            }
            for s in &c.standards {
                write_standard(out, s)?;
            }
        }
    }
    if let Some(sv) = &h.scope {
        let name = sv.name.as_deref().map(|n| format!("{} ({})", p(n), p(&sv.id))).unwrap_or_else(|| p(&sv.id));
        let adopts = if !sv.adopts {
            format!("does not adopt {}", p(&m.id))
        } else if sv.sessions.is_empty() {
            format!("adopts {}", p(&m.id))
        } else {
            let s: Vec<String> = sv.sessions.iter().map(i64::to_string).collect();
            format!("adopts {} (session {})", p(&m.id), s.join(", "))
        };
        writeln!(out)?;
        put(out, wrap("", "  ", &format!("{name}: {adopts}"), WIDTH))?;
        writeln!(
            out,
            "{}",
            count(sv.findings.len(), "finding involves", "findings involve") + " the module's standards"
        )?;
        for (code, items) in h.scope_items() {
            writeln!(out, "  {code} {}", heading(&code))?;
            for item in items {
                put(out, wrap("    - ", "      ", &p(&item), WIDTH))?;
            }
        }
    }
    Ok(())
}

/// What a check's findings around a module mean for a PLC.
pub(super) fn heading(code: &str) -> &'static str {
    match code {
        "C1" => "priority work that no adopted PD addresses",
        "C2" => "broken progressions: untaught standards between taught ones",
        "C3" => "prerequisites without an intervention in the plan",
        "C4" => "related standards of the grade not taught",
        _ => "standards taught before their prerequisites",
    }
}

fn write_standard(out: &mut dyn Write, s: &StandardEntry) -> io::Result<()> {
    let star = if s.priority { "*" } else { " " };
    let head = format!(" {star}{:<w$} ", p(&s.code), w = TEXT_AT - 3);
    let indent = " ".repeat(TEXT_AT);
    writeln!(out)?;
    // A code too long for its column gets a line of its own.
    let lead = if head.chars().count() > TEXT_AT {
        writeln!(out, "{}", head.trim_end())?;
        indent.clone()
    } else {
        head
    };
    match (&s.statement, &s.summary) {
        (Some(st), summary) => {
            put(out, wrap(&lead, &indent, &p(st), WIDTH))?;
            if let Some(sm) = summary {
                put(out, wrap(&format!("{indent}summary: "), &indent, &p(sm), WIDTH))?;
            }
        }
        (None, Some(sm)) => put(out, wrap(&lead, &indent, &p(sm), WIDTH))?,
        (None, None) => writeln!(out, "{lead}(no text)")?,
    }
    if let Some(n) = &s.note {
        put(out, wrap(&format!("{indent}note: "), &indent, &p(n), WIDTH))?;
    }
    links(out, "builds on", &s.builds_on)?;
    links(out, "leads to", &s.leads_to)?;
    links(out, "relates to", &s.relates_to)
}

fn links(out: &mut dyn Write, title: &str, list: &[Link]) -> io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "    {title}: none");
    }
    writeln!(out, "    {title}")?;
    let indent = " ".repeat(LINK_AT);
    for l in list {
        let star = if l.priority { "*" } else { " " };
        let inside = if l.in_module { ", in this module" } else { "" };
        let head = format!("     {star}{} (grade {}{inside}): ", p(&l.code), p(&l.grade));
        put(out, wrap(&head, &indent, &p(l.summary.as_deref().unwrap_or("")), WIDTH))?;
        if let Some(words) = link_words(l.progression.as_deref(), l.note.as_deref()) {
            put(out, wrap(&format!("{indent}↳ "), &format!("{indent}  "), &p(&words), WIDTH))?;
        }
    }
    Ok(())
}
