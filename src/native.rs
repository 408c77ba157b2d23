//! The native dataset format (JSON): the types of its two file kinds.
//!
//! A framework folder holds a manifest (`framework.json`, [`Manifest`]) and
//! part files ([`Part`], e.g. `grade-3.json`) that the manifest lists. The
//! types live with the format's reader and writer in
//! [`crate::formats::native`]; this module keeps their public path and makes
//! the JSON Schemas under `schema/` from them (see [`schemas`]).

use schemars::{Schema, schema_for};

pub use crate::formats::native::records::*;

use crate::formats::ExportError;

/// The file kinds, each with the name of its schema file under `schema/`.
pub fn schemas() -> Vec<(&'static str, Schema)> {
    vec![
        ("framework.schema.json", schema_for!(Manifest)),
        ("part.schema.json", schema_for!(Part)),
        ("gaps-report.schema.json", crate::report::gaps_doc::schema()),
        ("goals.schema.json", crate::goals::schema()),
        ("unpack.schema.json", crate::report::unpack::schema()),
    ]
}

/// Renders a schema as the committed file holds it: two-space indents and a final line feed.
///
/// # Errors
/// [`ExportError::Json`] when the schema cannot be serialized (a bug, never the data).
pub fn schema_text(schema: &Schema) -> Result<String, ExportError> {
    let mut s = serde_json::to_string_pretty(schema)?;
    s.push('\n');
    Ok(s)
}
