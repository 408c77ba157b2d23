//! The map authors' checks (F10 link-without-note, F11 family-cycle) and the
//! review per grade band (`stats --review`), on small maps derived by hand.

use serde_json::Value;

use crate::util::{coherence, findings, folder, validate_json};

/// K1 (K), A1 (1), A2 (2), B3 with its part B3a (3), C5 (5), C6 (6):
///
/// - K1 -> A1 (noted), A1 -> A2, A2 -> B3a (noted), A1 -> C5, B3 -> C6;
/// - so the links without a note are A1 -> A2 (line 3), A1 -> C5 (line 5)
///   and B3 -> C6 (line 6); A1 -> C5 (4 grades) and B3 -> C6 (3) skip two
///   or more grades.
const STANDARDS: &str =
    "id,grade,parent,summary\nK1,K,,k\nA1,1,,a1\nA2,2,,a2\nB3,3,,b3\nB3a,3,B3,b3a\nC5,5,,c5\nC6,6,,c6\n";
const EDGES: &str = "from,to,kind,progression,note\nK1,A1,builds_towards,P,counting leads to adding\nA1,A2,builds_towards,P,\nA2,B3a,builds_towards,P,sums lead to parts\nA1,C5,builds_towards,P,\nB3,C6,builds_towards,Q,\n";

fn map() -> (tempfile::TempDir, std::path::PathBuf) {
    folder("review", &[("standards.csv", STANDARDS.as_bytes()), ("progressions.csv", EDGES.as_bytes())])
}

#[test]
fn each_link_without_a_note_is_an_info_at_its_row() {
    let (_t, dir) = map();
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 0, "F10 is an info");
    let f10 = findings(&report, "F10");
    let at: Vec<(String, u64)> =
        f10.iter().map(|f| (f["message"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap())).collect();
    assert_eq!(
        at,
        [
            ("builds_towards link A1 -> A2 has no note saying why it holds".to_string(), 3),
            ("builds_towards link A1 -> C5 has no note saying why it holds".to_string(), 5),
            ("builds_towards link B3 -> C6 has no note saying why it holds".to_string(), 6),
        ]
    );
    assert!(f10.iter().all(|f| f["severity"] == "info"));
}

#[test]
fn a_map_with_no_note_at_all_gets_one_finding() {
    let edges = "from,to,kind\nK1,A1,builds_towards\nA1,A2,builds_towards\n";
    let (_t, dir) = folder("bare", &[("standards.csv", STANDARDS.as_bytes()), ("progressions.csv", edges.as_bytes())]);
    let (_, report, _) = validate_json(&[&dir]);
    let f10 = findings(&report, "F10");
    assert_eq!(f10.len(), 1, "{f10:?}");
    assert_eq!(f10[0]["message"], "none of the 2 links of framework bare says why it holds");
    assert_eq!(f10[0]["line"], 2, "at the first link");
}

/// P and Q of grade 3, with parts: P -> Q, and Qa -> Pb back. No standard
/// reaches itself (no D4), but the family of P does, through Q's (F11).
#[test]
fn a_cycle_between_families_is_a_warning_listing_its_links() {
    let standards = "id,grade,parent\nP,3,\nPa,3,P\nPb,3,P\nQ,3,\nQa,3,Q\nR,3,\n";
    let edges = "from,to,kind,note\nP,Q,builds_towards,one\nQa,Pb,builds_towards,back\nPa,R,builds_towards,on\nR,Q,builds_towards,on\n";
    let (_t, dir) = folder("fam", &[("standards.csv", standards.as_bytes()), ("progressions.csv", edges.as_bytes())]);
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 0, "a warning");
    assert!(findings(&report, "D4").is_empty(), "no standard reaches itself");
    let f11 = findings(&report, "F11");
    assert_eq!(f11.len(), 1, "{f11:?}");
    assert_eq!(f11[0]["severity"], "warning");
    assert_eq!(
        f11[0]["message"],
        "the families of P, Q, R reach themselves once sub-standards are read with their parents: P -> Q, Qa -> Pb, Pa -> R, R -> Q"
    );
    assert_eq!(f11[0]["line"], 2, "at its first link");
    // The same cycle read as standards is D4's alone.
    let cyclic = "from,to,kind,note\nP,Q,builds_towards,one\nQ,P,builds_towards,back\n";
    let (_t, dir) = folder("d4", &[("standards.csv", standards.as_bytes()), ("progressions.csv", cyclic.as_bytes())]);
    let (_, report, _) = validate_json(&[&dir]);
    assert_eq!(findings(&report, "D4").len(), 1);
    assert!(findings(&report, "F11").is_empty(), "not reported twice");
}

#[test]
fn the_shipped_map_has_no_family_cycle() {
    let (_, report, _) = validate_json(&[]);
    assert!(findings(&report, "F11").is_empty(), "{:?}", findings(&report, "F11"));
}

fn review_json(dir: &std::path::Path) -> Value {
    let out = coherence().args(["stats", "--review", "--format", "json", "--data"]).arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// By hand (see the map above): K-2 holds K1, A1, A2 and the links into them
/// (K1 -> A1, A1 -> A2); K1 is an orphan; A1 and A2 each have one family
/// before them. 3-5 holds B3, B3a, C5 and A2 -> B3a, A1 -> C5; C5 leads
/// nowhere. 6-8 holds C6 and B3 -> C6; C6 leads nowhere.
#[test]
fn the_review_lists_each_band_as_derived_by_hand() {
    let (_t, dir) = map();
    let r = review_json(&dir);
    let bands = r["bands"].as_array().unwrap();
    let names: Vec<&str> = bands.iter().map(|b| b["band"].as_str().unwrap()).collect();
    assert_eq!(names, ["K-2", "3-5", "6-8"]);
    let pairs = |b: &Value, key: &str| -> Vec<String> {
        b[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| format!("{} -> {}", l["from"].as_str().unwrap(), l["to"].as_str().unwrap()))
            .collect()
    };
    let list = |b: &Value, key: &str| -> Vec<String> {
        b[key].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
    };
    let (k2, b35, b68) = (&bands[0], &bands[1], &bands[2]);
    assert_eq!((k2["standards"].as_u64(), k2["links"].as_u64()), (Some(3), Some(2)));
    assert_eq!(pairs(k2, "without_note"), ["A1 -> A2"]);
    assert_eq!(list(k2, "orphans"), ["K1"]);
    assert!(list(k2, "dead_ends").is_empty());
    let one: Vec<String> = k2["one_predecessor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| format!("{} <- {}", x["standard"].as_str().unwrap(), x["predecessor"].as_str().unwrap()))
        .collect();
    assert_eq!(one, ["A1 <- K1", "A2 <- A1"]);
    assert_eq!((b35["standards"].as_u64(), b35["links"].as_u64()), (Some(3), Some(2)));
    assert_eq!(pairs(b35, "without_note"), ["A1 -> C5"]);
    assert_eq!(pairs(b35, "skipping"), ["A1 -> C5"]);
    assert_eq!(b35["skipping"][0]["grades"], 4);
    assert_eq!(list(b35, "dead_ends"), ["C5"]);
    assert!(list(b35, "orphans").is_empty());
    assert_eq!(pairs(b68, "without_note"), ["B3 -> C6"]);
    assert_eq!(pairs(b68, "skipping"), ["B3 -> C6"]);
    assert_eq!(list(b68, "dead_ends"), ["C6"]);
}

#[test]
fn the_review_reads_as_text_and_as_a_markdown_checklist() {
    let (_t, dir) = map();
    let run = |format: &str| {
        let out = coherence().args(["stats", "--review", "--format", format, "--data"]).arg(&dir).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run("text");
    assert!(text.contains("3-5 links skipping two or more grades (1):\n  A1 -> C5 (4 grades apart)"), "{text}");
    assert!(text.contains("K-2 links without a note (1):\n  A1 -> A2 (builds_towards, P)"), "{text}");
    let md = run("markdown");
    assert!(md.contains("| 3-5 | 3 | 2 | 1 | 1 | 0 | 2 | 1 |"), "{md}");
    assert!(md.contains("- [ ] A1 → C5 (4 grades apart)"), "{md}");
    let out = coherence().args(["stats", "--format", "markdown"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "markdown is the review's");
    assert!(String::from_utf8_lossy(&out.stderr).contains("add --review"));
}
