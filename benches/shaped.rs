//! Inputs shaped to find what is not linear: a huge unknown id, many
//! unknown codes over many standards, a standard with many parts, CASE and
//! Knowledge Graph hierarchies as long chains, many re-coded standards, a
//! crosswalk that fans out, repeated edge rows exported as CASE, and a deep
//! chain of scopes in the text report. Each once took seconds to minutes
//! (see the hardening issue's figures); each must stay near-linear.
//!
//! `cargo bench --bench shaped`. The inputs are made in a temporary folder.

// A test or bench that cannot unwrap has failed: that is its verdict.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use coherence::load::Source;
use criterion::{Criterion, criterion_group, criterion_main};

fn write(dir: &Path, files: &[(&str, String)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn standards(n: usize, grade: &str) -> String {
    let mut s = String::from("id,grade\n");
    for i in 0..n {
        let _ = writeln!(s, "S.{i},{grade}");
    }
    s
}

fn validate(dir: &Path) -> coherence::Validation {
    coherence::validate_sources(&[Source::Path(dir.to_path_buf())]).unwrap()
}

/// A CASE package whose items form one isChildOf chain of `n`, graded at the top only.
fn case_chain(n: usize) -> String {
    let mut items = Vec::new();
    let mut assocs = Vec::new();
    for i in 0..n {
        let level = if i == 0 { r#", "educationLevel": ["03"]"# } else { "" };
        items.push(format!(
            r#"{{"identifier": "i{i}", "humanCodingScheme": "C.{i}", "fullStatement": "item {i}", "CFItemType": "Standard"{level}}}"#
        ));
        if i > 0 {
            assocs.push(format!(
                r#"{{"identifier": "a{i}", "associationType": "isChildOf", "originNodeURI": {{"identifier": "i{i}"}}, "destinationNodeURI": {{"identifier": "i{}"}}}}"#,
                i - 1
            ));
        }
    }
    format!(
        r#"{{"CFDocument": {{"identifier": "doc", "title": "Chain"}}, "CFItems": [{}], "CFAssociations": [{}]}}"#,
        items.join(","),
        assocs.join(",")
    )
}

fn benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut group = c.benchmark_group("shaped");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));

    // One unknown id of 80,000 characters among 35,000 standards.
    let huge = root.join("huge-id");
    let edge = format!("from,to,kind\nS.1,{},builds_towards\n", "X".repeat(80_000));
    write(&huge, &[("standards.csv", standards(35_000, "3")), ("progressions.csv", edge)]);
    group.bench_function("validate/huge-unknown-id", |b| b.iter(|| black_box(validate(&huge))));

    // 1,000 unknown codes among 35,000 standards.
    let many = root.join("many-unknown");
    let mut edges = String::from("from,to,kind\n");
    for i in 0..1000 {
        let _ = writeln!(edges, "S.{i},T.{i},builds_towards");
    }
    write(&many, &[("standards.csv", standards(35_000, "3")), ("progressions.csv", edges)]);
    group.bench_function("validate/1000-unknown-codes", |b| b.iter(|| black_box(validate(&many))));

    // One standard with 80,000 parts.
    let fat = root.join("fat-family");
    let mut s = String::from("id,grade,parent\nP,3,\n");
    for i in 0..80_000 {
        let _ = writeln!(s, "P.{i},3,P");
    }
    write(&fat, &[("standards.csv", s)]);
    group.bench_function("validate/80000-parts", |b| b.iter(|| black_box(validate(&fat))));

    // A CASE hierarchy as one chain of 20,000 items.
    let chain = root.join("chain.case.json");
    std::fs::write(&chain, case_chain(20_000)).unwrap();
    group.bench_function("load/case-chain-20000", |b| {
        b.iter(|| black_box(coherence::load::load(&[Source::Path(chain.clone())]).unwrap()))
    });

    // 10,000 standards re-coded between two versions.
    let (old, new) = (root.join("old"), root.join("new"));
    let mut a = String::from("id,grade,summary\n");
    let mut b2 = String::from("id,grade,summary\n");
    for i in 0..10_000 {
        let _ = writeln!(a, "A.{i},3,text {i}");
        let _ = writeln!(b2, "B.{i},3,text {i}");
    }
    write(&old, &[("standards.csv", a)]);
    write(&new, &[("standards.csv", b2)]);
    let (va, vb) = (validate(&old), validate(&new));
    group.bench_function("diff/10000-recoded", |b| b.iter(|| black_box(coherence::diff::diff(&va, &vb))));

    // A crosswalk of 3,000 rows that would fan one edge out to 2.25 M.
    let fan = root.join("fan");
    let mut st = String::from("id,grade\n");
    let mut cw = String::from("state_code,ccss_code\n");
    for i in 0..1500 {
        let _ = writeln!(st, "ST.{i},3\nSU.{i},4");
        let _ = writeln!(cw, "ST.{i},3.NF.A.1\nSU.{i},4.NF.B.3a");
    }
    write(&fan, &[("standards.csv", st), ("crosswalk.csv", cw)]);
    let fan_sources = [Source::Builtin("ccss-math".to_string()), Source::Path(fan.clone())];
    group.bench_function("validate/crosswalk-fan-out", |b| {
        b.iter(|| black_box(coherence::validate_sources(&fan_sources).unwrap()))
    });

    // 1,000,000 repeated edge rows, exported as CASE.
    let repeated = root.join("repeated");
    let mut e = String::from("from,to,kind\n");
    for _ in 0..1_000_000 {
        e.push_str("S.0,S.1,builds_towards\n");
    }
    write(&repeated, &[("standards.csv", standards(2, "3")), ("progressions.csv", e)]);
    let vr = validate(&repeated);
    group.bench_function("export/case-1m-repeated-rows", |b| {
        b.iter(|| black_box(coherence::export::to_case(&vr.dataset, None).unwrap()))
    });

    // A chain of 20,000 scopes, each the parent of the next, in the text report.
    let deep = root.join("deep-scopes");
    let mut sc = String::from("id,name,parent,grade_lo,grade_hi\ns0,,,3,3\n");
    for i in 1..20_000 {
        let _ = writeln!(sc, "s{i},,s{},3,3", i - 1);
    }
    write(&deep, &[("standards.csv", "id,grade,focus\nA.1,3,major\n".to_string()), ("scopes.csv", sc)]);
    let run = coherence::gaps(validate(&deep), 2, &[], true).unwrap();
    let opts = coherence::report::gaps::Options {
        top: 5,
        actions: 10,
        style: coherence::report::Style { color: false },
        scorecard_only: false,
    };
    group.bench_function("report/text-20000-deep-scopes", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            coherence::report::gaps::write_text(&run, &opts, &mut out).unwrap();
            black_box(out)
        })
    });
    group.finish();
}

criterion_group!(all, benches);
criterion_main!(all);
