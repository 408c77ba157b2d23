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
