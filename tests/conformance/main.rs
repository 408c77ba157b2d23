//! Conformance tests: the engine against `../shared` (the CCSS-M code list,
//! the reference implementation and its hand-derived fixtures).
//!
//! Run with `cargo test --features conformance --test conformance`. They fail
//! loudly when `../shared` is missing: they never skip.

// A test or bench that cannot unwrap has failed: that is its verdict.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use coherence::finding::Code;
use coherence::load::Source;
use serde_json::{Value, json};

/// `../shared`, or a panic that says what is missing.
fn shared() -> PathBuf {
    let dir = std::env::var_os("COHERENCE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    assert!(
        dir.join("spec/coherence-checks.md").is_file(),
        "conformance tests need the shared contract at {} (spec/, reference/, data/): it is missing. \
         Check it out beside this repository, or set COHERENCE_SHARED.",
        dir.display()
    );
    dir
}

fn validate(dir: &Path) -> coherence::Validation {
    coherence::validate_sources(&[Source::Path(dir.to_path_buf())]).expect("the data loads")
}

/// The engine's dataset counts in the shape of the reference's `summary.dataset`, plus its `detail`.
fn engine_counts(v: &coherence::Validation) -> (Value, Value) {
    let mut n: BTreeMap<Code, u64> = BTreeMap::new();
    let mut per_file: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
    let mut d4: Vec<Vec<String>> = Vec::new();
    for f in &v.findings {
        *n.entry(f.code).or_default() += 1;
        if matches!(f.code, Code::D1 | Code::D2 | Code::D3 | Code::D6) {
            let file =
                f.origin.as_ref().map(|o| o.file.rsplit('/').next().unwrap_or("").to_string()).unwrap_or_default();
            *per_file.entry(f.code.as_str()).or_default().entry(file).or_default() += 1;
        }
        if f.code == Code::D4 {
            d4.push(f.ids.clone());
        }
    }
    d4.sort_by(|a, b| (std::cmp::Reverse(a.len()), a).cmp(&(std::cmp::Reverse(b.len()), b)));
    let get = |c: Code| n.get(&c).copied().unwrap_or(0);
    let dataset = json!({
        "D1": get(Code::D1), "D2": get(Code::D2), "D3": get(Code::D3), "D4": get(Code::D4), "D5": get(Code::D5),
        "V1": get(Code::V1), "V2": get(Code::V2), "H1": get(Code::H1),
    });
    let files = |c: &str| json!(per_file.get(c).cloned().unwrap_or_default());
    let detail = json!({
        "D1": files("D1"), "D2": files("D2"), "D3": files("D3"), "D6": files("D6"),
        "D4": d4, "D6_total": get(Code::D6),
    });
    (dataset, detail)
}

fn check_against(expected: &Value, v: &coherence::Validation, what: &str) {
    let (dataset, detail) = engine_counts(v);
    assert_eq!(dataset, expected["summary"]["dataset"], "{what}: summary.dataset");
    for k in ["D1", "D2", "D3", "D4", "D6", "D6_total"] {
        assert_eq!(detail[k], expected["detail"][k], "{what}: detail.{k}");
    }
    let input = &expected["input"];
    let (b, r) = v.graph.edge_counts();
    assert_eq!(v.graph.len() as u64, input["standards"].as_u64().unwrap(), "{what}: standards kept");
    assert_eq!(b as u64, input["builds_towards"].as_u64().unwrap(), "{what}: builds_towards kept");
    assert_eq!(r as u64, input["relates_to"].as_u64().unwrap(), "{what}: relates_to kept");
    assert_eq!(v.graph.modules.len() as u64, input["modules"].as_u64().unwrap(), "{what}: modules kept");
    assert_eq!(v.graph.scopes.len() as u64, input["scopes"].as_u64().unwrap(), "{what}: scopes kept");
    assert_eq!(v.graph.plans.len() as u64, input["plan_rows"].as_u64().unwrap(), "{what}: plan rows kept");
}

#[test]
fn hand_derived_fixtures_match() {
    for name in ["fixture", "fixture-clean", "fixture-expand"] {
        let dir = shared().join("reference").join(name);
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
        check_against(&expected, &validate(&dir.join("data")), name);
    }
}

fn python() -> Command {
    let mut c = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string()));
    c.current_dir(shared().join("reference"));
    c
}

fn run_ok(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Generates data with the reference's generator and compares every dataset count.
fn generated_matches(args: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    run_ok(python().arg("generate.py").arg(&data).args(args));
    let reference: Value = serde_json::from_slice(&run_ok(python().arg("reference.py").arg(&data))).unwrap();
    check_against(&reference, &validate(&data), &format!("generate.py {}", args.join(" ")));
}

/// Two frameworks with every injected defect: multi-framework references, cycles and backward edges.
const TWO_FRAMEWORKS: &[&str] = &[
    "--frameworks",
    "2",
    "--per-grade",
    "40",
    "--scopes",
    "100",
    "--modules",
    "80",
    "--plan-size",
    "12",
    "--seed",
    "3",
    "--defects",
];

#[test]
fn generated_data_with_defects_matches_the_reference() {
    generated_matches(TWO_FRAMEWORKS);
}

#[test]
fn generated_small_preset_matches_the_reference() {
    generated_matches(&["--preset", "small"]);
}

#[test]
fn generated_state_preset_matches_the_reference() {
    generated_matches(&["--preset", "state"]);
}

/// One row of codes.tsv.
struct Code_ {
    kind: String,
    grade: String,
    parent: String,
}

fn codes() -> BTreeMap<String, Code_> {
    let text = std::fs::read_to_string(shared().join("data/ccssm/codes.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].to_string(),
                Code_ { kind: c[1].to_string(), grade: c[2].to_string(), parent: c.get(3).unwrap_or(&"").to_string() },
            )
        })
        .collect()
}

#[test]
fn shipped_codes_follow_the_ccssm_code_list() {
    let list = codes();
    assert_eq!(list.len(), 729, "codes.tsv: 8 practices, 65 domains, 147 clusters, 385 standards, 124 components");
    let v = coherence::validate_sources(&[]).unwrap();
    let ds = &v.dataset;
    let grade_of = |g: &str| if g == "HS" { "HS".to_string() } else { g.to_string() };
    for d in &ds.domains {
        let c = list.get(&d.id).unwrap_or_else(|| panic!("domain {} is not in codes.tsv", d.id));
        assert_eq!(c.kind, "domain", "{}", d.id);
        assert_eq!(d.grade.map(|g| grade_of(g.as_str())).as_deref(), Some(c.grade.as_str()), "{}", d.id);
    }
    for cl in &ds.clusters {
        let c = list.get(&cl.id).unwrap_or_else(|| panic!("cluster {} is not in codes.tsv", cl.id));
        assert_eq!(c.kind, "cluster", "{}", cl.id);
        assert_eq!(cl.domain.as_deref(), Some(c.parent.as_str()), "{}: domain", cl.id);
    }
    for s in &ds.standards {
        let c = list.get(&s.id).unwrap_or_else(|| panic!("standard {} is not in codes.tsv", s.id));
        assert_eq!(grade_of(s.grade.as_str()), c.grade, "{}: grade", s.id);
        match c.kind.as_str() {
            "standard" => {
                assert_eq!(s.parent, None, "{}: a standard has no parent standard", s.id);
                assert_eq!(s.cluster.as_deref(), Some(c.parent.as_str()), "{}: cluster", s.id);
            }
            "component" => {
                assert_eq!(s.parent.as_deref(), Some(c.parent.as_str()), "{}: parent", s.id);
                assert_eq!(s.cluster.as_deref(), list.get(&c.parent).map(|p| p.parent.as_str()), "{}: cluster", s.id);
            }
            other => panic!("{} is a {other} in codes.tsv, not a standard", s.id),
        }
    }
    for p in &ds.practices {
        assert_eq!(list.get(&p.id).map(|c| c.kind.as_str()), Some("practice"), "{}", p.id);
    }
    // None missing: every code of the list is shipped, as the kind of record it is.
    let mut missing = Vec::new();
    for (code, c) in &list {
        let shipped = match c.kind.as_str() {
            "practice" => ds.practices.iter().any(|x| &x.id == code),
            "domain" => ds.domains.iter().any(|x| &x.id == code),
            "cluster" => ds.clusters.iter().any(|x| &x.id == code),
            _ => ds.standards.iter().any(|x| &x.id == code),
        };
        if !shipped {
            missing.push(format!("{code} ({})", c.kind));
        }
    }
    assert!(missing.is_empty(), "{} codes of codes.tsv are not shipped: {missing:?}", missing.len());
    let shipped = ds.practices.len() + ds.domains.len() + ds.clusters.len() + ds.standards.len();
    assert_eq!(shipped, list.len(), "no code twice, none invented");
}

/// `coherence gaps --format json --summary-only` on `data`, parsed.
fn engine_summary(data: &Path, window: u8) -> Value {
    let out = assert_cmd::cargo::cargo_bin_cmd!("coherence")
        .args(["gaps", "--format", "json", "--summary-only", "--window", &window.to_string(), "--data"])
        .arg(data)
        .output()
        .expect("run coherence");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Value>(&out.stdout).expect("JSON")["summary"].clone()
}

#[test]
fn gaps_summary_equals_the_hand_derived_fixtures() {
    for name in ["fixture", "fixture-clean", "fixture-expand"] {
        let dir = shared().join("reference").join(name);
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
        assert_eq!(engine_summary(&dir.join("data"), 2), expected["summary"], "{name}");
    }
}

#[test]
fn results_csv_leaves_the_summary_equal_to_the_reference() {
    // The reference reads the five files only; the engine's results.csv, good rows and bad, changes no count.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let src = shared().join("reference").join("fixture").join("data");
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, data.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        data.join("results.csv"),
        "scope,standard,term,tested,proficient\n\
         S1,FX.3.NBT.A.1,2025-spring,40,12\n\
         S1,FX.9.XX.Z.9,2025-spring,40,12\n\
         S404,FX.3.NBT.A.1,2025-spring,40,12\n\
         S1,FX.3.NBT.A.1,2025-spring,0,0\n\
         S1,FX.3.NBT.A.1,2025-spring,10,11\n\
         S1,FX.3.NBT.A.1,2025-spring,many,1\n",
    )
    .unwrap();
    for w in [1, 2, 3] {
        assert_eq!(engine_summary(&data, w), reference_summary(&data, w), "fixture with results.csv at window {w}");
    }
}

/// The reference's summary on `data` at `window`.
fn reference_summary(data: &Path, window: u8) -> Value {
    let out = run_ok(python().arg("reference.py").arg(data).args(["--window", &window.to_string()]));
    serde_json::from_slice::<Value>(&out).unwrap()["summary"].clone()
}

#[test]
fn gaps_summary_equals_the_reference_on_fixtures_at_every_window() {
    for name in ["fixture", "fixture-clean", "fixture-expand"] {
        let data = shared().join("reference").join(name).join("data");
        for w in [1, 3] {
            assert_eq!(engine_summary(&data, w), reference_summary(&data, w), "{name} at window {w}");
        }
    }
}

/// Parent cycles in bad data end where they repeat for every count (spec,
/// Fine print): the engine's summary is the reference's, its F7 aside.
#[test]
fn gaps_summary_equals_the_reference_with_parent_cycles() {
    let tmp = tempfile::tempdir().unwrap();
    let files: [(&str, &str); 5] = [
        (
            "standards.csv",
            "id,grade,parent,focus\nA,3,,major\nB,3,C,major\nC,3,B,\nD,3,F,major\nE,3,D,\nF,3,E,\nG,3,F,\nH,4,,major\nJ,4,J2,\nJ2,4,J,\n",
        ),
        (
            "progressions.csv",
            "from,to,kind\nA,B,builds_towards\nA,C,relates_to\nG,H,builds_towards\nC,H,builds_towards\nD,J,builds_towards\nH,J2,relates_to\n",
        ),
        ("modules.csv", "id,kind,standards\nPD-B,pd,B\nPD-E,pd,E\nPD-J,pd,J2\nI,intervention,D\n"),
        ("scopes.csv", "id,grade_lo,grade_hi\nS,3,4\nT,4,4\n"),
        ("plans.csv", "scope,module,sequence\nS,PD-B,2\nS,PD-E,1\nS,I,\nT,PD-J,\nT,PD-B,\n"),
    ];
    for (name, text) in files {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    for w in [1, 2, 3] {
        assert_eq!(engine_summary(tmp.path(), w), reference_summary(tmp.path(), w), "window {w}");
    }
}

#[test]
fn gaps_summary_equals_the_reference_on_generated_presets() {
    // Revision 2: generated catalogues name clusters, high school carries `wap`, and every scope has bases.
    let sets: [(&[&str], &[u8]); 4] = [
        (&["--preset", "small"], &[1, 2, 3]),
        (&["--preset", "small", "--defects"], &[1, 2, 3]),
        (TWO_FRAMEWORKS, &[1, 2, 3]),
        (&["--preset", "state"], &[2]),
    ];
    for (args, windows) in sets {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        run_ok(python().arg("generate.py").arg(&data).args(args));
        for &w in windows {
            assert_eq!(
                engine_summary(&data, w),
                reference_summary(&data, w),
                "generate.py {} at window {w}",
                args.join(" ")
            );
        }
    }
}

/// The import report of `coherence import case FILE --format json`.
fn import_report(file: &Path) -> Value {
    import_with(file, &[])
}

/// [`import_report`] with more arguments (`--grade K`).
fn import_with(file: &Path, extra: &[&str]) -> Value {
    let (code, report, stderr) = import_run(file, extra);
    assert_eq!(code, 0, "{}: {stderr}", file.display());
    report
}

/// Runs `coherence import case FILE --format json`: (exit code, report or null, stderr).
fn import_run(file: &Path, extra: &[&str]) -> (i32, Value, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = assert_cmd::cargo::cargo_bin_cmd!("coherence")
        .args(["import", "case", "--format", "json", "--out"])
        .arg(tmp.path())
        .args(extra)
        .arg(file)
        .output()
        .expect("run coherence");
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), report, String::from_utf8_lossy(&out.stderr).to_string())
}

/// The five CASE packages of shared/data/case.
fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared().join("data/case"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".case.json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "the five packages of shared/data/case");
    files
}

#[test]
fn every_case_file_imports_with_its_counts() {
    for path in case_files() {
        // Counted independently, straight from the file.
        let raw: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
        for a in raw["CFAssociations"].as_array().unwrap() {
            *by_type.entry(a["associationType"].as_str().unwrap().to_string()).or_default() += 1;
        }
        // Four of the five give no grade: --grade gives one (the counts below do not depend on it).
        let report = import_with(&path, &["--grade", "K"]);
        let p = &report["packages"][0];
        assert_eq!(
            p["items"].as_u64().unwrap() as usize,
            raw["CFItems"].as_array().unwrap().len(),
            "{}",
            path.display()
        );
        assert_eq!(p["by_type"], json!(by_type), "{}", path.display());
        let kinds: u64 = p["by_kind"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(kinds, p["items"].as_u64().unwrap(), "every item becomes something: {}", path.display());
    }
}

/// What a package holds, counted from its JSON without the engine: the
/// items, the standards (items that are not a Domain or Cluster, nor an
/// untyped root of a tree, which is a grouping) and how many of those have
/// an education level of their own or on an item above them.
struct Expected {
    items: usize,
    standards: usize,
    own_level: usize,
    level_above: usize,
}

fn expected(raw: &Value) -> Expected {
    let items = raw["CFItems"].as_array().unwrap();
    let id = |i: &Value| i["identifier"].as_str().unwrap().to_string();
    let ids: std::collections::HashSet<String> = items.iter().map(id).collect();
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    for a in raw["CFAssociations"].as_array().unwrap() {
        let (o, d) = (a["originNodeURI"]["identifier"].as_str(), a["destinationNodeURI"]["identifier"].as_str());
        if a["associationType"] == "isChildOf"
            && let (Some(o), Some(d)) = (o, d)
            && ids.contains(o)
            && ids.contains(d)
        {
            parent.entry(o.to_string()).or_insert_with(|| d.to_string());
        }
    }
    let has_children: std::collections::HashSet<&String> = parent.values().collect();
    let level = |i: &Value| !i["educationLevel"].is_null() || !i["educationalLevel"].is_null();
    let by_id: BTreeMap<String, &Value> = items.iter().map(|i| (id(i), i)).collect();
    let (mut standards, mut own_level, mut level_above) = (0, 0, 0);
    for i in items {
        let kind = i["CFItemType"].as_str().unwrap_or("");
        let group = kind.is_empty() && has_children.contains(&id(i)) && !parent.contains_key(&id(i));
        if group || kind == "Domain" || kind == "Cluster" {
            continue;
        }
        standards += 1;
        if level(i) {
            own_level += 1;
            continue;
        }
        // Up the parents, at most as many steps as there are items.
        let mut at = parent.get(&id(i));
        for _ in 0..items.len() {
            let Some(p) = at else { break };
            if level(by_id[p]) {
                level_above += 1;
                break;
            }
            at = parent.get(p);
        }
    }
    Expected { items: items.len(), standards, own_level, level_above }
}

#[test]
fn every_case_file_states_its_standards_with_and_without_grade() {
    let mut graded = 0;
    for path in case_files() {
        let raw: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let e = expected(&raw);
        let shown = path.display();
        // None of their codes follows a pattern that states a grade (H.A.MATH.GM..., SNT.1): the code gives none.
        let from_data = e.own_level + e.level_above;
        let (code, report, stderr) = import_run(&path, &[]);
        if from_data == 0 {
            assert_eq!(code, 2, "{shown}: {stderr}");
            let items = if e.items == 1 { "1 item".to_string() } else { format!("{} items", e.items) };
            assert!(stderr.contains(&format!("{items}, none with a grade")), "{shown}: {stderr}");
            assert_eq!(report, Value::Null, "{shown}");
        } else {
            graded += 1;
            assert_eq!(code, 0, "{shown}: {stderr}");
            assert_eq!(report["standards"], e.standards, "{shown}");
        }
        let report = import_with(&path, &["--grade", "K"]);
        assert_eq!(report["standards"], e.standards, "{shown}: with --grade every standard loads");
        assert_eq!(
            report["packages"][0]["grades"],
            json!({
                "educationLevel": e.own_level, "ancestor": e.level_above, "code": 0,
                "--grade": e.standards - from_data, "none": 0,
            }),
            "{shown}"
        );
        // validate on the package alone: its standards, or exit 2; never the embedded 509.
        let v = coherence::load::load_one(&Source::Path(path.clone()));
        match v {
            Ok(l) => assert_eq!(l.dataset.standards.len(), e.standards, "{shown}"),
            Err(err) => assert!(from_data == 0 && err.message.contains("none with a grade"), "{shown}: {err}"),
        }
    }
    assert_eq!(graded, 1, "what-standards-could-be alone gives its grades");
}

#[test]
fn what_standards_could_be_imports_exactly() {
    let report = import_report(&shared().join("data/case/what-standards-could-be.case.json"));
    let p = &report["packages"][0];
    assert_eq!(p["items"], 16);
    assert_eq!(p["by_kind"], json!({"cluster": 2, "standard": 6, "sub-standard": 8}));
    assert_eq!(p["associations"], 39);
    assert_eq!(
        p["by_type"],
        json!({"exactMatchOf": 16, "exemplar": 2, "isChildOf": 16, "isRelatedTo": 2, "precedes": 3})
    );
    assert_eq!(p["external_ends"], 21);
    assert_eq!(p["external_by_type"]["precedes"], 1);
    assert_eq!(p["external_by_type"]["isRelatedTo"], 2);
    assert_eq!(report["standards"], 14, "6 standards and 8 sub-standards");
}

#[test]
fn the_case_export_of_the_shipped_ccss_m_follows_the_case_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(shared().join("data/case/case-v1p0-cfpackage-schema.json")).unwrap(),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("ccss.case.json");
    assert_cmd::cargo::cargo_bin_cmd!("coherence")
        .args(["export", "--format", "case", "--out"])
        .arg(&file)
        .assert()
        .code(0);
    let package: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the CASE schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(&package).take(10).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(package["CFItems"].as_array().unwrap().len(), 65 + 147 + 509);
}

/// Runs `coherence ARGS` and returns (stdout, stderr), asserting success.
fn run_ok_cli(args: &[&str]) -> (String, String) {
    let out = assert_cmd::cargo::cargo_bin_cmd!("coherence").args(args).output().expect("run coherence");
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string());
    assert!(out.status.success(), "{args:?}: {stderr}");
    (stdout, stderr)
}

#[test]
fn a_real_ccssm_case_package_fills_official_text() {
    // OpenSALT's sample carries CCSS-M grade 6-7 ratio standards with their official text.
    let package = shared().join("data/case/what-standards-could-be.case.json");
    let src = package.to_str().unwrap();
    let official = "Make tables of equivalent ratios relating quantities with whole number measurements, \
                    find missing values in the tables, and plot the pairs of values on the coordinate plane. \
                    Use tables to compare ratios.";
    let (text, err) = run_ok_cli(&["show", "6.RP.A.3a", "--statements", src]);
    assert!(
        err.contains(&format!("statements: 14 of 509 standards filled from {src}; each of its 14 items matched")),
        "{err}"
    );
    assert!(text.contains(&format!("statement {official}\nsummary  (ours) ")), "{text}");
    let (json, _) = run_ok_cli(&["show", "6.RP.A.3a", "--statements", src, "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["statement"], official);

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ccss.case.json");
    run_ok_cli(&["export", "--format", "case", "--out", out.to_str().unwrap(), "--statements", src]);
    let exported: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let item = exported["CFItems"].as_array().unwrap().iter().find(|i| i["humanCodingScheme"] == "6.RP.A.3a").unwrap();
    assert_eq!(item["fullStatement"], official);
}

#[test]
fn a_real_package_of_another_framework_fills_nothing() {
    // OpenSALT's ordering test framework is ACT's, not CCSS-M: no code matches.
    let package = shared().join("data/case/opensalt-Ordering.case.json");
    let src = package.to_str().unwrap();
    let (text, err) = run_ok_cli(&["show", "6.RP.A.3a", "--statements", src]);
    assert!(err.contains(&format!("statements: no item of {src} matched a standard of the data")), "{err}");
    assert!(!text.contains("(ours)"), "{text}");
}
