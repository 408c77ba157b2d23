//! The positioned JSON parser: whatever serde_json builds a value from, it
//! parses to the same value; what serde_json cannot hold (a number out of
//! range, a lone surrogate) it marks unreadable where it stands; the partial
//! readers never panic on any text or position.
#![no_main]

use coherence::formats::spanned;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = spanned::LineIndex::new(text);
    match spanned::parse(text) {
        Ok(root) => {
            let theirs = serde_json::from_str::<serde_json::Value>(text);
            match (root.unreadable(), theirs) {
                (None, Ok(v)) => assert_eq!(root.to_value(), v),
                // A key with a lone surrogate escape is kept as written (it names no field); serde_json refuses it.
                (None, Err(e)) => {
                    let why = e.to_string();
                    assert!(why.contains("surrogate") || why.contains("hex escape"), "{why}");
                }
                (Some(_), theirs) => assert!(theirs.is_err(), "an unreadable value is one serde_json refuses"),
            }
            let _ = lines.locate(text, root.pos);
        }
        Err(e) => assert!(e.line >= 1 && e.column >= 1 && !e.message.is_empty()),
    }
    // Unchecked text at any position: None, never a panic.
    let pos = data.first().map_or(0, |&b| b as usize % (text.len() + 1));
    let _ = spanned::members(text, pos);
    let _ = spanned::value_at(text, pos);
    let _ = spanned::each_element(text, pos, |_| ());
    let _ = lines.locate(text, pos);
});
