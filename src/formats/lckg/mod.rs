//! Learning Commons Knowledge Graph exports (read only).

mod read;

pub use read::{Filters, is_lckg, load};
