//! What `--out` may and may not do: never replace a special file, write
//! through a symbolic link, stay inside its folder, leave the old files
//! whole when a run fails or is killed, and clean up after a killed run.

use std::path::Path;
use std::process::Command;

use crate::util::{coherence, fixture, folder};

fn code(args: &[&str], out: &Path) -> (i32, String) {
    let o = coherence().args(args).arg("--out").arg(out).output().unwrap();
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).into_owned())
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for e in walk(dir) {
        let name = e.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            found.push(e.display().to_string());
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn special_targets_are_refused_and_left_as_they_were() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder.
    let dir = tmp.path().join("a-folder");
    std::fs::create_dir(&dir).unwrap();
    let (c, err) = code(&["validate"], &dir);
    assert_eq!(c, 2, "{err}");
    assert!(err.contains("folder"), "{err}");
    assert!(dir.is_dir());
    // A path ending with a separator: no temporary file left anywhere.
    let slash = format!("{}/x.json/", tmp.path().display());
    let (c, err) = code(&["validate"], Path::new(&slash));
    assert_eq!(c, 2, "{err}");
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
    // A FIFO is neither opened (it would block) nor replaced.
    let fifo = tmp.path().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (c, err) = code(&["validate"], &fifo);
    assert_eq!(c, 2, "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo_like());
    // A device.
    let (c, err) = code(&["validate"], Path::new("/dev/null"));
    assert_eq!(c, 2, "{err}");
    // A folder nobody may write into (not even root).
    let (c, err) = code(&["validate"], Path::new("/proc/coherence-report.txt"));
    assert_eq!(c, 2, "{err}");
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_fifo()
    }
}

#[test]
fn a_symbolic_link_is_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real.txt");
    std::fs::write(&real, "old").unwrap();
    let link = tmp.path().join("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (c, err) = code(&["validate"], &link);
    assert_eq!(c, 0, "{err}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert!(std::fs::read_to_string(&real).unwrap().contains("509 standards"), "the file it points at has the report");
    let dangling = tmp.path().join("dangling.txt");
    std::os::unix::fs::symlink(tmp.path().join("nowhere/x.txt"), &dangling).unwrap();
    assert_eq!(code(&["validate"], &dangling).0, 2);
}

#[test]
fn inputs_that_are_not_regular_files_are_refused_without_hanging() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("data.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = coherence().args(["validate", "--data"]).arg(&fifo).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    let out = coherence().args(["validate", "--data", "/dev/zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A manifest may list only files of its own folder, and only regular ones.
    for listed in ["../outside.json", "/etc/passwd", "pipe.json"] {
        let manifest = format!("{{\"framework\": {{\"id\": \"x\"}}, \"files\": [\"{listed}\"]}}");
        let (_t, dir) = folder("fw", &[("framework.json", manifest.as_bytes())]);
        let _ = Command::new("mkfifo").arg(dir.join("pipe.json")).status();
        let out = coherence().args(["validate", "--data"]).arg(&dir).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{listed}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("own folder") || err.contains("not a regular file"), "{listed}: {err}");
    }
}

#[test]
fn names_from_the_data_never_leave_the_output_folder() {
    let (_t, dir) = folder("evil", &[("standards.csv", b"id,framework,grade\nA.1,../../escaped,3\nA.2,/abs,3\n")]);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (c, err) = code(&["export", "--format", "json", "--data", dir.to_str().unwrap()], &out);
    assert_eq!(c, 2, "{err}");
    assert!(err.contains("cannot name a folder"), "{err}");
    assert!(!tmp.path().join("escaped").exists() && !Path::new("/abs").exists());
}

#[test]
fn writing_over_an_input_is_a_write_through_after_reading_it_whole() {
    let (_t, dir) = folder("plans", &[]);
    for f in ["standards.csv", "progressions.csv", "modules.csv", "scopes.csv", "plans.csv"] {
        std::fs::copy(Path::new(&fixture("plans")).join(f), dir.join(f)).unwrap();
    }
    let before = std::fs::read(dir.join("standards.csv")).unwrap();
    let (c, err) = code(&["export", "--format", "csv", "--data", dir.to_str().unwrap()], &dir);
    assert_eq!(c, 0, "{err}");
    let back = coherence().args(["validate", "--data"]).arg(&dir).output().unwrap();
    assert_eq!(back.status.code(), Some(0), "the rewritten folder loads");
    assert!(!std::fs::read(dir.join("standards.csv")).unwrap().is_empty() && !before.is_empty());
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

/// A native export killed at random instants: the folder loads after each
/// kill, and the next run puts the old set back or finishes, leaving no
/// temporary file, link or journal.
#[test]
fn an_export_killed_at_any_instant_leaves_a_folder_that_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin!("coherence");
    let export = |data: &str| {
        Command::new(bin)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["export", "--format", "json", "--data", data, "--data", "builtin:ccss-math", "--out"])
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    assert!(export("examples/district").wait().unwrap().success());
    let mut seed = 0x2545_f491_u64;
    for round in 0..24 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = export(if round % 2 == 0 { "builtin:ccss-math" } else { "examples/district" });
        std::thread::sleep(std::time::Duration::from_micros(seed % 60_000));
        let _ = child.kill();
        let _ = child.wait();
        let loads = Command::new(bin).args(["validate", "--data"]).arg(out.join("ccss-math")).output().unwrap();
        assert_ne!(loads.status.code(), Some(2), "round {round}: {}", String::from_utf8_lossy(&loads.stderr));
    }
    assert!(export("examples/district").wait().unwrap().success());
    assert!(leftovers(&out).is_empty(), "a finished run cleans what killed ones left: {:?}", leftovers(&out));
}

#[test]
fn parallel_exports_to_one_folder_take_turns() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin!("coherence");
    let runs: Vec<_> = (0..8)
        .map(|i| {
            Command::new(bin)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(["export", "--format", "json", "--data"])
                .arg(if i % 2 == 0 { "examples/district" } else { "tests/fixtures/plans" })
                .args(["--data", "builtin:ccss-math", "--out"])
                .arg(&out)
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut r in runs {
        assert!(r.wait().unwrap().success());
    }
    let loads = Command::new(bin).args(["validate", "--data"]).arg(out.join("ccss-math")).output().unwrap();
    assert_ne!(loads.status.code(), Some(2), "{}", String::from_utf8_lossy(&loads.stderr));
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}
