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

fn error(path: &Path, reason: impl ToString) -> WriteError {
    WriteError { path: path.display().to_string(), reason: reason.to_string() }
}

/// Writes every `(path, contents)` pair, all or nothing: all temporary files
/// are written and synced first; then each target is renamed into place,
/// keeping a backup of the file it replaces, so that a failure midway puts
/// back every file already replaced.
///
/// # Errors
/// A [`WriteError`] naming the first file that could not be written; no
/// target is left changed and no temporary file is left behind.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let suffix = std::process::id();
    let sibling = |path: &Path, tag: &str| {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        path.with_file_name(format!(".{name}.{tag}-{suffix}"))
    };
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    let cleanup = |temps: &[PathBuf]| {
        for t in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (path, bytes) in files {
        if path.is_dir() {
            cleanup(&temps);
            return Err(error(path, "a folder stands where the file should go"));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            cleanup(&temps);
            return Err(error(dir, e));
        }
        let temp = sibling(path, "tmp");
        let written = std::fs::File::create(&temp).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
        temps.push(temp);
        if let Err(e) = written {
            cleanup(&temps);
            return Err(error(path, e));
        }
    }
    // Replace the targets; remember how to undo each replacement.
    let mut done: Vec<(&Path, Option<PathBuf>)> = Vec::with_capacity(files.len());
    for ((path, _), temp) in files.iter().zip(&temps) {
        let backup = if path.exists() {
            let b = sibling(path, "bak");
            if let Err(e) = std::fs::rename(path, &b) {
                undo(&done);
                cleanup(&temps);
                return Err(error(path, e));
            }
            Some(b)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(temp, path) {
            if let Some(b) = &backup {
                let _ = std::fs::rename(b, path);
            }
            undo(&done);
            cleanup(&temps);
            return Err(error(path, e));
        }
        done.push((path, backup));
    }
    for (_, backup) in done {
        if let Some(b) = backup {
            let _ = std::fs::remove_file(b);
        }
    }
    Ok(())
}

fn undo(done: &[(&Path, Option<PathBuf>)]) {
    for (path, backup) in done.iter().rev() {
        match backup {
            Some(b) => {
                let _ = std::fs::rename(b, path);
            }
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}
