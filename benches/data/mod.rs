//! Inputs for the benchmarks, found or made on first use and kept under
//! `target/bench-data/` (or `$COHERENCE_BENCH_DATA`).
//!
//! The presets (`state`, `regional`, `national`) are those of
//! `../shared/reference/generate.py`, which is run (with `python3`) when the
//! shared contract is checked out beside the repository: the same data the
//! reference is timed on. Without it, a generator here makes data of the same
//! shape and size (one framework of 700 standards per state, 1,000 scopes of
//! 30 plan rows, 500 modules), and says so on stderr.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The presets to bench: `$COHERENCE_BENCH_PRESETS` (comma-separated), or all three.
pub fn presets() -> Vec<String> {
    std::env::var("COHERENCE_BENCH_PRESETS")
        .unwrap_or_else(|_| "state,regional,national".to_string())
        .split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The folder of a preset's five CSV files, made if it is not there yet.
pub fn preset(name: &str) -> PathBuf {
    let frameworks = match name {
        "state" => 1,
        "regional" => 10,
        "national" => 50,
        other => panic!("unknown preset {other}: use state, regional or national"),
    };
    let root = std::env::var_os("COHERENCE_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    let dir = root.join(name);
    if dir.join("plans.csv").is_file() {
        return dir;
    }
    std::fs::create_dir_all(&root).expect("create target/bench-data");
    // Written beside the final folder, then renamed: an interrupted run leaves no half preset.
    let tmp = root.join(format!(".{name}.tmp"));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("create the preset folder");
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/generate.py");
    if generator.is_file() {
        eprintln!("bench data: generating {name} with {}", generator.display());
        let status = Command::new("python3")
            .arg(&generator)
            .arg(&tmp)
            .args(["--preset", name])
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run python3 generate.py");
        assert!(status.success(), "generate.py --preset {name} failed");
    } else {
        eprintln!("bench data: ../shared is missing; generating a {name}-sized set here (same shape, other rows)");
        synthetic(&tmp, frameworks);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&tmp, &dir).expect("move the preset into place");
    dir
}

/// The same preset exported to the native JSON format, made if it is not there yet.
pub fn native(name: &str) -> PathBuf {
    let csv = preset(name);
    let dir = csv.with_file_name(format!("{name}-native"));
    if dir.join("plans.json").is_file() || dir.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        return dir;
    }
    let v = coherence::validate_sources(&[coherence::load::Source::Path(csv)]).expect("preset loads");
    let files = coherence::export::to_native(&v.dataset, &dir).expect("render the native export");
    coherence::output::write_all(&files).expect("write the native export");
    dir
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, m: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % m
    }
}

const GRADES: [&str; 10] = ["K", "1", "2", "3", "4", "5", "6", "7", "8", "HS"];

/// Writes `frameworks` state-sized frameworks (70 standards per grade, 500
/// modules, 1,000 scopes of 30 plan rows each) as the five CSV files.
pub fn synthetic(dir: &Path, frameworks: usize) {
    let per = 70;
    let mut r = Lcg(7);
    let mut standards = String::from("framework,id,grade,focus\n");
    let mut edges = String::from("from,to,kind\n");
    let mut modules = String::from("id,kind,standards\n");
    let mut scopes = String::from("id,framework,grade_lo,grade_hi\n");
    let mut plans = String::from("scope,module,sequence\n");
    for f in 1..=frameworks {
        let id = |g: usize, i: usize| format!("F{f}:F{f}.G{g}.D{}.{i}", i % 6);
        for (g, grade) in GRADES.iter().enumerate() {
            for i in 0..per {
                let focus = ["major", "major", "supporting", "additional"][r.next(4)];
                let bare = id(g, i);
                let _ = writeln!(standards, "F{f},{},{grade},{focus}", &bare[bare.find(':').unwrap() + 1..]);
                if g > 0 {
                    let _ = writeln!(edges, "{},{},builds_towards", id(g - 1, r.next(per)), bare);
                }
                if i > 0 && r.next(3) == 0 {
                    let _ = writeln!(edges, "{},{},builds_towards", id(g, r.next(i)), bare);
                }
                if r.next(2) == 0 {
                    let _ = writeln!(edges, "{},{},relates_to", bare, id(g, r.next(per)));
                }
            }
        }
        for m in 0..500 {
            let g = r.next(GRADES.len());
            let kind = if m % 10 < 7 { "pd" } else { "intervention" };
            let list: Vec<String> = (0..3 + r.next(13)).map(|_| id(g, r.next(per))).collect();
            let _ = writeln!(modules, "F{f}-M{m},{kind},{}", list.join(";"));
        }
        for s in 0..1000 {
            let (lo, hi) = [("K", "5"), ("6", "8"), ("9", "12"), ("K", "8")][r.next(4)];
            let _ = writeln!(scopes, "F{f}-S{s},F{f},{lo},{hi}");
            for k in 0..30 {
                let _ = writeln!(plans, "F{f}-S{s},F{f}-M{},{}", r.next(500), k + 1);
            }
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
