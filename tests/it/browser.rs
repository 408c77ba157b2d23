//! The HTML map, the module handout and the HTML gap report in a real browser (Debian's
//! Chromium, driven through the DevTools protocol by
//! `tests/browser/map.test.mjs`, `tests/browser/unpack.test.mjs` and
//! `tests/browser/report.test.mjs`). `scripts/setup-browser`
//! installs Chromium and the protocol client when they are missing; if that
//! fails, this test fails and says why: it never skips.

use std::path::Path;
use std::process::Command;

use crate::util::{coherence, folder};

fn ensure_tools(root: &Path) {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let client = root.join("tests/browser/node_modules/playwright-core/package.json");
    let node = || Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if Path::new(&chromium).exists() && client.exists() && node() {
        return;
    }
    let out = Command::new("bash").arg(root.join("scripts/setup-browser")).output().expect("run scripts/setup-browser");
    assert!(
        out.status.success() && Path::new(&chromium).exists() && client.exists() && node(),
        "the browser tests need Chromium at {chromium}, Node.js and playwright-core; scripts/setup-browser could not install them:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_map_works_in_a_real_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ensure_tools(root);
    let tmp = tempfile::tempdir().unwrap();
    let map = tmp.path().join("map.html");
    coherence().args(["map", "--data", "examples/district", "--out"]).arg(&map).assert().code(0);
    let (_t, hostile) = folder(
        "hostile",
        &[
            (
                "standards.csv",
                b"id,grade,domain,summary\nA.1,3,constructor,<script>alert(1)</script>\nA.2,4,__proto__,<img src=x onerror=alert(2)>\n",
            ),
            ("progressions.csv", b"from,to,kind,note\nA.1,A.2,builds_towards,<img src=x onerror=alert(5)>\n"),
            ("modules.csv", b"id,kind,title,standards\nM1,pd,<script>alert(3)</script>,A.1\n"),
            ("scopes.csv", b"id,name,grade_lo,grade_hi\nS1,<img src=x onerror=alert(4)>,3,4\n"),
            ("plans.csv", b"scope,module,sequence\nS1,M1,1\n"),
        ],
    );
    let xss = tmp.path().join("hostile.html");
    coherence().arg("map").arg("--data").arg(&hostile).arg("--out").arg(&xss).assert().code(0);
    // The page's scope summary is held to what `gaps` reports for the same scope.
    let report = coherence()
        .args(["gaps", "--data", "examples/district", "--scope", "es-alder", "--format", "json"])
        .output()
        .unwrap();
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    let gaps = tmp.path().join("es-alder.json");
    std::fs::write(&gaps, &report.stdout).unwrap();
    // The screenshots are for a person to look at; target/ keeps them out of git.
    let shot = root.join("target/browser/map.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    run_checks(root, "map.test.mjs", &[&map, &xss, &shot, &gaps]);
    assert!(shot.is_file());
}

#[test]
fn the_module_handout_prints_in_a_real_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ensure_tools(root);
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("handout.html");
    coherence()
        .args(["unpack", "PD-NF-04", "--data", "examples/district", "--scope", "es-cottonwood", "--format", "html"])
        .arg("--out")
        .arg(&page)
        .assert()
        .code(0);
    // The screenshot and the PDFs are for a person to look at; target/ keeps them out of git.
    let dir = root.join("target/browser");
    std::fs::create_dir_all(&dir).unwrap();
    let shot = dir.join("unpack.png");
    run_checks(root, "unpack.test.mjs", &[&page, &shot, &dir]);
    assert!(shot.is_file() && dir.join("handout-A4.pdf").is_file() && dir.join("handout-Letter.pdf").is_file());
}

#[test]
fn the_gap_report_page_works_in_a_real_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ensure_tools(root);
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("report.html");
    coherence().args(["gaps", "--data", "examples/district", "--format", "html", "--out"]).arg(&page).assert().code(0);
    let changed = tmp.path().join("baseline.html");
    coherence()
        .args(["gaps", "--data", "examples/district", "--baseline", "examples/district/terms/2026-09"])
        .args(["--as-of", "2026-12-01", "--format", "html", "--out"])
        .arg(&changed)
        .assert()
        .code(0);
    let (_t, hostile) = crate::html_report::hostile();
    let xss = tmp.path().join("hostile.html");
    coherence().arg("gaps").arg("--data").arg(&hostile).args(["--format", "html", "--out"]).arg(&xss).assert().code(0);
    // The screenshots and the PDF are for a person to look at; target/ keeps them out of git.
    let shot = root.join("target/browser/report.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    run_checks(root, "report.test.mjs", &[&page, &xss, &changed, &shot]);
    assert!(shot.is_file() && root.join("target/browser/report.pdf").is_file());
}

/// Runs the Node.js checks `script` of `tests/browser` on `args` and fails
/// with their report unless every check passed.
fn run_checks(root: &Path, script: &str, args: &[&std::path::PathBuf]) {
    let out =
        Command::new("node").current_dir(root.join("tests/browser")).arg(script).args(args).output().expect("run node");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{report}");
    assert!(out.status.success(), "browser checks failed:\n{report}");
    assert!(report.contains(" passed, 0 failed"), "{report}");
}
