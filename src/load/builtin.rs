//! The shipped `standards/` folder, embedded at build time by `build.rs`.

mod files {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// Names of the embedded framework folders (`ccss-math`).
pub static BUILTIN_FRAMEWORKS: &[&str] = files::FRAMEWORKS;

/// The contents of an embedded file, by its path below `standards/`.
pub fn builtin_file(path: &str) -> Option<&'static str> {
    let path = path.replace('\\', "/");
    files::FILES.iter().find(|(p, _)| *p == path).map(|(_, text)| *text)
}
