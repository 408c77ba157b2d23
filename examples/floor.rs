//! The floor of loading a data folder, as a whole process: read the five CSV
//! files, find every line and cell, and look up each plan row's scope and
//! module in hash maps of the ids (FxHash, as the engine uses), on one thread.
//! Nothing is kept and nothing checked: no engine can load and resolve the
//! data in less. `scripts/compare` times it beside `coherence gaps`, and the
//! `presets` bench runs the same function in-process.
//!
//! `cargo run --release --example floor -- DIR` prints the count it reached,
//! so that the work cannot be optimized away.

// The floor is a measuring stick for generated presets: an unreadable file is a broken bench.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// Reads, splits and hashes the five files of `dir`; returns cells plus ids found.
pub fn floor(dir: &Path) -> usize {
    let read = |name: &str| std::fs::read(dir.join(name)).expect("read a preset file");
    let ids = |text: &[u8]| -> rustc_hash::FxHashMap<Vec<u8>, u32> {
        text.split(|&b| b == b'\n')
            .skip(1)
            .filter(|l| !l.is_empty())
            .enumerate()
            .map(|(i, l)| (l.split(|&b| b == b',').next().unwrap_or_default().to_vec(), i as u32))
            .collect()
    };
    let mut cells = 0;
    for name in ["standards.csv", "progressions.csv"] {
        cells += read(name).split(|&b| b == b'\n' || b == b',').count();
    }
    let (modules, scopes) = (ids(&read("modules.csv")), ids(&read("scopes.csv")));
    let plans = read("plans.csv");
    let mut found = 0;
    for line in plans.split(|&b| b == b'\n').skip(1) {
        let mut it = line.split(|&b| b == b',');
        let (scope, module) = (it.next().unwrap_or_default(), it.next().unwrap_or_default());
        found += usize::from(scopes.contains_key(scope)) + usize::from(modules.contains_key(module));
    }
    cells + found
}

#[allow(dead_code)]
fn main() {
    let dir = std::env::args_os().nth(1).expect("usage: floor DIR");
    println!("{}", floor(Path::new(&dir)));
}
