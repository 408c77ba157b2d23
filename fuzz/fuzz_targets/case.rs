//! The CASE reader, in memory: a package as text, validated as the loader
//! validates it, read, then checked.
#![no_main]

use std::sync::Arc;

use coherence::formats::{case, spanned};
use coherence::load::Loaded;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if spanned::check(text).is_err() || !case::is_case_text(text) {
        return;
    }
    let name: Arc<str> = "package.json".into();
    // A package with nothing to read is a load error that must say what is wrong.
    match case::read(&name, text, "case", None) {
        Ok((dataset, findings, _)) => coherence_fuzz::check(Loaded { dataset, findings, ..Loaded::default() }),
        Err(e) => assert!(!e.message.is_empty(), "a load error says what is wrong"),
    }
});
