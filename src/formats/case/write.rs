//! Writes a CASE 1.0 package.

use serde_json::{Value, json};

use crate::formats::ExportError;
use crate::model::{Dataset, EdgeKind, Grade};

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

/// Education levels as CASE writes them: `KG`, `01`..`12`; high school as `09`-`12`.
fn case_levels(g: Grade) -> Vec<String> {
    match g {
        Grade::PreK => vec!["PK".to_string()],
        Grade::K => vec!["KG".to_string()],
        Grade::Num(n) => vec![format!("{n:02}")],
        Grade::HighSchool => ["09", "10", "11", "12"].iter().map(|s| s.to_string()).collect(),
    }
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
        (Some(f), _) if ids.contains(&f) => f.to_string(),
        (None, [only]) => only.to_string(),
        _ => return Err(ExportError::Framework { loaded: ids.iter().map(|s| s.to_string()).collect() }),
    };
    let meta = ds.frameworks.iter().find(|f| f.id == fw);
    let doc_id = case_id(&fw, "");
    let uri = |id: &str| format!("urn:uuid:{id}");
    let link = |id: &str, title: &str| json!({"title": title, "identifier": id, "uri": uri(id)});
    let title = meta.and_then(|m| m.title.clone()).unwrap_or_else(|| fw.clone());
    let mut document = json!({
        "identifier": doc_id,
        "uri": uri(&doc_id),
        "creator": "coherence",
        "title": title,
        "lastChangeDateTime": CASE_TIME,
        "subject": ["Mathematics"],
        "language": "en",
        "extensions": {"coherence": {"framework": fw}},
    });
    if let Some(m) = meta {
        if let Some(v) = &m.version {
            document["version"] = json!(v);
        }
        if let Some(s) = &m.source {
            document["publisher"] = json!(s);
        }
        let notes: Vec<&str> = [&m.licence, &m.notes].into_iter().flatten().map(String::as_str).collect();
        if !notes.is_empty() {
            document["notes"] = json!(notes.join(" "));
        }
        if let Some(n) = &m.notes {
            document["extensions"]["coherence"]["notes"] = json!(n);
        }
        if !m.progressions.is_empty() {
            document["extensions"]["coherence"]["progressions"] = json!(
                m.progressions
                    .iter()
                    .map(|p| json!({"tag": p.tag, "title": p.title, "grades": p.grades}))
                    .collect::<Vec<_>>()
            );
        }
    }
    let mut items = Vec::new();
    let mut assocs = Vec::new();
    let doc_link = link(&doc_id, &title);
    let child = |from: (&str, &str), to: Value| {
        let id = case_id(&fw, &format!("isChildOf|{}|{}", from.0, to["identifier"].as_str().unwrap_or("")));
        json!({
            "identifier": id,
            "uri": uri(&id),
            "associationType": "isChildOf",
            "originNodeURI": link(&case_id(&fw, from.0), from.1),
            "destinationNodeURI": to,
            "lastChangeDateTime": CASE_TIME,
        })
    };
    for d in ds.domains.iter().filter(|d| d.framework == fw) {
        let id = case_id(&fw, &d.id);
        let mut item = json!({
            "identifier": id, "uri": uri(&id), "CFItemType": "Domain", "humanCodingScheme": d.id,
            "fullStatement": d.title.clone().unwrap_or_else(|| d.id.clone()), "lastChangeDateTime": CASE_TIME,
        });
        if let Some(g) = d.grade {
            item["educationLevel"] = json!(case_levels(g));
        }
        if let Some(c) = &d.category {
            item["extensions"] = json!({"coherence": {"category": c}});
        }
        items.push(item);
        assocs.push(child((&d.id, &d.id), doc_link.clone()));
    }
    for c in ds.clusters.iter().filter(|c| c.framework == fw) {
        let id = case_id(&fw, &c.id);
        let mut item = json!({
            "identifier": id, "uri": uri(&id), "CFItemType": "Cluster", "humanCodingScheme": c.id,
            "fullStatement": c.title.clone().unwrap_or_else(|| c.id.clone()), "lastChangeDateTime": CASE_TIME,
        });
        if let Some(g) = c.grade {
            item["educationLevel"] = json!(case_levels(g));
        }
        if let Some(f) = c.focus {
            item["extensions"] = json!({"coherence": {"focus": f.as_str()}});
        }
        items.push(item);
        let up = match c.domain.as_deref().filter(|d| ds.domains.iter().any(|x| x.framework == fw && x.id == *d)) {
            Some(d) => link(&case_id(&fw, d), d),
            None => doc_link.clone(),
        };
        assocs.push(child((&c.id, &c.id), up));
    }
    let known = |code: &str| ds.standards.iter().any(|s| s.framework == fw && s.id == code);
    for s in ds.standards.iter().filter(|s| s.framework == fw) {
        let id = case_id(&fw, &s.id);
        let summary = s.summary.clone();
        let full = s.statement.clone().or_else(|| summary.clone()).unwrap_or_else(|| s.id.clone());
        let mut item = json!({
            "identifier": id, "uri": uri(&id),
            "CFItemType": if s.parent.is_some() { "Component" } else { "Standard" },
            "humanCodingScheme": s.id, "fullStatement": full,
            "educationLevel": case_levels(s.grade), "lastChangeDateTime": CASE_TIME,
        });
        if let Some(a) = &summary {
            item["abbreviatedStatement"] = json!(a);
        }
        if let Some(n) = &s.note {
            item["notes"] = json!(n);
        }
        let mut ext = serde_json::Map::new();
        if s.statement.is_none() {
            // The statement above is our summary, not official text: say so, so import does not take it for one.
            ext.insert("statement".into(), json!(false));
        }
        for (k, on) in [("entry", s.entry), ("wap", s.wap), ("modeling", s.modeling), ("plus", s.plus)] {
            if on {
                ext.insert(k.into(), json!(true));
            }
        }
        if !s.courses.is_empty() {
            ext.insert("courses".into(), json!(s.courses));
        }
        if let Some(f) = s.focus {
            ext.insert("focus".into(), json!(f.as_str()));
        }
        if !ext.is_empty() {
            item["extensions"] = json!({"coherence": ext});
        }
        items.push(item);
        let up = match (&s.parent, &s.cluster, &s.domain) {
            (Some(p), _, _) if known(p) => link(&case_id(&fw, p), p),
            (_, Some(c), _) if ds.clusters.iter().any(|x| x.framework == fw && &x.id == c) => link(&case_id(&fw, c), c),
            (_, _, Some(d)) if ds.domains.iter().any(|x| x.framework == fw && &x.id == d) => link(&case_id(&fw, d), d),
            _ => doc_link.clone(),
        };
        assocs.push(child((&s.id, &s.id), up));
    }
    // Edges whose ends are standards of this framework (written bare or qualified).
    let bare = |r: &str| -> Option<String> {
        let code = match r.split_once(':') {
            Some((f, c)) if f == fw => c,
            Some((f, _)) if ids.contains(&f) => return None,
            _ => r,
        };
        known(code).then(|| code.to_string())
    };
    for e in &ds.edges {
        let (Some(a), Some(b)) = (bare(&e.from), bare(&e.to)) else { continue };
        let kind = match e.kind {
            EdgeKind::BuildsTowards => "precedes",
            EdgeKind::RelatesTo => "isRelatedTo",
        };
        let id = case_id(&fw, &format!("{kind}|{a}|{b}"));
        let mut assoc = json!({
            "identifier": id, "uri": uri(&id), "associationType": kind,
            "originNodeURI": link(&case_id(&fw, &a), &a), "destinationNodeURI": link(&case_id(&fw, &b), &b),
            "lastChangeDateTime": CASE_TIME,
        });
        if let Some(n) = &e.note {
            assoc["notes"] = json!(n);
        }
        if let Some(p) = &e.progression {
            assoc["extensions"] = json!({"coherence": {"progression": p}});
        }
        assocs.push(assoc);
    }
    for c in ds.crosswalks.iter().filter(|c| c.framework == fw && known(&c.from)) {
        let id = case_id(&fw, &format!("exactMatchOf|{}|{}", c.from, c.to));
        assocs.push(json!({
            "identifier": id, "uri": uri(&id), "associationType": "exactMatchOf",
            "originNodeURI": link(&case_id(&fw, &c.from), &c.from),
            "destinationNodeURI": {"title": c.to, "identifier": c.to, "uri": if c.to.contains(':') { c.to.clone() } else { format!("urn:code:{}", c.to) }},
            "lastChangeDateTime": CASE_TIME,
        }));
    }
    // Association types CASE 1.0 does not define stay in the document's extensions.
    let kept: Vec<Value> = ds
        .associations
        .iter()
        .filter(|a| a.framework == fw)
        .map(|a| json!({"associationType": a.kind, "origin": a.from, "destination": a.to}))
        .collect();
    if !kept.is_empty() {
        document["extensions"]["coherence"]["associations"] = json!(kept);
    }
    let package = json!({"CFDocument": document, "CFItems": items, "CFAssociations": assocs});
    let mut out = serde_json::to_vec_pretty(&package)?;
    out.push(b'\n');
    Ok(out)
}
