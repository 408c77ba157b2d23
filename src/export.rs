//! Renders a dataset as files: CSV interchange, the native JSON format, or CASE.
//!
//! Rendering is pure (paths and bytes); [`crate::output`] writes them. The
//! writers live with their readers in [`crate::formats`]; this module keeps
//! the paths the CLI and the tests use.

pub use crate::formats::ExportError;
pub use crate::formats::case::to_case;
pub use crate::formats::csv::{to_csv, to_xlsx};
pub use crate::formats::native::{part_of, render, to_native};
