//! 1EdTech CASE packages (CFPackage JSON, CASE 1.0 and 1.1).
//!
//! The writer ([`to_case`]) puts what CASE has no field for under
//! `extensions.coherence` (the keys of `Ext`); the reader ([`read()`]) takes it back, so
//! that export then import gives back the same standards and edges. Both
//! take the CASE names they share from here.

mod codes;
mod read;
mod write;

pub use read::{CaseSummary, GradeSources, is_case_text, read};
pub use write::to_case;

/// The CASE fields both sides use, as CASE 1.0 spells them.
pub(crate) mod field {
    /// The package wrapper some servers add around the three lists.
    pub const CF_PACKAGE: &str = "CFPackage";
    /// The document: the framework.
    pub const CF_DOCUMENT: &str = "CFDocument";
    /// The items: domains, clusters, standards.
    pub const CF_ITEMS: &str = "CFItems";
    /// The associations between items.
    pub const CF_ASSOCIATIONS: &str = "CFAssociations";
    /// A document's, item's, association's or end's identifier.
    pub const IDENTIFIER: &str = "identifier";
    /// A document's, item's, association's or end's URI.
    pub const URI: &str = "uri";
    /// A document's or an association end's title.
    pub const TITLE: &str = "title";
    /// A document's version.
    pub const VERSION: &str = "version";
    /// A document's publisher.
    pub const PUBLISHER: &str = "publisher";
    /// An item's code.
    pub const HUMAN_CODING_SCHEME: &str = "humanCodingScheme";
    /// An item's statement.
    pub const FULL_STATEMENT: &str = "fullStatement";
    /// An item's short statement.
    pub const ABBREVIATED_STATEMENT: &str = "abbreviatedStatement";
    /// An item's or an association's notes.
    pub const NOTES: &str = "notes";
    /// An item's grades.
    pub const EDUCATION_LEVEL: &str = "educationLevel";
    /// An item's type, as text.
    pub const CF_ITEM_TYPE: &str = "CFItemType";
    /// An association's type.
    pub const ASSOCIATION_TYPE: &str = "associationType";
    /// An association's origin.
    pub const ORIGIN_NODE_URI: &str = "originNodeURI";
    /// An association's destination.
    pub const DESTINATION_NODE_URI: &str = "destinationNodeURI";
    /// Where a package keeps what CASE has no field for.
    pub const EXTENSIONS: &str = "extensions";
    /// This engine's object inside `extensions`.
    pub const NAMESPACE: &str = "coherence";
}

/// The association types the engine reads as more than a kept link.
pub(crate) mod association {
    /// The hierarchy: origin is the child.
    pub const IS_CHILD_OF: &str = "isChildOf";
    /// builds_towards.
    pub const PRECEDES: &str = "precedes";
    /// relates_to, as written.
    pub const IS_RELATED_TO: &str = "isRelatedTo";
    /// relates_to, as some servers write it.
    pub const IS_PEER_OF: &str = "isPeerOf";
    /// A crosswalk.
    pub const EXACT_MATCH_OF: &str = "exactMatchOf";
}

/// The CFItemType of each kind of item the writer makes.
pub(crate) mod item_type {
    /// A domain.
    pub const DOMAIN: &str = "Domain";
    /// A cluster.
    pub const CLUSTER: &str = "Cluster";
    /// A standard.
    pub const STANDARD: &str = "Standard";
    /// A sub-standard.
    pub const COMPONENT: &str = "Component";
}

/// A key under `extensions.coherence`: what CASE has no field for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ext {
    /// Document: the framework id, so that a re-import keeps it.
    Framework,
    /// Document: the framework's notes, apart from the licence.
    Notes,
    /// Document: the progression tags.
    Progressions,
    /// Document: associations of types CASE 1.0 does not define.
    Associations,
    /// Domain: its high-school conceptual category.
    Category,
    /// Cluster or standard: its focus.
    Focus,
    /// Standard: `false` when `fullStatement` is a summary, not official text.
    Statement,
    /// Standard: an entry point of a progression.
    Entry,
    /// Standard: a widely applicable prerequisite.
    Wap,
    /// Standard: a modeling standard.
    Modeling,
    /// Standard: an advanced (+) standard.
    Plus,
    /// Standard: the course pathways that include it.
    Courses,
    /// Standard: its parent as written, when the isChildOf tree cannot say it
    /// (qualified as `framework:code`, or naming no standard of the package).
    Parent,
    /// Standard or cluster: its domain as written, when it names no domain of the package (free text).
    Domain,
    /// Standard: its cluster as written, when it names no cluster of the package (free text).
    Cluster,
    /// precedes: the progression tag.
    Progression,
    /// Document: the framework's title, when the document's own title says
    /// that its statements are the engine's summaries.
    Title,
}

impl Ext {
    /// The key as written.
    pub const fn key(self) -> &'static str {
        match self {
            Ext::Framework => "framework",
            Ext::Notes => "notes",
            Ext::Progressions => "progressions",
            Ext::Associations => "associations",
            Ext::Category => "category",
            Ext::Focus => "focus",
            Ext::Statement => "statement",
            Ext::Entry => "entry",
            Ext::Wap => "wap",
            Ext::Modeling => "modeling",
            Ext::Plus => "plus",
            Ext::Courses => "courses",
            Ext::Parent => "parent",
            Ext::Domain => "domain",
            Ext::Cluster => "cluster",
            Ext::Progression => "progression",
            Ext::Title => "title",
        }
    }
}

/// The start of the `notes` of an exported item whose `fullStatement` is the
/// engine's summary: a reader of the package learns it is not official text,
/// and the importer takes it off again.
pub(crate) const SUMMARY_NOTE: &str =
    "This fullStatement is a summary written by the coherence engine, not the official text of the standard.";

/// What an exported document's title adds when no standard of it carries official text.
pub(crate) const SUMMARIES_TITLE: &str = "summaries by the coherence engine, not the official text";

/// The keys of a progression tag and of a kept association in the document's extensions.
pub(crate) mod ext_field {
    /// A tag's name.
    pub const TAG: &str = "tag";
    /// A tag's title.
    pub const TITLE: &str = "title";
    /// A tag's grades.
    pub const GRADES: &str = "grades";
    /// A kept association's type.
    pub const ASSOCIATION_TYPE: &str = "associationType";
    /// A kept association's origin code.
    pub const ORIGIN: &str = "origin";
    /// A kept association's destination.
    pub const DESTINATION: &str = "destination";
}
