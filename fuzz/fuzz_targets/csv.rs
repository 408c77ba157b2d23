//! The CSV interchange reader: the input is up to six files, cut at NUL
//! bytes, in the order standards, progressions, modules, scopes, plans, crosswalk.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 6] =
    ["standards.csv", "progressions.csv", "modules.csv", "scopes.csv", "plans.csv", "crosswalk.csv"];

fuzz_target!(|data: &[u8]| {
    let files: Vec<(&str, &[u8])> = FILES.iter().copied().zip(coherence_fuzz::parts(data, FILES.len())).collect();
    coherence_fuzz::load_files("csv", &files, None);
});
