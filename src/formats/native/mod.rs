//! The native JSON format: framework folders of a manifest and part files.
//!
//! [`records`] holds the types of each record, which are also the source of
//! the JSON Schemas; the keys below are the names those types serialize to,
//! which the reader needs before any record is read (a unit test keeps the
//! two equal).

mod read;
pub mod records;
mod write;

pub(crate) use read::{load_file, load_folder};
pub use records::*;
pub use write::{part_of, render, to_native};

/// The manifest's file name in a framework folder.
pub(crate) const MANIFEST: &str = "framework.json";

/// The part file that holds modules, scopes and plans in an export.
pub(crate) const PLANS_FILE: &str = "plans.json";

/// Where a written manifest's `$schema` points, from `standards/<framework>/`.
pub(crate) const MANIFEST_SCHEMA: &str = "../../schema/framework.schema.json";

/// Where a written part's `$schema` points, from `standards/<framework>/`.
pub(crate) const PART_SCHEMA: &str = "../../schema/part.schema.json";

/// The top-level keys of a manifest or a part file, other than record lists.
pub(crate) mod key {
    /// The schema a file follows.
    pub const SCHEMA: &str = "$schema";
    /// A manifest's framework object; a part's framework id.
    pub const FRAMEWORK: &str = "framework";
    /// A manifest's practice standards.
    pub const PRACTICES: &str = "practices";
    /// A manifest's progression tags.
    pub const PROGRESSIONS: &str = "progressions";
    /// A manifest's part files.
    pub const FILES: &str = "files";
    /// A part's default grade.
    pub const GRADE: &str = "grade";
}

/// The record lists of [`Sections`], which a manifest or a part may hold.
pub(crate) mod section {
    /// Domains.
    pub const DOMAINS: &str = "domains";
    /// Clusters.
    pub const CLUSTERS: &str = "clusters";
    /// Standards.
    pub const STANDARDS: &str = "standards";
    /// Directed edges.
    pub const BUILDS_TOWARDS: &str = "builds_towards";
    /// Undirected edges.
    pub const RELATES_TO: &str = "relates_to";
    /// Modules.
    pub const MODULES: &str = "modules";
    /// Scopes.
    pub const SCOPES: &str = "scopes";
    /// Plan rows.
    pub const PLANS: &str = "plans";
    /// Crosswalks.
    pub const CROSSWALKS: &str = "crosswalks";
    /// Kept associations.
    pub const ASSOCIATIONS: &str = "associations";
}

/// Every record list, in the order [`Sections`] writes them.
pub(crate) const SECTIONS: [&str; 10] = [
    section::DOMAINS,
    section::CLUSTERS,
    section::STANDARDS,
    section::BUILDS_TOWARDS,
    section::RELATES_TO,
    section::MODULES,
    section::SCOPES,
    section::PLANS,
    section::CROSSWALKS,
    section::ASSOCIATIONS,
];

/// The keys of a manifest besides its record lists.
pub(crate) const MANIFEST_KEYS: [&str; 5] =
    [key::SCHEMA, key::FRAMEWORK, key::PRACTICES, key::PROGRESSIONS, key::FILES];

/// The keys of a part file besides its record lists.
pub(crate) const PART_KEYS: [&str; 3] = [key::SCHEMA, key::FRAMEWORK, key::GRADE];

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<T: serde::Serialize>(doc: &T) -> Vec<String> {
        match serde_json::to_value(doc) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    fn full() -> Sections {
        Sections {
            domains: vec![DomainRec::default()],
            clusters: vec![ClusterRec::default()],
            standards: vec![StandardRec::default()],
            builds_towards: vec![EdgeRec::default()],
            relates_to: vec![EdgeRec::default()],
            modules: vec![ModuleRec::default()],
            scopes: vec![ScopeRec::default()],
            plans: vec![PlanRec::default()],
            crosswalks: vec![CrosswalkRec::default()],
            associations: vec![AssociationRec::default()],
        }
    }

    #[test]
    fn the_keys_are_those_the_record_types_write() {
        let manifest = Manifest {
            schema: Some(String::new()),
            practices: vec![PracticeRec::default()],
            progressions: vec![ProgressionRec::default()],
            files: vec![String::new()],
            sections: full(),
            ..Manifest::default()
        };
        assert_eq!(keys(&manifest), [&MANIFEST_KEYS[..], &SECTIONS[..]].concat());
        let part = Part {
            schema: Some(String::new()),
            framework: Some(String::new()),
            grade: Some(String::new()),
            sections: full(),
        };
        assert_eq!(keys(&part), [&PART_KEYS[..], &SECTIONS[..]].concat());
    }
}
