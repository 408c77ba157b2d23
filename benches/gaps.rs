//! The plan checks on a generated state-sized dataset (one framework, 70
//! standards in each of K-8 and HS, 500 modules, 1,000 scopes with 30 plan
//! rows each, like `generate.py --preset state`), with rayon pools of one and
//! two threads, and the whole `gaps` pipeline from CSV files.
//!
//! `cargo bench --bench gaps`. Inputs are made here; nothing to fetch.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use coherence::checks::plan::{PlanIndex, plan_checks};
use coherence::load::Source;
use criterion::{Criterion, criterion_group, criterion_main};

const GRADES: [&str; 10] = ["K", "1", "2", "3", "4", "5", "6", "7", "8", "HS"];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, m: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % m
    }
}

/// Writes the five CSV files of a state-like dataset into `dir`.
fn state(dir: &Path) {
    let per = 70;
    let mut r = Lcg(7);
    let id = |g: usize, i: usize| format!("G{g}.D{}.{i}", i % 6);
    let mut standards = String::from("id,grade,focus\n");
    let mut edges = String::from("from,to,kind\n");
    for (g, grade) in GRADES.iter().enumerate() {
        for i in 0..per {
            let focus = ["major", "major", "supporting", "additional"][r.next(4)];
            let _ = writeln!(standards, "{},{grade},{focus}", id(g, i));
            if g > 0 {
                let _ = writeln!(edges, "{},{},builds_towards", id(g - 1, r.next(per)), id(g, i));
            }
            if i > 0 && r.next(3) == 0 {
                let _ = writeln!(edges, "{},{},builds_towards", id(g, r.next(i)), id(g, i));
            }
            if r.next(2) == 0 {
                let _ = writeln!(edges, "{},{},relates_to", id(g, i), id(g, r.next(per)));
            }
        }
    }
    let mut modules = String::from("id,kind,standards\n");
    for m in 0..500 {
        let g = r.next(GRADES.len());
        let kind = if m % 10 < 7 { "pd" } else { "intervention" };
        let list: Vec<String> = (0..5 + r.next(8)).map(|_| id(g, r.next(per))).collect();
        let _ = writeln!(modules, "M{m},{kind},{}", list.join(";"));
    }
    let mut scopes = String::from("id,grade_lo,grade_hi\n");
    let mut plans = String::from("scope,module,sequence\n");
    for s in 0..1000 {
        let (lo, hi) = [("K", "5"), ("6", "8"), ("9", "12"), ("K", "8")][r.next(4)];
        let _ = writeln!(scopes, "S{s},{lo},{hi}");
        for k in 0..30 {
            let _ = writeln!(plans, "S{s},M{},{}", r.next(500), k + 1);
        }
    }
    for (name, text) in [
        ("standards.csv", standards),
        ("progressions.csv", edges),
        ("modules.csv", modules),
        ("scopes.csv", scopes),
        ("plans.csv", plans),
    ] {
        std::fs::write(dir.join(name), text).expect("write bench input");
    }
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    state(tmp.path());
    let sources = [Source::Path(tmp.path().to_path_buf())];
    let v = coherence::validate_sources(&sources).expect("bench data loads");
    let (ds, g) = (&v.dataset, &v.graph);
    let all: Vec<u32> = (0..g.scopes.len() as u32).collect();
    let mut group = c.benchmark_group("gaps-state");
    group.sample_size(20);
    group.bench_function("index", |b| b.iter(|| black_box(PlanIndex::new(ds, g, 2))));
    let index = PlanIndex::new(ds, g, 2);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
        group.bench_function(format!("plan-checks/counts/{threads}-threads"), |b| {
            b.iter(|| pool.install(|| black_box(plan_checks(ds, g, &index, &all, false))))
        });
        group.bench_function(format!("plan-checks/findings/{threads}-threads"), |b| {
            b.iter(|| pool.install(|| black_box(plan_checks(ds, g, &index, &all, true))))
        });
    }
    group.bench_function("whole/load-validate-gaps-summary", |b| {
        b.iter(|| {
            let v = coherence::validate_sources(&sources).expect("loads");
            let run = coherence::gaps(v, 2, &[], false).expect("gaps");
            let mut out = Vec::new();
            coherence::report::gaps::write_summary(&run, &mut out).expect("write");
            black_box(out)
        })
    });
    group.finish();
}

criterion_group!(all, benches);
criterion_main!(all);
