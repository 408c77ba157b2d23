//! The CSV interchange of `shared/spec/csv-interchange.md`.

mod read;
mod write;

pub use read::FILE_NAMES;
pub(crate) use read::load_files;
pub use write::to_csv;
