//! Writing files atomically: each file goes to a temporary name beside its
//! target and is renamed over it only when every file of the run is written,
//! so that a failed run leaves the old files as they were.
//!
//! What a run may not do: replace a special file (a FIFO, a device, a
//! folder) with a regular one, or leave a target missing at any instant. A
//! symbolic link is written through: the file it points at gets the new
//! contents. A run killed while it replaces a set of files leaves a journal
//! beside them; the next run into that folder puts the old set back and
//! removes what the killed run left.

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
    WriteError { path: crate::finding::printable(&path.display().to_string()).into_owned(), reason: reason.to_string() }
}

/// The names this module leaves beside a target while it works: `.NAME.tmp-PID`,
/// `.NAME.bak-PID`, and `.coherence-journal-PID` in the folder of a set.
const TMP: &str = "tmp";
const BAK: &str = "bak";
const JOURNAL: &str = ".coherence-journal-";

fn sibling(path: &Path, tag: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Where the bytes for `path` go: `path` itself, or the file a symbolic link
/// points at. A folder, a FIFO, a socket or a device is refused, as is a
/// path ending with a separator (it names a folder).
fn target(path: &Path) -> Result<PathBuf, WriteError> {
    let text = path.as_os_str().to_string_lossy();
    if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
        return Err(error(path, "the path ends with a separator: it names a folder, not a file"));
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(path.to_path_buf()) };
    let real = if meta.file_type().is_symlink() {
        let real = std::fs::canonicalize(path).map_err(|_| {
            error(path, "a symbolic link to a path that does not exist: link to a file, or remove the link")
        })?;
        let meta = std::fs::metadata(&real).map_err(|e| error(&real, e))?;
        check_kind(&real, &meta)?;
        real
    } else {
        check_kind(path, &meta)?;
        path.to_path_buf()
    };
    Ok(real)
}

fn check_kind(path: &Path, meta: &std::fs::Metadata) -> Result<(), WriteError> {
    if meta.is_dir() {
        return Err(error(path, "a folder stands where the file should go"));
    }
    if !meta.is_file() {
        return Err(error(path, "not a regular file (a FIFO, a socket or a device): write to a regular file"));
    }
    Ok(())
}

/// Makes the folder of `path`, after putting back what a killed run left there.
fn prepare(path: &Path) -> Result<(), WriteError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| error(dir, e))?;
        recover(dir);
    }
    Ok(())
}

/// Writes every `(path, contents)` pair, all or nothing. Every temporary
/// file is written and synced first; then a journal beside the set lists
/// each replacement, each old file is kept as a hard link and each new one
/// renamed over its target (so no target is ever missing); then the links
/// and the journal go. A failure midway puts every old file back.
///
/// # Errors
/// A [`WriteError`] naming the first file that could not be written; no
/// target is left changed and no temporary file is left behind.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let mut targets = Vec::with_capacity(files.len());
    for (path, _) in files {
        targets.push(target(path)?);
    }
    // Two runs writing one set at once would interleave their renames: they take turns.
    let _lock = match targets.first() {
        Some(first) => {
            prepare(first)?;
            Some(lock(first.parent().unwrap_or(Path::new(".")))?)
        }
        None => None,
    };
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    let cleanup = |temps: &[PathBuf]| {
        for t in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (path, (_, bytes)) in targets.iter().zip(files) {
        if let Err(e) = prepare(path) {
            cleanup(&temps);
            return Err(e);
        }
        let temp = sibling(path, TMP);
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
    let journal = write_journal(&targets, &temps).inspect_err(|_| cleanup(&temps))?;
    let mut done: Vec<(&Path, Option<PathBuf>)> = Vec::with_capacity(files.len());
    for (path, temp) in targets.iter().zip(&temps) {
        if let Err(e) = replace(path, temp, &mut done) {
            undo(&done);
            cleanup(&temps);
            let _ = std::fs::remove_file(&journal);
            return Err(e);
        }
    }
    // The new set is in place: the journal goes first, so a kill from here on leaves only old links.
    let _ = std::fs::remove_file(&journal);
    for (_, backup) in done {
        if let Some(b) = backup {
            let _ = std::fs::remove_file(b);
        }
    }
    Ok(())
}

/// An exclusive lock on the folder `dir` itself (no lock file is left
/// behind), held while the returned handle lives; none where a folder
/// cannot be locked, as on systems without `flock` on folders.
fn lock(dir: &Path) -> Result<Option<std::fs::File>, WriteError> {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let Ok(handle) = std::fs::File::open(dir) else { return Ok(None) };
    match handle.lock() {
        Ok(()) => Ok(Some(handle)),
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => Ok(None),
        Err(e) => Err(error(dir, e)),
    }
}

/// Replaces `path` with `temp`, keeping the old file as a hard link (a copy
/// where links are not possible) so that the target never goes missing.
fn replace<'p>(path: &'p Path, temp: &Path, done: &mut Vec<(&'p Path, Option<PathBuf>)>) -> Result<(), WriteError> {
    let backup = if path.exists() {
        let b = sibling(path, BAK);
        let _ = std::fs::remove_file(&b);
        std::fs::hard_link(path, &b).or_else(|_| std::fs::copy(path, &b).map(|_| ())).map_err(|e| error(path, e))?;
        Some(b)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(temp, path) {
        if let Some(b) = &backup {
            let _ = std::fs::remove_file(b);
        }
        return Err(error(path, e));
    }
    done.push((path, backup));
    Ok(())
}

/// Lists `target <TAB> temp <TAB> backup <TAB> old|new` per line in a journal in the first
/// target's folder, synced before any target is touched.
fn write_journal(targets: &[PathBuf], temps: &[PathBuf]) -> Result<PathBuf, WriteError> {
    let dir = targets.first().and_then(|t| t.parent()).unwrap_or(Path::new("."));
    let journal = dir.join(format!("{JOURNAL}{}", std::process::id()));
    let mut text = String::new();
    for (t, temp) in targets.iter().zip(temps) {
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // Whether the target had an old file: a new one is removed to put the old set back.
        let had = if t.exists() { "old" } else { "new" };
        text.push_str(&format!(
            "{}\t{}\t{}\t{had}\n",
            abs(t).display(),
            abs(temp).display(),
            abs(&sibling(t, BAK)).display()
        ));
    }
    std::fs::File::create(&journal)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .map_err(|e| error(&journal, e))?;
    Ok(journal)
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

/// Puts back what a killed run left in `dir`: for each journal of a process
/// that is gone, every target whose old file was kept gets it back (the
/// old set is whole again), and the journal's temporary files and links go;
/// stray temporary files and links of gone processes go too.
pub fn recover(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut journals = Vec::new();
    let mut strays = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix(JOURNAL) {
            if gone(pid) {
                journals.push(entry.path());
            }
        } else if let Some(pid) = leftover_pid(&name)
            && gone(pid)
        {
            strays.push(entry.path());
        }
    }
    for journal in journals {
        let text = std::fs::read_to_string(&journal).unwrap_or_default();
        for line in text.lines() {
            let mut parts = line.split('\t');
            let (Some(target), Some(temp), Some(backup), Some(had)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if had == "old" && Path::new(backup).exists() {
                let _ = std::fs::rename(backup, target);
            } else if had == "new" && !Path::new(temp).exists() {
                // The new file was renamed in; the old set had none.
                let _ = std::fs::remove_file(target);
            }
            let _ = std::fs::remove_file(temp);
        }
        let _ = std::fs::remove_file(&journal);
    }
    for stray in strays {
        let _ = std::fs::remove_file(stray);
    }
}

/// The process id of a `.NAME.tmp-PID` or `.NAME.bak-PID` file.
fn leftover_pid(name: &str) -> Option<&str> {
    if !name.starts_with('.') {
        return None;
    }
    let (head, pid) = name.rsplit_once('-')?;
    (head.ends_with(&format!(".{TMP}")) || head.ends_with(&format!(".{BAK}")))
        .then_some(pid)
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the process that wrote a leftover has ended (it is not this one
/// and nothing runs under its id).
fn gone(pid: &str) -> bool {
    pid != std::process::id().to_string() && !Path::new("/proc").join(pid).exists()
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
    /// Opens a temporary file beside `path` (beside the file it links to, for a link).
    ///
    /// # Errors
    /// A [`WriteError`] when `path` names a folder or a special file, or the
    /// folder cannot be made or the file cannot be created.
    pub fn create(path: &Path) -> Result<AtomicFile, WriteError> {
        let path = target(path)?;
        prepare(&path)?;
        let temp = sibling(&path, TMP);
        let file = std::fs::File::create(&temp).map_err(|e| error(&path, e))?;
        Ok(AtomicFile { path, temp, file: Some(std::io::BufWriter::with_capacity(1 << 20, file)) })
    }

    /// Flushes, syncs and renames the file into place.
    ///
    /// # Errors
    /// A [`WriteError`] when any of those fails; the target is then untouched.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let Some(buf) = self.file.take() else { return Ok(()) };
        let file = buf.into_inner().map_err(|e| error(&self.path, e.error()))?;
        file.sync_all().map_err(|e| error(&self.path, e))?;
        std::fs::rename(&self.temp, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&self.temp);
            error(&self.path, e)
        })
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
