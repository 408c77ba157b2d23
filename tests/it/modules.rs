//! What a module entry addresses (spec revision 2, Terms: Module): a
//! standard with its descendants, a cluster, a domain, a practice; and the
//! bad entries of each kind.

use serde_json::{Value, json};

use crate::util::{coherence, findings, fixture, folder, validate_json};

fn gaps_json(args: &[&str]) -> (i32, Value) {
    let out = coherence().arg("gaps").args(args).args(["--format", "json"]).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap(), serde_json::from_slice(&out.stdout).expect("JSON"))
}

fn base(priority: u64, taught: u64, chain: u64, pairs: u64, related: u64, sequenced: u64) -> Value {
    json!({"priority": priority, "taught": taught, "chain": chain, "pairs": pairs, "related": related,
           "sequenced": sequenced})
}

/// `tests/fixtures/expand`, worked out by hand. Frameworks F and G.
///
/// SF (F, grades 3-4) adopts PD-CL `F:3.A.X` (session 1) = F.3.A.1, F.3.A.2
/// and its parts 2a, 2b; PD-STD `F.3.B`, a standard id that is also the
/// cluster of F.3.B.1: the standard wins, so F.3.B only; INT-SUB `F.3.A.2a`
/// alone (not its parent); PD-G `G:3.A.X` (framework G: nothing in scope,
/// F6); PD-4 `F.4.A.1` (session 0). Priority in scope: the five majors, all
/// taught: C1 0; taught 6 (the five and F.3.B). Chain: F.3.A.1 sits between
/// taught F.3.A.2 and taught F.4.A.1: base 1, C2 0. Pairs: F.4.A.1 needs
/// F.3.A.1, F.3.A.2a and F.3.A.2 (through F.3.A.1): base 3, and only 2a has
/// an intervention: C3 2 / 2. Related: F.3.B.1, untaught neighbour of
/// F.3.A.1: base 1, C4 1. Sequenced: F.3.A.2 -> F.3.A.1 (1, 1), F.3.A.1 ->
/// F.4.A.1 and F.3.A.2a -> F.4.A.1 (1 after 0): base 3, C5 2.
///
/// SH (F, 9-12) adopts PD-DOM `HSQ`: F.HS.1-3. Priority: wap `true` F.HS.1,
/// `TRUE` F.HS.3, and F.HS.4 of domain HSR; `yes` (F.HS.2) is false: base 3,
/// C1 1 (F.HS.4); taught 3.
///
/// SG (G, 3) adopts PD-AMB `3.A.X`, a cluster of both F and G: ambiguous
/// (D2), so it addresses nothing: priority 1 (G.3.1), C1 1, taught 0.
#[test]
fn module_entries_expand_as_the_spec_says() {
    let (_, doc) = gaps_json(&["--data", &fixture("expand"), "--summary-only"]);
    let s = &doc["summary"];
    assert_eq!(
        s["scopes"],
        json!({
            "SF": {"C1": 0, "C2": 0, "C3": {"pairs": 2, "distinct": 2}, "C4": 1, "C5": 2, "base": base(5, 6, 1, 3, 1, 3)},
            "SH": {"C1": 1, "C2": 0, "C3": {"pairs": 0, "distinct": 0}, "C4": 0, "C5": 0, "base": base(3, 3, 0, 0, 0, 0)},
            "SG": {"C1": 1, "C2": 0, "C3": {"pairs": 0, "distinct": 0}, "C4": 0, "C5": 0, "base": base(1, 0, 0, 0, 0, 0)},
        })
    );
    assert_eq!(s["totals"]["base"], base(9, 9, 1, 3, 1, 3));
    assert_eq!(s["dataset"]["D2"], 2, "the ambiguous cluster and the entry naming nothing");
}

#[test]
fn bad_entries_are_findings_that_say_what_to_write() {
    let (code, report, _) = validate_json(&[std::path::Path::new(&fixture("expand"))]);
    assert_eq!(code, 1);
    let d2 = findings(&report, "D2");
    let ambiguous = d2.iter().find(|f| f["message"].as_str().unwrap().contains("PD-AMB")).unwrap();
    assert!(
        ambiguous["message"]
            .as_str()
            .unwrap()
            .contains("3.A.X is ambiguous: it fits F:3.A.X (cluster), G:3.A.X (cluster)")
    );
    assert_eq!(ambiguous["help"], "write the entry qualified, e.g. F:3.A.X");
    assert_eq!(ambiguous["line"], 3);
    let nothing = d2.iter().find(|f| f["message"].as_str().unwrap().contains("PD-NONE")).unwrap();
    assert!(nothing["message"].as_str().unwrap().contains("3.C is not a known standard, cluster, domain or practice"));
    assert!(nothing["help"].as_str().unwrap().starts_with("did you mean"), "{nothing}");
    // A cluster of another framework than the scope's: the adoption covers nothing there, and says so.
    let f6 = findings(&report, "F6");
    assert_eq!(f6.len(), 1, "{report:#}");
    assert_eq!(f6[0]["severity"], "warning");
    assert!(
        f6[0]["message"]
            .as_str()
            .unwrap()
            .contains("scope SF follows F, but module PD-G addresses standards of G only")
    );
    assert!(f6[0]["file"].as_str().unwrap().ends_with("plans.csv"));
    assert_eq!(f6[0]["line"], 5);
}

/// Modules over the embedded CCSS-M, which knows the practices.
fn ccss_modules(rows: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let modules = format!("id,kind,standards,title\n{rows}");
    folder(
        "plans",
        &[
            ("modules.csv", modules.as_bytes()),
            ("scopes.csv", b"id,name,grade_lo,grade_hi\ns4,Grade 4,4,4\n"),
            ("plans.csv", b"scope,module\ns4,PD-1\n"),
        ],
    )
}

#[test]
fn a_parent_covers_its_parts_and_a_part_only_itself() {
    let (_t, dir) = ccss_modules("PD-1,pd,4.NF.B.3,Adding fractions\n");
    let (_, doc) = gaps_json(&["--data", dir.to_str().unwrap()]);
    let c1: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "C1")
        .map(|f| f["standard"].as_str().unwrap())
        .collect();
    for part in ["4.NF.B.3", "4.NF.B.3a", "4.NF.B.3b", "4.NF.B.3c", "4.NF.B.3d"] {
        assert!(!c1.contains(&part), "{part} is covered by its parent's entry");
    }
    assert_eq!(doc["summary"]["scopes"]["s4"]["base"]["taught"], 5);

    let (_t, dir) = ccss_modules("PD-1,pd,4.NF.B.3b,One part\n");
    let (_, doc) = gaps_json(&["--data", dir.to_str().unwrap(), "--summary-only"]);
    assert_eq!(doc["summary"]["scopes"]["s4"]["base"]["taught"], 1, "a part covers itself, never its parent");
}

#[test]
fn clusters_and_domains_of_the_embedded_map_cover_all_their_standards() {
    let (_t, dir) = ccss_modules("PD-1,pd,4.NF.B;CCSS.Math.Content.4.MD,A cluster and a domain in another spelling\n");
    let (code, doc) = gaps_json(&["--data", dir.to_str().unwrap(), "--summary-only"]);
    assert_eq!(code, 0);
    // 4.NF.B: 4.NF.B.3 with a-d, 4.NF.B.4 with a-c = 5 + 4 = 9;
    // 4.MD: 4.MD.A.1-3, 4.MD.B.4, 4.MD.C.5 with a and b, 4.MD.C.6, 4.MD.C.7 = 3 + 1 + 3 + 1 + 1 = 9.
    assert_eq!(doc["summary"]["scopes"]["s4"]["base"]["taught"], 18);
}

#[test]
fn practices_are_kept_apart_and_change_no_count() {
    let (_t, with) = ccss_modules("PD-1,pd,4.NF.B.3;CCSS.Math.Practice.MP3;MP.6;smp 7,Fractions and argument\n");
    let (_t2, without) = ccss_modules("PD-1,pd,4.NF.B.3,Fractions and argument\n");
    let (code, a) = gaps_json(&["--data", with.to_str().unwrap()]);
    assert_eq!(code, 0, "no D2 for practices");
    let (_, b) = gaps_json(&["--data", without.to_str().unwrap()]);
    assert_eq!(a["summary"], b["summary"], "practices have no effect on C1-C5");
    let card = coherence().args(["show", "4.NF.B.3", "--data", with.to_str().unwrap()]).output().unwrap();
    let card = String::from_utf8_lossy(&card.stdout);
    assert!(card.contains("MP3") && card.contains("MP6") && card.contains("MP7"), "{card}");
}

#[test]
fn a_misspelt_practice_is_a_d2_with_the_nearest_practices() {
    let (_t, dir) = ccss_modules("PD-1,pd,4.NF.B.3;MP33,Fractions\n");
    let (code, report, _) = validate_json(&[&dir]);
    assert_eq!(code, 1);
    let d2 = findings(&report, "D2");
    assert_eq!(d2.len(), 1, "{report:#}");
    assert!(d2[0]["message"].as_str().unwrap().contains("MP33 is not a known standard, cluster, domain or practice"));
    assert!(d2[0]["help"].as_str().unwrap().starts_with("did you mean MP3?"), "{}", d2[0]["help"]);
}
