//! The native JSON format: framework folders of a manifest and part files.

mod read;
pub mod records;
mod write;

pub(crate) use read::{MANIFEST, load_file, load_folder};
pub use records::*;
pub use write::{part_of, render, to_native};
