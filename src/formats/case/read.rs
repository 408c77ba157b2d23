//! Reads 1EdTech CASE packages (CFPackage JSON, CASE 1.0 and 1.1).
//!
//! CFItems become domains, clusters, standards and sub-standards by their
//! type and place in the isChildOf tree; `precedes` becomes builds_towards,
//! `isRelatedTo` and `isPeerOf` relates_to, `exactMatchOf` a crosswalk. Any
//! other association type is kept as written and reported. What real servers
//! emit is tolerated: identifiers that are URIs, CFItemTypeURI objects,
//! education levels written `KG`, `K`, `00`, `03`, `3`, `K-2`, `09-12`, `HS`,
//! missing optional fields, and association ends outside the package.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::finding::{Code, Finding};
use crate::formats::spanned::{self, Kind, LineIndex, Node};
use crate::model::{
    Association, Cluster, Crosswalk, Dataset, Domain, Edge, EdgeKind, Framework, Grade, Origin, Standard,
};

/// What a CASE package held, for the import report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseSummary {
    /// CFItems in the package (repeats and unreadable ones included).
    pub items: usize,
    /// Items by what they became (domain, cluster, standard, sub-standard, group).
    pub by_kind: BTreeMap<String, usize>,
    /// CFAssociations read.
    pub associations: usize,
    /// Associations by type, as written.
    pub by_type: BTreeMap<String, usize>,
    /// Association ends that are neither an item nor the document.
    pub external_ends: usize,
    /// External ends by association type.
    pub external_by_type: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    Domain,
    Cluster,
    Standard,
    SubStandard,
    /// A grouping of unknown type (a strand, a grade level): data, not a node.
    Group,
}

impl ItemKind {
    fn name(self) -> &'static str {
        match self {
            ItemKind::Domain => "domain",
            ItemKind::Cluster => "cluster",
            ItemKind::Standard => "standard",
            ItemKind::SubStandard => "sub-standard",
            ItemKind::Group => "group",
        }
    }
}

/// A non-hierarchy association: type, origin item, destination item (if in
/// the package), destination as written (identifier, URI), position.
type Link = (String, usize, Option<usize>, (String, Option<String>), usize, (Option<String>, Option<String>));

struct Item {
    code: String,
    focus: Option<crate::model::Focus>,
    category: Option<String>,
    entry: bool,
    wap: bool,
    modeling: bool,
    plus: bool,
    courses: Vec<String>,
    official: bool,
    kind_named: Option<String>,
    statement: Option<String>,
    abbreviated: Option<String>,
    notes: Option<String>,
    levels: Option<Grade>,
    pos: usize,
}

/// A string field, or the `title` of an object (CFItemTypeURI).
fn text(node: Option<&Node>) -> Option<String> {
    let n = node?;
    let s = match &n.kind {
        Kind::String(s) => s.clone(),
        Kind::Object(_) => n.get("title").and_then(Node::as_str)?.to_string(),
        Kind::Number(x) => x.to_string(),
        _ => return None,
    };
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// What a coherence export put in an object's `extensions` (absent in other packages).
fn ext<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    node.get("extensions")?.get("coherence")?.get(key)
}

fn flag(node: &Node, key: &str) -> bool {
    matches!(ext(node, key).map(|n| &n.kind), Some(Kind::Bool(true)))
}

/// One education level: `KG`, `K`, `00`, `03`, `3`, `HS`, `PK`.
fn level(token: &str) -> Option<i8> {
    let t = token.trim().to_ascii_uppercase();
    match t.as_str() {
        "KG" | "K" => Some(0),
        "HS" => Some(9),
        "PK" | "PRE-K" => Some(-1),
        _ => Grade::parse(&t).map(Grade::level),
    }
}

/// The grade of a list of education levels: the lowest one, with ranges
/// (`K-2`, `09-12`) read as their lower end; nine and above is high school.
fn grade_of(node: Option<&Node>) -> Option<Grade> {
    let node = node?;
    let tokens: Vec<String> = match &node.kind {
        Kind::Array(items) => items.iter().filter_map(|n| text(Some(n))).collect(),
        _ => text(Some(node)).into_iter().collect(),
    };
    let lowest = tokens
        .iter()
        .flat_map(|t| t.split([',', ' ', '/']).map(str::to_string).collect::<Vec<_>>())
        .filter_map(|t| {
            let first = t.split('-').next().unwrap_or("").to_string();
            level(&t).or_else(|| level(&first))
        })
        .min()?;
    Some(Grade::from_level(lowest))
}

/// The identifier an association end names (an object's `identifier`, else
/// its `uri`, or a string) and its URI when it has one; titles of ends are
/// often placeholders (`Destination`), so they are not used.
fn end(node: Option<&Node>) -> Option<(String, Option<String>)> {
    let n = node?;
    match &n.kind {
        Kind::String(s) => Some((s.clone(), None)),
        Kind::Object(_) => {
            let id = n.get("identifier").and_then(Node::as_str).or_else(|| n.get("uri").and_then(Node::as_str))?;
            Some((id.to_string(), n.get("uri").and_then(Node::as_str).map(str::to_string)))
        }
        _ => None,
    }
}

/// A short framework id from a document title: lower case, words joined by `-`.
fn slug(title: &str) -> String {
    let words: Vec<String> =
        title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words.join("-")
}

/// The top-level members of a package (inside `CFPackage` when it wraps one), values not built.
fn package_members(text_src: &str) -> Vec<(String, usize, usize)> {
    let members = spanned::members(text_src, spanned::root_start(text_src)).unwrap_or_default();
    match members.iter().find(|m| m.0 == "CFPackage") {
        Some(&(_, _, p)) => spanned::members(text_src, p).unwrap_or_default(),
        None => members,
    }
}

/// Whether valid JSON text is a CASE package (CFItems, CFDocument or CFPackage at the top).
pub fn is_case_text(text_src: &str) -> bool {
    spanned::members(text_src, spanned::root_start(text_src))
        .unwrap_or_default()
        .iter()
        .any(|m| matches!(m.0.as_str(), "CFItems" | "CFDocument" | "CFPackage"))
}

/// Reads a CASE package (valid JSON) into records, findings and a summary.
///
/// CFItems and CFAssociations are read one element at a time and each
/// element's tree is dropped once read, so memory holds the text, the
/// compact records and the findings, never the whole document as a tree.
pub fn read(name: &Arc<str>, text_src: &str, default_fw: &str) -> (Dataset, Vec<Finding>, CaseSummary) {
    let members = package_members(text_src);
    let position = |key: &str| members.iter().rev().find(|m| m.0 == key).map(|m| m.2);
    let doc_node = position("CFDocument").and_then(|p| spanned::value_at(text_src, p));
    let lines = LineIndex::new(text_src);
    let origin = |pos: usize| {
        let (l, c) = lines.locate(text_src, pos);
        Origin::at(name, l, Some(c))
    };
    let mut ds = Dataset::default();
    let mut findings = Vec::new();
    let mut summary = CaseSummary::default();
    let doc = doc_node.as_ref();
    let doc_id = doc.and_then(|d| d.get("identifier")).and_then(Node::as_str).map(str::to_string);
    let doc_uri = doc.and_then(|d| d.get("uri")).and_then(Node::as_str).map(str::to_string);
    let fw = doc
        .and_then(|d| text(ext(d, "framework")))
        .or_else(|| doc.and_then(|d| text(d.get("title"))).map(|t| slug(&t)))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| default_fw.to_string());
    ds.frameworks.push(Framework {
        id: fw.clone(),
        title: doc.and_then(|d| text(d.get("title"))),
        version: doc.and_then(|d| text(d.get("version"))),
        source: doc.and_then(|d| text(d.get("publisher")).or_else(|| text(d.get("creator")))),
        licence: doc.and_then(|d| text(d.get("licenseURI"))),
        notes: doc.and_then(|d| text(ext(d, "notes"))),
        progressions: match doc.and_then(|d| ext(d, "progressions")).map(|n| &n.kind) {
            Some(Kind::Array(v)) => v
                .iter()
                .filter_map(|p| {
                    Some(crate::model::ProgressionTag {
                        tag: text(p.get("tag"))?,
                        title: text(p.get("title")),
                        grades: text(p.get("grades")),
                    })
                })
                .collect(),
            _ => Vec::new(),
        },
        origin: origin(doc.map_or(0, |d| d.pos)),
    });
    if let Some(Kind::Array(kept)) = doc.and_then(|d| ext(d, "associations")).map(|n| &n.kind) {
        for a in kept {
            if let (Some(kind), Some(from), Some(to)) =
                (text(a.get("associationType")), text(a.get("origin")), text(a.get("destination")))
            {
                ds.associations.push(Association { framework: fw.clone(), kind, from, to, origin: origin(a.pos) });
            }
        }
    }

    // Items, by identifier and by URI.
    let mut items: Vec<Item> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut item_count = 0usize;
    let mut each_item = |node: Node| {
        let node = &node;
        item_count += 1;
        let Some(identifier) = text(node.get("identifier")).or_else(|| text(node.get("uri"))) else {
            findings.push(
                Finding::new(Code::D6, "CFItem dropped: it has no identifier", "give every CFItem an identifier")
                    .at(&origin(node.pos)),
            );
            return;
        };
        let code = text(node.get("humanCodingScheme"))
            .or_else(|| text(node.get("listEnumeration")))
            .unwrap_or_else(|| identifier.clone());
        if index.contains_key(&identifier) {
            findings.push(
                Finding::new(
                    Code::D1,
                    format!("CFItem {identifier} appears twice; the first is kept"),
                    "remove the repeated CFItem",
                )
                .at(&origin(node.pos))
                .ids([code]),
            );
            return;
        }
        let i = items.len();
        index.insert(identifier.clone(), i);
        if let Some(uri) = text(node.get("uri")) {
            index.entry(uri).or_insert(i);
        }
        items.push(Item {
            code,
            focus: text(ext(node, "focus")).and_then(|f| crate::model::Focus::parse(&f)),
            category: text(ext(node, "category")),
            entry: flag(node, "entry"),
            wap: flag(node, "wap"),
            modeling: flag(node, "modeling"),
            plus: flag(node, "plus"),
            courses: match ext(node, "courses").map(|n| &n.kind) {
                Some(Kind::Array(v)) => v.iter().filter_map(|c| text(Some(c))).collect(),
                _ => Vec::new(),
            },
            official: !matches!(ext(node, "statement").map(|n| &n.kind), Some(Kind::Bool(false))),
            kind_named: text(node.get("CFItemType")).or_else(|| text(node.get("CFItemTypeURI"))),
            statement: text(node.get("fullStatement")),
            abbreviated: text(node.get("abbreviatedStatement")),
            notes: text(node.get("notes")),
            levels: grade_of(node.get("educationLevel").or_else(|| node.get("educationalLevel"))),
            pos: node.pos,
        });
    };
    if let Some(p) = position("CFItems") {
        spanned::each_element(text_src, p, &mut each_item);
    }
    summary.items = item_count;

    // Associations: the hierarchy first, then the links.
    let is_document = |id: &str| Some(id) == doc_id.as_deref() || Some(id) == doc_uri.as_deref();
    let mut parent: Vec<Option<usize>> = vec![None; items.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut links: Vec<Link> = Vec::new();
    let mut each_assoc = |node: Node| {
        let node = &node;
        let kind = text(node.get("associationType")).unwrap_or_else(|| "(none)".to_string());
        summary.associations += 1;
        *summary.by_type.entry(kind.clone()).or_default() += 1;
        let (Some(from), Some(to)) = (end(node.get("originNodeURI")), end(node.get("destinationNodeURI"))) else {
            findings.push(
                Finding::new(
                    Code::D6,
                    format!("{kind} association dropped: an end is missing"),
                    "give it originNodeURI and destinationNodeURI",
                )
                .at(&origin(node.pos)),
            );
            return;
        };
        let (a, b) = (index.get(&from.0).copied(), index.get(&to.0).copied());
        for (side, found) in [(&from, a), (&to, b)] {
            if found.is_none() && !is_document(&side.0) {
                summary.external_ends += 1;
                *summary.external_by_type.entry(kind.clone()).or_default() += 1;
            }
        }
        if kind == "isChildOf" {
            if let (Some(child), Some(p)) = (a, b)
                && parent[child].is_none()
                && child != p
            {
                parent[child] = Some(p);
                children[p].push(child);
            }
            return;
        }
        match a {
            Some(a) => {
                links.push((kind, a, b, to, node.pos, (text(ext(node, "progression")), text(node.get("notes")))))
            }
            None => findings.push(
                Finding::new(
                    Code::F4,
                    format!("{kind} association from {} starts outside the package; it was not loaded", from.0),
                    "load the package that holds that item too, or ignore this if the link is not needed",
                )
                .at(&origin(node.pos))
                .ids([from.0.clone()]),
            ),
        }
    };
    if let Some(p) = position("CFAssociations") {
        spanned::each_element(text_src, p, &mut each_assoc);
    }

    // What each item becomes, by its type, or by its place in the tree.
    let kinds: Vec<ItemKind> = (0..items.len())
        .map(|i| {
            let named = items[i].kind_named.as_deref().map(str::to_ascii_lowercase);
            match named.as_deref() {
                Some("domain" | "strand" | "conceptual category") => ItemKind::Domain,
                Some("cluster") => ItemKind::Cluster,
                Some("standard") => ItemKind::Standard,
                Some("component" | "sub-standard" | "substandard" | "element" | "indicator") => ItemKind::SubStandard,
                _ => {
                    if !children[i].is_empty() && parent[i].is_none() {
                        ItemKind::Group
                    } else {
                        ItemKind::Standard
                    }
                }
            }
        })
        .collect();
    // A "standard" under a standard is its sub-standard; a standard with sub-standards stays one.
    let kinds: Vec<ItemKind> = (0..items.len())
        .map(|i| match (kinds[i], parent[i].map(|p| kinds[p])) {
            (ItemKind::Standard, Some(ItemKind::Standard)) => ItemKind::SubStandard,
            (k, _) => k,
        })
        .collect();
    let ancestor = |mut i: usize, want: ItemKind| -> Option<usize> {
        let mut guard = 0;
        while let Some(p) = parent[i] {
            if kinds[p] == want {
                return Some(p);
            }
            i = p;
            guard += 1;
            if guard > items.len() {
                break;
            }
        }
        None
    };
    let grade = |i: usize| -> Option<Grade> {
        let mut at = Some(i);
        let mut guard = 0;
        while let Some(x) = at {
            if let Some(g) = items[x].levels {
                return Some(g);
            }
            at = parent[x];
            guard += 1;
            if guard > items.len() {
                break;
            }
        }
        None
    };
    for (i, item) in items.iter().enumerate() {
        let kind = kinds[i];
        *summary.by_kind.entry(kind.name().to_string()).or_default() += 1;
        let g = grade(i);
        let domain = ancestor(i, ItemKind::Domain).map(|d| items[d].code.clone());
        match kind {
            ItemKind::Group => {}
            ItemKind::Domain => ds.domains.push(Domain {
                framework: fw.clone(),
                id: item.code.clone(),
                grade: g,
                title: item.statement.clone(),
                category: item.category.clone(),
                origin: origin(item.pos),
            }),
            ItemKind::Cluster => ds.clusters.push(Cluster {
                framework: fw.clone(),
                id: item.code.clone(),
                domain,
                grade: g,
                focus: item.focus,
                title: item.statement.clone(),
                origin: origin(item.pos),
            }),
            ItemKind::Standard | ItemKind::SubStandard => {
                let Some(g) = g else {
                    findings.push(
                        Finding::new(
                            Code::D6,
                            format!("CFItem {} dropped: no grade on it or any ancestor", item.code),
                            "give it, or an item above it, an educationLevel",
                        )
                        .at(&origin(item.pos))
                        .ids([item.code.clone()]),
                    );
                    continue;
                };
                let parent_code =
                    if kind == ItemKind::SubStandard { parent[i].map(|p| items[p].code.clone()) } else { None };
                let at = origin(item.pos);
                ds.standards.push(Standard {
                    framework: fw.clone(),
                    id: item.code.clone(),
                    grade: g,
                    domain,
                    cluster: ancestor(i, ItemKind::Cluster).map(|c| items[c].code.clone()),
                    focus: item.focus,
                    parent: parent_code,
                    summary: item.abbreviated.clone(),
                    statement: if item.official { item.statement.clone() } else { None },
                    note: item.notes.clone(),
                    entry: item.entry,
                    wap: item.wap,
                    modeling: item.modeling,
                    plus: item.plus,
                    courses: item.courses.clone(),
                    origin: at.clone(),
                    parent_origin: at,
                });
            }
        }
    }

    // Links between items; ends outside the package are reported, not loaded.
    let mut kept: BTreeMap<String, usize> = BTreeMap::new();
    for (kind, a, b, to, pos, (progression, note)) in links {
        let at = origin(pos);
        let qualified = |i: usize| format!("{fw}:{}", items[i].code);
        let edge = |k: EdgeKind, b: usize| Edge {
            kind: k,
            from: qualified(a),
            to: qualified(b),
            progression: progression.clone(),
            note: note.clone(),
            origin: at.clone(),
            from_origin: at.clone(),
            to_origin: at.clone(),
        };
        match (kind.as_str(), b) {
            ("precedes", Some(b)) => ds.edges.push(edge(EdgeKind::BuildsTowards, b)),
            ("isRelatedTo" | "isPeerOf", Some(b)) => ds.edges.push(edge(EdgeKind::RelatesTo, b)),
            ("exactMatchOf", _) => ds.crosswalks.push(Crosswalk {
                framework: fw.clone(),
                from: items[a].code.clone(),
                to: b.map_or_else(|| to.1.clone().unwrap_or_else(|| to.0.clone()), |b| items[b].code.clone()),
                origin: at,
            }),
            ("precedes" | "isRelatedTo" | "isPeerOf", None) => findings.push(
                Finding::new(
                    Code::F4,
                    format!(
                        "{kind} association from {} ends outside the package ({}); it was not loaded",
                        items[a].code, to.0
                    ),
                    "load the package that holds that item too, or ignore this if the link is not needed",
                )
                .at(&at)
                .ids([items[a].code.clone()]),
            ),
            _ => {
                *kept.entry(kind.clone()).or_default() += 1;
                ds.associations.push(Association {
                    framework: fw.clone(),
                    kind,
                    from: items[a].code.clone(),
                    to: b.map_or_else(|| to.0.clone(), |b| items[b].code.clone()),
                    origin: at,
                });
            }
        }
    }
    for (kind, n) in kept {
        findings.push(
            Finding::new(
                Code::F3,
                format!("{n} {kind} association{} kept as written; no check uses them", if n == 1 { "" } else { "s" }),
                "nothing to do; they are exported again with the data",
            )
            .at(&Origin::file(name)),
        );
    }
    (ds, findings, summary)
}
