//! The native JSON reader: one file, a manifest with its records inline or a
//! part file (or a CASE package, which the same reader recognises).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    coherence_fuzz::load_files("native", &[("dataset.json", data)], Some("dataset.json"));
});
