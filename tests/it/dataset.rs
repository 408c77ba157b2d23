//! The shipped dataset, and the resolution of codes as users write them.

use coherence::graph::Resolution;
use coherence::load::Source;

fn shipped() -> coherence::Validation {
    coherence::validate_sources(&[]).expect("the embedded dataset loads")
}

#[test]
fn the_shipped_slice_holds_the_fractions_progression_3_to_5() {
    let v = shipped();
    for domain in ["3.NF", "4.NF", "5.NF"] {
        assert!(v.dataset.domains.iter().any(|d| d.id == domain), "{domain}");
    }
    assert!(v.graph.len() >= 37);
    assert_eq!(v.findings.iter().filter(|f| f.severity() == coherence::finding::Severity::Error).count(), 0);
    // Every builds_towards edge carries a progression tag that the manifest documents.
    let tags: Vec<&str> = v.dataset.frameworks[0].progressions.iter().map(|p| p.tag.as_str()).collect();
    for e in v.dataset.edges.iter().filter(|e| e.kind == coherence::model::EdgeKind::BuildsTowards) {
        let tag = e.progression.as_deref().unwrap_or("");
        assert!(tags.contains(&tag), "{} -> {} has tag {tag:?}", e.from, e.to);
    }
    // Summaries are short and our own: one sentence, at most about 160 characters.
    for s in &v.dataset.standards {
        let summary = s.summary.as_deref().unwrap_or("");
        assert!(!summary.is_empty() && summary.len() <= 170, "{}: {summary:?}", s.id);
    }
}

#[test]
fn a_coach_can_walk_from_unit_fractions_to_dividing_fractions() {
    let v = shipped();
    let id = |code: &str| match v.graph.resolve(code) {
        Resolution::Found(n) => n,
        other => panic!("{code}: {other:?}"),
    };
    let reaches = |from: &str, to: &str| {
        let (a, b) = (id(from), id(to));
        petgraph::algo::has_path_connecting(
            &v.graph.builds,
            petgraph::graph::NodeIndex::new(a as usize),
            petgraph::graph::NodeIndex::new(b as usize),
            None,
        )
    };
    assert!(reaches("3.NF.A.1", "4.NF.B.3a"));
    assert!(reaches("3.NF.A.1", "5.NF.B.7a"));
    assert!(reaches("3.NF.A.1", "5.NF.B.7b"));
    assert!(reaches("4.NF.A.1", "5.NF.A.1"));
    assert!(!reaches("5.NF.A.1", "3.NF.A.1"));
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
