//! The embedded CCSS-M map with the example district: loading native JSON
//! (embedded, and from disk) and CSV, building the graph, validating, and the
//! district's gap report with and without findings.
//!
//! `cargo bench --bench load`. Everything it reads is in the repository.

// A test or bench that cannot unwrap has failed: that is its verdict.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::PathBuf;

use coherence::graph::Graph;
use coherence::load::{self, Source};
use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let builtin = [Source::Builtin("ccss-math".to_string())];
    let on_disk = [Source::Path(root.join("standards/ccss-math"))];
    let district = [Source::Path(root.join("examples/district"))];
    let mut group = c.benchmark_group("ccss-math");
    group.bench_function("load/native-embedded", |b| b.iter(|| black_box(load::load(&builtin).expect("loads"))));
    group.bench_function("load/native-disk", |b| b.iter(|| black_box(load::load(&on_disk).expect("loads"))));
    let loaded = load::load(&builtin).expect("loads");
    group.bench_function("graph/build", |b| b.iter(|| black_box(Graph::build(&loaded.dataset))));
    group.bench_function("validate", |b| b.iter(|| black_box(coherence::validate_sources(&builtin).expect("loads"))));
    group.finish();

    let mut group = c.benchmark_group("district");
    group.bench_function("load/csv-and-embedded", |b| b.iter(|| black_box(load::load(&district).expect("loads"))));
    let v = coherence::validate_sources(&district).expect("loads");
    for (name, collect) in [("gaps/counts", false), ("gaps/findings", true)] {
        group
            .bench_function(name, |b| b.iter(|| black_box(coherence::gaps(v.clone(), 2, &[], collect).expect("gaps"))));
    }
    group.bench_function("gaps/text-report", |b| {
        let run = coherence::gaps(v.clone(), 2, &[], true).expect("gaps");
        let opts = coherence::report::gaps::Options {
            top: 5,
            actions: 10,
            style: coherence::report::Style { color: false },
            scorecard_only: false,
        };
        b.iter(|| {
            let mut out = Vec::new();
            coherence::report::gaps::write_text(&run, &opts, &mut out).expect("write");
            black_box(out)
        })
    });
    group.finish();
}

criterion_group!(all, benches);
criterion_main!(all);
