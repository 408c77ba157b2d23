//! `coherence diff` in words (text, Markdown) and as JSON: the counts first,
//! then the modules that name codes the change took away (what to fix),
//! then standards, edges, modules, scopes and plans.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::md_escape;
use crate::diff::{BrokenModule, Diff, FieldChange, Item, PlanChange};
use crate::finding::printable;

/// The counts of standards and edges: the first line of every report.
pub fn counts(d: &Diff) -> String {
    format!(
        "standards: {} added, {} removed, {} re-coded, {} re-graded, {} summaries changed, {} focus changed, {} other field changes; edges: {} added, {} removed",
        d.added.len(),
        d.removed.len(),
        d.recoded.len(),
        d.regraded.len(),
        d.summaries.len(),
        d.focus.len(),
        d.other.len(),
        d.edges_added.len(),
        d.edges_removed.len()
    )
}

/// `n` with the noun that fits it.
fn n(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The counts of modules, scopes, plans and broken modules: the lines after [`counts`].
pub fn plan_counts(d: &Diff) -> [String; 3] {
    let sum = |f: fn(&PlanChange) -> usize| d.plans.iter().map(f).sum::<usize>();
    let codes: usize = d.broken.iter().map(|b| b.codes.len()).sum();
    [
        format!(
            "modules: {} added, {} removed, {} changed; scopes: {} added, {} removed, {} changed",
            d.modules_added.len(),
            d.modules_removed.len(),
            d.modules_changed.len(),
            d.scopes_added.len(),
            d.scopes_removed.len(),
            d.scopes_changed.len()
        ),
        format!(
            "plans: {} adopted, {} dropped, {} re-sequenced, in {}",
            n(sum(|p| p.adopted.len()), "module", "modules"),
            sum(|p| p.dropped.len()),
            sum(|p| p.resequenced.len()),
            n(d.plans.len(), "scope", "scopes")
        ),
        if d.broken.is_empty() {
            "broken: no module names a removed or re-coded code".to_string()
        } else {
            format!(
                "broken: {} still {} {} that were removed or re-coded",
                n(d.broken.len(), "module", "modules"),
                if d.broken.len() == 1 { "names" } else { "name" },
                n(codes, "code", "codes")
            )
        },
    ]
}

/// Writes titled lists, each line with the lines under it, in text or Markdown.
struct Sections<'w> {
    out: &'w mut dyn Write,
    markdown: bool,
}

impl Sections<'_> {
    /// Text from the data as the format shows it literally.
    fn esc(&self, s: &str) -> String {
        if self.markdown { md_escape(s) } else { printable(s).into_owned() }
    }

    /// A section of flat lines; nothing when there are none.
    fn flat(&mut self, title: &str, lines: Vec<String>) -> io::Result<()> {
        self.nested(title, lines.len(), lines.into_iter().map(|l| (l, Vec::new())).collect())
    }

    /// A section of `count` things, each line with its sub-lines; nothing when there are none.
    fn nested(&mut self, title: &str, count: usize, lines: Vec<(String, Vec<String>)>) -> io::Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        let (head, bullet, sub) = if self.markdown { ("## ", "- ", "  - ") } else { ("", "  ", "    ") };
        let gap = if self.markdown { "\n" } else { "" };
        write!(self.out, "\n{head}{title} ({count})\n{gap}")?;
        for (line, subs) in lines {
            writeln!(self.out, "{bullet}{line}")?;
            for s in subs {
                writeln!(self.out, "{sub}{s}")?;
            }
        }
        Ok(())
    }

    /// `id: title`, or the id alone.
    fn item(&self, i: &Item) -> String {
        if i.title.is_empty() { self.esc(&i.id) } else { format!("{}: {}", self.esc(&i.id), self.esc(&i.title)) }
    }

    /// `field "old" -> "new"`.
    fn field(&self, f: &FieldChange) -> String {
        format!("{} \"{}\" -> \"{}\"", f.field, self.esc(&f.old), self.esc(&f.new))
    }

    /// A module and the entries of its list that name nothing now, with what to name instead.
    fn broken(&self, b: &BrokenModule) -> String {
        let codes: Vec<String> = b
            .codes
            .iter()
            .map(|c| match &c.new {
                // Suggest the new code as the module writes its codes: qualified or bare.
                Some(new) => {
                    let bare = new.split_once(':').map_or(new.as_str(), |(_, id)| id);
                    let use_ = if c.code.contains(':') { new.as_str() } else { bare };
                    format!("{} (re-coded: name {} instead)", self.esc(&c.code), self.esc(use_))
                }
                None => format!("{} (removed)", self.esc(&c.code)),
            })
            .collect();
        format!("{}: {}", self.esc(&b.module), codes.join(", "))
    }

    /// A scope's plan change: the scope, then a line each for adopted, dropped and re-sequenced modules.
    fn plan(&self, p: &PlanChange) -> (String, Vec<String>) {
        let list = |v: &[String]| v.iter().map(|m| self.esc(m)).collect::<Vec<_>>().join(", ");
        let seq = |s: Option<i64>| s.map_or("none".to_string(), |s| s.to_string());
        let mut subs = Vec::new();
        if !p.adopted.is_empty() {
            subs.push(format!("adopted: {}", list(&p.adopted)));
        }
        if !p.dropped.is_empty() {
            subs.push(format!("dropped: {}", list(&p.dropped)));
        }
        if !p.resequenced.is_empty() {
            let moved: Vec<String> = p
                .resequenced
                .iter()
                .map(|r| format!("{} {} -> {}", self.esc(&r.module), seq(r.old), seq(r.new)))
                .collect();
            subs.push(format!("re-sequenced: {}", moved.join(", ")));
        }
        (self.esc(&p.scope), subs)
    }
}

/// The diff as text (`markdown` adds headings and bullets): the counts, then a section per non-empty list.
pub fn write_text(d: &Diff, markdown: bool, out: &mut dyn Write) -> io::Result<()> {
    if markdown {
        out.write_all(b"# Dataset changes\n\n")?;
    }
    let bullet = if markdown { "- " } else { "" };
    writeln!(out, "{bullet}{}", counts(d))?;
    for line in plan_counts(d) {
        writeln!(out, "{bullet}{line}")?;
    }
    let mut s = Sections { out, markdown };
    let broken = d.broken.iter().map(|b| s.broken(b)).collect();
    s.flat("modules naming removed or re-coded codes", broken)?;
    standards(&mut s, d)?;
    s.flat("modules added", d.modules_added.iter().map(|i| s.item(i)).collect())?;
    s.flat("modules removed", d.modules_removed.iter().map(|i| s.item(i)).collect())?;
    let changed = d
        .modules_changed
        .iter()
        .map(|m| {
            let list = |v: &[String]| v.iter().map(|c| s.esc(c)).collect::<Vec<_>>().join(", ");
            let mut parts = Vec::new();
            if !m.standards_added.is_empty() {
                parts.push(format!("standards added {}", list(&m.standards_added)));
            }
            if !m.standards_dropped.is_empty() {
                parts.push(format!("standards dropped {}", list(&m.standards_dropped)));
            }
            parts.extend(m.fields.iter().map(|f| s.field(f)));
            format!("{}: {}", s.esc(&m.id), parts.join("; "))
        })
        .collect();
    s.flat("modules changed", changed)?;
    s.flat("scopes added", d.scopes_added.iter().map(|i| s.item(i)).collect())?;
    s.flat("scopes removed", d.scopes_removed.iter().map(|i| s.item(i)).collect())?;
    let changed = d
        .scopes_changed
        .iter()
        .map(|c| {
            let fields: Vec<String> = c.fields.iter().map(|f| s.field(f)).collect();
            format!("{}: {}", s.esc(&c.id), fields.join("; "))
        })
        .collect();
    s.flat("scopes changed", changed)?;
    let plans = d.plans.iter().map(|p| s.plan(p)).collect();
    s.nested("plans changed", d.plans.len(), plans)
}

/// The sections of standards and edges.
fn standards(s: &mut Sections, d: &Diff) -> io::Result<()> {
    let e = |x: &str| s.esc(x);
    let triple = |v: &[(String, String, String)], f: &dyn Fn(&str, &str, &str) -> String| {
        v.iter().map(|(a, b, c)| f(&e(a), &e(b), &e(c))).collect::<Vec<_>>()
    };
    let added = d.added.iter().map(|k| e(k)).collect();
    let removed = d.removed.iter().map(|k| e(k)).collect();
    let recoded = d.recoded.iter().map(|(o, n)| format!("{} -> {}", e(o), e(n))).collect();
    let regraded = triple(&d.regraded, &|k, o, n| format!("{k}: grade {o} -> {n}"));
    let summaries = triple(&d.summaries, &|k, o, n| format!("{k}: \"{o}\" -> \"{n}\""));
    let focus = triple(&d.focus, &|k, o, n| format!("{k}: {o} -> {n}"));
    let other = d.other.iter().map(|(k, f, o, n)| format!("{}: {f} \"{}\" -> \"{}\"", e(k), e(o), e(n))).collect();
    // The kind of an edge is the engine's word, not the data's: shown as it is.
    let edges = |v: &[(String, String, String)]| {
        v.iter().map(|(k, a, b)| format!("{k} {} -> {}", e(a), e(b))).collect::<Vec<_>>()
    };
    let (edges_added, edges_removed) = (edges(&d.edges_added), edges(&d.edges_removed));
    s.flat("standards added", added)?;
    s.flat("standards removed", removed)?;
    s.flat("standards re-coded", recoded)?;
    s.flat("standards re-graded", regraded)?;
    s.flat("summaries changed", summaries)?;
    s.flat("focus changed", focus)?;
    s.flat("other field changes", other)?;
    s.flat("edges added", edges_added)?;
    s.flat("edges removed", edges_removed)
}

/// The diff as JSON: `counts`, then every list. The keys of the standards and
/// edges come first, as they always have; modules, scopes, plans and broken
/// modules follow.
pub fn json(d: &Diff) -> Value {
    let triple = |v: &[(String, String, String)], names: [&str; 3]| {
        v.iter().map(|(a, b, c)| json!({names[0]: a, names[1]: b, names[2]: c})).collect::<Vec<_>>()
    };
    let items = |v: &[Item], title: &str| v.iter().map(|i| json!({"id": i.id, title: i.title})).collect::<Vec<_>>();
    let fields =
        |v: &[FieldChange]| v.iter().map(|f| json!({"field": f.field, "old": f.old, "new": f.new})).collect::<Vec<_>>();
    let sum = |f: fn(&PlanChange) -> usize| d.plans.iter().map(f).sum::<usize>();
    let mut doc = json!({
        "counts": {
            "added": d.added.len(), "removed": d.removed.len(), "recoded": d.recoded.len(), "regraded": d.regraded.len(),
            "summaries": d.summaries.len(), "focus": d.focus.len(), "other": d.other.len(),
            "edges_added": d.edges_added.len(), "edges_removed": d.edges_removed.len(),
            "modules_added": d.modules_added.len(), "modules_removed": d.modules_removed.len(),
            "modules_changed": d.modules_changed.len(), "scopes_added": d.scopes_added.len(),
            "scopes_removed": d.scopes_removed.len(), "scopes_changed": d.scopes_changed.len(),
            "plans": d.plans.len(), "adopted": sum(|p| p.adopted.len()), "dropped": sum(|p| p.dropped.len()),
            "resequenced": sum(|p| p.resequenced.len()), "broken_modules": d.broken.len(),
        },
        "added": d.added,
        "removed": d.removed,
        "recoded": d.recoded.iter().map(|(o, n)| json!({"old": o, "new": n})).collect::<Vec<_>>(),
        "regraded": triple(&d.regraded, ["code", "old", "new"]),
        "summaries": triple(&d.summaries, ["code", "old", "new"]),
        "focus": triple(&d.focus, ["code", "old", "new"]),
        "other": d.other.iter().map(|(k, f, o, n)| json!({"code": k, "field": f, "old": o, "new": n})).collect::<Vec<_>>(),
        "edges_added": triple(&d.edges_added, ["kind", "from", "to"]),
        "edges_removed": triple(&d.edges_removed, ["kind", "from", "to"]),
    });
    doc["modules_added"] = json!(items(&d.modules_added, "title"));
    doc["modules_removed"] = json!(items(&d.modules_removed, "title"));
    doc["modules_changed"] = d
        .modules_changed
        .iter()
        .map(|m| {
            json!({"id": m.id, "standards_added": m.standards_added, "standards_dropped": m.standards_dropped,
                   "fields": fields(&m.fields)})
        })
        .collect();
    doc["scopes_added"] = json!(items(&d.scopes_added, "name"));
    doc["scopes_removed"] = json!(items(&d.scopes_removed, "name"));
    doc["scopes_changed"] = d.scopes_changed.iter().map(|s| json!({"id": s.id, "fields": fields(&s.fields)})).collect();
    doc["plans"] = d
        .plans
        .iter()
        .map(|p| {
            let moved: Vec<Value> =
                p.resequenced.iter().map(|r| json!({"module": r.module, "old": r.old, "new": r.new})).collect();
            json!({"scope": p.scope, "adopted": p.adopted, "dropped": p.dropped, "resequenced": moved})
        })
        .collect();
    doc["broken_modules"] = d
        .broken
        .iter()
        .map(|b| {
            let codes: Vec<Value> =
                b.codes.iter().map(|c| json!({"code": c.code, "old": c.old, "new": c.new})).collect();
            json!({"module": b.module, "codes": codes})
        })
        .collect();
    doc
}
