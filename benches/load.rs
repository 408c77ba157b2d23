//! Load, graph build and validate, on the embedded CCSS-M and on a
//! synthetic dataset generated here (deterministic, no files needed).
//!
//! `cargo bench --bench load`. Whole-command comparisons with the reference
//! implementation come with the national-scale issue.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use coherence::graph::Graph;
use coherence::load::{self, Source};
use criterion::{Criterion, criterion_group, criterion_main};

/// Writes a synthetic framework of `per_grade` standards in each of grades K-8 and HS,
/// with edges to the next grade and links within a grade (a fixed linear congruential sequence).
fn synthetic(dir: &Path, per_grade: usize) {
    const GRADES: [&str; 10] = ["K", "1", "2", "3", "4", "5", "6", "7", "8", "HS"];
    let mut standards = String::from("id,grade,domain,cluster,focus\n");
    let mut edges = String::from("from,to,kind,progression\n");
    let mut seed: u64 = 42;
    let mut next = |m: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    for (g, grade) in GRADES.iter().enumerate() {
        for i in 0..per_grade {
            let _ = writeln!(standards, "G{g}.D{}.A.{i},{grade},G{g}.D{},G{g}.D{}.A,major", i % 5, i % 5, i % 5);
            if g + 1 < GRADES.len() {
                for _ in 0..2 {
                    let _ = writeln!(
                        edges,
                        "G{g}.D{}.A.{i},G{}.D{}.A.{},builds_towards,P{}",
                        i % 5,
                        g + 1,
                        next(per_grade) % 5,
                        next(per_grade),
                        i % 5
                    );
                }
            }
            let j = next(per_grade);
            let _ = writeln!(edges, "G{g}.D{}.A.{i},G{g}.D{}.A.{j},relates_to,", i % 5, j % 5);
        }
    }
    std::fs::write(dir.join("standards.csv"), standards).expect("write standards.csv");
    std::fs::write(dir.join("progressions.csv"), edges).expect("write progressions.csv");
}

fn benches(c: &mut Criterion) {
    let builtin = [Source::Builtin("ccss-math".to_string())];
    c.bench_function("load/builtin", |b| b.iter(|| black_box(load::load(&builtin).expect("loads"))));
    c.bench_function("validate/builtin", |b| {
        b.iter(|| black_box(coherence::validate_sources(&builtin).expect("loads")))
    });

    let tmp = tempfile::tempdir().expect("temp dir");
    synthetic(tmp.path(), 700);
    let csv = [Source::Path(tmp.path().to_path_buf())];
    let mut group = c.benchmark_group("synthetic-7000");
    group.sample_size(20);
    group.bench_function("load/csv", |b| b.iter(|| black_box(load::load(&csv).expect("loads"))));
    let loaded = load::load(&csv).expect("loads");
    group.bench_function("graph/build", |b| b.iter(|| black_box(Graph::build(&loaded.dataset))));
    let (graph, _) = Graph::build(&loaded.dataset);
    group.bench_function("checks/graph", |b| {
        b.iter(|| black_box(coherence::checks::graph_checks(&loaded.dataset, &graph)))
    });
    group.bench_function("validate/csv", |b| b.iter(|| black_box(coherence::validate_sources(&csv).expect("loads"))));
    group.finish();
}

criterion_group!(all, benches);
criterion_main!(all);
