//! The handout as Markdown, for a shared document or a wiki page.

use std::io::{self, Write};

use super::{Handout, Link, text::heading};
use crate::report::md_escape as e;

/// The handout as Markdown.
// Whole on purpose: the document top to bottom, each part a few lines in the order a reader meets it.
pub fn write_markdown(h: &Handout, out: &mut dyn Write) -> io::Result<()> {
    let m = &h.module;
    let title = m.title.as_deref().map(|t| format!(": {}", e(t))).unwrap_or_default();
    writeln!(out, "# {}{title}\n", e(&m.id))?;
    let mut about = vec![e(&m.kind)];
    about.extend(m.provider.as_deref().map(e));
    about.extend(m.tier.as_deref().map(|t| format!("tier {}", e(t))));
    about.extend(m.evidence.as_deref().map(|x| format!("evidence: {}", e(x))));
    writeln!(out, "{}  ", about.join(" · "))?;
    let names: Vec<String> = m.names.iter().map(|n| e(n)).collect();
    writeln!(out, "Names {} ({} standards).  ", names.join(", "), h.counts.standards)?;
    if !m.dangling.is_empty() {
        let d: Vec<String> = m.dangling.iter().map(|n| e(n)).collect();
        writeln!(out, "{}: not in the loaded data (D2, see `coherence validate`).  ", d.join(", "))?;
    }
    writeln!(
        out,
        "Builds on: links up to {} grades back; leads to: up to {} ahead. ★ priority work.",
        h.back, h.ahead
    )?;
    if !m.practices.is_empty() {
        writeln!(out, "\n## Practices\n")?;
        for p in &m.practices {
            let words: Vec<String> = [p.title.as_deref(), p.summary.as_deref()].into_iter().flatten().map(e).collect();
            writeln!(out, "- **{}** {}", e(&p.id), words.join(": "))?;
        }
    }
    if h.grades.is_empty() {
        writeln!(out, "\nThe module addresses no standard of the loaded data.")?;
    }
    for gg in &h.grades {
        writeln!(out, "\n## Grade {}", e(&gg.grade))?;
        for c in &gg.clusters {
            let mut head = match (&c.cluster, &c.title) {
                (Some(id), Some(t)) => format!("{} {}", e(id), e(t)),
                (Some(id), None) => e(id),
                (None, _) => "(no cluster)".to_string(),
            };
            if let Some(f) = &c.focus {
                head.push_str(&format!(" ({f} work)"));
            }
            writeln!(out, "\n### {head}")?;
            if let (Some(d), Some(t)) = (&c.domain, &c.domain_title) {
                writeln!(out, "\n*{} {}*", e(d), e(t))?;
            }
            for s in &c.standards {
                let star = if s.priority { " ★" } else { "" };
                writeln!(out, "\n#### {}{star}\n", e(&s.code))?;
                match (&s.statement, &s.summary) {
                    (Some(st), sm) => {
                        writeln!(out, "{}", e(st))?;
                        if let Some(sm) = sm {
                            writeln!(out, "\n*Summary:* {}", e(sm))?;
                        }
                    }
                    (None, Some(sm)) => writeln!(out, "{}", e(sm))?,
                    (None, None) => writeln!(out, "(no text)")?,
                }
                if let Some(n) = &s.note {
                    writeln!(out, "\n*Note:* {}", e(n))?;
                }
                links(out, "Builds on", &s.builds_on)?;
                links(out, "Leads to", &s.leads_to)?;
                links(out, "Relates to", &s.relates_to)?;
            }
        }
    }
    if let Some(sv) = &h.scope {
        let name = sv.name.as_deref().map(|n| format!("{} ({})", e(n), e(&sv.id))).unwrap_or_else(|| e(&sv.id));
        writeln!(out, "\n## {name}\n")?;
        let sessions: Vec<String> = sv.sessions.iter().map(i64::to_string).collect();
        match (sv.adopts, sessions.is_empty()) {
            (false, _) => writeln!(out, "Does not adopt {}.", e(&m.id))?,
            (true, true) => writeln!(out, "Adopts {}.", e(&m.id))?,
            (true, false) => writeln!(out, "Adopts {} (session {}).", e(&m.id), sessions.join(", "))?,
        }
        writeln!(out, "\n{} findings involve the module's standards.", sv.findings.len())?;
        for (code, items) in h.scope_items() {
            writeln!(out, "\n**{code} {}**\n", heading(&code))?;
            for item in items {
                writeln!(out, "- {}", e(&item))?;
            }
        }
    }
    Ok(())
}

fn links(out: &mut dyn Write, title: &str, list: &[Link]) -> io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "\n*{title}:* none.");
    }
    writeln!(out, "\n*{title}:*\n")?;
    for l in list {
        let star = if l.priority { " ★" } else { "" };
        let inside = if l.in_module { ", in this module" } else { "" };
        let summary = l.summary.as_deref().map(|s| format!(": {}", e(s))).unwrap_or_default();
        write!(out, "- **{}**{star} (grade {}{inside}){summary}", e(&l.code), e(&l.grade))?;
        // Two spaces end a Markdown line without ending the list item.
        match (l.progression.as_deref(), l.note.as_deref()) {
            (None, None) => writeln!(out)?,
            (tag, note) => {
                let tag = tag.map(|t| format!("*{}*{}", e(t), if note.is_some() { ": " } else { "" }));
                writeln!(out, "  \n  ↳ {}{}", tag.unwrap_or_default(), note.map(e).unwrap_or_default())?
            }
        }
    }
    Ok(())
}
