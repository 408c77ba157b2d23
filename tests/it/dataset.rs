//! The shipped dataset, and the resolution of codes as users write them.

use coherence::graph::Resolution;
use coherence::load::Source;

fn shipped() -> coherence::Validation {
    coherence::validate_sources(&[]).expect("the embedded dataset loads")
}

/// A node by code, or a panic naming the code.
fn node(v: &coherence::Validation, code: &str) -> u32 {
    match v.graph.resolve(code) {
        Resolution::Found(n) => n,
        other => panic!("{code}: {other:?}"),
    }
}

/// The family of a node: its head (parent, or itself) and the head's sub-standards.
fn family(v: &coherence::Validation, n: u32) -> Vec<u32> {
    let top = v.graph.top(n);
    let mut f = vec![top];
    f.extend((0..v.graph.len() as u32).filter(|&m| v.graph.nodes[m as usize].parent == Some(top)));
    f
}

/// Whether a builds_towards path leads from `from` (or its family) to `to` (or its family):
/// what a coach means by "reaches", since the map links at the level where a dependency lives.
fn reaches(v: &coherence::Validation, from: &str, to: &str) -> bool {
    let targets = family(v, node(v, to));
    let mut seen = vec![false; v.graph.len()];
    let mut stack = family(v, node(v, from));
    while let Some(n) = stack.pop() {
        if targets.contains(&n) {
            return true;
        }
        if !std::mem::replace(&mut seen[n as usize], true) {
            stack.extend(v.graph.successors(n));
        }
    }
    false
}

/// Whether the edge `from -> to` is in the map as written.
fn builds_towards(v: &coherence::Validation, from: &str, to: &str) -> bool {
    v.graph.successors(node(v, from)).any(|s| s == node(v, to))
}

#[test]
fn the_shipped_map_holds_all_of_ccss_m() {
    let v = shipped();
    let subs = v.graph.nodes.iter().filter(|n| n.parent.is_some()).count();
    assert_eq!((v.graph.len() - subs, subs), (385, 124), "standards and sub-standards");
    assert_eq!(v.dataset.domains.len(), 65);
    assert_eq!(v.dataset.clusters.len(), 147);
    assert_eq!(v.dataset.practices.len(), 8);
    let errors: Vec<_> = v.findings.iter().filter(|f| f.severity() == coherence::finding::Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // K-8 clusters carry their focus; high-school domains their conceptual category.
    for c in &v.dataset.clusters {
        let hs = c.grade.map(|g| g.as_str()) == Some("HS");
        assert_eq!(c.focus.is_some(), !hs, "{}: focus", c.id);
    }
    for d in v.dataset.domains.iter().filter(|d| d.id.starts_with("HS")) {
        assert!(d.category.is_some(), "{}: category", d.id);
    }
    // Summaries are short and our own: one sentence, at most about 160 characters.
    for s in &v.dataset.standards {
        let summary = s.summary.as_deref().unwrap_or("");
        assert!(!summary.is_empty() && summary.len() <= 170, "{}: {summary:?}", s.id);
    }
    // Entries say why.
    for s in v.dataset.standards.iter().filter(|s| s.entry) {
        assert!(s.note.as_deref().is_some_and(|n| !n.is_empty()), "{} is an entry without a note", s.id);
    }
}

#[test]
fn every_progression_tag_is_on_the_documented_list() {
    let v = shipped();
    let tags: Vec<&str> = v.dataset.frameworks[0].progressions.iter().map(|p| p.tag.as_str()).collect();
    for e in &v.dataset.edges {
        match (e.kind, e.progression.as_deref()) {
            (coherence::model::EdgeKind::BuildsTowards, None) => {
                panic!("{} -> {} has no progression tag", e.from, e.to)
            }
            (_, Some(tag)) => assert!(tags.contains(&tag), "{} -> {} has tag {tag:?}, not in {tags:?}", e.from, e.to),
            _ => {}
        }
    }
}

#[test]
fn the_map_is_whole_enough() {
    let v = shipped();
    let count = |c: coherence::finding::Code| v.findings.iter().filter(|f| f.code == c).count();
    let (b, r) = v.graph.edge_counts();
    assert!(b >= 800, "{b} builds_towards edges");
    assert!(r >= 150, "{r} relates_to edges");
    assert_eq!(count(coherence::finding::Code::V1), 0, "orphans (explained entries are not counted)");
    let h1 = count(coherence::finding::Code::H1);
    assert!(h1 * 100 <= 3 * v.graph.len(), "H1 {h1} of {}", v.graph.len());
}

#[test]
fn a_coach_can_walk_the_progressions_from_k_to_5() {
    let v = shipped();
    assert!(builds_towards(&v, "3.NF.A.1", "4.NF.B.3a"));
    assert!(builds_towards(&v, "K.CC.B.4c", "1.OA.C.5"));
    assert!(reaches(&v, "3.OA.A.1", "4.NBT.B.5"));
    assert!(reaches(&v, "5.NF.B.7", "6.NS.A.1"));
    assert!(reaches(&v, "K.OA.A.2", "1.OA.C.6"));
    assert!(reaches(&v, "3.NF.A.1", "5.NF.B.7"));
    assert!(!reaches(&v, "5.NF.A.1", "3.NF.A.1"));
}

#[test]
fn a_coach_can_walk_from_grade_6_into_high_school() {
    let v = shipped();
    assert!(reaches(&v, "6.RP.A.3", "7.RP.A.2"));
    assert!(reaches(&v, "6.EE.A.2", "HSA-SSE.A.1"));
    assert!(reaches(&v, "8.F.A.1", "HSF-IF.A.1"));
    assert!(reaches(&v, "8.G.C.9", "HSG-GMD.A.3"));
    assert!(reaches(&v, "7.G.B.4", "HSG-C.B.5"));
}

#[test]
fn every_high_school_standard_reaches_back_to_k_8_or_is_an_entry() {
    let v = shipped();
    let g = &v.graph;
    for n in 0..g.len() as u32 {
        if g.nodes[n as usize].grade.as_str() != "HS" {
            continue;
        }
        let code = g.name(&v.dataset, n);
        let entry = g.nodes[n as usize].entry || g.nodes[g.top(n) as usize].entry;
        let mut seen = vec![false; g.len()];
        let mut stack = family(&v, n);
        let mut back_to_k8 = false;
        while let Some(m) = stack.pop() {
            if g.nodes[m as usize].grade.as_str() != "HS" {
                back_to_k8 = true;
                break;
            }
            if !std::mem::replace(&mut seen[m as usize], true) {
                stack.extend(g.predecessors(m));
            }
        }
        assert!(back_to_k8 || entry, "{code} has no path back to K-8 and is not marked entry");
    }
}

#[test]
fn spelling_variants_resolve_and_an_exact_id_wins() {
    let v = shipped();
    let want = match v.graph.resolve("4.NF.B.3a") {
        Resolution::Found(n) => n,
        other => panic!("{other:?}"),
    };
    for variant in
        ["4.NF.B.3.a", "CCSS.Math.Content.4.NF.B.3a", "CCSS.MATH.CONTENT.4.NF.B.3.A", "4.NF.3a", "ccss-math:4.NF.3a"]
    {
        assert_eq!(v.graph.resolve(variant), Resolution::Found(want), "{variant}");
    }
    assert_eq!(v.graph.resolve("4.NF.B.9"), Resolution::Missing);
}

#[test]
fn high_school_variants_resolve() {
    let (_t, dir) = crate::util::folder("hs", &[("standards.csv", b"id,grade\nHSN-RN.A.1,HS\nHSN-RN.A.2,HS\n")]);
    let v = coherence::validate_sources(&[Source::Path(dir)]).unwrap();
    let want = v.graph.resolve("HSN-RN.A.1");
    assert!(matches!(want, Resolution::Found(_)));
    for variant in ["N-RN.A.1", "HSN.RN.A.1", "CCSS.Math.Content.HSN-RN.A.1"] {
        assert_eq!(v.graph.resolve(variant), want, "{variant}");
    }
}

#[test]
fn an_exact_id_beats_a_variant_of_another() {
    // `4.NF.B.3A` exists as written, so it is found exactly even though `4.NF.B.3a` shares its key.
    let (_t, dir) = crate::util::folder("x", &[("standards.csv", b"id,grade\n4.NF.B.3a,4\n4.NF.B.3A,4\n")]);
    let v = coherence::validate_sources(&[Source::Path(dir)]).unwrap();
    assert!(matches!(v.graph.resolve("4.NF.B.3A"), Resolution::Found(1)));
    assert!(matches!(v.graph.resolve("4.NF.B.3.a"), Resolution::Ambiguous(_)));
}

#[test]
fn every_link_says_why_and_no_family_reaches_itself() {
    let v = shipped();
    let count = |c: coherence::finding::Code| v.findings.iter().filter(|f| f.code == c).count();
    assert_eq!(count(coherence::finding::Code::F10), 0, "links without a note");
    assert_eq!(count(coherence::finding::Code::F11), 0, "family-level cycles");
    assert!(v.dataset.edges.iter().all(|e| e.note.as_deref().is_some_and(|n| n.len() >= 20)), "a note is a sentence");
}

/// The corrections of the map review: links out, links in, dead ends given a successor.
#[test]
fn the_reviewed_links_are_as_corrected() {
    let v = shipped();
    for (from, to) in [("8.SP.A.4", "HSN-VM.C.6"), ("HSA-REI.B.4", "HSA-SSE.B.3"), ("HSG-SRT.A.1", "HSG-CO.A.5")] {
        assert!(!builds_towards(&v, from, to), "{from} -> {to} is out");
    }
    assert!(builds_towards(&v, "HSA-SSE.B.3b", "HSA-REI.B.4a"), "the form comes before solving");
    for code in ["HSA-CED.A.2", "HSG-SRT.B.4", "HSF-IF.C.8"] {
        assert!(v.graph.successors(node(&v, code)).next().is_some(), "{code} leads somewhere");
    }
    let later_grade = v.graph.successors(node(&v, "4.G.A.1")).any(|s| v.graph.nodes[s as usize].grade.level() > 4);
    assert!(later_grade, "4.G.A.1 has a successor in a later grade");
}

/// One rule for the courses of (+) standards, stated in the manifest: the
/// courses of Appendix A where it places the standard, none otherwise.
#[test]
fn advanced_standards_get_courses_by_one_rule() {
    let v = shipped();
    let with_courses: std::collections::BTreeSet<&str> =
        v.dataset.standards.iter().filter(|s| s.plus && !s.courses.is_empty()).map(|s| s.id.as_str()).collect();
    let appendix_a = [
        "HSA-APR.C.5",
        "HSA-APR.D.7",
        "HSG-C.A.4",
        "HSG-SRT.D.10",
        "HSG-SRT.D.11",
        "HSG-SRT.D.9",
        "HSN-CN.C.8",
        "HSN-CN.C.9",
        "HSS-CP.B.8",
        "HSS-CP.B.9",
        "HSS-MD.B.6",
        "HSS-MD.B.7",
    ];
    assert_eq!(with_courses, appendix_a.into_iter().collect());
    let manifest = include_str!("../../standards/ccss-math/framework.json");
    assert!(manifest.contains("Courses of (+) standards follow one rule"), "the manifest states it");
}

/// Copies the files of `from` (and its folders) into `to`.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The example district's files, with the map its results are drawn on, are
/// what its scripts write: the committed data never drifts from the
/// generators (a change of the map reshuffles the synthetic results).
#[test]
fn the_example_district_is_what_its_generators_write() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let here = tmp.path().join("examples/district");
    copy_tree(&root.join("examples/district"), &here);
    copy_tree(&root.join("standards/ccss-math"), &tmp.path().join("standards/ccss-math"));
    for script in ["generate.py", "terms.py"] {
        let out = std::process::Command::new("python3").arg(here.join(script)).output().expect("python3 runs");
        assert!(out.status.success(), "{script}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let mut files = Vec::new();
    let mut stack = vec![root.join("examples/district")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    for committed in files {
        let rel = committed.strip_prefix(root.join("examples/district")).unwrap();
        let written = std::fs::read(here.join(rel)).unwrap();
        assert!(std::fs::read(&committed).unwrap() == written, "{} differs from what the scripts write", rel.display());
    }
}
