//! The committed JSON Schemas never drift from the code, and the files the
//! engine ships and writes follow them.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_schemas_match_the_code() {
    for (name, schema) in coherence::native::schemas() {
        let path = root().join("schema").join(name);
        let want = coherence::native::schema_text(&schema).unwrap();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "schema/{name} is out of date: run `UPDATE_SCHEMA=1 cargo test --test it schema` and commit it"
        );
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema").join(name)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn check_folder(dir: &Path) -> usize {
    let manifest = validator("framework.schema.json");
    let part = validator("part.schema.json");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let v = if p.file_name().unwrap() == "framework.json" { &manifest } else { &part };
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
        // Editors find the schema through "$schema".
        let pointer = doc["$schema"].as_str().unwrap_or("");
        assert!(pointer.ends_with(".schema.json"), "{}: $schema is {pointer:?}", p.display());
        n += 1;
    }
    n
}

#[test]
fn shipped_files_follow_the_schemas() {
    let dir = root().join("standards/ccss-math");
    assert!(check_folder(&dir) >= 4);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let pointer = doc["$schema"].as_str().unwrap();
        assert!(dir.join(pointer).is_file(), "{} points at {pointer}, which does not exist", p.display());
    }
}

#[test]
fn a_wrong_field_is_caught_by_the_schema_too() {
    let part = validator("part.schema.json");
    let bad = serde_json::json!({"grade": "3", "standards": [{"id": "3.A.1", "focus": "core", "sumary": "typo"}]});
    assert!(!part.is_valid(&bad));
    let good = serde_json::json!({"grade": "3", "standards": [{"id": "3.A.1", "focus": "major", "entry": true}]});
    assert!(part.is_valid(&good));
}

#[test]
fn exported_native_files_follow_the_schemas() {
    let tmp = tempfile::tempdir().unwrap();
    crate::util::coherence()
        .args(["export", "--format", "json", "--out"])
        .arg(tmp.path())
        .args(["--data", "tests/fixtures/defects"])
        .assert()
        .code(0);
    assert!(check_folder(&tmp.path().join("defects")) >= 3);
}
