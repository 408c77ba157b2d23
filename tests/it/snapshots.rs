//! Snapshots of every report format, from the common fixtures.

use crate::util::{coherence, fixture};

fn stdout(args: &[&str]) -> String {
    let out = coherence().args(args).output().expect("run coherence");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn validate_text() {
    insta::assert_snapshot!(stdout(&["validate", "--data", &fixture("defects")]));
}

#[test]
fn validate_json() {
    insta::assert_snapshot!(stdout(&["validate", "--format", "json", "--data", &fixture("defects")]));
}

#[test]
fn validate_github() {
    insta::assert_snapshot!(stdout(&["validate", "--format", "github", "--data", &fixture("defects")]));
}

#[test]
fn validate_native_text() {
    insta::assert_snapshot!(stdout(&["validate", "--data", &fixture("native-dangling")]));
}

#[test]
fn stats_text() {
    insta::assert_snapshot!(stdout(&["stats"]));
}

#[test]
fn stats_json() {
    insta::assert_snapshot!(stdout(&["stats", "--format", "json", "--data", &fixture("defects")]));
}

#[test]
fn gaps_text() {
    insta::assert_snapshot!(stdout(&["gaps", "--data", &fixture("plans")]));
}

#[test]
fn gaps_markdown() {
    insta::assert_snapshot!(stdout(&["gaps", "--data", &fixture("plans"), "--format", "markdown"]));
}

#[test]
fn gaps_csv() {
    insta::assert_snapshot!(stdout(&["gaps", "--data", &fixture("plans"), "--format", "csv"]));
}

#[test]
fn gaps_json() {
    insta::assert_snapshot!(stdout(&["gaps", "--data", &fixture("plans"), "--format", "json"]));
}

#[test]
fn gaps_summary_only() {
    insta::assert_snapshot!(stdout(&["gaps", "--data", &fixture("plans"), "--format", "json", "--summary-only"]));
}

#[test]
fn show_text() {
    insta::assert_snapshot!(stdout(&["show", "B3", "--data", &fixture("plans")]));
}

#[test]
fn show_text_with_official_text() {
    let src = format!("{}/ccssm-fractions.case.json", fixture("statements"));
    insta::assert_snapshot!(stdout(&["show", "4.NF.B.3", "--statements", &src]));
}

#[test]
fn trace_text_of_a_family_with_official_text() {
    let src = format!("{}/ccssm-fractions.case.json", fixture("statements"));
    insta::assert_snapshot!(stdout(&["trace", "4.NF.B.3", "--back", "1", "--forward", "0", "--statements", &src]));
}

#[test]
fn trace_text() {
    insta::assert_snapshot!(stdout(&["trace", "B3", "--data", &fixture("plans")]));
}

#[test]
fn show_svg() {
    insta::assert_snapshot!(stdout(&["show", "A3", "--data", &fixture("plans"), "--format", "svg", "--scope", "s1"]));
}

#[test]
fn progression_mermaid_and_dot() {
    insta::assert_snapshot!(stdout(&["progression", "OA", "--data", &fixture("plans"), "--format", "mermaid"]));
    insta::assert_snapshot!(stdout(&["progression", "OA", "--data", &fixture("plans"), "--format", "dot"]));
}

#[test]
fn diff_plans_text() {
    insta::assert_snapshot!(stdout(&["diff", &fixture("diff-plans/old"), &fixture("diff-plans/new")]));
}

#[test]
fn diff_plans_markdown() {
    let (old, new) = (fixture("diff-plans/old"), fixture("diff-plans/new"));
    insta::assert_snapshot!(stdout(&["diff", &old, &new, "--format", "markdown"]));
}

#[test]
fn unpack_text() {
    insta::assert_snapshot!(stdout(&["unpack", "PD-NF-04", "--data", "examples/district", "--scope", "es-cottonwood"]));
}

#[test]
fn unpack_markdown() {
    insta::assert_snapshot!(stdout(&["unpack", "PD-NF-04", "--data", "examples/district", "--format", "markdown"]));
}
