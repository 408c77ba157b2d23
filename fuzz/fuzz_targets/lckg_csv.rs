//! The Knowledge Graph reader, CSV export: items, relationships and
//! frameworks files, cut at NUL bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 3] = ["StandardsFrameworkItem.csv", "Relationships.csv", "StandardsFramework.csv"];

fuzz_target!(|data: &[u8]| {
    let files: Vec<(&str, &[u8])> = FILES.iter().copied().zip(coherence_fuzz::parts(data, FILES.len())).collect();
    coherence_fuzz::load_files("lckg-csv", &files, None);
});
