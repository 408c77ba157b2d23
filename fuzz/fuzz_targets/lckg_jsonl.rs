//! The Knowledge Graph reader, JSONL export: nodes and relationships, cut at a NUL byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 2] = ["nodes.jsonl", "relationships.jsonl"];

fuzz_target!(|data: &[u8]| {
    let files: Vec<(&str, &[u8])> = FILES.iter().copied().zip(coherence_fuzz::parts(data, FILES.len())).collect();
    coherence_fuzz::load_files("lckg-jsonl", &files, None);
});
