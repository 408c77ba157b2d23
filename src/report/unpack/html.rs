//! The handout as one printable HTML page: self-contained (its style inline,
//! no script, no request of any kind, which its Content-Security-Policy
//! enforces), every text from the data escaped, laid out for the screen and
//! for A4 or Letter paper alike.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Handout, Link, StandardEntry, link_words, text::heading};
use crate::report::escape_xml as e;

/// The page's style: a readable screen page, and on paper margins that fit
/// both A4 and Letter (the page box takes the printer's paper size).
const STYLE: &str = r#"
:root { --ink: #1b1b1f; --muted: #5b5b66; --line: #d6d6de; --accent: #2f5d8a; --prio: #8a4b00; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  max-width: 1100px; margin: 0 auto; padding: 24px 28px; }
h1 { font-size: 1.55em; margin: 0 0 4px; }
h1 .id { color: var(--accent); margin-right: .4em; }
h2 { font-size: 1.25em; border-bottom: 2px solid var(--accent); padding-bottom: 2px; margin: 1.3em 0 .5em; }
h3 { font-size: 1.05em; margin: 1em 0 .3em; }
h3 small { font-weight: normal; color: var(--muted); }
.meta { color: var(--muted); margin: 2px 0; }
.practices li { margin: 2px 0; }
.std { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 10px 0; break-inside: avoid; }
.std h4 { margin: 0 0 4px; font-size: 1.05em; break-after: avoid; }
.code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-weight: 600; }
.prio { color: var(--prio); font-size: .8em; font-weight: 600; margin-left: .4em; }
.text { margin: 2px 0; }
.summary, .note { color: var(--muted); margin: 2px 0; }
.links { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 10px; margin-top: 6px; }
.links h5 { margin: 0 0 2px; font-size: .85em; text-transform: uppercase; letter-spacing: .04em; color: var(--accent); }
.links ul { list-style: none; margin: 0; padding: 0; }
.links li { margin: 0 0 5px; font-size: .88em; break-inside: avoid; }
.links .none { color: var(--muted); font-size: .85em; }
.grade { color: var(--muted); font-size: .9em; }
.why { margin: 1px 0 0 .8em; padding-left: .5em; border-left: 2px solid var(--line); color: var(--muted); }
.tag { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: .9em; color: var(--accent); }
.inside { font-size: .8em; color: var(--accent); }
.scope li { margin: 2px 0; }
footer { margin-top: 2em; color: var(--muted); font-size: .8em; }
@page { margin: 14mm 12mm; }
@media print {
  body { font-size: 9.5pt; max-width: none; padding: 0; }
  h2 { margin-top: .8em; break-after: avoid; }
  h3 { break-after: avoid; }
  .std { padding: 6px 8px; margin: 6px 0; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The handout as an HTML page.
pub fn write_html(h: &Handout, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(page(h).as_bytes())
}

// Whole on purpose: the page top to bottom, each part a few lines in the order a reader meets it.
fn page(h: &Handout) -> String {
    let m = &h.module;
    let mut s = String::with_capacity(32 * 1024);
    let title = m.title.as_deref().map(|t| format!(" · {}", e(t))).unwrap_or_default();
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = write!(
        s,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n",
        e(&m.id)
    );
    let _ =
        writeln!(s, "<h1><span class=\"id\">{}</span>{}</h1>", e(&m.id), m.title.as_deref().map(e).unwrap_or_default());
    let mut about = vec![e(&m.kind)];
    about.extend(m.provider.as_deref().map(e));
    about.extend(m.tier.as_deref().map(|t| format!("tier {}", e(t))));
    about.extend(m.evidence.as_deref().map(|x| format!("evidence: {}", e(x))));
    let _ = writeln!(s, "<p class=\"meta\">{}</p>", about.join(" · "));
    let names: Vec<String> = m.names.iter().map(|n| e(n)).collect();
    let _ = writeln!(
        s,
        "<p class=\"meta\">Names {} ({} standards). Builds on: links up to {} grades back; leads to: up to {} ahead.</p>\n</header>",
        names.join(", "),
        h.counts.standards,
        h.back,
        h.ahead
    );
    if !m.dangling.is_empty() {
        let d: Vec<String> = m.dangling.iter().map(|n| e(n)).collect();
        let _ =
            writeln!(s, "<p class=\"meta\">{}: not in the loaded data (D2, see coherence validate).</p>", d.join(", "));
    }
    if !m.practices.is_empty() {
        s.push_str("<section class=\"practices\">\n<h2>Practices</h2>\n<ul>\n");
        for p in &m.practices {
            let words: Vec<String> = [p.title.as_deref(), p.summary.as_deref()].into_iter().flatten().map(e).collect();
            let _ = writeln!(s, "<li><span class=\"code\">{}</span> {}</li>", e(&p.id), words.join(": "));
        }
        s.push_str("</ul>\n</section>\n");
    }
    if h.grades.is_empty() {
        s.push_str("<p>The module addresses no standard of the loaded data.</p>\n");
    }
    for gg in &h.grades {
        let _ = writeln!(s, "<section class=\"grade-group\">\n<h2>Grade {}</h2>", e(&gg.grade));
        for c in &gg.clusters {
            let head = match (&c.cluster, &c.title) {
                (Some(id), Some(t)) => format!("<span class=\"code\">{}</span> {}", e(id), e(t)),
                (Some(id), None) => format!("<span class=\"code\">{}</span>", e(id)),
                (None, _) => "(no cluster)".to_string(),
            };
            let mut small = Vec::new();
            small.extend(c.focus.as_deref().map(|f| format!("{} work", e(f))));
            if let (Some(d), Some(t)) = (&c.domain, &c.domain_title) {
                small.push(format!("{} {}", e(d), e(t)));
            }
            let _ = writeln!(s, "<h3>{head} <small>{}</small></h3>", small.join(" · "));
            for st in &c.standards {
                standard(&mut s, st);
            }
        }
        s.push_str("</section>\n");
    }
    if let Some(sv) = &h.scope {
        let name = sv.name.as_deref().map(|n| format!("{} ({})", e(n), e(&sv.id))).unwrap_or_else(|| e(&sv.id));
        let _ = writeln!(s, "<section class=\"scope\">\n<h2>{name}</h2>");
        let sessions: Vec<String> = sv.sessions.iter().map(i64::to_string).collect();
        let adopts = match (sv.adopts, sessions.is_empty()) {
            (false, _) => format!("Does not adopt {}.", e(&m.id)),
            (true, true) => format!("Adopts {}.", e(&m.id)),
            (true, false) => format!("Adopts {} (session {}).", e(&m.id), sessions.join(", ")),
        };
        let _ = writeln!(s, "<p>{adopts} {} findings involve the module's standards.</p>", sv.findings.len());
        for (code, items) in h.scope_items() {
            let _ = writeln!(s, "<h3>{} {}</h3>\n<ul>", e(&code), heading(&code));
            for item in items {
                let _ = writeln!(s, "<li data-code=\"{}\">{}</li>", e(&code), e(&item));
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</section>\n");
    }
    s.push_str("<footer>Made by coherence unpack. ★ priority work: major work of the grade, or a widely applicable prerequisite.</footer>\n</body>\n</html>\n");
    s
}

fn standard(s: &mut String, st: &StandardEntry) {
    let prio = if st.priority { "<span class=\"prio\">★ priority</span>" } else { "" };
    let _ = writeln!(
        s,
        "<article class=\"std\" data-code=\"{}\">\n<h4><span class=\"code\">{}</span>{prio}</h4>",
        e(&st.code),
        e(&st.code)
    );
    match (&st.statement, &st.summary) {
        (Some(text), summary) => {
            let _ = writeln!(s, "<p class=\"text\">{}</p>", e(text));
            if let Some(sm) = summary {
                let _ = writeln!(s, "<p class=\"summary\"><b>Summary:</b> {}</p>", e(sm));
            }
        }
        (None, Some(sm)) => {
            let _ = writeln!(s, "<p class=\"text\">{}</p>", e(sm));
        }
        (None, None) => s.push_str("<p class=\"text\">(no text)</p>\n"),
    }
    if let Some(n) = &st.note {
        let _ = writeln!(s, "<p class=\"note\"><b>Note:</b> {}</p>", e(n));
    }
    s.push_str("<div class=\"links\">\n");
    links(s, "builds-on", "Builds on", &st.builds_on);
    links(s, "leads-to", "Leads to", &st.leads_to);
    links(s, "relates-to", "Relates to", &st.relates_to);
    s.push_str("</div>\n</article>\n");
}

fn links(s: &mut String, class: &str, title: &str, list: &[Link]) {
    let _ = writeln!(s, "<div class=\"{class}\">\n<h5>{title}</h5>");
    if list.is_empty() {
        s.push_str("<p class=\"none\">None.</p>\n</div>\n");
        return;
    }
    s.push_str("<ul>\n");
    for l in list {
        let star = if l.priority { " ★" } else { "" };
        let inside = if l.in_module { " <span class=\"inside\">in this module</span>" } else { "" };
        let _ = write!(
            s,
            "<li data-code=\"{}\"><span class=\"code\">{}</span>{star} <span class=\"grade\">grade {}</span>{inside} {}",
            e(&l.code),
            e(&l.code),
            e(&l.grade),
            e(l.summary.as_deref().unwrap_or(""))
        );
        if link_words(l.progression.as_deref(), l.note.as_deref()).is_some() {
            let tag =
                l.progression.as_deref().map(|t| format!("<span class=\"tag\">{}</span> ", e(t))).unwrap_or_default();
            let _ = write!(s, "<div class=\"why\">{tag}{}</div>", e(l.note.as_deref().unwrap_or("")));
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ul>\n</div>\n");
}
