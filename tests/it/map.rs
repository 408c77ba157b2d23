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
