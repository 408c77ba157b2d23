//! The gap report a district acts on: the scorecard's rates and order, the
//! actions, findings in words, and the report's shape (issue 12).

use serde_json::Value;

use crate::util::{coherence, fixture};

const DISTRICT: &str = "examples/district";

fn stdout(args: &[&str]) -> String {
    let out = coherence().args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn scorecard() -> Vec<Value> {
    let doc: Value =
        serde_json::from_str(&stdout(&["gaps", "--data", DISTRICT, "--scorecard", "--format", "json"])).unwrap();
    doc["scorecard"].as_array().unwrap().clone()
}

fn rate(row: &Value, name: &str) -> Option<f64> {
    row["rates"][name]["rate"].as_f64()
}

#[test]
fn a_school_with_no_plan_ranks_below_every_school_with_one() {
    let rows = scorecard();
    assert_eq!(rows.len(), 43);
    let pos = |id: &str| rows.iter().position(|r| r["scope"] == id).unwrap();
    let newfield = &rows[pos("es-newfield")];
    assert_eq!(newfield["taught"], 0, "es-newfield has no plan");
    assert_eq!(rate(newfield, "priority_coverage"), Some(0.0));
    for check in ["chain_integrity", "prerequisite_readiness", "horizontal_coherence", "sequencing"] {
        assert_eq!(newfield["rates"][check]["base"], 0);
        assert_eq!(rate(newfield, check), None, "{check}: nothing to measure is n/a, never 100%");
    }
    for (i, r) in rows.iter().enumerate() {
        if r["taught"].as_u64().unwrap() > 0 && r["parent"] == "riverbend" {
            assert!(i > pos("es-newfield"), "{} is listed after the school with no plan", r["scope"]);
            assert!(rate(r, "priority_coverage").unwrap() > 0.0, "{}", r["scope"]);
        }
    }
    // Weakest priority coverage first, ties by scope id; no rate after every rate.
    let key = |r: &Value| (rate(r, "priority_coverage").unwrap_or(2.0), r["scope"].as_str().unwrap().to_string());
    assert!(rows.windows(2).all(|w| key(&w[0]).partial_cmp(&key(&w[1])) != Some(std::cmp::Ordering::Greater)));
}

#[test]
fn a_district_row_shows_its_own_rates_and_its_schools_median_and_weakest() {
    let rows = scorecard();
    let district = rows.iter().find(|r| r["scope"] == "riverbend").unwrap();
    let schools: Vec<&Value> = rows.iter().filter(|r| r["parent"] == "riverbend").collect();
    assert_eq!(district["schools"]["count"], 42);
    assert_eq!(district["rates"]["priority_coverage"]["count"], 284, "its own plan, not a sum over schools");
    let mut values: Vec<f64> = schools.iter().filter_map(|r| rate(r, "priority_coverage")).collect();
    values.sort_by(f64::total_cmp);
    let median = (values[20] + values[21]) / 2.0;
    let got = district["schools"]["median"]["priority_coverage"].as_f64().unwrap();
    assert!((got - median).abs() < 1e-4, "median {got} against {median}");
    assert_eq!(district["schools"]["weakest"]["priority_coverage"]["scope"], "es-newfield");
    let weakest_seq = &district["schools"]["weakest"]["sequencing"];
    let lowest = schools.iter().filter_map(|r| rate(r, "sequencing")).fold(1.0, f64::min);
    assert!((weakest_seq["rate"].as_f64().unwrap() - lowest).abs() < 1e-4);
}

#[test]
fn adding_a_module_to_a_school_never_lowers_its_priority_coverage() {
    let v = coherence::validate_sources(&[coherence::load::Source::parse(DISTRICT)]).unwrap();
    let run = coherence::gaps(v, 2, &[], false).unwrap();
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    let mut tried = 0;
    for s in 0..g.scopes.len() as u32 {
        let before = coherence::advice::rates(&run.counts[s as usize])[0];
        for m in 0..g.modules.len() as u32 {
            if g.plans.of(s).iter().any(|p| p.module() == m) {
                continue;
            }
            let mut with = g.clone();
            with.plans.push(s, coherence::graph::Adopted::new(m, None));
            let after = coherence::checks::plan::plan_checks(ds, &with, &run.index, &[s], false)[0].counts;
            let after = coherence::advice::rates(&after)[0];
            assert_eq!(after.base, before.base, "the base is the scope's priority work, whatever it adopts");
            assert!(after.count <= before.count, "{} + {}", ds.scopes[s as usize].id, ds.modules[m as usize].id);
            tried += 1;
        }
    }
    assert!(tried > 3000, "every school against every module it does not adopt: {tried}");
}

#[test]
fn the_text_report_opens_with_the_scorecard_and_ten_actions_in_sixty_lines_of_100_columns() {
    let text = stdout(&["gaps", "--data", DISTRICT]);
    let lines: Vec<&str> = text.lines().collect();
    let tenth = lines.iter().position(|l| l.starts_with("10. ")).expect("a tenth action");
    assert!(tenth < 60, "the tenth action is on line {}", tenth + 1);
    for l in &lines[..=tenth] {
        assert!(l.chars().count() <= 100, "{} columns: {l}", l.chars().count());
    }
    let header = lines.iter().position(|l| l.starts_with("scope ")).unwrap();
    for id in ["es-newfield", "riverbend", "hs-ridge", "ms-cedar"] {
        assert!(lines[header..tenth].iter().any(|l| l.starts_with(id)), "{id} has a scorecard row");
    }
    let detail = lines.iter().position(|l| l.starts_with("Riverbend Unified School District (riverbend)")).unwrap();
    assert!(detail > tenth, "no detail before the actions");
    assert!(lines[..tenth].iter().any(|l| l.starts_with("riverbend: median of 42 schools")));
    assert!(text.contains("Actions in full"), "the actions with every scope and provider");
}

#[test]
fn actions_close_each_gap_once_and_name_provider_tier_and_evidence() {
    let doc: Value = serde_json::from_str(&stdout(&["gaps", "--data", DISTRICT, "--format", "json"])).unwrap();
    let actions = doc["actions"].as_array().unwrap();
    assert!(actions.len() >= 10);
    let key = |a: &Value| {
        let c = &a["closes"];
        c["priority"].as_u64().unwrap()
            + c["chains"].as_u64().unwrap()
            + c["prerequisites"].as_u64().unwrap()
            + c["related"].as_u64().unwrap()
    };
    // What all actions close is at most what is open: no gap is counted twice.
    let open_c1: u64 = doc["summary"]["scopes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(id, _)| *id != "riverbend")
        .map(|(_, s)| s["C1"].as_u64().unwrap())
        .sum();
    let closed_c1: u64 = actions.iter().map(|a| a["closes"]["priority"].as_u64().unwrap()).sum();
    assert!(closed_c1 <= open_c1, "{closed_c1} closed of {open_c1} open");
    assert!(actions.iter().all(|a| key(a) > 0));
    let intervention = actions.iter().find(|a| a["kind"] == "intervention").expect("an intervention among the actions");
    assert!(
        intervention["tier"].is_string()
            && intervention["evidence"].is_string()
            && intervention["provider"].is_string()
    );
    assert!(
        intervention["closes"]["pairs"].as_u64().unwrap() >= intervention["closes"]["prerequisites"].as_u64().unwrap()
    );
    for a in actions {
        assert!(
            !a["scopes"].as_array().unwrap().iter().any(|s| s == "riverbend"),
            "schools act, not the district over them"
        );
    }
    assert!(actions.iter().any(|a| !a["practices"].as_array().unwrap().is_empty()), "practices are shown");
}

#[test]
fn findings_carry_summaries_and_group_a_parent_with_its_parts() {
    let doc: Value = serde_json::from_str(&stdout(&["gaps", "--data", DISTRICT, "--format", "json"])).unwrap();
    let f = doc["findings"].as_array().unwrap();
    assert!(f.iter().all(|x| x["summary"].is_string()), "every CCSS-M standard has a summary");
    let text = stdout(&["gaps", "--data", DISTRICT, "--top", "10"]);
    assert!(text.contains(" and its parts a-"), "a parent and its uncovered parts read as one line");
    // Top lists name one taught standard at most twice.
    for section in text.split("\n\n").skip(3) {
        let mut named: std::collections::BTreeMap<&str, usize> = Default::default();
        for l in section.lines().filter(|l| l.contains("[C3] ")) {
            let who = l.split("[C3] ").nth(1).unwrap().split(' ').next().unwrap();
            *named.entry(who).or_default() += 1;
        }
        assert!(named.values().all(|&n| n <= 2), "{named:?} in\n{section}");
    }
}

#[test]
fn the_json_report_follows_its_published_schema() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/gaps-report.schema.json"),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    for data in [DISTRICT.to_string(), fixture("plans"), fixture("expand")] {
        let doc: Value = serde_json::from_str(&stdout(&["gaps", "--data", &data, "--format", "json"])).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&doc).take(5).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{data}: {errors:#?}");
    }
}

#[test]
fn the_scorecard_is_a_csv_table_of_its_own() {
    let csv_text = stdout(&["gaps", "--data", &fixture("plans"), "--scorecard", "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        &header[..9],
        [
            "scope",
            "name",
            "parent",
            "grade_lo",
            "grade_hi",
            "taught",
            "priority_coverage_count",
            "priority_coverage_base",
            "priority_coverage_rate"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, ["d1", "s1", "s2"], "weakest priority coverage first");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[1][col("priority_coverage_rate")], "0.6667");
    assert_eq!(&rows[0][col("chain_integrity_rate")], "", "n/a is empty, not 1");
    assert_eq!(&rows[0][col("schools")], "2");
    assert_eq!(&rows[0][col("priority_coverage_weakest")], "s1");
    // --summary-only in text prints the scorecard, in linear time; the same rows.
    let text = stdout(&["gaps", "--data", &fixture("plans"), "--summary-only"]);
    assert!(text.contains("Scorecard") && !text.contains("What to do first"));
}

#[test]
fn the_whole_report_is_identical_whatever_the_thread_count() {
    let go = |threads: &str, format: &str| {
        coherence()
            .env("RAYON_NUM_THREADS", threads)
            .args(["gaps", "--data", DISTRICT, "--format", format])
            .output()
            .unwrap()
            .stdout
    };
    for format in ["json", "text", "markdown", "csv"] {
        assert_eq!(go("1", format), go("2", format), "{format}");
    }
}
