//! Writes a CASE 1.0 package.

use std::cell::RefCell;
use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::association::{EXACT_MATCH_OF, IS_CHILD_OF, IS_RELATED_TO, PRECEDES};
use super::ext_field;
use super::field::{
    ABBREVIATED_STATEMENT, ASSOCIATION_TYPE, CF_ASSOCIATIONS, CF_DOCUMENT, CF_ITEM_TYPE, CF_ITEMS,
    DESTINATION_NODE_URI, EDUCATION_LEVEL, EXTENSIONS, FULL_STATEMENT, HUMAN_CODING_SCHEME, IDENTIFIER, NAMESPACE,
    NOTES, ORIGIN_NODE_URI, PUBLISHER, TITLE, URI, VERSION,
};
use super::{Ext, SUMMARIES_TITLE, SUMMARY_NOTE, item_type};
use crate::formats::ExportError;
use crate::model::{Dataset, EdgeKind, Grade, Standard};

/// The namespace of every identifier the CASE export makes (UUIDv5 of a fixed name).
fn case_namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"urn:coherence:case")
}

/// A stable identifier: the same framework and key give the same UUID on every export.
fn case_id(fw: &str, key: &str) -> String {
    uuid::Uuid::new_v5(&case_namespace(), format!("{fw}\u{1f}{key}").as_bytes()).to_string()
}

/// CASE has no clock of ours to report: a fixed time keeps re-exports byte-identical.
const CASE_TIME: &str = "2026-01-01T00:00:00+00:00";

/// The field every CASE object carries with [`CASE_TIME`].
const LAST_CHANGE: &str = "lastChangeDateTime";

/// Education levels as CASE writes them: `KG`, `01`..`12`; high school as `09`-`12`.
fn case_levels(g: Grade) -> Vec<String> {
    match g {
        Grade::PreK => vec!["PK".to_string()],
        Grade::K => vec!["KG".to_string()],
        Grade::Num(n) => vec![format!("{n:02}")],
        Grade::HighSchool => ["09", "10", "11", "12"].iter().map(|s| s.to_string()).collect(),
    }
}

fn uri(id: &str) -> String {
    format!("urn:uuid:{id}")
}

/// `extensions` holding this engine's object.
fn extensions(ours: Map<String, Value>) -> Value {
    json!({ NAMESPACE: ours })
}

/// A CASE 1.0 CFPackage of framework `fw`: domains, clusters, standards
/// (`Standard`) and sub-standards (`Component`) as CFItems with UUIDv5
/// identifiers; the hierarchy as isChildOf; builds_towards as precedes and
/// relates_to as isRelatedTo (progression tag in `extensions`, note in
/// `notes`); what CASE has no field for (focus, entry, modeling, plus,
/// courses, category, kept association types) in `extensions`.
///
/// # Errors
/// [`ExportError::Framework`] with the frameworks that could be meant, when
/// `fw` names none of the loaded ones, or is `None` and several are loaded.
pub fn to_case(ds: &Dataset, fw: Option<&str>) -> Result<Vec<u8>, ExportError> {
    let ids: Vec<&str> = ds.frameworks.iter().map(|f| f.id.as_str()).collect();
    let fw = match (fw, ids.as_slice()) {
        (Some(f), _) if ids.contains(&f) => f,
        (None, [only]) => only,
        _ => return Err(ExportError::Framework { loaded: ids.iter().map(|s| s.to_string()).collect() }),
    };
    let w = Writer::new(ds, fw);
    let (mut items, mut assocs) = (Vec::new(), Vec::new());
    w.domains(&mut items, &mut assocs);
    w.clusters(&mut items, &mut assocs);
    w.standards(&mut items, &mut assocs);
    w.edges(&mut assocs);
    w.crosswalks(&mut assocs);
    let package = json!({ CF_DOCUMENT: w.document(), CF_ITEMS: items, CF_ASSOCIATIONS: assocs });
    let mut out = serde_json::to_vec_pretty(&package)?;
    out.push(b'\n');
    Ok(out)
}

/// One framework being written, with its codes in sets so that each
/// reference is looked up once: the export is linear in the records.
struct Writer<'a> {
    ds: &'a Dataset,
    fw: &'a str,
    /// Every framework loaded, to tell a qualified reference to another framework.
    frameworks: HashSet<&'a str>,
    standards: HashSet<&'a str>,
    clusters: HashSet<&'a str>,
    domains: HashSet<&'a str>,
    doc_id: String,
    title: String,
    /// The association identifiers made so far: two distinct associations never share one.
    issued: RefCell<HashSet<String>>,
}

impl<'a> Writer<'a> {
    fn new(ds: &'a Dataset, fw: &'a str) -> Writer<'a> {
        let codes = |ids: &mut dyn Iterator<Item = (&'a str, &'a str)>| -> HashSet<&'a str> {
            ids.filter(|(f, _)| *f == fw).map(|(_, id)| id).collect()
        };
        let meta = ds.frameworks.iter().find(|f| f.id == fw);
        Writer {
            ds,
            fw,
            frameworks: ds.frameworks.iter().map(|f| f.id.as_str()).collect(),
            standards: codes(&mut ds.standards.iter().map(|s| (s.framework.as_str(), s.id.as_str()))),
            clusters: codes(&mut ds.clusters.iter().map(|c| (c.framework.as_str(), c.id.as_str()))),
            domains: codes(&mut ds.domains.iter().map(|d| (d.framework.as_str(), d.id.as_str()))),
            doc_id: case_id(fw, ""),
            title: meta.and_then(|m| m.title.clone()).unwrap_or_else(|| fw.to_string()),
            issued: RefCell::new(HashSet::new()),
        }
    }

    /// A reference to an item of this framework, by its code.
    fn link(&self, code: &str) -> Value {
        let id = case_id(self.fw, code);
        json!({ TITLE: code, IDENTIFIER: id, URI: uri(&id) })
    }

    fn doc_link(&self) -> Value {
        json!({ TITLE: self.title, IDENTIFIER: self.doc_id, URI: uri(&self.doc_id) })
    }

    /// An association of this framework, its identifier made from its type
    /// and ends. The callers write each distinct association once; should two
    /// keys still meet (codes holding `|`), the later one is numbered, in
    /// record order, so that identifiers stay unique and stable.
    fn association(&self, kind: &str, key: &str, origin: Value, destination: Value) -> Value {
        let mut id = case_id(self.fw, &format!("{kind}|{key}"));
        let mut issued = self.issued.borrow_mut();
        let mut n = 1;
        while issued.contains(&id) {
            n += 1;
            id = case_id(self.fw, &format!("{kind}|{key}\u{1f}{n}"));
        }
        issued.insert(id.clone());
        json!({
            IDENTIFIER: id, URI: uri(&id), ASSOCIATION_TYPE: kind,
            ORIGIN_NODE_URI: origin, DESTINATION_NODE_URI: destination, LAST_CHANGE: CASE_TIME,
        })
    }

    /// `code` is a child of `up`.
    fn child_of(&self, code: &str, up: Value) -> Value {
        let key = format!("{code}|{}", up[IDENTIFIER].as_str().unwrap_or(""));
        self.association(IS_CHILD_OF, &key, self.link(code), up)
    }

    /// An item of this framework with its code, type and statement; the
    /// callers add the rest in the order CASE servers write it.
    fn item(&self, code: &str, kind: &str, statement: &str) -> Value {
        let id = case_id(self.fw, code);
        json!({
            IDENTIFIER: id, URI: uri(&id), CF_ITEM_TYPE: kind, HUMAN_CODING_SCHEME: code, FULL_STATEMENT: statement,
        })
    }

    /// A domain or cluster: its grade, when it has one, after its time.
    fn grouping(&self, code: &str, kind: &str, title: Option<&str>, grade: Option<Grade>) -> Value {
        let mut item = self.item(code, kind, title.unwrap_or(code));
        item[LAST_CHANGE] = json!(CASE_TIME);
        if let Some(g) = grade {
            item[EDUCATION_LEVEL] = json!(case_levels(g));
        }
        item
    }

    /// The CFDocument: the framework's metadata, and in `extensions` its id,
    /// notes, progression tags and the associations CASE 1.0 does not define.
    fn document(&self) -> Value {
        let mut ours = Map::new();
        ours.insert(Ext::Framework.key().into(), json!(self.fw));
        // Without one official statement, every fullStatement is our summary: the title says so,
        // and the framework's own title is kept for the importer.
        let official = self.ds.standards.iter().any(|s| s.framework == self.fw && s.statement.is_some());
        let title = if official {
            self.title.clone()
        } else {
            ours.insert(Ext::Title.key().into(), json!(self.title));
            format!("{}: {SUMMARIES_TITLE}", self.title)
        };
        let mut document = json!({
            IDENTIFIER: self.doc_id, URI: uri(&self.doc_id), "creator": "coherence", TITLE: title,
            LAST_CHANGE: CASE_TIME, "subject": ["Mathematics"], "language": "en",
        });
        if let Some(m) = self.ds.frameworks.iter().find(|f| f.id == self.fw) {
            if let Some(n) = &m.notes {
                ours.insert(Ext::Notes.key().into(), json!(n));
            }
            if !m.progressions.is_empty() {
                let tags: Vec<Value> = m
                    .progressions
                    .iter()
                    .map(|p| json!({ ext_field::TAG: p.tag, ext_field::TITLE: p.title, ext_field::GRADES: p.grades }))
                    .collect();
                ours.insert(Ext::Progressions.key().into(), json!(tags));
            }
        }
        let kept: Vec<Value> = self
            .ds
            .associations
            .iter()
            .filter(|a| a.framework == self.fw)
            .map(|a| {
                json!({ ext_field::ASSOCIATION_TYPE: a.kind, ext_field::ORIGIN: a.from, ext_field::DESTINATION: a.to })
            })
            .collect();
        if !kept.is_empty() {
            ours.insert(Ext::Associations.key().into(), json!(kept));
        }
        document[EXTENSIONS] = extensions(ours);
        if let Some(m) = self.ds.frameworks.iter().find(|f| f.id == self.fw) {
            if let Some(v) = &m.version {
                document[VERSION] = json!(v);
            }
            if let Some(s) = &m.source {
                document[PUBLISHER] = json!(s);
            }
            let notes: Vec<&str> = [&m.licence, &m.notes].into_iter().flatten().map(String::as_str).collect();
            if !notes.is_empty() {
                document[NOTES] = json!(notes.join(" "));
            }
        }
        document
    }

    fn domains(&self, items: &mut Vec<Value>, assocs: &mut Vec<Value>) {
        let mut written = HashSet::new();
        // A repeated id (D1) is written once, as the graph keeps it: the first.
        for d in self.ds.domains.iter().filter(|d| d.framework == self.fw && written.insert(d.id.as_str())) {
            let mut item = self.grouping(&d.id, item_type::DOMAIN, d.title.as_deref(), d.grade);
            if let Some(c) = &d.category {
                item[EXTENSIONS] = extensions(Map::from_iter([(Ext::Category.key().into(), json!(c))]));
            }
            items.push(item);
            assocs.push(self.child_of(&d.id, self.doc_link()));
        }
    }

    fn clusters(&self, items: &mut Vec<Value>, assocs: &mut Vec<Value>) {
        let mut written = HashSet::new();
        for c in self.ds.clusters.iter().filter(|c| c.framework == self.fw && written.insert(c.id.as_str())) {
            let mut item = self.grouping(&c.id, item_type::CLUSTER, c.title.as_deref(), c.grade);
            let domain = c.domain.as_deref().and_then(|d| self.own(&self.domains, d));
            let mut ours = Map::new();
            if let Some(f) = c.focus {
                ours.insert(Ext::Focus.key().into(), json!(f.as_str()));
            }
            self.as_written(&mut ours, Ext::Domain, c.domain.as_deref(), domain);
            if !ours.is_empty() {
                item[EXTENSIONS] = extensions(ours);
            }
            items.push(item);
            let up = match domain {
                Some(d) => self.link(d),
                None => self.doc_link(),
            };
            assocs.push(self.child_of(&c.id, up));
        }
    }

    fn standards(&self, items: &mut Vec<Value>, assocs: &mut Vec<Value>) {
        let mut written = HashSet::new();
        // A repeated id (D1) is written once, as the graph keeps it: the
        // first; two CFItems with one identifier would make the package ambiguous.
        for s in self.ds.standards.iter().filter(|s| s.framework == self.fw && written.insert(s.id.as_str())) {
            let parent = s.parent.as_deref().and_then(|p| self.own(&self.standards, p));
            let cluster = s.cluster.as_deref().and_then(|c| self.own(&self.clusters, c));
            let domain = s.domain.as_deref().and_then(|d| self.own(&self.domains, d));
            items.push(self.standard(s, [(Ext::Parent, parent), (Ext::Domain, domain), (Ext::Cluster, cluster)]));
            let up = match (parent, cluster, domain) {
                (Some(p), _, _) => self.link(p),
                (_, Some(c), _) => self.link(c),
                (_, _, Some(d)) => self.link(d),
                _ => self.doc_link(),
            };
            assocs.push(self.child_of(&s.id, up));
        }
    }

    /// The code of a record of this framework in `set` that a reference
    /// names, bare or qualified with this framework.
    fn own<'r>(&self, set: &HashSet<&str>, r: &'r str) -> Option<&'r str> {
        let code = match r.split_once(':') {
            Some((f, c)) if f == self.fw => c,
            _ => r,
        };
        set.contains(code).then_some(code)
    }

    /// Keeps a reference under `key` as written when the isChildOf tree
    /// cannot give it back: qualified (`fa:S0`), or naming no record of the
    /// package (a free-text domain), so that a round trip keeps it.
    fn as_written(&self, ours: &mut Map<String, Value>, key: Ext, written: Option<&str>, resolved: Option<&str>) {
        if let Some(w) = written
            && Some(w) != resolved
        {
            ours.insert(key.key().into(), json!(w));
        }
    }

    /// A standard (`Standard`) or sub-standard (`Component`) as a CFItem;
    /// `resolved` is what its parent, domain and cluster name in the package.
    fn standard(&self, s: &Standard, resolved: [(Ext, Option<&str>); 3]) -> Value {
        let kind = if s.parent.is_some() { item_type::COMPONENT } else { item_type::STANDARD };
        let full = s.statement.as_deref().or(s.summary.as_deref()).unwrap_or(&s.id);
        let mut item = self.item(&s.id, kind, full);
        item[EDUCATION_LEVEL] = json!(case_levels(s.grade));
        item[LAST_CHANGE] = json!(CASE_TIME);
        if let Some(a) = &s.summary {
            item[ABBREVIATED_STATEMENT] = json!(a);
        }
        let mut ours = Map::new();
        if s.statement.is_none() {
            // The statement above is our summary, not official text: say so to
            // people in `notes`, and to the importer, so that it does not take it for one.
            ours.insert(Ext::Statement.key().into(), json!(false));
            item[NOTES] = match &s.note {
                Some(n) => json!(format!("{SUMMARY_NOTE} {n}")),
                None => json!(SUMMARY_NOTE),
            };
        } else if let Some(n) = &s.note {
            item[NOTES] = json!(n);
        }
        for (k, on) in [(Ext::Entry, s.entry), (Ext::Wap, s.wap), (Ext::Modeling, s.modeling), (Ext::Plus, s.plus)] {
            if on {
                ours.insert(k.key().into(), json!(true));
            }
        }
        if !s.courses.is_empty() {
            ours.insert(Ext::Courses.key().into(), json!(s.courses));
        }
        if let Some(f) = s.focus {
            ours.insert(Ext::Focus.key().into(), json!(f.as_str()));
        }
        for ((key, resolved), written) in resolved.into_iter().zip([&s.parent, &s.domain, &s.cluster]) {
            self.as_written(&mut ours, key, written.as_deref(), resolved);
        }
        if !ours.is_empty() {
            item[EXTENSIONS] = extensions(ours);
        }
        item
    }

    /// The code of a standard of this framework that a reference names, bare or qualified.
    fn bare<'r>(&self, r: &'r str) -> Option<&'r str> {
        let code = match r.split_once(':') {
            Some((f, c)) if f == self.fw => c,
            Some((f, _)) if self.frameworks.contains(f) => return None,
            _ => r,
        };
        self.standards.contains(code).then_some(code)
    }

    /// Edges whose ends are both standards of this framework; a repeated
    /// row (relates_to either way round) adds nothing, as in the graph.
    fn edges(&self, assocs: &mut Vec<Value>) {
        let mut seen = HashSet::new();
        for e in &self.ds.edges {
            let (Some(a), Some(b)) = (self.bare(&e.from), self.bare(&e.to)) else { continue };
            let (kind, key) = match e.kind {
                EdgeKind::BuildsTowards => (PRECEDES, (a, b)),
                EdgeKind::RelatesTo => (IS_RELATED_TO, (a.min(b), a.max(b))),
            };
            if !seen.insert((kind, key)) {
                continue;
            }
            let mut assoc = self.association(kind, &format!("{a}|{b}"), self.link(a), self.link(b));
            if let Some(n) = &e.note {
                assoc[NOTES] = json!(n);
            }
            if let Some(p) = &e.progression {
                assoc[EXTENSIONS] = extensions(Map::from_iter([(Ext::Progression.key().into(), json!(p))]));
            }
            assocs.push(assoc);
        }
    }

    /// Crosswalks from this framework's standards, to codes or identifiers outside the package.
    fn crosswalks(&self, assocs: &mut Vec<Value>) {
        let mut seen = HashSet::new();
        for c in self.ds.crosswalks.iter().filter(|c| {
            c.framework == self.fw && self.standards.contains(c.from.as_str()) && seen.insert((&c.from, &c.to))
        }) {
            let to_uri = if c.to.contains(':') { c.to.clone() } else { format!("urn:code:{}", c.to) };
            let to = json!({ TITLE: c.to, IDENTIFIER: c.to, URI: to_uri });
            assocs.push(self.association(EXACT_MATCH_OF, &format!("{}|{}", c.from, c.to), self.link(&c.from), to));
        }
    }
}
