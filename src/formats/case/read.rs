//! Reads 1EdTech CASE packages (CFPackage JSON, CASE 1.0 and 1.1).
//!
//! CFItems become domains, clusters, standards and sub-standards by their
//! type and place in the isChildOf tree; `precedes` becomes builds_towards,
//! `isRelatedTo` and `isPeerOf` relates_to, `exactMatchOf` a crosswalk. Any
//! other association type is kept as written and reported. What real servers
//! emit is tolerated: identifiers that are URIs, CFItemTypeURI objects,
//! education levels written `KG`, `K`, `00`, `03`, `3`, `K-2`, `09-12`, `HS`,
//! missing optional fields, and association ends outside the package.
//!
//! A standard's grade comes from its own `educationLevel`, else the nearest
//! item above it with one, else its code (the patterns of `codes`), else
//! `--grade`; an item without `humanCodingScheme` (or `listEnumeration`)
//! takes its id from its `abbreviatedStatement` or identifier (`codes`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::association::{EXACT_MATCH_OF, IS_CHILD_OF, IS_PEER_OF, IS_RELATED_TO, PRECEDES};
use super::field::{
    ABBREVIATED_STATEMENT, ASSOCIATION_TYPE, CF_ASSOCIATIONS, CF_DOCUMENT, CF_ITEM_TYPE, CF_ITEMS, CF_PACKAGE,
    DESTINATION_NODE_URI, EDUCATION_LEVEL, EXTENSIONS, FULL_STATEMENT, HUMAN_CODING_SCHEME, IDENTIFIER, NAMESPACE,
    NOTES, ORIGIN_NODE_URI, PUBLISHER, TITLE, URI, VERSION,
};
use super::{Ext, codes, ext_field};
use crate::finding::{Code, Finding};
use crate::formats::hierarchy::{Tree, grade_of_levels, reader_cycles, slug};
use crate::formats::spanned::{self, Kind, LineIndex, Node};
use crate::load::LoadError;
use crate::model::{
    Association, Cluster, Crosswalk, Dataset, Domain, Edge, EdgeKind, Focus, Framework, Grade, Origin, ProgressionTag,
    Standard,
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
    /// Where the standards and sub-standards took their grade from.
    pub grades: GradeSources,
}

/// How many standards and sub-standards took their grade from each source,
/// tried in this order, and how many found none (dropped, D6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GradeSources {
    /// Their own `educationLevel` (or `educationalLevel`).
    pub level: usize,
    /// The education level of the nearest item above them.
    pub ancestor: usize,
    /// Their code, by a pattern that states the grade (`3.NF.A.1`).
    pub code: usize,
    /// The `--grade` option.
    pub option: usize,
    /// None of these: the item was dropped.
    pub none: usize,
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

    /// The kind a CFItemType names, if it names one (any case).
    fn named(item_type: &str) -> Option<ItemKind> {
        match item_type.to_ascii_lowercase().as_str() {
            "domain" | "strand" | "conceptual category" => Some(ItemKind::Domain),
            "cluster" => Some(ItemKind::Cluster),
            "standard" => Some(ItemKind::Standard),
            "component" | "sub-standard" | "substandard" | "element" | "indicator" => Some(ItemKind::SubStandard),
            _ => None,
        }
    }
}

/// A CFItem as read: what the records need, and where it stands.
struct Item {
    code: String,
    /// Whether `code` was made from the statement or identifier: the item has no code of its own.
    derived: bool,
    focus: Option<Focus>,
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
    /// References a coherence export kept as written, which the tree cannot give back.
    written: Written,
    levels: Option<Grade>,
    pos: usize,
}

/// A standard's parent, domain and cluster as a coherence export wrote
/// them in `extensions`: they win over what the isChildOf tree gives.
#[derive(Default)]
struct Written {
    parent: Option<String>,
    domain: Option<String>,
    cluster: Option<String>,
}

/// A non-hierarchy association between items.
struct Link {
    kind: String,
    /// The origin item.
    from: usize,
    /// The destination item, when it is in the package.
    to: Option<usize>,
    /// The destination as written: identifier, and URI when it has one.
    to_written: (String, Option<String>),
    pos: usize,
    progression: Option<String>,
    note: Option<String>,
}

/// A string field, or the `title` of an object (CFItemTypeURI).
fn text(node: Option<&Node>) -> Option<String> {
    let n = node?;
    let s = match &n.kind {
        Kind::String(s) => s.clone(),
        Kind::Object(_) => n.get(TITLE).and_then(Node::as_str)?.to_string(),
        Kind::Number(x) => x.to_string(),
        _ => return None,
    };
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// What a coherence export put in an object's `extensions` (absent in other packages).
fn ext(node: &Node, key: Ext) -> Option<&Node> {
    node.get(EXTENSIONS)?.get(NAMESPACE)?.get(key.key())
}

fn flag(node: &Node, key: Ext) -> bool {
    matches!(ext(node, key).map(|n| &n.kind), Some(Kind::Bool(true)))
}

/// The grade of an education level field: one level or a list of them.
fn grade_of(node: Option<&Node>) -> Option<Grade> {
    let node = node?;
    let tokens: Vec<String> = match &node.kind {
        Kind::Array(items) => items.iter().filter_map(|n| text(Some(n))).collect(),
        _ => text(Some(node)).into_iter().collect(),
    };
    grade_of_levels(&tokens)
}

/// The identifier an association end names (an object's `identifier`, else
/// its `uri`, or a string) and its URI when it has one; titles of ends are
/// often placeholders (`Destination`), so they are not used.
fn end(node: Option<&Node>) -> Option<(String, Option<String>)> {
    let n = node?;
    match &n.kind {
        Kind::String(s) => Some((s.clone(), None)),
        Kind::Object(_) => {
            let id = n.get(IDENTIFIER).and_then(Node::as_str).or_else(|| n.get(URI).and_then(Node::as_str))?;
            Some((id.to_string(), n.get(URI).and_then(Node::as_str).map(str::to_string)))
        }
        _ => None,
    }
}

/// The top-level members of a package (inside `CFPackage` when it wraps one), values not built;
/// `Err` with the wrapper's position when `CFPackage` is not an object.
fn package_members(text_src: &str) -> Result<Vec<(String, usize, usize)>, usize> {
    let members = spanned::members(text_src, spanned::root_start(text_src)).unwrap_or_default();
    match members.iter().find(|m| m.0 == CF_PACKAGE) {
        Some(&(_, _, p)) => spanned::members(text_src, p).ok_or(p),
        None => Ok(members),
    }
}

/// What a JSON value is, for messages: `an object`, `a string`.
fn kind_at(text_src: &str, pos: usize) -> &'static str {
    match text_src.as_bytes().get(pos) {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// Whether valid JSON text is a CASE package (CFItems, CFDocument or CFPackage at the top).
pub fn is_case_text(text_src: &str) -> bool {
    spanned::members(text_src, spanned::root_start(text_src))
        .unwrap_or_default()
        .iter()
        .any(|m| [CF_ITEMS, CF_DOCUMENT, CF_PACKAGE].contains(&m.0.as_str()))
}

/// Reads a CASE package (valid JSON) into records, findings and a summary.
///
/// CFItems and CFAssociations are read one element at a time and each
/// element's tree is dropped once read, so memory holds the text, the
/// compact records and the findings, never the whole document as a tree.
/// An element holding a value serde_json cannot represent (`1e309`,
/// `"\ud800"`) is a D6 at that value, and the elements after it are read.
///
/// Standards with no grade of their own, above them or in their code take
/// `grade` when it is given (the `--grade` option).
///
/// # Errors
/// A [`LoadError`] at the place where the package's shape is wrong:
/// `CFPackage` or `CFDocument` not an object, `CFItems` or `CFAssociations`
/// not an array; and one that says why when the package yields no standard:
/// it was meant to hold standards, and the embedded set must not stand in.
pub fn read(
    name: &Arc<str>,
    text_src: &str,
    default_fw: &str,
    grade: Option<Grade>,
) -> Result<(Dataset, Vec<Finding>, CaseSummary), LoadError> {
    let mut r = Reader {
        name,
        text: text_src,
        lines: LineIndex::new(text_src),
        ds: Dataset::default(),
        findings: Vec::new(),
        summary: CaseSummary::default(),
    };
    let members = package_members(text_src).map_err(|p| r.shape(CF_PACKAGE, p, "an object"))?;
    let position = |key: &str| members.iter().rev().find(|m| m.0 == key).map(|m| m.2);
    let doc = position(CF_DOCUMENT).and_then(|p| spanned::value_at(text_src, p));
    if let Some(d) = doc.as_ref().filter(|d| !matches!(d.kind, Kind::Object(_))) {
        return Err(r.shape(CF_DOCUMENT, d.pos, "an object"));
    }
    let fw = r.document(doc.as_ref(), default_fw);
    let mut items = r.items(position(CF_ITEMS))?;
    let mut ids: Vec<(String, bool)> = items.list.iter().map(|i| (i.code.clone(), i.derived)).collect();
    codes::unique_ids(&mut ids);
    for (item, (id, _)) in items.list.iter_mut().zip(ids) {
        item.code = id;
    }
    let doc_ids: Vec<&str> =
        [IDENTIFIER, URI].iter().filter_map(|k| doc.as_ref().and_then(|d| d.get(k)).and_then(Node::as_str)).collect();
    let (tree, links) = r.associations(position(CF_ASSOCIATIONS), &items, &doc_ids)?;
    r.records(&fw, &items.list, &tree, grade);
    let key = |i: usize| (fw.clone(), items.list[i].code.clone());
    let at = |i: usize| r.origin(items.list[i].pos);
    let cycles = reader_cycles(&tree, &r.ds.standards, key, at, IS_CHILD_OF, CYCLE_HELP);
    r.findings.extend(cycles);
    r.links(&fw, &items.list, links);
    if r.ds.standards.is_empty() {
        return Err(r.no_standard(position(CF_ITEMS).is_some()));
    }
    Ok((r.ds, r.findings, r.summary))
}

/// What to do about an isChildOf cycle (F7).
const CYCLE_HELP: &str = "an item cannot be its own ancestor: remove the isChildOf association that points back down; until then grades, domains and clusters are inherited as if the chain ended where it repeats";

/// The items read, by identifier and by URI.
#[derive(Default)]
struct Items {
    list: Vec<Item>,
    index: HashMap<String, usize>,
}

/// One package being read: where findings point, and what it gave so far.
struct Reader<'a> {
    name: &'a Arc<str>,
    text: &'a str,
    lines: LineIndex,
    ds: Dataset,
    findings: Vec<Finding>,
    summary: CaseSummary,
}

impl Reader<'_> {
    fn origin(&self, pos: usize) -> Origin {
        let (l, c) = self.lines.locate(self.text, pos);
        Origin::at(self.name, l, Some(c))
    }

    /// The package cannot be read: `key`, at `pos`, is not `expected`.
    fn shape(&self, key: &str, pos: usize, expected: &str) -> LoadError {
        let (l, c) = self.lines.locate(self.text, pos);
        LoadError::new(
            self.name.to_string(),
            format!("{key} is {}, expected {expected}", kind_at(self.text, pos)),
            format!("a CASE package holds {CF_DOCUMENT} (an object), {CF_ITEMS} and {CF_ASSOCIATIONS} (arrays)"),
        )
        .at(l, Some(c))
    }

    /// A D6 for an element that holds a value serde_json cannot represent; `true` when there was one.
    fn unreadable(&mut self, node: &Node, what: &str) -> bool {
        let Some((at, field)) = node.unreadable_field() else { return false };
        let f = Finding::new(Code::D6, format!("{what} dropped: {field}"), spanned::UNREADABLE_HELP);
        self.findings.push(f.at(&self.origin(at)));
        true
    }

    /// The framework of the CFDocument (its id from our extension, else its
    /// title, else `default_fw`) and the associations an export kept in it.
    fn document(&mut self, doc: Option<&Node>, default_fw: &str) -> String {
        if let Some((at, field)) = doc.and_then(Node::unreadable_field) {
            let f = Finding::new(Code::D6, format!("{CF_DOCUMENT}: {field}; it was ignored"), spanned::UNREADABLE_HELP);
            self.findings.push(f.at(&self.origin(at)));
        }
        let field = |key: &str| doc.and_then(|d| text(d.get(key)));
        let fw = doc
            .and_then(|d| text(ext(d, Ext::Framework)))
            .or_else(|| field(TITLE).map(|t| slug(&t)))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| default_fw.to_string());
        let progressions = match doc.and_then(|d| ext(d, Ext::Progressions)).map(|n| &n.kind) {
            Some(Kind::Array(v)) => v
                .iter()
                .filter_map(|p| {
                    let tag = text(p.get(ext_field::TAG))?;
                    Some(ProgressionTag {
                        tag,
                        title: text(p.get(ext_field::TITLE)),
                        grades: text(p.get(ext_field::GRADES)),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        self.ds.frameworks.push(Framework {
            id: fw.clone(),
            title: doc.and_then(|d| text(ext(d, Ext::Title))).or_else(|| field(TITLE)),
            version: field(VERSION),
            source: field(PUBLISHER).or_else(|| field("creator")),
            licence: field("licenseURI"),
            notes: doc.and_then(|d| text(ext(d, Ext::Notes))),
            progressions,
            origin: self.origin(doc.map_or(0, |d| d.pos)),
        });
        if let Some(Kind::Array(kept)) = doc.and_then(|d| ext(d, Ext::Associations)).map(|n| &n.kind) {
            for a in kept {
                let (kind, from, to) = (
                    text(a.get(ext_field::ASSOCIATION_TYPE)),
                    text(a.get(ext_field::ORIGIN)),
                    text(a.get(ext_field::DESTINATION)),
                );
                if let (Some(kind), Some(from), Some(to)) = (kind, from, to) {
                    let origin = self.origin(a.pos);
                    self.ds.associations.push(Association { framework: fw.clone(), kind, from, to, origin });
                }
            }
        }
        fw
    }

    /// The CFItems at `at`, one element at a time: a repeated identifier is a D1, none a D6.
    fn items(&mut self, at: Option<usize>) -> Result<Items, LoadError> {
        let mut items = Items::default();
        if let Some(p) = at {
            let text = self.text;
            spanned::each_element(text, p, |node| self.item(&node, &mut items))
                .ok_or_else(|| self.shape(CF_ITEMS, p, "an array"))?;
        }
        Ok(items)
    }

    fn item(&mut self, node: &Node, items: &mut Items) {
        self.summary.items += 1;
        let what = match text(node.get(HUMAN_CODING_SCHEME)).or_else(|| text(node.get(IDENTIFIER))) {
            Some(id) => format!("CFItem {id}"),
            None => "CFItem".to_string(),
        };
        if self.unreadable(node, &what) {
            return;
        }
        let Some(identifier) = text(node.get(IDENTIFIER)).or_else(|| text(node.get(URI))) else {
            let f = Finding::new(Code::D6, "CFItem dropped: it has no identifier", "give every CFItem an identifier");
            self.findings.push(f.at(&self.origin(node.pos)));
            return;
        };
        let abbreviated = text(node.get(ABBREVIATED_STATEMENT));
        let (code, derived) = match text(node.get(HUMAN_CODING_SCHEME)).or_else(|| text(node.get("listEnumeration"))) {
            Some(code) => (code, false),
            None => (codes::id_without_code(abbreviated.as_deref(), &identifier), true),
        };
        if items.index.contains_key(&identifier) {
            let f = Finding::new(
                Code::D1,
                format!("CFItem {identifier} appears twice; the first is kept"),
                "remove the repeated CFItem",
            );
            self.findings.push(f.at(&self.origin(node.pos)).ids([code]));
            return;
        }
        let i = items.list.len();
        items.index.insert(identifier, i);
        if let Some(uri) = text(node.get(URI)) {
            items.index.entry(uri).or_insert(i);
        }
        items.list.push(Item {
            code,
            derived,
            focus: text(ext(node, Ext::Focus)).and_then(|f| Focus::parse(&f)),
            category: text(ext(node, Ext::Category)),
            entry: flag(node, Ext::Entry),
            wap: flag(node, Ext::Wap),
            modeling: flag(node, Ext::Modeling),
            plus: flag(node, Ext::Plus),
            courses: match ext(node, Ext::Courses).map(|n| &n.kind) {
                Some(Kind::Array(v)) => v.iter().filter_map(|c| text(Some(c))).collect(),
                _ => Vec::new(),
            },
            official: !matches!(ext(node, Ext::Statement).map(|n| &n.kind), Some(Kind::Bool(false))),
            kind_named: text(node.get(CF_ITEM_TYPE)).or_else(|| text(node.get("CFItemTypeURI"))),
            statement: text(node.get(FULL_STATEMENT)),
            abbreviated,
            notes: text(node.get(NOTES)),
            written: Written {
                parent: text(ext(node, Ext::Parent)),
                domain: text(ext(node, Ext::Domain)),
                cluster: text(ext(node, Ext::Cluster)),
            },
            levels: grade_of(node.get(EDUCATION_LEVEL).or_else(|| node.get("educationalLevel"))),
            pos: node.pos,
        });
    }

    /// The CFAssociations at `at`: isChildOf builds the tree, the others
    /// become links between items; ends that are neither an item nor the
    /// document are counted, and a link from outside the package is an F4.
    fn associations(
        &mut self,
        at: Option<usize>,
        items: &Items,
        doc_ids: &[&str],
    ) -> Result<(Tree, Vec<Link>), LoadError> {
        let mut tree = Tree::new(items.list.len());
        let mut links = Vec::new();
        if let Some(p) = at {
            let text = self.text;
            spanned::each_element(text, p, |node| {
                if let Some(link) = self.association(&node, items, doc_ids, &mut tree) {
                    links.push(link);
                }
            })
            .ok_or_else(|| self.shape(CF_ASSOCIATIONS, p, "an array"))?;
        }
        Ok((tree, links))
    }

    fn association(&mut self, node: &Node, items: &Items, doc_ids: &[&str], tree: &mut Tree) -> Option<Link> {
        let kind = text(node.get(ASSOCIATION_TYPE)).unwrap_or_else(|| "(none)".to_string());
        self.summary.associations += 1;
        *self.summary.by_type.entry(kind.clone()).or_default() += 1;
        if self.unreadable(node, &format!("{kind} association")) {
            return None;
        }
        let (Some(from), Some(to)) = (end(node.get(ORIGIN_NODE_URI)), end(node.get(DESTINATION_NODE_URI))) else {
            let f = Finding::new(
                Code::D6,
                format!("{kind} association dropped: an end is missing"),
                "give it originNodeURI and destinationNodeURI",
            );
            self.findings.push(f.at(&self.origin(node.pos)));
            return None;
        };
        let (a, b) = (items.index.get(&from.0).copied(), items.index.get(&to.0).copied());
        for (side, found) in [(&from, a), (&to, b)] {
            if found.is_none() && !doc_ids.contains(&side.0.as_str()) {
                self.summary.external_ends += 1;
                *self.summary.external_by_type.entry(kind.clone()).or_default() += 1;
            }
        }
        if kind == IS_CHILD_OF {
            if let (Some(child), Some(parent)) = (a, b) {
                tree.link(child, parent);
            }
            return None;
        }
        let Some(a) = a else {
            let f = Finding::new(
                Code::F4,
                format!("{kind} association from {} starts outside the package; it was not loaded", from.0),
                "load the package that holds that item too, or ignore this if the link is not needed",
            );
            self.findings.push(f.at(&self.origin(node.pos)).ids([from.0]));
            return None;
        };
        let (progression, note) = (text(ext(node, Ext::Progression)), text(node.get(NOTES)));
        Some(Link { kind, from: a, to: b, to_written: to, pos: node.pos, progression, note })
    }

    /// Domains, clusters, standards and sub-standards, each with its grade
    /// (its own level, else its nearest ancestor's; a standard's else its
    /// code's, else `option`) and the domain and cluster above it.
    fn records(&mut self, fw: &str, items: &[Item], tree: &Tree, option: Option<Grade>) {
        let kinds = item_kinds(items, tree);
        let grades = tree.nearest(|i| items[i].levels);
        let domain_of = tree.nearest_ancestor(|i| kinds[i] == ItemKind::Domain);
        let cluster_of = tree.nearest_ancestor(|i| kinds[i] == ItemKind::Cluster);
        let code = |i: Option<usize>| i.map(|i| items[i].code.clone());
        for (i, item) in items.iter().enumerate() {
            let (kind, grade) = (kinds[i], grades[i]);
            *self.summary.by_kind.entry(kind.name().to_string()).or_default() += 1;
            let origin = self.origin(item.pos);
            let (framework, id, title) = (fw.to_string(), item.code.clone(), item.statement.clone());
            match kind {
                ItemKind::Group => {}
                ItemKind::Domain => {
                    let category = item.category.clone();
                    self.ds.domains.push(Domain { framework, id, grade, title, category, origin })
                }
                ItemKind::Cluster => {
                    let (domain, focus) = (item.written.domain.clone().or_else(|| code(domain_of[i])), item.focus);
                    self.ds.clusters.push(Cluster { framework, id, domain, grade, focus, title, origin })
                }
                ItemKind::Standard | ItemKind::SubStandard => {
                    let Some(grade) = self.standard_grade(item, grade, option) else {
                        let f = Finding::new(
                            Code::D6,
                            format!(
                                "CFItem {} dropped: no grade on it or any ancestor, and none in its code",
                                item.code
                            ),
                            "give it, or an item above it, an educationLevel, or pass --grade",
                        );
                        self.findings.push(f.at(&origin).ids([item.code.clone()]));
                        continue;
                    };
                    let w = &item.written;
                    let parent = match &w.parent {
                        Some(p) => Some(p.clone()),
                        None if kind == ItemKind::SubStandard => code(tree.parent(i)),
                        None => None,
                    };
                    self.ds.standards.push(Standard {
                        framework,
                        id,
                        grade,
                        domain: w.domain.clone().or_else(|| code(domain_of[i])),
                        cluster: w.cluster.clone().or_else(|| code(cluster_of[i])),
                        focus: item.focus,
                        parent,
                        summary: item.abbreviated.clone(),
                        statement: if item.official { item.statement.clone() } else { None },
                        note: if item.official { item.notes.clone() } else { without_summary_note(&item.notes) },
                        entry: item.entry,
                        wap: item.wap,
                        modeling: item.modeling,
                        plus: item.plus,
                        courses: item.courses.clone(),
                        origin: origin.clone(),
                        parent_origin: origin,
                    });
                }
            }
        }
    }

    /// A standard's grade: from its own level, an ancestor's (`inherited`,
    /// which is its own when it has one), its code, or `option`, counted by source.
    fn standard_grade(&mut self, item: &Item, inherited: Option<Grade>, option: Option<Grade>) -> Option<Grade> {
        let code = if item.derived { None } else { codes::grade_of_code(&item.code) };
        let counts = &mut self.summary.grades;
        let (grade, count) = match (item.levels, inherited, code, option) {
            (Some(g), ..) => (Some(g), &mut counts.level),
            (None, Some(g), ..) => (Some(g), &mut counts.ancestor),
            (None, None, Some(g), _) => (Some(g), &mut counts.code),
            (None, None, None, Some(g)) => (Some(g), &mut counts.option),
            (None, None, None, None) => (None, &mut counts.none),
        };
        *count += 1;
        grade
    }

    /// Why a package gave no standard, as the error that stops the load: it was meant to hold some.
    fn no_standard(&self, has_items: bool) -> LoadError {
        let s = &self.summary;
        let n = s.items;
        let items = if n == 1 { "1 item".to_string() } else { format!("{n} items") };
        let standards = s.by_kind.iter().filter(|(k, _)| k.contains("standard")).map(|(_, n)| n).sum::<usize>();
        let list = "a CASE package lists its standards in CFItems";
        let (message, help) = if !has_items {
            (format!("no {CF_ITEMS}: the package holds no standard"), list)
        } else if n == 0 {
            (format!("{CF_ITEMS} is empty: the package holds no standard"), list)
        } else if standards == 0 && !s.by_kind.is_empty() {
            let kinds: Vec<String> = s.by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
            (
                format!("{items}, none a standard ({})", kinds.join(", ")),
                "a standard is a CFItem of CFItemType Standard, or one without a type that is not the root of a tree",
            )
        } else if standards > 0 && s.grades.none == standards {
            (
                format!("{items}, none with a grade: add educationLevel or pass --grade"),
                "a standard takes its grade from its educationLevel, an item above it, or a code such as 3.NF.A.1; --grade GRADE gives one to the rest",
            )
        } else {
            let first = self.findings.iter().find(|f| f.code == Code::D6 && f.message.starts_with("CFItem"));
            let why = first.map(|f| format!("; the first: {}", f.message)).unwrap_or_default();
            (format!("{items}, none could be read as a standard{why}"), "fix the items, then load the package again")
        };
        LoadError::new(self.name.to_string(), message, help)
    }

    /// Links between items; ends outside the package are reported, not
    /// loaded; other types are kept, with one F3 a type.
    fn links(&mut self, fw: &str, items: &[Item], links: Vec<Link>) {
        let mut kept: BTreeMap<String, usize> = BTreeMap::new();
        for link in links {
            let at = self.origin(link.pos);
            let Link { kind, from: a, to: b, to_written: to, progression, note, .. } = link;
            let edge = |kind: EdgeKind, b: usize| Edge {
                kind,
                from: format!("{fw}:{}", items[a].code),
                to: format!("{fw}:{}", items[b].code),
                progression: progression.clone(),
                note: note.clone(),
                origin: at.clone(),
                from_origin: at.clone(),
                to_origin: at.clone(),
            };
            match (kind.as_str(), b) {
                (PRECEDES, Some(b)) => self.ds.edges.push(edge(EdgeKind::BuildsTowards, b)),
                (IS_RELATED_TO | IS_PEER_OF, Some(b)) => self.ds.edges.push(edge(EdgeKind::RelatesTo, b)),
                (EXACT_MATCH_OF, _) => self.ds.crosswalks.push(Crosswalk {
                    framework: fw.to_string(),
                    from: items[a].code.clone(),
                    to: b.map_or_else(|| to.1.clone().unwrap_or_else(|| to.0.clone()), |b| items[b].code.clone()),
                    origin: at,
                }),
                (PRECEDES | IS_RELATED_TO | IS_PEER_OF, None) => {
                    let f = Finding::new(
                        Code::F4,
                        format!(
                            "{kind} association from {} ends outside the package ({}); it was not loaded",
                            items[a].code, to.0
                        ),
                        "load the package that holds that item too, or ignore this if the link is not needed",
                    );
                    self.findings.push(f.at(&at).ids([items[a].code.clone()]));
                }
                _ => {
                    *kept.entry(kind.clone()).or_default() += 1;
                    self.ds.associations.push(Association {
                        framework: fw.to_string(),
                        kind,
                        from: items[a].code.clone(),
                        to: b.map_or_else(|| to.0.clone(), |b| items[b].code.clone()),
                        origin: at,
                    });
                }
            }
        }
        for (kind, n) in kept {
            let f = Finding::new(
                Code::F3,
                format!("{n} {kind} association{} kept as written; no check uses them", if n == 1 { "" } else { "s" }),
                "nothing to do; they are exported again with the data",
            );
            self.findings.push(f.at(&Origin::file(self.name)));
        }
    }
}

/// What each item becomes: by its CFItemType, or by its place in the tree (a
/// root with children is a grouping); a standard under a standard is its sub-standard.
fn item_kinds(items: &[Item], tree: &Tree) -> Vec<ItemKind> {
    let by_type: Vec<ItemKind> = (0..items.len())
        .map(|i| match items[i].kind_named.as_deref().and_then(ItemKind::named) {
            Some(k) => k,
            None if tree.has_children(i) && tree.parent(i).is_none() => ItemKind::Group,
            None => ItemKind::Standard,
        })
        .collect();
    (0..items.len())
        .map(|i| match (by_type[i], tree.parent(i).map(|p| by_type[p])) {
            (ItemKind::Standard, Some(ItemKind::Standard)) => ItemKind::SubStandard,
            (k, _) => k,
        })
        .collect()
}

/// An exported item's notes without the sentence that says its statement is
/// our summary: the note the dataset had, if any.
fn without_summary_note(notes: &Option<String>) -> Option<String> {
    let n = notes.as_deref()?;
    match n.strip_prefix(super::SUMMARY_NOTE) {
        Some(rest) => Some(rest.trim_start().to_string()).filter(|r| !r.is_empty()),
        None => Some(n.to_string()),
    }
}
