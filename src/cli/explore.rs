//! The coaches' commands: `show`, `trace`, `path` and `progression`, as
//! text, JSON and pictures.

use std::io::Write;

use super::{CliError, Cx, Done, PathArgs, TextOrJson, ViewArgs, ViewFormat};
use crate::explore::Neighbourhood;
use crate::report::{self, explore as r};

/// What an explorer command asks.
pub(super) enum Query<'a> {
    Show(&'a str),
    Trace(&'a str, Option<i8>, i8),
    Progression(&'a str),
}

/// Loads the data and, when plans are loaded, their gaps: cards and pictures show them.
fn load(cx: &mut Cx, data: &super::DataArgs) -> Result<crate::Gaps, CliError> {
    let v = cx.load(data)?;
    let plans = !v.graph.modules.is_empty() || !v.graph.scopes.is_empty();
    crate::gaps(v, 2, &[], plans).map_err(CliError::Usage)
}

pub(super) fn run(cx: &mut Cx, view: &ViewArgs, query: Query) -> Result<Done, CliError> {
    let run = load(cx, &view.data)?;
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    let marks = match &view.scope {
        Some(id) => report::gaps::marks(&run, id)
            .ok_or_else(|| CliError::Usage(format!("no scope {id} (load its plans with --data)")))?,
        None => r::Marks::default(),
    };
    let (hood, title) = match query {
        Query::Show(code) => {
            let n = match crate::explore::find(ds, g, code) {
                Ok(n) => n,
                // A module's id gives the module's handout.
                Err(e) => match crate::unpack::find_module(ds, g, code) {
                    Some(m) => return super::unpack::show(cx, view, run, m),
                    None => return Err(CliError::Usage(e)),
                },
            };
            if matches!(view.format, ViewFormat::Text | ViewFormat::Json) {
                let plans = !g.modules.is_empty() || !g.scopes.is_empty();
                let card = r::card(
                    ds,
                    g,
                    n,
                    if plans { report::gaps::involving(&run, n, view.scope.as_deref()) } else { Vec::new() },
                );
                cx.deliver(view.out.as_deref(), |w| match view.format {
                    ViewFormat::Json => report::write_pretty(&r::card_json(ds, g, n, &card), w),
                    _ => r::write_card_text(ds, g, n, &card, w),
                })?;
                return Ok(Done::keeping(0, run));
            }
            (crate::explore::around(g, n), format!("{} and its neighbors", g.name(ds, n)))
        }
        Query::Trace(code, back, forward) => {
            let n = crate::explore::find(ds, g, code).map_err(CliError::Usage)?;
            (crate::explore::trace(g, n, back, forward), format!("The progression to {}", g.name(ds, n)))
        }
        Query::Progression(tag) => {
            let hood = crate::explore::progression(ds, g, tag);
            if hood.nodes.is_empty() {
                let tags: Vec<String> =
                    ds.frameworks.iter().flat_map(|f| f.progressions.iter().map(|p| p.tag.clone())).collect();
                return Err(CliError::Usage(format!(
                    "no edge carries the progression tag {tag}; documented tags: {}",
                    tags.join(", ")
                )));
            }
            (hood, format!("Progression {tag}"))
        }
    };
    cx.deliver(view.out.as_deref(), |w| draw(&run, &hood, &title, &query, view.format, &marks, w))?;
    Ok(Done::keeping(0, run))
}

/// A tree or progression in the asked format.
fn draw(
    run: &crate::Gaps,
    hood: &Neighbourhood,
    title: &str,
    query: &Query,
    format: ViewFormat,
    marks: &r::Marks,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    match (format, query) {
        (ViewFormat::Svg, _) => r::write_svg(ds, g, hood, title, marks, w),
        (ViewFormat::Dot, _) => r::write_dot(ds, g, hood, title, w),
        (ViewFormat::Mermaid, _) => r::write_mermaid(ds, g, hood, w),
        (ViewFormat::Json, _) => report::write_pretty(&r::hood_json(ds, g, hood), w),
        (ViewFormat::Text, Query::Progression(tag)) => r::write_progression_text(ds, g, tag, hood, w),
        (ViewFormat::Text, _) => r::write_trace_text(ds, g, hood, w),
    }
}

/// `coherence path`: up to three shortest paths between two standards.
pub(super) fn path(cx: &mut Cx, a: &PathArgs) -> Result<Done, CliError> {
    let run = load(cx, &a.data)?;
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    let from = crate::explore::find(ds, g, &a.from).map_err(CliError::Usage)?;
    let to = crate::explore::find(ds, g, &a.to).map_err(CliError::Usage)?;
    let paths = crate::explore::paths(g, from, to, a.any, 3);
    cx.deliver(a.out.as_deref(), |w| match a.format {
        TextOrJson::Json => report::write_pretty(&r::paths_json(ds, g, from, to, &paths), w),
        TextOrJson::Text => r::write_paths_text(ds, g, from, to, a.any, &paths, w),
    })?;
    Ok(Done::keeping(0, run))
}
