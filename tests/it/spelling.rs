//! US spelling in what users read: the shipped data, the text of the
//! engine's strings, `--help` and the map page.

use std::path::{Path, PathBuf};

use crate::util::coherence;

/// Word starts that are British forms (`recognise`, `colour`, `catalogue`).
const BRITISH_STARTS: &[&str] = &[
    "recognis",
    "behaviour",
    "colour",
    "organis",
    "summaris",
    "favour",
    "neighbour",
    "catalogue",
    "licence",
    "programme",
    "generalis",
    "formalis",
    "factoris",
    "randomis",
    "memois",
    "normalis",
    "optimis",
    "prioritis",
    "minimis",
    "maximis",
    "visualis",
    "serialis",
    "initialis",
    "labell",
    "modell",
    "travell",
    "cancell",
];

/// Word ends that are British forms (`litres`, `millimetre`, `centre`).
const BRITISH_ENDS: &[&str] = &["litre", "litres", "metre", "metres", "centre", "centres"];

/// Whole words that are British forms.
const BRITISH_WORDS: &[&str] = &[
    "analyse",
    "analysed",
    "analysing",
    "misspelt",
    "learnt",
    "whilst",
    "amongst",
    "judgement",
    "grey",
    "equalled",
    "equalling",
    "characterise",
    "characterised",
    "characterising",
    "categorise",
    "categorised",
    "specialise",
    "specialised",
];

/// String values that are names in a file format, not words: the native format's key.
const FORMAT_NAMES: &[&str] = &["licence"];

/// The British words of `text`, lower case.
fn british(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .map(str::to_ascii_lowercase)
        .filter(|w| {
            BRITISH_STARTS.iter().any(|s| w.starts_with(s))
                || BRITISH_ENDS.iter().any(|e| w.ends_with(e))
                || BRITISH_WORDS.contains(&w.as_str())
        })
        .collect()
}

#[test]
fn the_word_list_catches_british_forms_and_spares_us_ones() {
    assert_eq!(
        british("Recognise litres; 5 millimetres, the centre, behaviour, analyse"),
        ["recognise", "litres", "millimetres", "centre", "behaviour", "analyse"]
    );
    assert!(
        british(
            "Recognize liters, meters, the center, behavior, analyze an analysis, equally, a characteristic, NO_COLOR"
        )
        .is_empty()
    );
}

fn files(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| ext.iter().any(|e| x == *e)) {
            out.push(p);
        }
    }
    out.sort();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every string value of a JSON document (keys are the format's names, not words).
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

#[test]
fn the_shipped_data_is_in_us_spelling() {
    let mut found = Vec::new();
    let mut paths = Vec::new();
    files(&root().join("standards"), &["json"], &mut paths);
    assert!(paths.len() > 10, "the shipped framework's files");
    for p in paths {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        let mut strings = Vec::new();
        json_strings(&v, &mut strings);
        for s in strings {
            for w in british(&s) {
                found.push(format!("{}: {w} in {s:?}", p.display()));
            }
        }
    }
    assert!(found.is_empty(), "British spellings in standards/:\n{}", found.join("\n"));
}

/// The string literals of Rust source (`"..."`, `r"..."`, `r#"..."#`), with comments and char literals skipped.
fn string_literals(src: &str) -> Vec<String> {
    let c: Vec<char> = src.chars().collect();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < c.len() {
        match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '\'' => {
                // A char literal ('x', '\n', '"') is skipped whole; a lifetime is one quote.
                if c.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < c.len() && c[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if c.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            'r' if (c.get(i + 1) == Some(&'"') || c.get(i + 1) == Some(&'#'))
                && (i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_')) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) != Some(&'"') {
                    i = j;
                    continue;
                }
                let start = j + 1;
                let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                let rest: String = c[start..].iter().collect();
                let len = rest.find(&close).unwrap_or(rest.len());
                out.push(rest[..len].to_string());
                i = start + rest[..len].chars().count() + close.chars().count();
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' {
                        i += 1;
                    }
                    if let Some(&ch) = c.get(i) {
                        s.push(ch);
                    }
                    i += 1;
                }
                out.push(s);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

#[test]
fn string_literals_are_read_apart_from_comments_and_chars() {
    let src = "// colour\nlet a = '\"'; let b: &'static str = \"x colour\"; let c = r#\"y \"centre\"\"#;";
    assert_eq!(string_literals(src), ["x colour", "y \"centre\""]);
}

#[test]
fn the_engines_strings_are_in_us_spelling() {
    let mut paths = Vec::new();
    files(&root().join("src"), &["rs", "html"], &mut paths);
    let mut found = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let strings = if p.extension().is_some_and(|e| e == "html") { vec![text] } else { string_literals(&text) };
        for s in strings {
            if FORMAT_NAMES.contains(&s.as_str()) {
                continue;
            }
            for w in british(&s) {
                let shown: String = s.chars().take(100).collect();
                found.push(format!("{}: {w} in {shown:?}", p.display()));
            }
        }
    }
    assert!(found.is_empty(), "British spellings in strings of src/:\n{}", found.join("\n"));
}

/// The subcommands a `--help` text lists.
fn commands(help: &str) -> Vec<String> {
    help.split("Commands:")
        .nth(1)
        .unwrap_or("")
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn help_is_in_us_spelling() {
    let help = |args: &[String]| {
        let o = coherence().args(args).arg("--help").output().unwrap();
        assert!(o.status.success(), "{args:?}");
        String::from_utf8(o.stdout).unwrap()
    };
    let mut todo = vec![Vec::<String>::new()];
    let mut found = Vec::new();
    let mut seen = 0;
    while let Some(args) = todo.pop() {
        let text = help(&args);
        seen += 1;
        for w in british(&text) {
            found.push(format!("coherence {} --help: {w}", args.join(" ")));
        }
        for c in commands(&text) {
            let mut next = args.clone();
            next.push(c);
            todo.push(next);
        }
    }
    assert!(seen > 12, "every command's help was read ({seen})");
    assert!(found.is_empty(), "British spellings in --help:\n{}", found.join("\n"));
}
