//! The map review (`stats --review`) in words: a table of counts per grade
//! band, then each band's lists, in text, Markdown or JSON.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::finding::printable;
use crate::review::{Band, Link, Review};

/// How a format writes names and arrows: text keeps `->`, Markdown escapes
/// names and uses arrows that need no escaping.
struct Style {
    esc: fn(&str) -> String,
    to: &'static str,
    from: &'static str,
}

const TEXT: Style = Style { esc: |s| printable(s).into_owned(), to: "->", from: "<-" };
const MARKDOWN: Style = Style { esc: crate::report::md_escape, to: "→", from: "←" };

/// The lists of a band, each as its title and its lines.
fn lists(b: &Band, st: &Style) -> [(String, Vec<String>); 5] {
    let e = st.esc;
    let link = |l: &Link| {
        let tag = l.progression.as_deref().map(|p| format!(", {}", e(p))).unwrap_or_default();
        format!("{} {} {} ({}{tag})", e(&l.from), st.to, e(&l.to), e(l.kind.as_str()))
    };
    let skip = |l: &Link| format!("{} {} {} ({} grades apart)", e(&l.from), st.to, e(&l.to), l.grades);
    [
        ("links without a note".to_string(), b.without_note.iter().map(link).collect()),
        ("dead ends (families with no later link)".to_string(), b.dead_ends.iter().map(|s| e(s)).collect()),
        ("orphans (families nothing leads to, entries left out)".to_string(), b.orphans.iter().map(|s| e(s)).collect()),
        (
            format!("one predecessor (family {} the only family before it)", st.from),
            b.one_predecessor.iter().map(|(s, p)| format!("{} {} {}", e(s), st.from, e(p))).collect(),
        ),
        ("links skipping two or more grades".to_string(), b.skipping.iter().map(skip).collect()),
    ]
}

/// A band's counts, in the order of the tables' columns.
fn counts(b: &Band) -> [usize; 7] {
    [
        b.standards,
        b.links,
        b.without_note.len(),
        b.dead_ends.len(),
        b.orphans.len(),
        b.one_predecessor.len(),
        b.skipping.len(),
    ]
}

/// The review as text: the counts, then per band each list that is not empty.
pub fn write_text(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Map review: per grade band, what a reviewer with the Progressions documents works through")?;
    writeln!(
        out,
        "{:<5} {:>9} {:>6} {:>12} {:>9} {:>7} {:>15} {:>8}",
        "band", "standards", "links", "without note", "dead ends", "orphans", "one predecessor", "skipping"
    )?;
    for b in &r.bands {
        let [s, l, n, d, o, p, k] = counts(b);
        writeln!(out, "{:<5} {s:>9} {l:>6} {n:>12} {d:>9} {o:>7} {p:>15} {k:>8}", b.name)?;
    }
    for b in &r.bands {
        for (title, lines) in lists(b, &TEXT) {
            if lines.is_empty() {
                continue;
            }
            writeln!(out, "\n{} {title} ({}):", b.name, lines.len())?;
            for l in lines {
                writeln!(out, "  {l}")?;
            }
        }
    }
    Ok(())
}

/// The review as Markdown: the table of counts, then a section per band with
/// a checklist per list, for a reviewer to tick off.
pub fn write_markdown(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Map review\n")?;
    writeln!(
        out,
        "| band | standards | links | without note | dead ends | orphans | one predecessor | skipping ≥2 grades |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|")?;
    for b in &r.bands {
        let cells: Vec<String> = counts(b).iter().map(usize::to_string).collect();
        writeln!(out, "| {} | {} |", b.name, cells.join(" | "))?;
    }
    for b in &r.bands {
        writeln!(out, "\n## {}", b.name)?;
        for (title, lines) in lists(b, &MARKDOWN) {
            if lines.is_empty() {
                continue;
            }
            writeln!(out, "\n### {} ({})\n", title, lines.len())?;
            for l in lines {
                writeln!(out, "- [ ] {l}")?;
            }
        }
    }
    Ok(())
}

fn link_value(l: &Link) -> Value {
    json!({"from": l.from, "to": l.to, "kind": l.kind.as_str(), "progression": l.progression, "grades": l.grades})
}

/// The review as JSON: one object per band with its counts and lists.
pub fn write_json(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    let bands: Vec<Value> = r
        .bands
        .iter()
        .map(|b| {
            json!({
                "band": b.name,
                "standards": b.standards,
                "links": b.links,
                "without_note": b.without_note.iter().map(link_value).collect::<Vec<_>>(),
                "dead_ends": b.dead_ends,
                "orphans": b.orphans,
                "one_predecessor": b.one_predecessor.iter().map(|(s, p)| json!({"standard": s, "predecessor": p})).collect::<Vec<_>>(),
                "skipping": b.skipping.iter().map(link_value).collect::<Vec<_>>(),
            })
        })
        .collect();
    crate::report::write_pretty(&json!({ "bands": bands }), out)
}
