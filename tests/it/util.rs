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
