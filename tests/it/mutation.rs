//! Byte mutations of a fixture of each format (flips, insertions,
//! deletions), loaded through `load::load` from a temporary folder and
//! validated: the answer is records and findings or a `LoadError` that says
//! what is wrong, never a panic. A short stand-in for `scripts/fuzz`, so
//! that nothing regresses between fuzzing runs.

use std::path::{Path, PathBuf};

use coherence::load::{Source, load};
use proptest::prelude::*;

/// One change to a file's bytes; positions wrap round its length.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    /// Copies a few bytes from one place to another (repeats a quote, a bracket, a line end).
    Copy(usize, usize, usize),
}

/// Bytes that matter to the formats, and any byte.
fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        any::<u8>(),
        prop::sample::select(b"\",;\t\r\n{}[]:\\0-9eE.+ ".to_vec()),
        prop::sample::select(vec![0x00, 0x80, 0xc3, 0xef, 0xff]),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let one = prop_oneof![
        (any::<usize>(), 0..8u8).prop_map(|(p, b)| Mutation::Flip(p, b)),
        (any::<usize>(), byte()).prop_map(|(p, b)| Mutation::Insert(p, b)),
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), any::<usize>(), 1..8usize).prop_map(|(a, b, n)| Mutation::Copy(a, b, n)),
    ];
    prop::collection::vec(one, 1..6)
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let at = |p: usize, len: usize| if len == 0 { 0 } else { p % len };
        match *m {
            Mutation::Flip(p, bit) if !bytes.is_empty() => {
                let i = at(p, bytes.len());
                bytes[i] ^= 1 << bit;
            }
            Mutation::Insert(p, b) => {
                let i = at(p, bytes.len() + 1);
                bytes.insert(i, b);
            }
            Mutation::Delete(p) if !bytes.is_empty() => {
                let i = at(p, bytes.len());
                bytes.remove(i);
            }
            Mutation::Copy(from, to, n) if !bytes.is_empty() => {
                let from = at(from, bytes.len());
                let piece: Vec<u8> = bytes[from..(from + n).min(bytes.len())].to_vec();
                let to = at(to, bytes.len() + 1);
                bytes.splice(to..to, piece);
            }
            _ => {}
        }
    }
    bytes
}

/// The files of a fixture folder (or one file), with `which` of them mutated;
/// loaded from a copy and validated.
fn load_mutated(files: &[(String, Vec<u8>)], which: usize, mutations: &[Mutation], load_file: Option<&str>) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    std::fs::create_dir_all(&dir).unwrap();
    let which = which % files.len();
    for (i, (name, bytes)) in files.iter().enumerate() {
        let bytes = if i == which { mutate(bytes.clone(), mutations) } else { bytes.clone() };
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let path = load_file.map_or_else(|| dir.clone(), |f| dir.join(f));
    match load(&[Source::Path(path)]) {
        Ok(loaded) => {
            let v = coherence::validate(loaded);
            let _ = coherence::gaps(v, 2, &[], true);
        }
        Err(e) => {
            assert!(!e.message.is_empty() && !e.help.is_empty(), "{e:?}");
            assert!(e.file.contains("data"), "the error names the file or folder: {e:?}");
        }
    }
}

/// The files of a fixture folder, by name.
fn fixture_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    names
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

fn fixture(name: &str) -> Vec<(String, Vec<u8>)> {
    fixture_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
}

/// A CASE package as the engine writes it, of the plans fixture.
fn case_package() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plans");
    let loaded = coherence::load::load(&[Source::Path(dir)]).unwrap();
    let bytes = coherence::formats::case::to_case(&loaded.dataset, None).unwrap();
    vec![("package.json".to_string(), bytes)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_csv_interchange_files_load_or_fail_with_a_load_error(which in any::<usize>(), m in mutations()) {
        load_mutated(&fixture("plans"), which, &m, None);
    }

    #[test]
    fn mutated_native_files_load_or_fail_with_a_load_error(which in any::<usize>(), m in mutations()) {
        load_mutated(&fixture("native-dangling"), which, &m, None);
    }

    #[test]
    fn a_mutated_native_part_loads_or_fails_with_a_load_error(m in mutations()) {
        let part = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards/ccss-math/grade-4.json");
        let files = vec![("grade-4.json".to_string(), std::fs::read(part).unwrap())];
        load_mutated(&files, 0, &m, Some("grade-4.json"));
    }

    #[test]
    fn a_mutated_case_package_loads_or_fails_with_a_load_error(m in mutations()) {
        load_mutated(&case_package(), 0, &m, Some("package.json"));
    }

    #[test]
    fn mutated_knowledge_graph_csv_loads_or_fails_with_a_load_error(which in any::<usize>(), m in mutations()) {
        load_mutated(&fixture("lckg-csv"), which, &m, None);
    }

    #[test]
    fn mutated_knowledge_graph_jsonl_loads_or_fails_with_a_load_error(which in any::<usize>(), m in mutations()) {
        load_mutated(&fixture("lckg-jsonl"), which, &m, None);
    }
}
