//! Properties on random datasets and random DAGs.

use std::collections::BTreeSet;

use coherence::finding::Code;
use coherence::load::Source;
use coherence::model::{Dataset, Edge, EdgeKind, Framework, Grade, Module, ModuleKind, Origin, Standard};
use proptest::prelude::*;

const GRADES: [&str; 14] = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "HS"];

/// Text as a spreadsheet may hold it: commas, quotes, semicolons; never padded or empty.
fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[a-zA-Z0-9,;\"' ]{0,16}")
        .prop_map(|t| t.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
}

fn standard(fw: String, i: usize) -> impl Strategy<Value = Standard> {
    (
        0..GRADES.len(),
        text(),
        text(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(0..3usize),
        proptest::option::of("[A-Z]{1,3}"),
        proptest::collection::vec("[A-Za-z][A-Za-z ]{0,8}[A-Za-z]", 0..3),
    )
        .prop_map(move |(g, summary, note, entry, wap, focus, domain, courses)| Standard {
            framework: fw.clone(),
            id: format!("S.{i}"),
            grade: Grade::parse(GRADES[g]).expect("listed grades parse"),
            domain: domain.clone(),
            cluster: domain.map(|d| format!("{d}.A")),
            focus: focus.map(|f| {
                [
                    coherence::model::Focus::Major,
                    coherence::model::Focus::Supporting,
                    coherence::model::Focus::Additional,
                ][f]
            }),
            parent: None,
            summary,
            statement: None,
            note,
            entry,
            wap,
            modeling: false,
            plus: false,
            courses,
            origin: Origin::default(),
            parent_origin: Origin::default(),
        })
}

/// A random dataset of one or two frameworks with edges, parents and modules.
fn dataset() -> impl Strategy<Value = Dataset> {
    (1..=2usize, 1..14usize)
        .prop_flat_map(|(nfw, n)| {
            let stds: Vec<_> = (0..nfw).flat_map(|f| (0..n).map(move |i| standard(format!("fw{f}"), i))).collect();
            let total = nfw * n;
            let edges = proptest::collection::vec((0..total, 0..total, any::<bool>(), text(), text()), 0..3 * total);
            let parents = proptest::collection::vec(proptest::option::of(0..n), total);
            let modules =
                proptest::collection::vec((any::<bool>(), proptest::collection::vec(0..total, 1..4), text()), 0..4);
            (Just(nfw), stds, edges, parents, modules)
        })
        .prop_map(|(nfw, mut standards, edges, parents, modules)| {
            let n = standards.len() / nfw;
            // Sub-standards point at a standard of their own framework that is not itself a sub-standard.
            for (i, p) in parents.into_iter().enumerate() {
                let base = (i / n) * n;
                if let Some(p) = p
                    && base + p != i
                    && standards[base + p].parent.is_none()
                    && !standards
                        .iter()
                        .any(|s| s.parent.as_deref() == Some(&standards[i].id) && s.framework == standards[i].framework)
                {
                    standards[i].parent = Some(standards[base + p].id.clone());
                }
            }
            let name = |s: &Standard| if nfw > 1 { format!("{}:{}", s.framework, s.id) } else { s.id.clone() };
            let edges = edges
                .into_iter()
                .map(|(a, b, builds, progression, note)| Edge {
                    kind: if builds { EdgeKind::BuildsTowards } else { EdgeKind::RelatesTo },
                    from: name(&standards[a]),
                    to: name(&standards[b]),
                    progression,
                    note,
                    origin: Origin::default(),
                    from_origin: Origin::default(),
                    to_origin: Origin::default(),
                })
                .collect();
            let modules = modules
                .into_iter()
                .enumerate()
                .map(|(i, (pd, refs, title))| Module {
                    id: format!("M-{i}"),
                    kind: if pd { ModuleKind::Pd } else { ModuleKind::Intervention },
                    title,
                    provider: None,
                    standards: refs.iter().map(|&r| name(&standards[r])).collect::<BTreeSet<_>>().into_iter().collect(),
                    tier: None,
                    evidence: None,
                    origin: Origin::default(),
                })
                .collect();
            let frameworks = (0..nfw)
                .map(|f| Framework {
                    id: format!("fw{f}"),
                    title: Some(format!("Framework {f}")),
                    ..Framework::default()
                })
                .collect();
            let mut ds = Dataset { frameworks, standards, edges, modules, ..Dataset::default() };
            ds.fill_derived();
            ds
        })
}

/// Records in a canonical order, for comparing datasets whose files split them differently.
fn canonical(ds: &Dataset) -> Dataset {
    let mut d = ds.without_origins();
    d.frameworks.sort_by(|a, b| a.id.cmp(&b.id));
    d.standards.sort_by(|a, b| (&a.framework, &a.id).cmp(&(&b.framework, &b.id)));
    d.edges.sort_by(|a, b| {
        (a.kind, &a.from, &a.to, &a.progression, &a.note).cmp(&(b.kind, &b.from, &b.to, &b.progression, &b.note))
    });
    d.modules.sort_by(|a, b| a.id.cmp(&b.id));
    d
}

fn write(files: Vec<(std::path::PathBuf, Vec<u8>)>) {
    coherence::output::write_all(&files).expect("write export");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn native_export_then_load_gives_back_the_same_dataset(ds in dataset()) {
        let tmp = tempfile::tempdir().unwrap();
        write(coherence::export::to_native(&ds, tmp.path()).unwrap());
        let back = coherence::load::load(&[Source::Path(tmp.path().to_path_buf())]).unwrap();
        prop_assert!(back.findings.is_empty(), "{:?}", back.findings);
        prop_assert_eq!(canonical(&back.dataset), canonical(&ds));
    }

    #[test]
    fn csv_export_then_load_gives_back_what_the_columns_hold(ds in dataset()) {
        let tmp = tempfile::tempdir().unwrap();
        write(coherence::export::to_csv(&ds, tmp.path()).unwrap());
        let back = coherence::load::load(&[Source::Path(tmp.path().to_path_buf())]).unwrap();
        prop_assert!(back.findings.is_empty(), "{:?}", back.findings);
        let (a, b) = (canonical(&back.dataset), canonical(&ds));
        prop_assert_eq!(&a.standards, &b.standards);
        prop_assert_eq!(&a.edges, &b.edges);
        prop_assert_eq!(&a.modules, &b.modules);
    }

    #[test]
    fn validation_is_deterministic(ds in dataset()) {
        let tmp = tempfile::tempdir().unwrap();
        write(coherence::export::to_csv(&ds, tmp.path()).unwrap());
        let src = [Source::Path(tmp.path().to_path_buf())];
        let report = || {
            let mut out = Vec::new();
            coherence::report::write_validate_json(&coherence::validate_sources(&src).unwrap(), &mut out).unwrap();
            out
        };
        prop_assert_eq!(report(), report());
    }

    /// C3 is counted two ways: pair by pair when findings are collected, and
    /// by words of ancestor bitsets when only counts are asked for. Both give
    /// the same counts, and the same bases, on any data, band and window.
    #[test]
    fn plan_counts_are_the_same_with_and_without_findings(
        ds in dataset(),
        bands in proptest::collection::vec((0..10i8, 0..6i8), 1..4),
        adopt in proptest::collection::vec((any::<bool>(), proptest::option::of(-2..4i64)), 4),
        window in 0..4i8,
    ) {
        let mut ds = ds;
        let fws: Vec<String> = ds.frameworks.iter().map(|f| f.id.clone()).collect();
        for (i, (lo, span)) in bands.iter().enumerate() {
            let grade = |l: i8| coherence::model::Grade::from_level(l.min(12));
            ds.scopes.push(coherence::model::Scope {
                id: format!("s{i}"),
                name: None,
                framework: Some(fws[i % fws.len()].clone()),
                parent: None,
                grade_lo: grade(*lo),
                grade_hi: grade(lo + span),
                origin: Origin::default(),
            });
            for (m, (on, seq)) in adopt.iter().enumerate().take(ds.modules.len()) {
                if *on {
                    ds.plans.push(&format!("s{i}"), &format!("M-{m}"), *seq, &Origin::default());
                }
            }
        }
        let (g, _) = coherence::graph::Graph::build(&ds);
        let index = coherence::checks::plan::PlanIndex::new(&ds, &g, window);
        let all: Vec<u32> = (0..g.scopes.len() as u32).collect();
        let counted = coherence::checks::plan::plan_checks(&ds, &g, &index, &all, false);
        let collected = coherence::checks::plan::plan_checks(&ds, &g, &index, &all, true);
        for (a, b) in counted.iter().zip(&collected) {
            prop_assert_eq!(a.counts, b.counts);
            let pairs: usize = b.gaps.iter().map(|gap| match gap {
                coherence::checks::plan::Gap::C3 { taught, .. } => taught.len(),
                _ => 0,
            }).sum();
            prop_assert_eq!(pairs as u64, b.counts.c3.pairs, "one C3 finding per prerequisite, listing its pairs");
        }
    }

    /// The search for window ancestors skips each standard's own-grade
    /// region; what it finds is still every ancestor in the window, with
    /// grades that never fall along an edge and with D5 edges, cycles or not.
    #[test]
    fn window_ancestors_are_every_ancestor_in_the_window(ds in dataset(), window in 0..4i8, monotone in any::<bool>()) {
        let mut ds = ds;
        if monotone {
            let level: std::collections::HashMap<String, i8> = ds
                .standards
                .iter()
                .flat_map(|s| [(s.id.clone(), s.grade.level()), (format!("{}:{}", s.framework, s.id), s.grade.level())])
                .collect();
            ds.edges.retain(|e| e.kind == EdgeKind::RelatesTo || level[&e.from] <= level[&e.to]);
        }
        let (g, _) = coherence::graph::Graph::build(&ds);
        let index = coherence::checks::plan::PlanIndex::new(&ds, &g, window);
        let level = |n: u32| g.nodes[n as usize].grade.level();
        for v in 0..g.len() as u32 {
            let mut seen = vec![false; g.len()];
            let mut stack = vec![v];
            while let Some(x) = stack.pop() {
                for p in g.predecessors(x) {
                    if !seen[p as usize] {
                        seen[p as usize] = true;
                        stack.push(p);
                    }
                }
            }
            let lo = level(v).saturating_sub(window);
            let want: Vec<u32> =
                (0..g.len() as u32).filter(|&a| seen[a as usize] && level(a) >= lo && level(a) < level(v)).collect();
            prop_assert_eq!(&index.window_ancestors[v as usize][..], &want[..], "node {}", v);
        }
    }

    /// Edges that only go from lower to higher index in one grade-ordered list
    /// form a DAG: no D4, no D5. One edge back from the last to the first node
    /// of a path then makes exactly one cycle holding the path.
    #[test]
    fn random_dags_have_no_cycle_and_a_back_edge_makes_exactly_one(
        n in 3..40usize,
        pairs in proptest::collection::vec((0..40usize, 0..40usize), 0..120),
    ) {
        let mut rows = String::from("id,grade\n");
        for i in 0..n {
            rows.push_str(&format!("N.{i},{}\n", i * 12 / n));
        }
        let mut edges = String::from("from,to,kind\n");
        for i in 0..n - 1 {
            edges.push_str(&format!("N.{i},N.{},builds_towards\n", i + 1));
        }
        for (a, b) in pairs {
            let (a, b) = (a % n, b % n);
            if a < b {
                edges.push_str(&format!("N.{a},N.{b},builds_towards\n"));
            }
        }
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("standards.csv"), &rows).unwrap();
        std::fs::write(tmp.path().join("progressions.csv"), &edges).unwrap();
        let src = [Source::Path(tmp.path().to_path_buf())];
        let v = coherence::validate_sources(&src).unwrap();
        prop_assert_eq!(v.findings.iter().filter(|f| matches!(f.code, Code::D4 | Code::D5)).count(), 0);

        edges.push_str(&format!("N.{},N.0,builds_towards\n", n - 1));
        std::fs::write(tmp.path().join("progressions.csv"), &edges).unwrap();
        let v = coherence::validate_sources(&src).unwrap();
        let d4: Vec<_> = v.findings.iter().filter(|f| f.code == Code::D4).collect();
        prop_assert_eq!(d4.len(), 1);
        prop_assert_eq!(d4[0].ids.len(), n);
        let backward = usize::from(i64::from(((n - 1) * 12 / n) as u8) > 0);
        prop_assert_eq!(v.findings.iter().filter(|f| f.code == Code::D5).count(), backward);
    }
}

/// A random layered DAG: columns of boxes of random heights (box indices
/// in column order), and links from a box to one in a later column (any
/// number of columns on) or later in its own column, bowing either side.
fn layered() -> impl Strategy<Value = (Vec<Vec<usize>>, Vec<f64>, Vec<coherence::layout::Link>)> {
    proptest::collection::vec(1..7usize, 1..6)
        .prop_flat_map(|sizes| {
            let n: usize = sizes.iter().sum();
            (
                Just(sizes),
                proptest::collection::vec(20.0..90.0f64, n),
                proptest::collection::vec((0..n, 0..n, any::<bool>()), 0..3 * n),
            )
        })
        .prop_map(|(sizes, heights, raw)| {
            use coherence::layout::{Link, Side};
            let mut layers = Vec::new();
            let mut next = 0;
            for s in sizes {
                layers.push((next..next + s).collect::<Vec<usize>>());
                next += s;
            }
            let links = raw
                .into_iter()
                .filter(|(a, b, _)| a != b)
                .map(|(a, b, right)| Link {
                    from: a.min(b),
                    to: a.max(b),
                    side: if right { Side::Right } else { Side::Left },
                })
                .collect();
            (layers, heights, links)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_layout_never_adds_crossings_and_keeps_everything_inside_and_apart((layers, heights, links) in layered()) {
        let sp = coherence::layout::Spacing::default();
        let l = coherence::layout::layout(&layers, &heights, &links, &sp);
        let faults = crate::util::layout_faults(&l, sp.box_width);
        prop_assert!(faults.is_empty(), "{faults:#?}");
        prop_assert_eq!(l.routes.len(), links.len());
        prop_assert!(l.routes.iter().all(|r| !r.pieces.is_empty()), "every link is drawn");
        prop_assert_eq!(&coherence::layout::layout(&layers, &heights, &links, &sp), &l, "deterministic");
    }

    #[test]
    fn splitting_columns_keeps_every_box_once_and_links_forward((layers, _h, links) in layered(), extra in 0..4usize) {
        let edges: Vec<(usize, usize)> = links.iter().map(|k| (k.from, k.to)).collect();
        let max = layers.len() + extra;
        let split = coherence::layout::split_layers(&layers, &edges, max, 0.0);
        prop_assert!(split.len() <= max && split.len() >= layers.len());
        // Sub-columns come column by column, each box once, in its column's order.
        let groups: Vec<usize> = split.iter().map(|(g, _)| *g).collect();
        prop_assert!(groups.windows(2).all(|w| w[0] <= w[1]));
        for (g, ns) in layers.iter().enumerate() {
            let mut got: Vec<usize> = split.iter().filter(|(h, _)| *h == g).flat_map(|(_, ns)| ns.clone()).collect();
            got.sort_unstable();
            prop_assert_eq!(&got, ns);
        }
        // Within a column (these links go from lower to higher indices, so no cycle) a link never goes back.
        let at = |n: usize| split.iter().position(|(_, ns)| ns.contains(&n));
        for &(a, b) in &edges {
            if let (Some(i), Some(j)) = (at(a), at(b))
                && split[i].0 == split[j].0
            {
                prop_assert!(i <= j, "{a} -> {b}: sub-column {i} -> {j}");
            }
        }
    }
}
