//! `goals check`: met, on track, at risk and missed on hand-derived
//! figures; exit 0, 1 and 2; annotations on the goals file's lines.

use std::path::Path;

use serde_json::Value;

use crate::util::{changed_plans, coherence, saved_plans_report};

/// The `plans` fixture with North School's plan improved as in
/// `baseline.rs`: its prerequisite readiness goes from 2 of 5 pairs in order
/// (0.4) to 2 of 3 (0.6667); South School keeps 4 of 4 priority standards
/// covered (1.0) and its C5 count of 0.
fn now_folder(root: &Path) -> std::path::PathBuf {
    changed_plans(root, "now")
}

/// The baseline: the `plans` fixture saved as a report dated 2026-09-01.
fn baseline(root: &Path) -> std::path::PathBuf {
    saved_plans_report(root, "fall.json")
}

fn check(root: &Path, goals: &str, extra: &[&str]) -> (i32, String, String) {
    let file = root.join("goals.toml");
    std::fs::write(&file, goals).unwrap();
    let out = coherence()
        .current_dir(root)
        .args(["goals", "check", "goals.toml", "--data"])
        .arg(now_folder(root))
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Readiness of s1: 0.4 on 2026-09-01, 0.6667 on 2026-11-30 (90 days later):
/// 0.002963 a day. To 0.9 by 2027-02-28 (90 days on) it reaches 0.9333: on
/// track. By 2027-01-29 (60 days on) it reaches 0.8444: at risk.
const ON_TRACK: &str = r#"# Lakeside's goals
[[goal]]
name = "South covers its priority work"
scope = "s2"
rate = "priority_coverage"
at_least = 1.0

[[goal]]
scope = "s1"
rate = "prerequisite_readiness"
at_least = 0.9
by = 2027-02-28

[[goal]]
scope = "s*"
rate = "C5"
at_most = 1
"#;

#[test]
fn met_and_on_track_goals_exit_zero_with_the_pace_derived_by_hand() {
    let tmp = tempfile::tempdir().unwrap();
    let fall = baseline(tmp.path());
    let (code, out, err) = check(
        tmp.path(),
        ON_TRACK,
        &["--baseline", fall.to_str().unwrap(), "--as-of", "2026-11-30", "--format", "json"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let goals = doc["goals"].as_array().unwrap();
    assert_eq!(goals.iter().map(|g| g["status"].as_str().unwrap()).collect::<Vec<_>>(), ["met", "on track", "met"]);
    assert_eq!(goals.iter().map(|g| g["line"].as_u64().unwrap()).collect::<Vec<_>>(), [2, 8, 14]);
    let s1 = &goals[1]["standings"][0];
    assert_eq!((s1["now"].as_f64(), s1["then"].as_f64()), (Some(0.6667), Some(0.4)));
    assert_eq!(s1["projected"].as_f64(), Some(0.9333));
    assert_eq!(doc["counts"]["on_track"], 1);
    // C5 at most 1: s1 has one edge out of order (A2 -> A3), s2 none; both meet it.
    assert_eq!(goals[2]["subjects"], 2, "s* matches s1 and s2, not d1");
}

#[test]
fn a_goal_at_risk_exits_one_and_annotates_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let fall = baseline(tmp.path());
    let goals = ON_TRACK.replace("by = 2027-02-28", "by = 2027-01-29");
    let (code, out, err) = check(
        tmp.path(),
        &goals,
        &["--baseline", fall.to_str().unwrap(), "--as-of", "2026-11-30", "--format", "github"],
    );
    assert_eq!(code, 1, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("::notice file=goals.toml,line=2,title=Goal met%3A s2 priority coverage"), "{out}");
    assert!(lines[1].starts_with("::error file=goals.toml,line=8,title=Goal at risk%3A s1 prerequisite readiness at least 90%25 by 2027-01-29::"), "{out}");
    assert!(lines[1].contains("at this pace 84.4%25 by 2027-01-29"), "{out}");
    assert!(lines[2].starts_with("::notice file=goals.toml,line=14,"), "{out}");

    // Without a baseline a dated goal not yet met is at risk; past its date it is missed.
    let (code, out, _) = check(tmp.path(), ON_TRACK, &["--as-of", "2026-11-30"]);
    assert_eq!(code, 1);
    assert!(out.contains("goals.toml:8  at risk  s1 prerequisite readiness at least 90% by 2027-02-28"), "{out}");
    assert!(out.contains("no baseline to measure progress from"), "{out}");
    let (code, out, _) = check(tmp.path(), ON_TRACK, &["--as-of", "2027-03-01"]);
    assert_eq!(code, 1);
    assert!(out.contains("goals.toml:8  missed"), "{out}");
    assert!(out.contains("the goal was due 2027-02-28"), "{out}");
}

/// d1's schools are s1 and s2. Readiness: s1 2 of 3 pairs in order
/// (0.6667); s2 (grades 1-3, PD = {A1, A2, A3, B3}, no intervention) has 6
/// pairs, none in order (0): the median is 0.3333, short of 0.5, and the goal
/// has no date, so it is missed. Priority coverage: s1 2 of 3, s2 4 of 4,
/// both at least 0.6: met.
#[test]
fn medians_and_every_school_of_a_district() {
    let tmp = tempfile::tempdir().unwrap();
    let goals = "[[goal]]\nscope = \"d1\"\nover = \"median\"\nrate = \"prerequisite_readiness\"\nat_least = 0.5\n\n[[goal]]\nscope = \"d1\"\nover = \"every\"\nrate = \"priority_coverage\"\nat_least = 0.6\n";
    let (code, out, err) = check(tmp.path(), goals, &["--format", "json", "--as-of", "2026-11-30"]);
    assert_eq!(code, 1, "{out}{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let median = &doc["goals"][0]["standings"][0];
    assert_eq!((median["subject"].as_str(), median["now"].as_f64()), (Some("median of 2 schools"), Some(0.3333)));
    assert_eq!(doc["goals"][0]["status"], "missed");
    assert_eq!(doc["goals"][1]["status"], "met");
    assert_eq!(doc["goals"][1]["subjects"], 2);
    let every: Vec<(&str, f64)> = doc["goals"][1]["standings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["subject"].as_str().unwrap(), s["now"].as_f64().unwrap()))
        .collect();
    assert_eq!(every, [("s1", 0.6667), ("s2", 1.0)]);
}

#[test]
fn bad_goals_files_exit_two_with_line_and_nearest_names() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: [(&str, &str); 9] = [
        (
            "[[goal]]\nscope = \"s1\"\nrate = \"priority_coverge\"\nat_least = 0.8\n",
            "goals.toml:3:8: unknown rate \"priority_coverge\"\n  = help: the nearest rates are priority_coverage",
        ),
        (
            "[[goal]]\nscope = \"s9\"\nrate = \"C1\"\nat_most = 0\n",
            "goals.toml:2:9: scope \"s9\" is not a scope of the data\n  = help: the nearest scope ids are s1, s2, d1",
        ),
        (
            "[[goal]]\nscope = \"t-*\"\nrate = \"C1\"\nat_most = 0\n",
            "goals.toml:2:9: scope \"t-*\" matches no scope of the data",
        ),
        (
            "[[goal]]\nscope = \"s1\"\nrate = \"C1\"\nat_most = 0\nby = \"June\"\n",
            "goals.toml:5:6: \"June\" is not a date",
        ),
        ("[[goal]]\nscope = \"s1\"\nrate = \"C1\"\nat_most = 0\nby = 2027-02-30\n", "goals.toml:5:6:"),
        (
            "[[goal]]\nscope = \"s1\"\nrate = \"sequencing\"\nat_least = 80\n",
            "goals.toml:4:12: 80 is not a share from 0 to 1",
        ),
        ("[[goal]]\nscope = \"s1\"\nrate = \"sequencing\"\n", "goals.toml:1:1: a goal without at_least or at_most"),
        ("[[goal]]\nscope = \"s1\"\nrat = \"C1\"\n", "goals.toml:3:1: unknown field `rat`"),
        ("# nothing\n", "goals.toml: no goal in the file"),
    ];
    for (text, want) in cases {
        let (code, out, err) = check(tmp.path(), text, &[]);
        assert_eq!(code, 2, "{text}\n{out}{err}");
        assert!(err.contains(want), "{text}\nwant {want}\ngot {err}");
    }
    // A goals file that cannot be read at all is exit 2 too, before the data is loaded.
    let out = coherence().args(["goals", "check", "/no/such/goals.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/goals.toml"));
}
