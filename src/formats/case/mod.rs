//! 1EdTech CASE packages (CFPackage JSON).

mod read;
mod write;

pub use read::{CaseSummary, is_case_text, read};
pub use write::to_case;
