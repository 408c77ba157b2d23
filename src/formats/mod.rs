//! The interchange formats, one module each, reader and writer side by side.
//!
//! Each format module owns its names (CSV columns, native section keys,
//! CASE extension keys, Knowledge Graph properties), so that what a writer
//! puts in a file and what the reader looks for cannot drift apart. Readers
//! get their bytes through [`crate::load`], which decides what a `--data`
//! path is; writers are pure and return paths and bytes for [`crate::output`].

pub mod case;
pub mod csv;
pub mod lckg;
pub mod native;
pub mod spanned;
