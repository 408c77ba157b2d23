//! The xlsx report in a real spreadsheet program: LibreOffice Calc
//! (headless) opens it and prints it to PDF. `scripts/setup-office` installs
//! LibreOffice and poppler-utils when they are missing; if that fails, this
//! test fails and says why: it never skips.

use std::path::Path;
use std::process::Command;

use crate::util::coherence;

fn found(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().is_ok_and(|o| o.status.success())
}

fn ensure_tools(root: &Path) {
    if found("soffice") && found("pdftoppm") && found("pdftotext") {
        return;
    }
    let out = Command::new("bash").arg(root.join("scripts/setup-office")).output().expect("run scripts/setup-office");
    assert!(
        out.status.success() && found("soffice") && found("pdftoppm") && found("pdftotext"),
        "the spreadsheet test needs LibreOffice (soffice) and poppler-utils (pdftoppm, pdftotext); scripts/setup-office could not install them:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn libreoffice_opens_the_xlsx_report_and_prints_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ensure_tools(root);
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("report.xlsx");
    // With a baseline, every sheet is there (the same data: nothing changed).
    coherence()
        .args(["gaps", "--data", "examples/district", "--baseline", "examples/district", "--format", "xlsx", "--out"])
        .arg(&book)
        .assert()
        .code(0);
    // A profile of its own: another LibreOffice running on the machine does not take the job.
    let profile = format!("-env:UserInstallation=file://{}", tmp.path().join("profile").display());
    let out = Command::new("timeout")
        .arg("600")
        .arg("soffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(tmp.path())
        .arg(&book)
        .output()
        .expect("run soffice");
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "soffice failed:\n{log}");
    let pdf = tmp.path().join("report.pdf");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF ({e}):\n{log}"));
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 20_000, "a PDF of {} bytes:\n{log}", bytes.len());
    let text = Command::new("pdftotext").arg("-l").arg("3").arg(&pdf).arg("-").output().expect("run pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    for want in ["priority", "Riverbend Unified School District", "es-alder", "uncovered-priority-work"] {
        assert!(text.contains(want), "the printed pages show {want:?}:\n{text}");
    }
    // The first page as a picture, for a person to look at; target/ keeps it out of git.
    let shot = root.join("target/office/report");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf)
        .arg(&shot)
        .output()
        .expect("run pdftoppm");
    assert!(png.status.success(), "{}", String::from_utf8_lossy(&png.stderr));
    assert!(root.join("target/office/report.png").is_file());
}
