//! The writers of the interchange formats on the generated presets (state:
//! 700 standards; regional: 10 frameworks; national: 50, 35,000 standards):
//! one framework as a CASE package, and the whole dataset as native JSON
//! folders and as CSV files, rendered in memory (nothing is written); and
//! the CASE package read back.
//!
//! A CASE export once looked up every standard for each standard, edge end
//! and crosswalk row: 11 s for one framework of the national preset. Every
//! writer here must stay linear in the records, so the national figures
//! stay within a few times the state ones per record.
//!
//! `cargo bench --bench formats`; `COHERENCE_BENCH_PRESETS=national` for
//! one preset. The inputs are generated on first use into
//! `target/bench-data/` (see `benches/data/mod.rs`).

// A test or bench that cannot unwrap has failed: that is its verdict.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod data;

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use coherence::export::{to_case, to_csv, to_native};
use coherence::formats::case;
use coherence::load::Source;
use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    for preset in data::presets() {
        let v = coherence::validate_sources(&[Source::Path(data::preset(&preset))]).expect("preset loads");
        let ds = &v.dataset;
        let fw = ds.frameworks.first().map(|f| f.id.clone()).expect("a preset has a framework");
        let out = Path::new("unused");
        let mut group = c.benchmark_group(format!("{preset}/formats"));
        // A national export takes a fraction of a second: ten samples, the fewest criterion allows.
        group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
        group.bench_function("export/case-one-framework", |b| {
            b.iter(|| black_box(to_case(ds, Some(&fw)).expect("renders")))
        });
        group.bench_function("export/native", |b| b.iter(|| black_box(to_native(ds, out).expect("renders"))));
        group.bench_function("export/csv", |b| b.iter(|| black_box(to_csv(ds, out).expect("renders"))));
        let package = String::from_utf8(to_case(ds, Some(&fw)).expect("renders")).expect("UTF-8");
        let name: Arc<str> = Arc::from("bench.case.json");
        group.bench_function("read/case-one-framework", |b| {
            b.iter(|| black_box(case::read(&name, &package, "case", None).expect("reads")))
        });
        group.finish();
    }
}

criterion_group!(all, benches);
criterion_main!(all);
