//! Helpers shared by the tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `coherence` binary, run from the crate root with colour off.
pub fn coherence() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("coherence");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

/// A fixture folder, relative to the crate root (as reports print it).
pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// Writes `files` into a fresh temporary folder named `name` and returns it.
pub fn folder(name: &str, files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join(name);
    std::fs::create_dir_all(&dir).expect("create dir");
    for (f, bytes) in files {
        std::fs::write(dir.join(f), bytes).expect("write file");
    }
    (tmp, dir)
}

/// Runs `validate --format json` and returns (exit code, parsed report, stderr).
pub fn validate_json(data: &[&Path]) -> (i32, serde_json::Value, String) {
    let mut cmd = coherence();
    cmd.arg("validate").arg("--format").arg("json");
    for d in data {
        cmd.arg("--data").arg(d);
    }
    let out = cmd.output().expect("run coherence");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let json = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json, String::from_utf8_lossy(&out.stderr).to_string())
}

/// The findings of a JSON report with the given code.
pub fn findings<'a>(report: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    report["findings"].as_array().into_iter().flatten().filter(|f| f["code"] == code).collect()
}

/// The `plans` fixture copied into `root/name` with North School's plan
/// changed: it drops P2 (B3) and adopts P3 (A2) second in its calendar. The
/// baseline, goals and progress tests derive their figures from it by hand.
pub fn changed_plans(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).expect("create dir");
    for f in ["modules.csv", "progressions.csv", "scopes.csv", "standards.csv"] {
        std::fs::copy(Path::new(&fixture("plans")).join(f), dir.join(f)).expect("copy fixture");
    }
    std::fs::write(
        dir.join("plans.csv"),
        "scope,module,sequence\ns1,P1,1\ns1,P3,2\ns1,I1,\ns2,P1,2\ns2,P3,1\ns2,P2,\n",
    )
    .expect("write plans");
    dir
}

/// What is wrong with a layout, if anything: each column's order must be a
/// permutation of its first order with no more crossings; boxes must lie
/// inside the bounds and apart; every point of every route inside the
/// bounds; and no line may pass over a box (a curve keeps all its points
/// in one gap between columns; a straight line crosses a column clear of
/// its boxes).
pub fn layout_faults(l: &coherence::layout::Layout, box_width: f64) -> Vec<String> {
    use coherence::layout::{Piece, Point, crossings};
    let mut faults = Vec::new();
    for (a, b) in l.initial.iter().zip(&l.order) {
        let (mut a, mut b) = (a.clone(), b.clone());
        a.sort_unstable();
        b.sort_unstable();
        if a != b {
            faults.push(format!("a column's order is not a permutation: {a:?} vs {b:?}"));
        }
    }
    let (before, after) = (crossings(&l.initial, &l.segments), crossings(&l.order, &l.segments));
    if (before, after) != (l.crossings_before, l.crossings_after) || after > before {
        faults.push(format!("crossings {before} -> {after}, reported {} -> {}", l.crossings_before, l.crossings_after));
    }
    for (i, r) in l.boxes.iter().enumerate() {
        if !l.bounds.encloses(r) {
            faults.push(format!("box {i} {r:?} outside {:?}", l.bounds));
        }
        for (j, q) in l.boxes.iter().enumerate().skip(i + 1) {
            if r.overlaps(q) {
                faults.push(format!("boxes {i} and {j} overlap: {r:?} {q:?}"));
            }
        }
    }
    // Which gap a point is in: 0 before the first column, k + 1 after column k; None inside a column.
    const E: f64 = 1e-6;
    let gap_of = |x: f64| -> Option<usize> {
        let mut k = 0;
        for &left in &l.layer_x {
            if x <= left + E {
                return Some(k);
            }
            if x < left + box_width - E {
                return None;
            }
            k += 1;
        }
        Some(k)
    };
    for (i, route) in l.routes.iter().enumerate() {
        for p in route.points() {
            if !l.bounds.contains(p) {
                faults.push(format!("route {i}: point {p:?} outside {:?}", l.bounds));
            }
        }
        let mut at = route.start;
        for piece in &route.pieces {
            match *piece {
                Piece::Cubic(a, b, c) => {
                    let gaps: Vec<Option<usize>> = [at, a, b, c].iter().map(|p: &Point| gap_of(p.x)).collect();
                    if gaps[0].is_none() || gaps.iter().any(|g| *g != gaps[0]) {
                        faults.push(format!("route {i}: a curve leaves its gap: {:?}", [at, a, b, c]));
                    }
                    at = c;
                }
                Piece::Line(b) => {
                    let column = l.layer_x.iter().position(|&x| (x - at.x.min(b.x)).abs() < E);
                    let clear = l
                        .boxes
                        .iter()
                        .filter(|r| column.is_some_and(|c| (r.x - l.layer_x[c]).abs() < E))
                        .all(|r| at.y < r.y || at.y > r.bottom());
                    if column.is_none() || (at.y - b.y).abs() > E || !clear {
                        faults.push(format!("route {i}: a line across a column over a box: {at:?} -> {b:?}"));
                    }
                    at = b;
                }
            }
        }
    }
    faults
}

/// The `plans` fixture's gap report, dated 2026-09-01, saved as `root/name`:
/// the baseline the baseline and goals tests compare with.
pub fn saved_plans_report(root: &Path, name: &str) -> PathBuf {
    let saved = root.join(name);
    let out = coherence()
        .args(["gaps", "--data", &fixture("plans"), "--format", "json", "--as-of", "2026-09-01", "--out"])
        .arg(&saved)
        .output()
        .expect("run gaps");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    saved
}
