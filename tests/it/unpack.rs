//! `coherence unpack MODULE` (and `show MODULE`): a module of the example
//! district as a handout in every format, its reach back and ahead, a
//! scope's findings around it, refusals; and the note and progression tag
//! of every link that `show`, `trace` and `path` show.

use serde_json::Value;

use crate::util::{coherence, folder};

const DISTRICT: &str = "examples/district";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = coherence().args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn stdout(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).unwrap()
}

/// The standards of a handout, grade by grade: (grade, cluster, codes).
fn layout(h: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for g in h["grades"].as_array().unwrap() {
        for c in g["clusters"].as_array().unwrap() {
            let codes = c["standards"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap().to_string());
            out.push((
                g["grade"].as_str().unwrap().to_string(),
                c["cluster"].as_str().unwrap_or("").to_string(),
                codes.collect(),
            ));
        }
    }
    out
}

fn standard<'a>(h: &'a Value, code: &str) -> &'a Value {
    h["grades"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["clusters"].as_array().unwrap())
        .flat_map(|c| c["standards"].as_array().unwrap())
        .find(|s| s["code"] == code)
        .unwrap_or_else(|| panic!("{code} is not in the handout"))
}

fn link<'a>(s: &'a Value, list: &str, code: &str) -> Option<&'a Value> {
    s[list].as_array().unwrap().iter().find(|l| l["code"] == code)
}

fn codes(s: &Value, list: &str) -> Vec<String> {
    s[list].as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_json_handout_groups_the_modules_standards_and_explains_each_link() {
    let h = json(&["unpack", "PD-NF-04", "--data", DISTRICT, "--format", "json"]);
    // PD-NF-04 names 4.NF.B.3, which brings its parts a-d: one grade, one cluster, in code order.
    assert_eq!(
        layout(&h),
        vec![(
            "4".to_string(),
            "4.NF.B".to_string(),
            ["4.NF.B.3", "4.NF.B.3a", "4.NF.B.3b", "4.NF.B.3c", "4.NF.B.3d"].map(String::from).to_vec()
        )]
    );
    assert_eq!(h["grades"][0]["clusters"][0]["title"], "Operations on fractions built from unit fractions");
    assert_eq!(h["grades"][0]["clusters"][0]["focus"], "major");
    assert_eq!(h["module"]["id"], "PD-NF-04");
    assert_eq!(h["module"]["title"], "Adding and subtracting fractions built from unit fractions");
    let practices: Vec<&str> =
        h["module"]["practices"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(practices, ["MP7", "MP8"]);
    assert_eq!((h["back"].as_i64(), h["ahead"].as_i64()), (Some(2), Some(1)));

    let a = standard(&h, "4.NF.B.3a");
    assert_eq!(a["priority"], true);
    assert_eq!(codes(a, "builds_on"), ["3.NF.A.1", "3.NF.A.2b"]);
    let l = link(a, "builds_on", "3.NF.A.1").unwrap();
    assert_eq!(l["progression"], "NF.3-5");
    assert_eq!(
        l["note"],
        "Seeing a/b as a pieces of size 1/b is what lets fractions be joined and separated like counts of unit pieces."
    );
    assert_eq!(l["grade"], "3");
    assert_eq!(l["in_module"], false);
    // A link inside the module says so, and keeps its note.
    let b = link(a, "leads_to", "4.NF.B.3b").unwrap();
    assert_eq!(b["in_module"], true);
    assert_eq!(b["note"], "Decomposing is addition read backwards.");
    // Leads to: one grade ahead by default, not two.
    assert!(link(a, "leads_to", "5.NF.A.1").is_some());
    assert!(codes(a, "leads_to").iter().all(|c| c.starts_with('4') || c.starts_with('5')));
    // A relates_to link within the grade, with its note and no tag.
    let r = link(standard(&h, "4.NF.B.3b"), "relates_to", "4.NF.A.2").unwrap();
    assert!(r["note"].as_str().unwrap().starts_with("Decomposing, e.g. 5/8 as 4/8 + 1/8"));
    assert_eq!(r["progression"], Value::Null);
    // Two grades back by default: the grade-1 prerequisites of 4.NF.B.3 are out of reach, grade 2 is in.
    let head = standard(&h, "4.NF.B.3");
    assert_eq!(codes(head, "builds_on"), ["2.OA.A.1", "4.NF.A.1"]);
    assert_eq!(h["counts"]["standards"], 5);
    assert!(h.get("scope").is_none());
}

#[test]
fn the_json_handout_follows_its_schema() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema/unpack.schema.json")).unwrap();
    let v = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    for args in [
        vec!["unpack", "PD-NF-04", "--data", DISTRICT, "--format", "json"],
        vec!["unpack", "PD-NF-04", "--data", DISTRICT, "--format", "json", "--scope", "es-cottonwood"],
        vec!["unpack", "INT-FRAC-03", "--data", DISTRICT, "--format", "json", "--back", "0", "--ahead", "0"],
    ] {
        let h = json(&args);
        let errors: Vec<String> = v.iter_errors(&h).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
}

#[test]
fn back_and_ahead_set_the_reach_of_the_links() {
    let wide = json(&["unpack", "PD-NF-04", "--data", DISTRICT, "--format", "json", "--back", "3", "--ahead", "0"]);
    let head = standard(&wide, "4.NF.B.3");
    for c in ["1.OA.B.3", "1.OA.B.4", "1.OA.D.8", "2.OA.A.1", "4.NF.A.1"] {
        assert!(link(head, "builds_on", c).is_some(), "--back 3 reaches {c}: {:?}", codes(head, "builds_on"));
    }
    let a = standard(&wide, "4.NF.B.3a");
    assert!(link(a, "leads_to", "5.NF.A.1").is_none(), "--ahead 0 stays in grade 4");
    assert!(link(a, "leads_to", "4.NF.C.5").is_some());
    let narrow = json(&["unpack", "PD-NF-04", "--data", DISTRICT, "--format", "json", "--back", "0"]);
    assert!(codes(standard(&narrow, "4.NF.B.3a"), "builds_on").is_empty(), "--back 0 keeps grade 4 only");
    assert_eq!(codes(standard(&narrow, "4.NF.B.3"), "builds_on"), ["4.NF.A.1"]);
}

#[test]
fn the_text_handout_fits_100_columns_and_shows_each_link_with_its_note() {
    let text = stdout(&["unpack", "PD-NF-04", "--data", DISTRICT]);
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "{} columns: {line}", line.chars().count());
    }
    assert!(text.starts_with("PD-NF-04 · Adding and subtracting fractions built from unit fractions\n"));
    assert!(text.contains("\ngrade 4\n"));
    assert!(text.contains("\n  4.NF.B Operations on fractions built from unit fractions (major work)\n"));
    assert!(text.contains("\n  MP7   Look for and make use of structure"));
    // The standards in order, each once as a heading.
    let heads: Vec<&str> = text.lines().filter(|l| l.starts_with(" *4.NF.B.3")).map(|l| &l[2..13]).collect();
    assert_eq!(heads, ["4.NF.B.3   ", "4.NF.B.3a  ", "4.NF.B.3b  ", "4.NF.B.3c  ", "4.NF.B.3d  "]);
    // Under 4.NF.B.3a, its prerequisite 3.NF.A.1 and the link's tag and note on the lines below.
    let a = text.find("\n *4.NF.B.3a").unwrap();
    let section = &text[a..text[a + 1..].find("\n *4.NF.B.3b").map_or(text.len(), |e| a + 1 + e)];
    let at = section.find("*3.NF.A.1 (grade 3): See a unit fraction").unwrap();
    let below = &section[at..];
    assert!(
        below.contains("↳ [NF.3-5] Seeing a/b as a pieces of size 1/b is what lets fractions be joined and"),
        "{section}"
    );
    assert!(section.contains("*4.NF.B.3b (grade 4, in this module): Split a fraction"));
    // show MODULE gives the same handout.
    assert_eq!(stdout(&["show", "PD-NF-04", "--data", DISTRICT]), text);
}

#[test]
fn the_markdown_handout_has_a_heading_per_grade_cluster_and_standard() {
    let md = stdout(&["unpack", "PD-NF-04", "--data", DISTRICT, "--format", "markdown"]);
    assert!(md.starts_with("# PD-NF-04: Adding and subtracting fractions built from unit fractions\n"));
    assert!(md.contains("\n## Practices\n"));
    assert!(md.contains("\n## Grade 4\n"));
    assert!(md.contains("\n### 4.NF.B Operations on fractions built from unit fractions (major work)\n"));
    assert!(md.contains("\n#### 4.NF.B.3a ★\n"));
    assert!(md.contains("- **3.NF.A.1** ★ (grade 3): See a unit fraction"));
    assert!(md.contains("  ↳ *NF.3-5*: Seeing a/b as a pieces of size 1/b"));
}

#[test]
fn the_html_handout_is_one_escaped_page_without_requests() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("handout.html");
    coherence()
        .args(["unpack", "PD-NF-04", "--data", DISTRICT, "--format", "html", "--scope", "es-cottonwood", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.contains("default-src 'none'"), "a Content-Security-Policy forbids requests");
    assert!(!page.contains("<script") && !page.contains("src=") && !page.contains("href="));
    assert!(page.contains("@page") && page.contains("@media print"));
    for code in ["4.NF.B.3", "4.NF.B.3a", "4.NF.B.3b", "4.NF.B.3c", "4.NF.B.3d"] {
        assert!(page.contains(&format!("<article class=\"std\" data-code=\"{code}\">")), "{code}");
    }
    assert!(page.contains("Seeing a/b as a pieces of size 1/b"));
    assert!(page.contains("Cottonwood Elementary (es-cottonwood)"));
    // Text from the data is escaped.
    let (_t, dir) = folder(
        "hostile",
        &[("modules.csv", b"id,kind,title,standards\nM<1>,pd,<script>alert(1)</script> & co,4.NF.B.3a\n")],
    );
    let (code, page, err) = run(&["unpack", "M<1>", "--data", dir.to_str().unwrap(), "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(page.contains("M&lt;1&gt;"));
}

#[test]
fn a_scope_adds_its_findings_around_the_module() {
    let h = json(&["unpack", "PD-NF-04", "--data", DISTRICT, "--format", "json", "--scope", "es-cottonwood"]);
    let s = &h["scope"];
    assert_eq!(s["id"], "es-cottonwood");
    assert_eq!(s["name"], "Cottonwood Elementary");
    assert_eq!(s["adopts"], true);
    assert_eq!(s["sessions"], serde_json::json!([3]));
    let findings = s["findings"].as_array().unwrap();
    let module = ["4.NF.B.3", "4.NF.B.3a", "4.NF.B.3b", "4.NF.B.3c", "4.NF.B.3d"];
    // Every finding involves a standard of the module, and they come check by check.
    for f in findings {
        assert!(f["ids"].as_array().unwrap().iter().any(|i| module.contains(&i.as_str().unwrap())), "{f}");
    }
    let order: Vec<&str> = findings.iter().map(|f| f["code"].as_str().unwrap()).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    // A prerequisite of the module without an intervention (C3), named with the module's standard.
    let c3 = findings
        .iter()
        .find(|f| f["code"] == "C3" && f["standard"] == "2.OA.A.1")
        .expect("2.OA.A.1 has no intervention in es-cottonwood");
    assert_eq!(c3["name"], "unfinished-learning-gap");
    assert!(c3["message"].as_str().unwrap().starts_with("4.NF.B.3 is taught in PD-NF-04"), "{c3}");
    // A related standard of the grade not taught (C4).
    let c4 = findings.iter().find(|f| f["code"] == "C4").expect("a C4");
    assert_eq!(c4["standard"], "4.NF.A.2");
    assert_eq!(c4["ids"], serde_json::json!(["4.NF.A.2", "4.NF.B.3b"]));

    let text = stdout(&["unpack", "PD-NF-04", "--data", DISTRICT, "--scope", "es-cottonwood"]);
    assert!(text.contains("Cottonwood Elementary (es-cottonwood): adopts PD-NF-04 (session 3)"));
    assert!(text.contains("  C3 prerequisites without an intervention in the plan\n"));
    assert!(text.contains("  C4 related standards of the grade not taught\n"));
    // The prerequisites without an intervention read as one item, in code order.
    let outside = findings.iter().filter(|f| f["code"] == "C3" && !module.contains(&f["standard"].as_str().unwrap()));
    let k = outside.count();
    assert!(k >= 10, "{k}");
    assert!(
        text.contains(&format!(
            "    - the module's standards build on {k} prerequisites with no intervention in the plan: 2.G.A.2,"
        )),
        "{text}"
    );
    // A school that does not adopt it still sees its gaps around the module.
    let other = json(&["unpack", "PD-NF-04", "--data", DISTRICT, "--format", "json", "--scope", "es-alder"]);
    assert_eq!(other["scope"]["adopts"], false);
}

#[test]
fn bad_module_ids_and_scopes_are_exit_2_with_what_exists() {
    let (code, out, err) = run(&["unpack", "PD-NF-4", "--data", DISTRICT]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no module PD-NF-4; the nearest module ids are PD-NF-04"), "{err}");
    // A standard's code points at show and at the modules that address it.
    let (code, _, err) = run(&["unpack", "4.NF.B.3", "--data", DISTRICT]);
    assert_eq!(code, 2);
    assert!(err.contains("4.NF.B.3 is a standard (coherence show 4.NF.B.3), addressed by PD-NF-04"), "{err}");
    // A near miss of a standard's code names the nearest standards.
    let (code, _, err) = run(&["unpack", "4.NF.B.9", "--data", DISTRICT]);
    assert_eq!(code, 2);
    assert!(err.contains("the nearest standards are"), "{err}");
    // No catalog at all.
    let (code, _, err) = run(&["unpack", "PD-NF-04"]);
    assert_eq!(code, 2);
    assert!(err.contains("the data holds no module"), "{err}");
    let (code, _, err) = run(&["unpack", "PD-NF-04", "--data", DISTRICT, "--scope", "es-cottonwod"]);
    assert_eq!(code, 2);
    assert!(err.contains("es-cottonwood"), "{err}");
    // A module whose entries all dangle (D2) has nothing to unpack: exit 2, saying why.
    let (_t, dir) = folder(
        "dangling",
        &[(
            "modules.csv",
            b"id,kind,title,standards\nPD-X,pd,Gone,4.NF.B.9;4.NF.Z.1;MP3\nPD-Y,pd,Kept,4.NF.B.3a;4.NF.Q.7\n",
        )],
    );
    let (code, out, err) = run(&["unpack", "PD-X", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("module PD-X addresses no standard of the loaded data"), "{err}");
    assert!(err.contains("4.NF.B.9 is not a known standard"), "{err}");
    assert!(err.contains("it names only practices (MP3)"), "{err}");
    // A module with some entries left keeps them, and names the others.
    let h = json(&["unpack", "PD-Y", "--data", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(h["module"]["dangling"], serde_json::json!(["4.NF.Q.7"]));
    assert_eq!(h["counts"]["standards"], 1);
    let text = stdout(&["unpack", "PD-Y", "--data", dir.to_str().unwrap()]);
    assert!(text.contains("\n4.NF.Q.7: not in the loaded data (D2, see coherence validate)\n"), "{text}");
    // show MODULE refuses it the same way.
    let (code, _, err) = run(&["show", "PD-X", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("addresses no standard"), "{err}");
}

#[test]
fn show_module_draws_its_standards_and_links() {
    let svg = stdout(&["show", "PD-NF-04", "--data", DISTRICT, "--format", "svg"]);
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{}", &svg[..80.min(svg.len())]);
    assert!(svg.contains("4.NF.B.3a") && svg.contains("3.NF.A.1"));
    let json = json(&["show", "pd-nf-04", "--data", DISTRICT, "--format", "json"]);
    assert_eq!(json["module"]["id"], "PD-NF-04", "a module id matches whatever its case");
    // --scope on show gives the scope's findings around the module, as unpack does.
    let shown = stdout(&["show", "PD-NF-04", "--data", DISTRICT, "--scope", "es-cottonwood"]);
    assert_eq!(shown, stdout(&["unpack", "PD-NF-04", "--data", DISTRICT, "--scope", "es-cottonwood"]));
    // A standard's code still gives its card, even with modules loaded.
    assert!(stdout(&["show", "4.NF.B.3", "--data", DISTRICT]).starts_with("4.NF.B.3 · grade 4"));
}

#[test]
fn show_trace_and_path_give_each_links_note_and_progression() {
    let card = json(&["show", "4.NF.B.3a", "--format", "json"]);
    let l = card["builds_on"].as_array().unwrap().iter().find(|l| l["code"] == "3.NF.A.1").unwrap();
    assert_eq!(l["progression"], "NF.3-5");
    assert!(l["note"].as_str().unwrap().starts_with("Seeing a/b as a pieces"));
    // A link through a family member carries that member's link.
    let card = json(&["show", "4.NF.B.3", "--format", "json"]);
    let l = card["builds_on"].as_array().unwrap().iter().find(|l| l["code"] == "3.NF.A.3c").unwrap();
    assert_eq!(l["via"], "4.NF.B.3c");
    assert_eq!(l["note"], "Mixed numbers need whole numbers written as fractions, e.g. 2 as 6/3.");
    for list in ["builds_on", "leads_to", "relates_to"] {
        for l in card[list].as_array().unwrap() {
            assert!(l.get("note").is_some() && l.get("progression").is_some(), "{list}: {l}");
        }
    }
    let text = stdout(&["show", "4.NF.B.3a"]);
    let at = text.find("*3.NF.A.1").unwrap();
    assert!(text[at..].lines().nth(1).unwrap().starts_with("       ↳ [NF.3-5] Seeing a/b as a pieces"), "{text}");

    let tree = json(&["trace", "4.NF.B.3b", "--back", "1", "--format", "json"]);
    let e = tree["builds_towards"].as_array().unwrap().iter().find(|e| e["to"] == "4.NF.B.3b").unwrap();
    assert_eq!((e["from"].as_str(), e["progression"].as_str()), (Some("4.NF.B.3a"), Some("NF.3-5")));
    assert_eq!(e["note"], "Decomposing is addition read backwards.");
    for e in tree["relates_to"].as_array().unwrap() {
        assert!(e.get("progression").is_some() && e.get("note").is_some(), "{e}");
    }
    let text = stdout(&["trace", "4.NF.B.3b", "--back", "0", "--forward", "0"]);
    assert!(text.contains("  *4.NF.B.3a [4]  Think of adding"), "{text}");
    assert!(text.contains("\n    ↳ [NF.3-5] Decomposing is addition read backwards.\n"), "{text}");

    let paths = json(&["path", "3.NF.A.1", "5.NF.A.1", "--format", "json"]);
    let first = paths["paths"][0].as_array().unwrap();
    assert_eq!(first[0].get("note"), None, "the first standard has no link before it");
    assert_eq!(first[1]["code"], "4.NF.B.3a");
    assert_eq!(first[1]["via"], "builds_towards");
    assert_eq!(first[1]["progression"], "NF.3-5");
    assert!(first[1]["note"].as_str().unwrap().starts_with("Seeing a/b as a pieces"));
    let text = stdout(&["path", "3.NF.A.1", "5.NF.A.1"]);
    assert!(text.contains("\n       ↳ [NF.3-5] Adding and subtracting keep their joining and separating meaning.\n"));
    // --any walks relates_to: its links carry their notes too.
    let any = json(&["path", "4.NF.B.3b", "4.NF.A.2", "--any", "--format", "json"]);
    let step = &any["paths"][0][1];
    assert_eq!(step["via"], "relates_to");
    assert!(step["note"].as_str().unwrap().starts_with("Decomposing, e.g. 5/8"));
}

#[test]
fn the_maps_data_carries_each_links_tag_and_note() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("map.html");
    coherence().args(["map", "--out"]).arg(&out).assert().code(0);
    let page = std::fs::read_to_string(&out).unwrap();
    let start = page.find("type=\"application/json\"").unwrap();
    let body = &page[page[start..].find('>').unwrap() + start + 1..];
    let data: Value = serde_json::from_str(&body[..body.find("</script>").unwrap()]).unwrap();
    let ids: Vec<&str> = data["standards"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    let at = |id: &str| ids.iter().position(|x| *x == id).unwrap() as u64;
    let tags: Vec<&str> = data["tags"].as_array().unwrap().iter().map(|t| t[0].as_str().unwrap()).collect();
    let e =
        data["builds"].as_array().unwrap().iter().find(|e| e[0] == at("3.NF.A.1") && e[1] == at("4.NF.B.3a")).unwrap();
    assert_eq!(tags[e[2].as_u64().unwrap() as usize], "NF.3-5");
    assert!(e[3].as_str().unwrap().starts_with("Seeing a/b as a pieces"));
    let r = data["relates"].as_array().unwrap().iter().find(|e| e[3].is_string()).unwrap();
    assert_eq!(r.as_array().unwrap().len(), 4);
}

#[test]
fn an_official_statement_comes_first_and_the_summary_is_labeled() {
    let (_t, dir) = folder(
        "state",
        &[
            (
                "standards.csv",
                b"id,grade,domain,cluster,summary,statement\n\
                  A.1,3,NF,NF.A,Our short words.,The official words of A.1.\n\
                  B.1,4,NF,NF.B,Only a summary.,\n",
            ),
            (
                "progressions.csv",
                b"from,to,kind,progression,note\nA.1,B.1,builds_towards,NF.3-5,Why A.1 leads to B.1.\n",
            ),
            ("modules.csv", b"id,kind,title,standards\nM1,pd,Two grades,A.1;B.1\n"),
        ],
    );
    let data = dir.to_str().unwrap();
    let h = json(&["unpack", "M1", "--data", data, "--format", "json"]);
    assert_eq!(layout(&h).iter().map(|(g, _, c)| (g.as_str(), c.len())).collect::<Vec<_>>(), [("3", 1), ("4", 1)]);
    let a = standard(&h, "A.1");
    assert_eq!(
        (a["statement"].as_str(), a["summary"].as_str()),
        (Some("The official words of A.1."), Some("Our short words."))
    );
    assert_eq!(link(a, "leads_to", "B.1").unwrap()["note"], "Why A.1 leads to B.1.");
    let text = stdout(&["unpack", "M1", "--data", data]);
    assert!(
        text.contains("\n  A.1         The official words of A.1.\n              summary: Our short words.\n"),
        "{text}"
    );
    assert!(text.contains("\n  B.1         Only a summary.\n"), "{text}");
    let md = stdout(&["unpack", "M1", "--data", data, "--format", "markdown"]);
    assert!(md.contains("The official words of A.1.\n\n*Summary:* Our short words."), "{md}");
}

#[test]
fn control_characters_from_the_data_stay_escaped_in_text_and_markdown() {
    let (_t, dir) = folder(
        "hostile",
        &[(
            "modules.csv",
            "id,kind,title,provider,standards\nM1,pd,\"Clear\u{1b}[2J\nscreen\",# heading | x,4.NF.B.3a\n".as_bytes(),
        )],
    );
    let data = dir.to_str().unwrap();
    let text = stdout(&["unpack", "M1", "--data", data]);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.starts_with("M1 · Clear\\u{1b}[2J\\nscreen\n"), "{text}");
    let md = stdout(&["unpack", "M1", "--data", data, "--format", "markdown"]);
    assert!(!md.contains('\u{1b}') && !md.contains("\n# heading"), "{md}");
    assert!(md.contains("pd · # heading \\| x"), "{md}");
}

#[test]
fn every_module_of_the_example_district_unpacks_within_100_columns_in_every_format() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = coherence::load::Source::Path(root.join(DISTRICT));
    let v = coherence::validate_sources(&[source]).unwrap();
    let run = coherence::gaps(v, 2, &[], false).unwrap();
    let (ds, g) = (&run.validation.dataset, &run.validation.graph);
    assert!(g.modules.len() >= 40);
    for m in 0..g.modules.len() as u32 {
        let id = &ds.modules[g.modules[m as usize].module].id;
        assert_eq!(coherence::unpack::find_module(ds, g, id), Some(m));
        let unpacked = coherence::unpack::unpack(ds, g, m, 2, 1);
        assert!(!unpacked.is_empty(), "{id}");
        let h = coherence::report::unpack::handout(&run, m, &unpacked, 2, 1, None).unwrap();
        let mut text = Vec::new();
        coherence::report::unpack::write_text(&h, &mut text).unwrap();
        for line in String::from_utf8(text).unwrap().lines() {
            assert!(line.chars().count() <= 100, "{id}: {line}");
        }
        let (mut md, mut html) = (Vec::new(), Vec::new());
        coherence::report::unpack::write_markdown(&h, &mut md).unwrap();
        coherence::report::unpack::write_html(&h, &mut html).unwrap();
        let html = String::from_utf8(html).unwrap();
        assert_eq!(html.matches("<article class=\"std\"").count(), unpacked.len(), "{id}");
        // Every link of the handout is one of the graph's edges, within its reach.
        for u in &unpacked {
            let level = |n: u32| i16::from(g.nodes[n as usize].grade.level());
            for l in &u.builds_on {
                assert!(g.predecessors(u.standard).any(|p| p == l.other), "{id}");
                assert!(level(l.other) >= level(u.standard) - 2, "{id}");
            }
            for l in &u.leads_to {
                assert!(g.successors(u.standard).any(|s| s == l.other), "{id}");
                assert!(level(l.other) <= level(u.standard) + 1, "{id}");
            }
        }
    }
}

#[test]
fn statements_from_a_case_package_come_first_in_the_handout() {
    let src = "tests/fixtures/statements/ccssm-fractions.case.json";
    let text = stdout(&["unpack", "PD-NF-04", "--data", DISTRICT, "--statements", src]);
    assert!(
        text.contains(
            "\n *4.NF.B.3    Understand a fraction a/b with a > 1 as a sum of fractions 1/b.\n              summary: Understand"
        ),
        "{text}"
    );
    let h = json(&["unpack", "PD-NF-04", "--data", DISTRICT, "--statements", src, "--format", "json"]);
    assert_eq!(
        standard(&h, "4.NF.B.3")["statement"],
        "Understand a fraction a/b with a > 1 as a sum of fractions 1/b."
    );
    assert_eq!(standard(&h, "4.NF.B.3d")["statement"], Value::Null);
}
