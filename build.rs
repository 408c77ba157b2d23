//! Embeds the shipped `standards/` folder so that `coherence` works with no files at all.

// A build script that cannot read the shipped files or write OUT_DIR must stop the build: it runs on
// the repository's own files, never on user input.
#![allow(clippy::expect_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let standards = root.join("standards");
    println!("cargo:rerun-if-changed=standards");
    let mut files = Vec::new();
    collect(&standards, &mut files);
    let mut code = String::from(
        "/// Embedded files: path below `standards/`, contents.\npub static FILES: &[(&str, &str)] = &[\n",
    );
    let mut frameworks = Vec::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&standards).expect("collected below standards/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if let Some(fw) = rel.strip_suffix("/framework.json") {
            frameworks.push(fw.to_string());
        }
        writeln!(code, "    ({rel:?}, include_str!({:?})),", f.display().to_string()).expect("write to String");
    }
    code.push_str("];\n/// Embedded framework folders.\npub static FRAMEWORKS: &[&str] = &[\n");
    for fw in frameworks {
        writeln!(code, "    {fw:?},").expect("write to String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
