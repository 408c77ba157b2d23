//! What the fuzz targets share: the input written as the files of a fresh
//! folder (on tmpfs where there is one), loaded as `--data` would load it,
//! then checked and reported on, so that a panic anywhere after a reader is
//! found too.

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use coherence::load::{Loaded, Source};

/// The input cut at NUL bytes into at most `n` files' contents (no fixture holds a NUL).
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    data.splitn(n, |&b| b == 0).collect()
}

/// A folder of this process's own.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let base = if shm.is_dir() { shm } else { std::env::temp_dir() };
        base.join(format!("coherence-fuzz-{}", std::process::id()))
    })
}

/// Writes `files` into a fresh folder named `name` and loads it (or the file
/// `file` in it); what loads is checked. A load error must say something.
pub fn load_files(name: &str, files: &[(&str, &[u8])], file: Option<&str>) {
    let dir = scratch().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    for (f, bytes) in files {
        std::fs::write(dir.join(f), bytes).expect("scratch file");
    }
    let path = file.map_or_else(|| dir.clone(), |f| dir.join(f));
    match coherence::load::load_one(&Source::Path(path)) {
        Ok(loaded) => check(loaded),
        Err(e) => assert!(!e.message.is_empty(), "a load error says what is wrong"),
    }
}

/// Runs validate and the plan checks on what loaded, and renders the validation as text and JSON.
pub fn check(mut loaded: Loaded) {
    loaded.dataset.fill_derived();
    let v = coherence::validate(loaded);
    let mut sink = std::io::sink();
    let style = coherence::report::Style { color: false };
    coherence::report::write_validate_text(&v, style, &mut sink).expect("text report");
    coherence::report::write_validate_json(&v, &mut sink).expect("JSON report");
    let _ = sink.flush();
    let _ = coherence::gaps(v, 2, &[], true);
}
