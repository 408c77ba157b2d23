//! Reads the native JSON format (see [`crate::native`]), record by record.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::records::{
    AssociationRec, ClusterRec, CrosswalkRec, DomainRec, EdgeRec, FrameworkRec, ModuleRec, PlanRec, PracticeRec,
    ProgressionRec, ScopeRec, StandardRec,
};
use super::{MANIFEST, MANIFEST_KEYS, PART_KEYS, SECTIONS, key, section};
use crate::finding::{Code, Finding};
use crate::formats::spanned::{self, Kind, LineIndex, Node};
use crate::load::{Fs, LoadError, LoadErrorKind, Loaded, decode};
use crate::model::{
    Association, Cluster, Crosswalk, Dataset, Domain, Edge, EdgeKind, Focus, Framework, Grade, Module, ModuleKind,
    Origin, Plans, Practice, ProgressionTag, Scope, Standard,
};

/// Loads a framework folder: its manifest and the part files it lists.
pub(crate) fn load_folder(fs: &Fs, dir: &Path) -> Result<Loaded, LoadError> {
    load_manifest(fs, &dir.join(MANIFEST), true)
}

/// Loads one native JSON file: a manifest (with the parts it lists) or a
/// part, or a CASE package, whose grade-less standards take `case_grade`.
pub(crate) fn load_file(fs: &Fs, path: &Path, case_grade: Option<Grade>) -> Result<Loaded, LoadError> {
    // The file is read and validated once; a CASE package, which can be hundreds of
    // megabytes, is then read element by element, without building the whole tree.
    let (text, name) = read_text(fs, path)?;
    spanned::check(&text).map_err(|e| malformed(&name, &e))?;
    if text[spanned::root_start(&text)..].starts_with('{') && crate::formats::case::is_case_text(&text) {
        let stem = path.file_stem().map(|s| s.to_string_lossy().trim_end_matches(".case").to_string());
        let (dataset, findings, summary) =
            crate::formats::case::read(&name, &text, stem.as_deref().unwrap_or("case"), case_grade)?;
        let mut loaded = Loaded { dataset, findings, ..Loaded::default() };
        loaded.files.push(name.to_string());
        loaded.imports.push((name.to_string(), summary));
        return Ok(loaded);
    }
    let root = parse_object(&name, &text, false)?;
    if root.get(key::FRAMEWORK).is_some_and(|f| matches!(f.kind, Kind::Object(_))) {
        return load_manifest_parsed(fs, path, &text, &root, name, false);
    }
    let mut loaded = Loaded::default();
    let default_fw = path
        .parent()
        .and_then(|p| std::fs::canonicalize(p).ok())
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "default".to_string());
    let fw = read_part(&text, &root, &name, &default_fw, &mut loaded)?;
    // A part file with a standards list was meant to hold standards; one of modules, scopes and plans was not.
    if root.get(section::STANDARDS).is_some() && loaded.dataset.standards.is_empty() {
        return Err(no_standard(&name, &loaded, "its \"standards\" list is empty"));
    }
    if !loaded.dataset.frameworks.iter().any(|f| f.id == fw) {
        loaded.dataset.frameworks.push(Framework { id: fw, origin: Origin::file(&name), ..Framework::default() });
    }
    loaded.files.push(name.to_string());
    Ok(loaded)
}

fn read_json(fs: &Fs, path: &Path) -> Result<(String, Node, Arc<str>), LoadError> {
    let (text, name) = read_text(fs, path)?;
    let root = parse_object(&name, &text, true)?;
    Ok((text, root, name))
}

/// A JSON file's text: decoded once, never empty.
fn read_text(fs: &Fs, path: &Path) -> Result<(String, Arc<str>), LoadError> {
    let name = fs.name(path);
    let text = decode(&name, fs.read(path)?)?;
    if text.trim().is_empty() {
        return Err(LoadError::new(name.to_string(), "empty file", "a native dataset file holds one JSON object"));
    }
    Ok((text, name))
}

fn malformed(name: &Arc<str>, e: &spanned::SyntaxError) -> LoadError {
    let help = if e.message.starts_with("recursion limit") {
        "no dataset nests this deep: check that this is the file meant"
    } else {
        "fix the JSON syntax at this place"
    };
    LoadError::new(name.to_string(), format!("malformed JSON: {}", e.message), help)
        .at(e.line as u32, Some(e.column as u32))
}

/// The positioned tree of a JSON object; `check` false when the text was validated already.
fn parse_object(name: &Arc<str>, text: &str, check: bool) -> Result<Node, LoadError> {
    if check {
        spanned::check(text).map_err(|e| malformed(name, &e))?;
    }
    // A plan list can hold millions of records: it is read from the text, record by record ([`read_plans`]).
    let root = spanned::parse_valid_deferring(text, section::PLANS);
    if let Kind::Unreadable(why) = &root.kind {
        let (line, col) = LineIndex::new(text).locate(text, root.pos);
        return Err(LoadError::new(
            name.to_string(),
            format!("the file holds {why}"),
            "a native dataset file is an object",
        )
        .at(line, Some(col)));
    }
    if !matches!(root.kind, Kind::Object(_)) {
        return Err(LoadError::new(
            name.to_string(),
            format!("format not recognized: the file holds {}, not a JSON object", root.type_name()),
            "a native dataset file is an object with \"framework\" (a manifest) or record lists such as \"standards\"",
        )
        .at(1, Some(1)));
    }
    Ok(root)
}

fn load_manifest(fs: &Fs, path: &Path, in_folder: bool) -> Result<Loaded, LoadError> {
    let (text, root, name) = read_json(fs, path)?;
    load_manifest_parsed(fs, path, &text, &root, name, in_folder)
}

fn load_manifest_parsed(
    fs: &Fs,
    path: &Path,
    text: &str,
    root: &Node,
    name: Arc<str>,
    in_folder: bool,
) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    let mut cx = FileCx::new(text, name.clone());
    let mut framework = read_framework(&mut cx, root)?;
    let fw_id = framework.id.clone();
    cx.unknown_keys(root, &[&MANIFEST_KEYS[..], &SECTIONS[..]].concat());
    for (p, _) in cx.section::<ProgressionRec>(root, key::PROGRESSIONS) {
        framework.progressions.push(ProgressionTag { tag: p.tag, title: p.title, grades: p.grades });
    }
    for (p, node) in cx.section::<PracticeRec>(root, key::PRACTICES) {
        loaded.dataset.practices.push(Practice {
            framework: fw_id.clone(),
            id: p.id,
            title: p.title,
            summary: p.summary,
            origin: cx.origin(node.pos),
        });
    }
    let files: Vec<(String, usize)> =
        cx.section::<String>(root, key::FILES).into_iter().map(|(f, n)| (f, n.pos)).collect();
    loaded.dataset.frameworks.push(framework);
    read_sections(&mut cx, root, &fw_id, None, &mut loaded.dataset);
    loaded.findings.append(&mut cx.findings);
    loaded.files.push(name.to_string());

    let dir = path.parent().unwrap_or(Path::new(""));
    let mut listed = BTreeSet::new();
    for (file, pos) in files {
        // A manifest lists files of its own folder: no absolute path, no way up.
        let relative = Path::new(&file);
        if relative.is_absolute() || relative.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
            let (line, col) = cx.pos(pos);
            return Err(LoadError::new(
                name.to_string(),
                format!("the manifest lists {file:?}, which is not a file of its own folder"),
                "list part files by their names relative to the manifest's folder, without .. or a leading /",
            )
            .at(line, Some(col)));
        }
        let part_path = dir.join(&file);
        listed.insert(part_path.clone());
        let (text, root, part_name) = match read_json(fs, &part_path) {
            Ok(x) => x,
            Err(mut e) if e.kind == LoadErrorKind::Unreadable => {
                // Name the manifest line that lists the missing file.
                let (line, col) = cx.pos(pos);
                e.help = format!("{} lists it at line {line}, column {col}; fix the name or add the file", name);
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        read_part(&text, &root, &part_name, &fw_id, &mut loaded)?;
        loaded.files.push(part_name.to_string());
    }
    if in_folder {
        loaded.findings.extend(unlisted_files(fs, dir, &listed, &name));
    }
    if loaded.dataset.standards.is_empty() {
        return Err(no_standard(&name, &loaded, "neither the manifest nor a part file it lists has a standard"));
    }
    Ok(loaded)
}

/// A framework, or a part file with a standards list, that yields no
/// standard: the error that stops the load, with why (`empty`, or the first
/// record dropped), rather than a run on the embedded data or on nothing.
fn no_standard(name: &str, loaded: &Loaded, empty: &str) -> LoadError {
    let dropped: Vec<&Finding> = loaded.findings.iter().filter(|f| f.code == Code::D6).collect();
    let message = match dropped.first() {
        None => format!("no standard: {empty}"),
        Some(f) => {
            let at = f.origin.as_ref().map(|o| format!(" ({o})")).unwrap_or_default();
            let n = dropped.len();
            format!(
                "no standard could be read: {n} record{} dropped, the first: {}{at}",
                if n == 1 { "" } else { "s" },
                f.message
            )
        }
    };
    LoadError::new(
        name,
        message,
        "fix the standards (validate lists every dropped record once one loads), or load modules, scopes and plans without a framework to check them against the embedded CCSS-M",
    )
}

/// The manifest's framework object; a manifest without one cannot be read.
fn read_framework(cx: &mut FileCx, root: &Node) -> Result<Framework, LoadError> {
    let Some(fw_node) = root.get(key::FRAMEWORK) else {
        return Err(LoadError::new(
            cx.name.to_string(),
            "the manifest has no \"framework\" object",
            "add \"framework\": {\"id\": \"...\", \"title\": \"...\"}",
        ));
    };
    if let Some((bad, why)) = fw_node.unreadable() {
        let (line, col) = cx.pos(bad.pos);
        return Err(LoadError::new(
            cx.name.to_string(),
            format!("the manifest's \"framework\" object holds {why}"),
            spanned::UNREADABLE_HELP,
        )
        .at(line, Some(col)));
    }
    let Some(meta) = cx.record::<FrameworkRec>(key::FRAMEWORK, fw_node) else {
        let (line, col) = cx.pos(fw_node.pos);
        return Err(LoadError::new(
            cx.name.to_string(),
            "the manifest's \"framework\" object cannot be read",
            "give it at least an \"id\" string",
        )
        .at(line, Some(col)));
    };
    Ok(Framework {
        id: meta.id.trim().to_string(),
        title: meta.title,
        version: meta.version,
        source: meta.source,
        licence: meta.licence,
        notes: meta.notes,
        progressions: Vec::new(),
        origin: cx.origin(fw_node.pos),
    })
}

/// F2 for each JSON file in the folder that the manifest does not list.
fn unlisted_files(fs: &Fs, dir: &Path, listed: &BTreeSet<std::path::PathBuf>, manifest: &str) -> Vec<Finding> {
    fs.json_files(dir)
        .into_iter()
        .filter(|p| !listed.contains(p) && p.file_name().is_none_or(|n| n != MANIFEST))
        .map(|p| {
            Finding::new(
                Code::F2,
                format!(
                    "{} is in the framework folder but {} does not list it; it was not loaded",
                    fs.name(&p),
                    MANIFEST
                ),
                format!(
                    "add \"{}\" to \"{}\" in {manifest}, or move it out of the folder",
                    p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
                    key::FILES,
                ),
            )
            .at(&Origin::file(&fs.name(&p)))
        })
        .collect()
}

/// Reads a part file's records; returns the framework they belong to.
fn read_part(
    text: &str,
    root: &Node,
    name: &Arc<str>,
    default_fw: &str,
    loaded: &mut Loaded,
) -> Result<String, LoadError> {
    let mut cx = FileCx::new(text, name.clone());
    let known: Vec<&str> = [&PART_KEYS[..], &SECTIONS[..]].concat();
    let has_any = match &root.kind {
        Kind::Object(fields) => fields.iter().any(|(k, _, _)| known.contains(&k.as_str()) && k != key::SCHEMA),
        _ => false,
    };
    if !has_any {
        return Err(LoadError::new(
            name.to_string(),
            "format not recognized: neither the native format (no \"framework\", no record list such as \"standards\") nor a CASE package (no \"CFItems\" or \"CFDocument\")",
            "a manifest has a \"framework\" object; a part file has record lists such as \"standards\"; a CASE package has CFDocument, CFItems and CFAssociations",
        ));
    }
    cx.unknown_keys(root, &known);
    let fw = cx
        .record::<Option<String>>(
            key::FRAMEWORK,
            root.get(key::FRAMEWORK).unwrap_or(&Node { pos: 0, kind: Kind::Null }),
        )
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| default_fw.to_string());
    let grade = match root.get(key::GRADE) {
        None => None,
        Some(node) => match node.as_str().and_then(Grade::parse) {
            Some(g) => Some(g),
            None => {
                cx.push(
                    Finding::new(
                        Code::D6,
                        format!("the file's \"grade\" is {}, not a grade", show(node)),
                        "write PK, K, 1..12 or HS; records without a grade of their own are dropped until then",
                    )
                    .at(&cx.origin(node.pos)),
                );
                None
            }
        },
    };
    read_sections(&mut cx, root, &fw, grade, &mut loaded.dataset);
    loaded.findings.append(&mut cx.findings);
    Ok(fw)
}

fn show(node: &Node) -> String {
    match &node.kind {
        Kind::String(s) => format!("\"{s}\""),
        Kind::Unreadable(why) => why.clone(),
        _ => node.type_name().to_string(),
    }
}

/// Reads the record lists of a manifest or part into `ds`.
fn read_sections(cx: &mut FileCx, root: &Node, fw: &str, file_grade: Option<Grade>, ds: &mut Dataset) {
    read_domains(cx, root, fw, file_grade, ds);
    read_clusters(cx, root, fw, file_grade, ds);
    read_standards(cx, root, fw, file_grade, ds);
    read_edges(cx, root, ds);
    read_modules(cx, root, ds);
    read_scopes(cx, root, fw, ds);
    read_links(cx, root, fw, ds);
    read_plans(cx, root, ds);
}

fn read_domains(cx: &mut FileCx, root: &Node, fw: &str, file_grade: Option<Grade>, ds: &mut Dataset) {
    for (d, node) in cx.section::<DomainRec>(root, section::DOMAINS) {
        let Some(id) = cx.required_text(&d.id, "domain", "id", node) else { continue };
        let Ok(grade) = cx.grade_of(d.grade.as_deref(), file_grade, node, "domain", false) else { continue };
        ds.domains.push(Domain {
            framework: fw.to_string(),
            id,
            grade,
            title: d.title,
            category: d.category,
            origin: cx.origin(node.pos),
        });
    }
}

fn read_clusters(cx: &mut FileCx, root: &Node, fw: &str, file_grade: Option<Grade>, ds: &mut Dataset) {
    for (c, node) in cx.section::<ClusterRec>(root, section::CLUSTERS) {
        let Some(id) = cx.required_text(&c.id, "cluster", "id", node) else { continue };
        let Ok(grade) = cx.grade_of(c.grade.as_deref(), file_grade, node, "cluster", false) else { continue };
        let Ok(focus) = cx.focus_of(c.focus.as_deref(), node) else { continue };
        ds.clusters.push(Cluster {
            framework: fw.to_string(),
            id,
            domain: c.domain,
            grade,
            focus,
            title: c.title,
            origin: cx.origin(node.pos),
        });
    }
}

fn read_standards(cx: &mut FileCx, root: &Node, fw: &str, file_grade: Option<Grade>, ds: &mut Dataset) {
    for (s, node) in cx.section::<StandardRec>(root, section::STANDARDS) {
        let Some(id) = cx.required_text(&s.id, "standard", "id", node) else { continue };
        let Ok(Some(grade)) = cx.grade_of(s.grade.as_deref(), file_grade, node, "standard", true) else { continue };
        let Ok(focus) = cx.focus_of(s.focus.as_deref(), node) else { continue };
        let parent_origin = cx.origin(node.get("parent").map_or(node.pos, |p| p.pos));
        ds.standards.push(Standard {
            framework: fw.to_string(),
            id,
            grade,
            domain: s.domain,
            cluster: s.cluster,
            focus,
            parent: s.parent.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            summary: s.summary,
            statement: s.statement,
            note: s.note,
            entry: s.entry,
            wap: s.wap,
            modeling: s.modeling,
            plus: s.plus,
            courses: s.courses.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
            origin: cx.origin(node.pos),
            parent_origin,
        });
    }
}

fn read_edges(cx: &mut FileCx, root: &Node, ds: &mut Dataset) {
    for (kind, list) in [(EdgeKind::BuildsTowards, section::BUILDS_TOWARDS), (EdgeKind::RelatesTo, section::RELATES_TO)]
    {
        for (e, node) in cx.section::<EdgeRec>(root, list) {
            let Some(from) = cx.required_text(&e.from, kind.as_str(), "from", node) else { continue };
            let Some(to) = cx.required_text(&e.to, kind.as_str(), "to", node) else { continue };
            ds.edges.push(Edge {
                kind,
                from,
                to,
                progression: e.progression,
                note: e.note,
                origin: cx.origin(node.pos),
                from_origin: cx.origin(node.get("from").map_or(node.pos, |n| n.pos)),
                to_origin: cx.origin(node.get("to").map_or(node.pos, |n| n.pos)),
            });
        }
    }
}

fn read_modules(cx: &mut FileCx, root: &Node, ds: &mut Dataset) {
    for (m, node) in cx.section::<ModuleRec>(root, section::MODULES) {
        let Some(id) = cx.required_text(&m.id, "module", "id", node) else { continue };
        let Some(kind) = ModuleKind::parse(&m.kind) else {
            cx.bad_value(node, "kind", &m.kind, "module", "write pd or intervention");
            continue;
        };
        let standards: Vec<String> =
            m.standards.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        if standards.is_empty() {
            cx.push(
                Finding::new(
                    Code::D6,
                    format!("module {id} names no standard"),
                    "list the standards it addresses in \"standards\"",
                )
                .at(&cx.origin(node.get("standards").map_or(node.pos, |n| n.pos))),
            );
            continue;
        }
        ds.modules.push(Module {
            id,
            kind,
            title: m.title,
            provider: m.provider,
            standards,
            tier: m.tier,
            evidence: m.evidence,
            origin: cx.origin(node.pos),
        });
    }
}

fn read_scopes(cx: &mut FileCx, root: &Node, fw: &str, ds: &mut Dataset) {
    for (s, node) in cx.section::<ScopeRec>(root, section::SCOPES) {
        let Some(id) = cx.required_text(&s.id, "scope", "id", node) else { continue };
        let Some(lo) = Grade::parse(&s.grade_lo) else {
            cx.bad_value(node, "grade_lo", &s.grade_lo, "scope", "write PK, K, 1..12 or HS");
            continue;
        };
        let Some(hi) = Grade::parse(&s.grade_hi) else {
            cx.bad_value(node, "grade_hi", &s.grade_hi, "scope", "write PK, K, 1..12 or HS");
            continue;
        };
        if lo.level() > hi.level() {
            cx.push(
                Finding::new(
                    Code::D6,
                    format!("scope {id} has grade_lo {lo} above grade_hi {hi}"),
                    "swap the two grades, or fix the one that is wrong",
                )
                .at(&cx.origin(node.pos)),
            );
            continue;
        }
        ds.scopes.push(Scope {
            id,
            name: s.name,
            framework: s.framework.or_else(|| root.get(key::FRAMEWORK).and(Some(fw.to_string()))),
            parent: s.parent,
            grade_lo: lo,
            grade_hi: hi,
            origin: cx.origin(node.pos),
        });
    }
}

/// Crosswalks and kept associations: links as written, to be resolved later.
fn read_links(cx: &mut FileCx, root: &Node, fw: &str, ds: &mut Dataset) {
    for (c, node) in cx.section::<CrosswalkRec>(root, section::CROSSWALKS) {
        let Some(from) = cx.required_text(&c.from, "crosswalk", "from", node) else { continue };
        let Some(to) = cx.required_text(&c.to, "crosswalk", "to", node) else { continue };
        ds.crosswalks.push(Crosswalk { framework: fw.to_string(), from, to, origin: cx.origin(node.pos) });
    }
    for (a, node) in cx.section::<AssociationRec>(root, section::ASSOCIATIONS) {
        let Some(kind) = cx.required_text(&a.kind, "association", "kind", node) else { continue };
        let Some(from) = cx.required_text(&a.from, "association", "from", node) else { continue };
        let Some(to) = cx.required_text(&a.to, "association", "to", node) else { continue };
        ds.associations.push(Association { framework: fw.to_string(), kind, from, to, origin: cx.origin(node.pos) });
    }
}

/// Reads the plan list, which [`spanned::parse_valid_deferring`] left as
/// text: slices of records are deserialized straight from their text on
/// threads, positions kept; a slice holding a record that is not a plain
/// plan (an unknown field, a wrong type, an empty id, a value serde cannot
/// hold) is read record by record through the positioned tree instead,
/// which names each fault where it stands. Both ways give the same rows.
fn read_plans(cx: &mut FileCx, root: &Node, ds: &mut Dataset) {
    let spans = match root.get(section::PLANS) {
        Some(list) if cx.text.as_bytes().get(list.pos) == Some(&b'[') => {
            spanned::element_spans(cx.text, list.pos).unwrap_or_default()
        }
        // Not a list: the tree reader reports it.
        Some(_) => return plans_by_tree(cx, root, ds),
        None => return,
    };
    use rayon::prelude::*;
    let (text, name, lines) = (cx.text, &cx.name, &cx.lines);
    let slices: Vec<Option<Plans>> = spans.par_chunks(4096).map(|part| plain_plans(text, name, lines, part)).collect();
    for (k, slice) in slices.into_iter().enumerate() {
        match slice {
            Some(plans) => ds.plans.extend(plans),
            None => {
                for &(start, _) in &spans[k * 4096..((k + 1) * 4096).min(spans.len())] {
                    let Some(node) = spanned::value_at(cx.text, start) else { continue };
                    plan_by_tree(cx, &node, ds);
                }
            }
        }
    }
}

/// A plan record as it is nearly always written: nothing but its three
/// fields, the ids unescaped where they can be borrowed.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainPlan<'t> {
    #[serde(borrow)]
    scope: std::borrow::Cow<'t, str>,
    #[serde(borrow)]
    module: std::borrow::Cow<'t, str>,
    #[serde(default)]
    sequence: Option<i64>,
}

/// The rows of a slice of plan records, when every one is a plain plan with
/// both ids; none when one is not (the tree reader reads that slice).
fn plain_plans<'t>(text: &'t str, name: &Arc<str>, lines: &LineIndex, spans: &[(usize, usize)]) -> Option<Plans> {
    let mut plans = Plans::default();
    // Ids as written in the text are stored once per slice; an escaped id is rare and stored each time.
    let mut ids: rustc_hash::FxHashMap<&'t str, u32> = Default::default();
    let mut id = |plans: &mut Plans, id: std::borrow::Cow<'t, str>| -> Option<u32> {
        match id {
            std::borrow::Cow::Borrowed(id) => {
                let trimmed = id.trim();
                if trimmed.is_empty() {
                    return None;
                }
                Some(*ids.entry(trimmed).or_insert_with(|| plans.name(trimmed)))
            }
            std::borrow::Cow::Owned(id) => Some(id.trim()).filter(|t| !t.is_empty()).map(|t| plans.name(t)),
        }
    };
    for &(start, end) in spans {
        let p: PlainPlan<'t> = serde_json::from_str(&text[start..end]).ok()?;
        let scope = id(&mut plans, p.scope)?;
        let module = id(&mut plans, p.module)?;
        let (line, column) = lines.locate(text, start);
        plans.push_placed(scope, module, p.sequence, name, line, column);
    }
    Some(plans)
}

/// The record whose text starts at `pos`, deserialized from the text: none
/// when it holds an error or a field the record does not know (the tree
/// reader then says which and where), or when it is a duplicate key's
/// earlier value, which the tree reader does not read either.
fn plain_record<T: DeserializeOwned>(text: &str, pos: usize) -> Option<T> {
    let mut de = serde_json::Deserializer::from_str(text.get(pos..)?);
    let mut unknown = false;
    let rec = serde_ignored::deserialize(&mut de, |_| unknown = true).ok()?;
    (!unknown).then_some(rec)
}

fn plans_by_tree(cx: &mut FileCx, root: &Node, ds: &mut Dataset) {
    for (p, node) in cx.section::<PlanRec>(root, section::PLANS) {
        plan_rec(cx, &p, node, ds);
    }
}

/// One plan record read through the positioned tree, its faults named where they stand.
fn plan_by_tree(cx: &mut FileCx, node: &Node, ds: &mut Dataset) {
    if let Some(p) = cx.record::<PlanRec>("plan", node) {
        plan_rec(cx, &p, node, ds);
    }
}

fn plan_rec(cx: &mut FileCx, p: &PlanRec, node: &Node, ds: &mut Dataset) {
    let Some(scope) = cx.required_text(&p.scope, "plan", "scope", node) else { return };
    let Some(module) = cx.required_text(&p.module, "plan", "module", node) else { return };
    ds.plans.push(&scope, &module, p.sequence, &cx.origin(node.pos));
}

/// One file being read: its text, line index and the findings met so far.
struct FileCx<'t> {
    text: &'t str,
    name: Arc<str>,
    lines: LineIndex,
    findings: Vec<Finding>,
}

impl<'t> FileCx<'t> {
    fn new(text: &'t str, name: Arc<str>) -> FileCx<'t> {
        FileCx { text, lines: LineIndex::new(text), name, findings: Vec::new() }
    }

    fn pos(&self, pos: usize) -> (u32, u32) {
        self.lines.locate(self.text, pos)
    }

    fn origin(&self, pos: usize) -> Origin {
        let (line, col) = self.pos(pos);
        Origin::at(&self.name, line, Some(col))
    }

    fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    /// Warns about keys of `node` that the format does not know.
    fn unknown_keys(&mut self, node: &Node, known: &[&str]) {
        if let Kind::Object(fields) = &node.kind {
            for (k, pos, _) in fields {
                if !known.contains(&k.as_str()) {
                    let f = Finding::new(
                        Code::F1,
                        format!("unknown field \"{k}\" is ignored"),
                        format!("the known fields here are: {}", known.join(", ")),
                    )
                    .at(&self.origin(*pos));
                    self.push(f);
                }
            }
        }
    }

    /// The elements of the array under `key`, each read as a `T`; bad ones become D6 findings.
    fn section<'n, T: DeserializeOwned>(&mut self, root: &'n Node, key: &str) -> Vec<(T, &'n Node)> {
        let Some(list) = root.get(key) else { return Vec::new() };
        let Kind::Array(items) = &list.kind else {
            let f = Finding::new(
                Code::D6,
                format!("\"{key}\" is {}, not a list; none of it was read", show(list)),
                format!("write \"{key}\": [ ... ] with one record per element"),
            )
            .at(&self.origin(list.pos));
            self.push(f);
            return Vec::new();
        };
        let what = key.trim_end_matches('s');
        items.iter().filter_map(|n| self.record::<T>(what, n).map(|r| (r, n))).collect()
    }

    /// Reads one record; a wrong type becomes a D6 finding at the offending value.
    fn record<T: DeserializeOwned>(&mut self, what: &str, node: &Node) -> Option<T> {
        // Straight from the text when it reads cleanly with no unknown field (nearly always);
        // otherwise through the tree, which places each fault.
        if let Some(rec) = plain_record(self.text, node.pos) {
            return Some(rec);
        }
        if let Some((at, field)) = node.unreadable_field() {
            let f = Finding::new(Code::D6, format!("{what} record dropped: {field}"), spanned::UNREADABLE_HELP);
            self.push(f.at(&self.origin(at)));
            return None;
        }
        let value = node.to_value();
        let mut ignored: Vec<String> = Vec::new();
        let mut note = |path: serde_ignored::Path<'_>| ignored.push(path.to_string());
        let de = serde_ignored::Deserializer::new(&value, &mut note);
        let result: Result<T, _> = serde_path_to_error::deserialize(de);
        match result {
            Ok(rec) => {
                for path in ignored {
                    // Point at the unknown key itself, not at its value.
                    let at = match &node.kind {
                        Kind::Object(fields) => fields.iter().find(|(k, _, _)| *k == path).map(|(_, p, _)| *p),
                        _ => None,
                    }
                    .unwrap_or(locate_path(node, &path).pos);
                    let f = Finding::new(
                        Code::F1,
                        format!("unknown field \"{path}\" in a {what} record is ignored"),
                        "check the spelling against the schema (schema/part.schema.json); unknown fields are not loaded",
                    )
                    .at(&self.origin(at));
                    self.push(f);
                }
                Some(rec)
            }
            Err(e) => {
                let path = e.path().to_string();
                let inner = e.into_inner().to_string();
                let at = locate_path(node, &path);
                let field = if path == "." { String::new() } else { format!(" field \"{path}\":") };
                let f = Finding::new(
                    Code::D6,
                    format!("{what} record dropped:{field} {inner}"),
                    "fix the value to match the schema (schema/part.schema.json)",
                )
                .at(&self.origin(at.pos));
                self.push(f);
                None
            }
        }
    }

    fn required_text(&mut self, value: &str, what: &str, field: &str, node: &Node) -> Option<String> {
        let v = value.trim();
        if v.is_empty() {
            let f = Finding::new(
                Code::D6,
                format!("{what} record dropped: \"{field}\" is empty"),
                format!("give the {what} its {field}"),
            )
            .at(&self.origin(node.get(field).map_or(node.pos, |n| n.pos)));
            self.push(f);
            return None;
        }
        Some(v.to_string())
    }

    fn bad_value(&mut self, node: &Node, field: &str, value: &str, what: &str, help: &str) {
        let f = Finding::new(Code::D6, format!("{what} record dropped: unknown {field} \"{value}\""), help)
            .at(&self.origin(node.get(field).map_or(node.pos, |n| n.pos)));
        self.push(f);
    }

    /// The record's grade, else the file's; `Err` (with a D6) when it is unknown or required and absent.
    fn grade_of(
        &mut self,
        own: Option<&str>,
        file: Option<Grade>,
        node: &Node,
        what: &str,
        required: bool,
    ) -> Result<Option<Grade>, ()> {
        match own {
            Some(text) => match Grade::parse(text) {
                Some(g) => Ok(Some(g)),
                None => {
                    self.bad_value(node, "grade", text, what, "write PK, K, 1..12 or HS");
                    Err(())
                }
            },
            None if required && file.is_none() => {
                let f = Finding::new(
                    Code::D6,
                    format!("{what} record dropped: it has no grade"),
                    "give it \"grade\", or give the file a \"grade\"",
                )
                .at(&self.origin(node.pos));
                self.push(f);
                Err(())
            }
            None => Ok(file),
        }
    }

    fn focus_of(&mut self, own: Option<&str>, node: &Node) -> Result<Option<Focus>, ()> {
        match own {
            None => Ok(None),
            Some(text) => match Focus::parse(text) {
                Some(f) => Ok(Some(f)),
                None => {
                    self.bad_value(node, "focus", text, "record", "write major, supporting or additional");
                    Err(())
                }
            },
        }
    }
}

/// The node a serde path (`standards[2]`, `entry`) points at, or `node` itself.
fn locate_path<'n>(node: &'n Node, path: &str) -> &'n Node {
    let mut cur = node;
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let (key, rest) = match seg.find('[') {
            Some(i) => (&seg[..i], &seg[i..]),
            None => (seg, ""),
        };
        if !key.is_empty() {
            match cur.get(key) {
                Some(n) => cur = n,
                None => return cur,
            }
        }
        for idx in rest.split(['[', ']']).filter(|s| !s.is_empty()) {
            match (&cur.kind, idx.parse::<usize>()) {
                (Kind::Array(items), Ok(i)) if i < items.len() => cur = &items[i],
                _ => return cur,
            }
        }
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plan lists read from the text, a slice at a time, give the rows and
    /// findings of the positioned tree, record for record: plain slices,
    /// and slices holding every kind of fault.
    #[test]
    fn plans_read_from_the_text_are_those_of_the_tree() {
        let mut text = String::from("{\"plans\": [\n");
        for i in 0..10_000 {
            let record = match i {
                5 => r#"{"scope": "S1", "module": "M1", "extra": 1}"#.to_string(),
                4100 => r#"{"scope": "S1", "module": 7}"#.to_string(),
                4101 => r#"{"scope": "  ", "module": "M2"}"#.to_string(),
                4102 => r#"{"scope": "S\u0031", "module": "M\"2", "sequence": 3}"#.to_string(),
                4103 => r#"{"scope": "S1", "module": "M3", "sequence": 1e309}"#.to_string(),
                4104 => r#"{"scope": "S1", "scope": "S2", "module": "M3"}"#.to_string(),
                4105 => r#"{"module": "M3"}"#.to_string(),
                _ => format!(r#"{{"scope": " S{} ", "module": "M{}", "sequence": {}}}"#, i % 97, i % 13, i % 7),
            };
            text.push_str(&record);
            text.push_str(if i + 1 < 10_000 { ",\n" } else { "\n" });
        }
        text.push_str("]}\n");
        let name: Arc<str> = Arc::from("plans.json");
        let read = |deferred: bool| {
            let root = if deferred {
                spanned::parse_valid_deferring(&text, section::PLANS)
            } else {
                spanned::parse_valid(&text)
            };
            let mut cx = FileCx::new(&text, name.clone());
            let mut ds = Dataset::default();
            if deferred {
                read_plans(&mut cx, &root, &mut ds)
            } else {
                plans_by_tree(&mut cx, &root, &mut ds)
            }
            (ds.plans, cx.findings)
        };
        // Reports sort findings by code and place; the tree reader met a list's type faults before its empty ids.
        let (tree, mut tree_findings) = read(false);
        let (fast, mut fast_findings) = read(true);
        crate::finding::sort(&mut tree_findings);
        crate::finding::sort(&mut fast_findings);
        assert!(
            tree.len() > 9_990 && tree_findings.len() == 5,
            "{} rows, {} findings",
            tree.len(),
            tree_findings.len()
        );
        assert!(fast == tree);
        assert_eq!(fast_findings, tree_findings);
    }
}
