//! Official text from `--statements`: cards, trace, exports and the map show
//! it first; it adds no standard or edge; markup in it stays text.

use serde_json::Value;

use crate::util::{coherence, fixture};

/// The fixture with official text for 3.NF.A.1, 4.NF.B.3, 4.NF.B.3a and
/// 4.NF.B.3b (the last with markup and a control character), in three
/// spellings, and one code no standard has.
fn fractions() -> String {
    format!("{}/ccssm-fractions.case.json", fixture("statements"))
}

/// A package of another framework: no code of it is a CCSS-M code.
fn other() -> String {
    format!("{}/other-framework.case.json", fixture("statements"))
}

/// Runs `coherence` and returns (stdout, stderr), asserting success.
fn run(args: &[&str]) -> (String, String) {
    let o = coherence().args(args).output().expect("run coherence");
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    (String::from_utf8(o.stdout).expect("UTF-8"), String::from_utf8(o.stderr).expect("UTF-8"))
}

const OFFICIAL_4_NF_B_3: &str = "Understand a fraction a/b with a > 1 as a sum of fractions 1/b.";

#[test]
fn statements_fill_the_card_first_and_label_our_summary() {
    let src = fractions();
    let (text, err) = run(&["show", "4.NF.B.3", "--statements", &src]);
    assert!(
        err.contains(&format!(
            "statements: 4 of 509 standards filled from {src}; 1 of its 5 items matched no standard"
        )),
        "{err}"
    );
    let statement = text.find(&format!("statement {OFFICIAL_4_NF_B_3}")).expect("the official text on the card");
    let summary = text.find("summary  (ours) ").expect("our summary, labelled");
    assert!(statement < summary, "official text first:\n{text}");

    let (json, _) = run(&["show", "4.NF.3a", "--statements", &src, "--format", "json"]);
    let card: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        card["statement"],
        "Understand addition and subtraction of fractions as joining and separating parts referring to the same whole."
    );
    assert!(card["summary"].as_str().is_some_and(|s| !s.is_empty()));
    // Linked standards carry the official text too, where they have it.
    let linked = card["builds_on"].as_array().unwrap().iter().find(|x| x["code"] == "3.NF.A.1").unwrap();
    assert!(linked["statement"].as_str().unwrap().starts_with("Understand a fraction 1/b"));

    // Without the source, the shipped data has no official text.
    let (plain, _) = run(&["show", "4.NF.B.3"]);
    assert!(!plain.contains("statement ") && !plain.contains("(ours)"), "{plain}");
    let (json, _) = run(&["show", "4.NF.B.3", "--format", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&json).unwrap()["statement"], Value::Null);
}

#[test]
fn statements_add_no_standard_and_no_edge() {
    let (with, _) = run(&["stats", "--statements", &fractions(), "--format", "json"]);
    let (without, _) = run(&["stats", "--format", "json"]);
    assert_eq!(with, without, "a text source is not a dataset");
}

#[test]
fn trace_shows_the_official_text_of_its_standard() {
    let (text, _) = run(&["trace", "4.NF.B.3", "--back", "1", "--statements", &fractions()]);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("4.NF.B.3 (grade 4)"));
    assert_eq!(lines.next(), Some(format!("statement       {OFFICIAL_4_NF_B_3}").as_str()));
    assert!(lines.next().unwrap().starts_with("summary (ours)  Understand a fraction"));
}

#[test]
fn a_package_of_another_framework_fills_nothing_and_says_so() {
    let src = other();
    let (text, err) = run(&["show", "4.NF.B.3", "--statements", &src]);
    assert!(err.contains(&format!("statements: no item of {src} matched a standard of the data")), "a notice: {err}");
    assert!(err.contains("nothing filled"), "{err}");
    assert!(!text.contains("(ours)"), "{text}");
    let package = export_case(&["--statements", &src]);
    assert!(package["CFDocument"]["title"].as_str().unwrap().contains("not the official text"));
    assert!(item(&package, "SCI.PS.1").is_null(), "no item of the source joins the data");
}

#[test]
fn a_statements_source_that_cannot_be_read_names_the_file() {
    let o = coherence()
        .args(["show", "4.NF.B.3", "--statements", "tests/fixtures/statements/missing.json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("tests/fixtures/statements/missing.json: cannot read"), "{err}");
    // A file that is not a package at all is refused with its name, too.
    let o = coherence().args(["show", "4.NF.B.3", "--statements", "Cargo.toml"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Cargo.toml"));
}

/// Exports CCSS-M as CASE with `extra` arguments and returns the package.
fn export_case(extra: &[&str]) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ccss.case.json");
    let mut args = vec!["export", "--format", "case", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args);
    serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap()
}

/// The item of `code`, or null.
fn item<'a>(package: &'a Value, code: &str) -> &'a Value {
    package["CFItems"].as_array().unwrap().iter().find(|i| i["humanCodingScheme"] == code).unwrap_or(&Value::Null)
}

#[test]
fn case_export_writes_the_official_text_as_full_statement() {
    let src = fractions();
    let package = export_case(&["--statements", &src]);
    let it = item(&package, "4.NF.B.3");
    assert_eq!(it["fullStatement"], OFFICIAL_4_NF_B_3);
    assert!(it["abbreviatedStatement"].as_str().is_some_and(|s| s.starts_with("Understand a fraction")));
    assert_eq!(it.get("notes"), None, "official text needs no warning");
    assert_eq!(package["CFDocument"]["title"], "Common Core State Standards for Mathematics");
    // A standard the source gave no text keeps our summary, and says so.
    let other = item(&package, "4.NF.B.4a");
    assert!(other["notes"].as_str().unwrap().contains("not the official text"), "{other}");
}

#[test]
fn case_export_without_official_text_says_it_holds_our_summaries() {
    let package = export_case(&[]);
    let title = package["CFDocument"]["title"].as_str().unwrap();
    assert!(title.starts_with("Common Core State Standards for Mathematics: summaries"), "{title}");
    assert!(title.contains("not the official text"), "{title}");
    for it in package["CFItems"].as_array().unwrap() {
        if it["CFItemType"] == "Standard" || it["CFItemType"] == "Component" {
            assert!(it["notes"].as_str().unwrap().contains("not the official text"), "{it}");
        }
    }
    // The importer takes the warnings off again: the framework's title and notes come back as they were.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("ccss.case.json");
    std::fs::write(&file, serde_json::to_vec(&package).unwrap()).unwrap();
    let (json, _) = run(&["show", "K.CC.A.1", "--data", file.to_str().unwrap(), "--format", "json"]);
    let card: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(card["statement"], Value::Null, "our summary is not taken for official text");
    assert_eq!(card["note"], run_json(&["show", "K.CC.A.1", "--format", "json"])["note"]);
    let out = tmp.path().join("native");
    run(&["import", "case", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let manifest = std::fs::read_to_string(out.join("ccss-math/framework.json")).unwrap();
    assert!(manifest.contains("\"Common Core State Standards for Mathematics\""), "{manifest}");
}

fn run_json(args: &[&str]) -> Value {
    serde_json::from_str(&run(args).0).unwrap()
}

#[test]
fn import_case_takes_statements_too() {
    let tmp = tempfile::tempdir().unwrap();
    let package = tmp.path().join("ccss.case.json");
    run(&["export", "--format", "case", "--out", package.to_str().unwrap()]);
    let out = tmp.path().join("native");
    let (_, err) = run(&[
        "import",
        "case",
        package.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--statements",
        &fractions(),
    ]);
    assert!(err.contains("statements: 4 of 509 standards filled"), "{err}");
    let card = run_json(&["show", "4.NF.B.3", "--data", out.to_str().unwrap(), "--format", "json"]);
    assert_eq!(card["statement"], OFFICIAL_4_NF_B_3);
}

#[test]
fn markup_in_official_text_stays_text_in_every_format() {
    let src = fractions();
    let markup = "<b>recording</b> each decomposition by an equation & justifying it";
    let (text, _) = run(&["show", "4.NF.B.3b", "--statements", &src]);
    assert!(text.contains(markup), "text shows markup as written: {text}");
    assert!(text.contains("justifying it\\u{7} <script>"), "a control character is shown escaped: {text}");
    assert!(!text.contains('\u{7}'));

    let card = run_json(&["show", "4.NF.B.3b", "--statements", &src, "--format", "json"]);
    assert!(card["statement"].as_str().unwrap().contains(&format!("{markup}\u{7} <script>alert(1)</script>")));

    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("map.html");
    run(&["map", "--out", page.to_str().unwrap(), "--statements", &src]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<b>recording"), "no markup of the data in the page");
    assert!(!html.contains("<script>alert(1)"), "no script of the data in the page");
    assert!(html.contains("\\u003cb>recording\\u003c/b> each decomposition"), "the text is in the page's data");

    let svg = run(&["show", "4.NF.B.3b", "--statements", &src, "--format", "svg"]).0;
    assert!(!svg.contains("<b>") && !svg.contains("<script>"));
}

#[test]
fn a_knowledge_graph_export_is_a_statements_source_too() {
    for export in ["lckg-jsonl", "lckg-csv"] {
        let src = fixture(export);
        let (_, err) = run(&["stats", "--statements", &src]);
        assert!(err.contains(&format!("statements: 4 of 509 standards filled from {src}")), "{err}");
        let card = run_json(&["show", "3.NF.A.1", "--statements", &src, "--format", "json"]);
        assert_eq!(card["statement"], "Understand a unit fraction 1/b.", "{export}");
    }
}
