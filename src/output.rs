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

/// A file written in a stream and put in place only by [`AtomicFile::commit`]:
/// until then the target keeps its old contents, and a file dropped without
/// commit leaves nothing behind.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Opens a temporary file beside `path`.
    ///
    /// # Errors
    /// A [`WriteError`] when the folder cannot be made or the file cannot be created.
    pub fn create(path: &Path) -> Result<AtomicFile, WriteError> {
        if path.is_dir() {
            return Err(error(path, "a folder stands where the file should go"));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| error(dir, e))?;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let file = std::fs::File::create(&temp).map_err(|e| error(path, e))?;
        Ok(AtomicFile { path: path.to_path_buf(), temp, file: Some(std::io::BufWriter::with_capacity(1 << 20, file)) })
    }

    /// Flushes, syncs and renames the file into place.
    ///
    /// # Errors
    /// A [`WriteError`] when any of those fails; the target is then untouched.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let Some(buf) = self.file.take() else { return Ok(()) };
        let file = buf.into_inner().map_err(|e| error(&self.path, e.error()))?;
        file.sync_all().map_err(|e| error(&self.path, e))?;
        std::fs::rename(&self.temp, &self.path).map_err(|e| error(&self.path, e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
