//! The interchange formats, one module each, reader and writer side by side.
//!
//! Each format module owns its names (CSV columns, native section keys,
//! CASE extension keys, Knowledge Graph properties), so that what a writer
//! puts in a file and what the reader looks for cannot drift apart. Readers
//! get their bytes through [`crate::load`], which decides what a `--data`
//! path is; writers are pure and return paths and bytes for [`crate::output`].

pub mod case;
pub mod csv;
pub(crate) mod hierarchy;
pub mod lckg;
pub mod native;
pub mod spanned;

/// A dataset that cannot be rendered: the export stops rather than write an
/// empty or partial file and report success.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A CASE package holds one framework: none was named among several, or the name matches none.
    #[error("name the framework to export with --framework: one of {}", .loaded.join(", "))]
    Framework {
        /// The ids of the frameworks loaded.
        loaded: Vec<String>,
    },
    /// A name from the data would become a path outside the output folder.
    #[error(
        "the framework id {name:?} cannot name a folder (a separator, a leading dot or an absolute path): rename the framework"
    )]
    UnsafeName {
        /// The name, as the data gives it.
        name: String,
    },
    /// A document could not be rendered as JSON (a bug: the records are plain data).
    #[error("cannot render JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A file could not be rendered as CSV (a bug: the writer fills a buffer in memory).
    #[error("cannot render CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// A dataset that does not fit a workbook (too many rows, too long a
    /// value), or a workbook that could not be assembled.
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
}
