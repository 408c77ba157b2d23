//! `coherence map`: one self-contained HTML file.

use crate::util::{coherence, folder};

fn page(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("map.html");
    coherence().arg("map").args(args).arg("--out").arg(&file).assert().code(0);
    std::fs::read_to_string(file).unwrap()
}

/// The JSON the page embeds.
fn data(html: &str) -> serde_json::Value {
    let start = html.find(r#"<script id="data" type="application/json">"#).unwrap();
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</script>").unwrap();
    serde_json::from_str(&rest[open..close]).unwrap()
}

#[test]
fn the_map_is_one_file_that_asks_for_nothing() {
    let html = page(&[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for outside in ["http://", "https://", "//cdn", "src=\"", "href=\"", "@import", "url("] {
        assert!(!html.contains(outside), "{outside} in the page");
    }
    assert!(html.contains("Content-Security-Policy"), "a policy forbids any request, too");
    let d = data(&html);
    assert_eq!(d["standards"].as_array().unwrap().len(), 509);
    assert!(d["builds"].as_array().unwrap().len() >= 1000);
    assert!(d["tags"].as_array().unwrap().iter().any(|t| t[0] == "NF.3-5"));
}

#[test]
fn the_map_carries_scopes_with_coverage_and_gaps() {
    let d = data(&page(&["--data", "examples/district"]));
    let scopes = d["scopes"].as_array().unwrap();
    assert_eq!(scopes.len(), 43);
    let dogwood = scopes.iter().find(|s| s["id"] == "es-dogwood").unwrap();
    assert!(!dogwood["pd"].as_array().unwrap().is_empty());
    assert!(dogwood["gaps"].as_array().unwrap().iter().any(|g| g[0] == "C2"));
    assert!(!d["modules"].as_array().unwrap().is_empty());
}

#[test]
fn text_from_the_data_cannot_become_markup() {
    let (_t, dir) = folder(
        "x",
        &[
            (
                "standards.csv",
                b"id,grade,summary\nA.1,3,</script><script>alert(1)</script>\nA.2,4,<img src=x onerror=alert(2)>\n",
            ),
            ("modules.csv", b"id,kind,title,standards\nM1,pd,<script>alert(3)</script>,A.1\n"),
        ],
    );
    let html = page(&["--data", dir.to_str().unwrap()]);
    assert_eq!(html.matches("<script").count(), 2, "only the page's own two script elements");
    assert!(!html.contains("<img"));
    let d = data(&html);
    assert_eq!(d["standards"][0]["s"], "</script><script>alert(1)</script>", "the text survives, as text");
    assert_eq!(d["modules"][0]["title"], "<script>alert(3)</script>");
}

#[test]
fn edges_carry_their_tags_and_notes() {
    let d = data(&page(&[]));
    let ids: Vec<&str> = d["standards"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    let at = |id: &str| ids.iter().position(|x| *x == id).unwrap() as u64;
    let (g, md) = (at("4.G.A.1"), at("4.MD.C.5"));
    let rel = d["relates"].as_array().unwrap().iter().find(|e| {
        let (a, b) = (e[0].as_u64().unwrap(), e[1].as_u64().unwrap());
        (a, b) == (g, md) || (a, b) == (md, g)
    });
    assert_eq!(rel.unwrap()[3], "Angles drawn and named in geometry are the objects whose size is measured.");
    let tags = d["tags"].as_array().unwrap();
    let nf = tags.iter().position(|t| t[0] == "NF.3-5").unwrap() as i64;
    let b = d["builds"].as_array().unwrap().iter().find(|e| e[0] == at("4.NF.A.1") && e[1] == at("4.NF.B.3"));
    assert_eq!(b.unwrap()[2], nf, "the edge's progression tag");
    assert!(d["builds"].as_array().unwrap().iter().any(|e| e.as_array().unwrap().len() == 4), "some edges have notes");
    assert!(d["builds"].as_array().unwrap().iter().all(|e| e.as_array().unwrap().len() >= 3));
}

#[test]
fn modules_carry_their_standards_and_scopes_their_summary() {
    let html = page(&["--data", "examples/district"]);
    assert_eq!(html, page(&["--data", "examples/district"]), "the same bytes every run");
    let d = data(&html);
    let ids: Vec<&str> = d["standards"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    let m = d["modules"].as_array().unwrap().iter().find(|m| m["id"] == "PD-NF-04").unwrap();
    let st: Vec<&str> = m["standards"].as_array().unwrap().iter().map(|n| ids[n.as_u64().unwrap() as usize]).collect();
    assert_eq!(
        st,
        ["4.NF.B.3", "4.NF.B.3a", "4.NF.B.3b", "4.NF.B.3c", "4.NF.B.3d"],
        "the entry with its sub-standards"
    );
    assert_eq!(m["practices"], serde_json::json!(["MP7", "MP8"]));
    assert!(d["practiceTitles"]["MP7"].is_string());
    // The summary's numbers are the gap report's for the same scope.
    let out = coherence()
        .args(["gaps", "--data", "examples/district", "--scope", "es-alder", "--format", "json"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &r["summary"]["scopes"]["es-alder"];
    let sc = d["scopes"].as_array().unwrap().iter().find(|s| s["id"] == "es-alder").unwrap();
    assert_eq!(sc["counts"], serde_json::json!([c["C1"], c["C2"], c["C3"]["pairs"], c["C4"], c["C5"]]));
    assert_eq!(sc["c3"], c["C3"]["distinct"]);
    assert_eq!(sc["taught"], r["scorecard"][0]["taught"]);
    let pc = &r["scorecard"][0]["rates"]["priority_coverage"];
    assert_eq!(sc["rates"][0][2], pc["count"]);
    assert_eq!(sc["rates"][0][3], pc["base"]);
    assert_eq!(sc["rates"][0][1], format!("{}%", (pc["rate"].as_f64().unwrap() * 100.0).round()));
    let mut flagged: Vec<&str> =
        r["findings"].as_array().unwrap().iter().map(|f| f["standard"].as_str().unwrap()).collect();
    flagged.sort_unstable();
    flagged.dedup();
    let mut flag: Vec<&str> =
        sc["flag"].as_array().unwrap().iter().map(|n| ids[n.as_u64().unwrap() as usize]).collect();
    flag.sort_unstable();
    assert_eq!(flag, flagged, "the flagged cards are the standards the report files findings under");
}
