//! `coherence unpack MODULE` (and `coherence show MODULE`): one module as a
//! handout for a professional learning community.

use std::collections::BTreeSet;
use std::io::Write;

use super::{CliError, Cx, Done, UnpackArgs, UnpackFormat, ViewArgs, ViewFormat};
use crate::Gaps;
use crate::finding::Code;
use crate::graph::NodeId;
use crate::report::{self, explore as r, unpack as u};

/// The grades `show MODULE` reaches back and ahead: `unpack`'s defaults.
const SHOW_BACK: i8 = 2;
const SHOW_AHEAD: i8 = 1;

pub(super) fn run(cx: &mut Cx, a: &UnpackArgs) -> Result<Done, CliError> {
    let v = cx.load(&a.data)?;
    let only: Vec<String> = a.scope.iter().cloned().collect();
    let run = crate::gaps(v, 2, &only, a.scope.is_some()).map_err(CliError::Usage)?;
    let m = module(&run, &a.module)?;
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    let unpacked = crate::unpack::unpack(ds, g, m, a.back, a.ahead);
    let h = u::handout(&run, m, &unpacked, a.back, a.ahead, a.scope.as_deref()).map_err(CliError::Usage)?;
    cx.deliver(a.out.as_deref(), |w| match a.format {
        UnpackFormat::Text => u::write_text(&h, w),
        UnpackFormat::Markdown => u::write_markdown(&h, w),
        UnpackFormat::Json => write_json(&h, w),
        UnpackFormat::Html => u::write_html(&h, w),
    })?;
    Ok(Done::keeping(0, run))
}

/// `show MODULE`: the handout as text or JSON, or the module's standards and
/// their links as a picture.
pub(super) fn show(cx: &mut Cx, view: &ViewArgs, run: Gaps, m: u32) -> Result<Done, CliError> {
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    let _ = module(&run, &ds.modules[g.modules[m as usize].module].id)?;
    let unpacked = crate::unpack::unpack(ds, g, m, SHOW_BACK, SHOW_AHEAD);
    match view.format {
        ViewFormat::Text | ViewFormat::Json => {
            let h = u::handout(&run, m, &unpacked, SHOW_BACK, SHOW_AHEAD, view.scope.as_deref())
                .map_err(CliError::Usage)?;
            cx.deliver(view.out.as_deref(), |w| match view.format {
                ViewFormat::Json => write_json(&h, w),
                _ => u::write_text(&h, w),
            })?;
        }
        format => {
            let focus: Vec<NodeId> = unpacked.iter().map(|x| x.standard).collect();
            let mut nodes: BTreeSet<NodeId> = focus.iter().copied().collect();
            for x in &unpacked {
                nodes.extend(x.builds_on.iter().chain(&x.leads_to).chain(&x.related).map(|l| l.other));
            }
            let hood = crate::explore::Neighbourhood::of(g, focus, nodes);
            let marks = match &view.scope {
                Some(id) => report::gaps::marks(&run, id)
                    .ok_or_else(|| CliError::Usage(format!("no scope {id} (load its plans with --data)")))?,
                None => r::Marks::default(),
            };
            let title = format!("{} and its links", ds.modules[g.modules[m as usize].module].id);
            cx.deliver(view.out.as_deref(), |w| match format {
                ViewFormat::Dot => r::write_dot(ds, g, &hood, &title, w),
                ViewFormat::Mermaid => r::write_mermaid(ds, g, &hood, w),
                _ => r::write_svg(ds, g, &hood, &title, &marks, w),
            })?;
        }
    }
    Ok(Done::keeping(0, run))
}

fn write_json(h: &u::Handout, w: &mut dyn Write) -> std::io::Result<()> {
    let value = serde_json::to_value(h).map_err(std::io::Error::other)?;
    report::write_pretty(&value, w)
}

/// The module named `id`, with at least one standard.
///
/// # Errors
/// Exit 2 with the nearest module ids and standards when no module has the
/// id, and with the entries that named nothing when none of its entries
/// names a standard of the loaded data.
fn module(run: &Gaps, id: &str) -> Result<u32, CliError> {
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    let Some(m) = crate::unpack::find_module(ds, g, id) else {
        return Err(CliError::Usage(unknown(run, id)));
    };
    let rm = &g.modules[m as usize];
    if !rm.standards.is_empty() {
        return Ok(m);
    }
    let md = &ds.modules[rm.module];
    // The D2 findings of its entries say what each named and what is near it.
    let prefix = format!("module {}: ", md.id);
    let why: Vec<String> = run
        .validation
        .findings
        .iter()
        .filter(|f| f.code == Code::D2 && f.message.starts_with(&prefix))
        .map(|f| format!("{} ({})", &f.message[prefix.len()..], f.help))
        .collect();
    let practices = if rm.practices.is_empty() {
        String::new()
    } else {
        format!("; it names only practices ({})", r::practice_ids(ds, &rm.practices).join(", "))
    };
    let entries = if md.standards.is_empty() { "(none)".to_string() } else { md.standards.join(", ") };
    let mut message = format!(
        "module {} addresses no standard of the loaded data, so there is nothing to unpack: its entries are {entries}{practices}",
        md.id
    );
    if !why.is_empty() {
        message.push_str(&format!("; {}", why.join("; ")));
    }
    Err(CliError::Usage(message))
}

/// Why `id` names no module, with the nearest module ids and standards.
fn unknown(run: &Gaps, id: &str) -> String {
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    if g.modules.is_empty() {
        return format!("no module {id}: the data holds no module (load a catalog, modules.csv, with --data)");
    }
    let near = crate::unpack::nearest_modules(ds, g, id);
    let mut message = format!("no module {id}; the nearest module ids are {}", near.join(", "));
    if let crate::graph::Resolution::Found(n) = g.resolve(id) {
        let by: Vec<&str> =
            g.modules.iter().filter(|m| m.standards.contains(&n)).map(|m| ds.modules[m.module].id.as_str()).collect();
        message.push_str(&format!("; {id} is a standard (coherence show {id})"));
        if !by.is_empty() {
            message.push_str(&format!(", addressed by {}", by.join(", ")));
        }
    } else {
        let standards = g.suggest(ds, id);
        if !standards.is_empty() {
            message.push_str(&format!("; the nearest standards are {}", standards.join(", ")));
        }
    }
    message
}
