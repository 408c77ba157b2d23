//! Writing files atomically: each file goes to a temporary name beside its
//! target and is renamed over it only when every file of the run is written,
//! so that a failed run leaves the old files as they were.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A write that failed: which file, and why.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct WriteError {
    /// The file that could not be written.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// Writes every `(path, contents)` pair, all or nothing as far as the file
/// system allows: all temporary files are written and synced first, then
/// renamed into place.
///
/// # Errors
/// A [`WriteError`] naming the first file that could not be written; the
/// temporary files are removed and no target is touched.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let mut temps: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    let fail = |temps: &[(PathBuf, &Path)], path: &Path, e: std::io::Error| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
        WriteError { path: path.display().to_string(), reason: e.to_string() }
    };
    for (path, bytes) in files {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| fail(&temps, dir, e))?;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let written = std::fs::File::create(&temp).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(fail(&temps, path, e));
        }
        temps.push((temp, path.as_path()));
    }
    for (i, (temp, path)) in temps.iter().enumerate() {
        if let Err(e) = std::fs::rename(temp, path) {
            return Err(fail(&temps[i..], path, e));
        }
    }
    Ok(())
}
