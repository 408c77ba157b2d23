//! The engine on the generated presets of `../shared/reference/generate.py`
//! (state: 700 standards, 1,000 scopes, 30,000 plan rows; regional: 10 such
//! frameworks; national: 50), phase by phase: loading CSV and native JSON,
//! building the graph, validating, the shared plan index, the plan checks on
//! rayon pools of one and two threads, and the whole pipeline in-process.
//!
//! `cargo bench --bench presets`; `COHERENCE_BENCH_PRESETS=state` for one
//! preset. The inputs are generated on first use into `target/bench-data/`
//! (see `benches/data/mod.rs`). Whole-command runs against the reference
//! implementation are in `scripts/compare`.

// A test or bench that cannot unwrap has failed: that is its verdict.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod data;

use std::hint::black_box;
use std::time::Duration;

use coherence::checks::plan::{PlanIndex, plan_checks};
use coherence::graph::Graph;
use coherence::load::{self, Source};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool")
}

// The floor is the `floor` example's function, so the bench and the whole
// process that `scripts/compare` times do the same work.
#[path = "../examples/floor.rs"]
mod floor_example;
use floor_example::floor;

fn benches(c: &mut Criterion) {
    for preset in data::presets() {
        let csv = [Source::Path(data::preset(&preset))];
        let native = [Source::Path(data::native(&preset))];
        let mut group = c.benchmark_group(&preset);
        // A national run takes about a second: ten samples, the fewest criterion allows.
        group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
        let dir = data::preset(&preset);
        group.bench_function("floor/read-split-hash-1-thread", |b| b.iter(|| black_box(floor(&dir))));
        group.bench_function("load/csv", |b| b.iter(|| black_box(load::load(&csv).expect("loads"))));
        group.bench_function("load/native", |b| b.iter(|| black_box(load::load(&native).expect("loads"))));
        let loaded = load::load(&csv).expect("loads");
        group.bench_function("graph/build", |b| b.iter(|| black_box(Graph::build(&loaded.dataset))));
        group.bench_function("validate", |b| {
            b.iter_batched(|| loaded.clone(), |l| black_box(coherence::validate(l)), BatchSize::LargeInput)
        });
        let v = coherence::validate(loaded);
        let (ds, g) = (&v.dataset, &v.graph);
        group.bench_function("plan-index", |b| b.iter(|| black_box(PlanIndex::new(ds, g, 2))));
        let index = PlanIndex::new(ds, g, 2);
        let all: Vec<u32> = (0..g.scopes.len() as u32).collect();
        for threads in [1, 2] {
            let pool = pool(threads);
            group.bench_function(format!("plan-checks/{threads}-threads"), |b| {
                b.iter(|| pool.install(|| black_box(plan_checks(ds, g, &index, &all, false))))
            });
        }
        // The summary as JSON (the spec's) and as text (the scorecard): text must stay within twice JSON.
        let run = coherence::gaps(v.clone(), 2, &[], false).expect("gaps");
        group.bench_function("report/summary-json", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                coherence::report::gaps::write_summary(&run, &mut out).expect("write");
                black_box(out)
            })
        });
        let opts = coherence::report::gaps::Options {
            top: 5,
            actions: 10,
            style: coherence::report::Style { color: false },
            scorecard_only: true,
        };
        group.bench_function("report/summary-text", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                coherence::report::gaps::write_text(&run, &opts, &mut out).expect("write");
                black_box(out)
            })
        });
        drop(run);
        // The whole text report, with findings: the scorecard, the actions and
        // every scope's top findings in words (a roll-up once rebuilt a map of
        // all scopes for each scope, and took 160 s at national scale).
        let run = coherence::gaps(v.clone(), 2, &[], true).expect("gaps");
        let opts = coherence::report::gaps::Options { scorecard_only: false, ..opts };
        group.bench_function("report/text-full", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                coherence::report::gaps::write_text(&run, &opts, &mut out).expect("write");
                black_box(out)
            })
        });
        drop(run);
        for threads in [1, 2] {
            let pool = pool(threads);
            group.bench_function(format!("whole/{threads}-threads"), |b| {
                b.iter(|| {
                    pool.install(|| {
                        let v = coherence::validate_sources(&csv).expect("loads");
                        let run = coherence::gaps(v, 2, &[], false).expect("gaps");
                        let mut out = Vec::new();
                        coherence::report::gaps::write_summary(&run, &mut out).expect("write");
                        black_box(out)
                    })
                })
            });
        }
        group.finish();
    }
}

criterion_group!(all, benches);
criterion_main!(all);
