//! What CASE packages and Knowledge Graph exports share: items in a tree
//! (CASE `isChildOf`, Knowledge Graph `hasChild`), grades given as
//! education levels and inherited from ancestors, and framework ids made
//! from titles.
//!
//! The parent links come from the data, so they can form a cycle; every
//! walk up the tree here ends, and is linear in the items however the links
//! run. The graph's parent links between standards (any format) are walked
//! here too, so one walker guards every hierarchy; a cycle is an F7 finding.

use std::collections::HashMap;

use crate::finding::{Code, Finding};
use crate::model::{Grade, Origin, Standard};

/// Items linked to their parents: the first parent given wins, and an item is never its own parent.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    parent: Vec<Option<usize>>,
    has_children: Vec<bool>,
}

impl Tree {
    /// `n` items, none linked yet.
    pub fn new(n: usize) -> Tree {
        Tree { parent: vec![None; n], has_children: vec![false; n] }
    }

    /// Makes `parent` the parent of `child`, unless `child` has one already
    /// or the two are the same item.
    pub fn link(&mut self, child: usize, parent: usize) {
        if self.parent[child].is_none() && child != parent {
            self.parent[child] = Some(parent);
            self.has_children[parent] = true;
        }
    }

    /// The item's parent.
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent[i]
    }

    /// Whether some item has this one as parent.
    pub fn has_children(&self, i: usize) -> bool {
        self.has_children[i]
    }

    /// Walks up the parent chain from every item in turn and hands each walk
    /// to `f`: the items it met for the first time, bottom up, and where it
    /// ended. A walk does not go past an item `stop` holds for, nor past an
    /// item an earlier walk met; so every item is in one walk, and all the
    /// walks together take time linear in the items however the links run.
    fn walk_up(&self, mut stop: impl FnMut(usize) -> bool, mut f: impl FnMut(&[usize], End)) {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            /// On the current walk, at this place in it.
            OnWalk(usize),
            Done,
        }
        let mut state = vec![State::New; self.parent.len()];
        let mut walk = Vec::new();
        for start in 0..self.parent.len() {
            let mut at = Some(start);
            let end = loop {
                let Some(i) = at else { break End::Root };
                match state[i] {
                    State::Done => break End::Met(i),
                    State::OnWalk(k) => break End::Cycle(k),
                    State::New if stop(i) => {
                        state[i] = State::Done;
                        break End::Met(i);
                    }
                    State::New => {}
                }
                state[i] = State::OnWalk(walk.len());
                walk.push(i);
                at = self.parent[i];
            };
            f(&walk, end);
            for i in walk.drain(..) {
                state[i] = State::Done;
            }
        }
    }

    /// For every item, the value of the nearest item at or above it that has
    /// one (`own`), walking up the parent chain; `None` when the chain ends
    /// or comes back round a cycle without one.
    pub fn nearest<T: Clone>(&self, own: impl Fn(usize) -> Option<T>) -> Vec<Option<T>> {
        let mut out: Vec<Option<T>> = vec![None; self.parent.len()];
        self.walk_up(
            |i| own(i).is_some(),
            |walk, end| {
                let found = match end {
                    // An item met before has its value; one the walk stopped at is given it now.
                    End::Met(i) => {
                        if out[i].is_none() {
                            out[i] = own(i);
                        }
                        out[i].clone()
                    }
                    // Back at an item of this walk: a cycle, and no item on it has a value.
                    End::Root | End::Cycle(_) => None,
                };
                for &i in walk {
                    out[i] = found.clone();
                }
            },
        );
        out
    }

    /// The cycles of parent links in bad data, each once: its items in the
    /// order the walk up meets them.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        self.walk_up(
            |_| false,
            |walk, end| {
                if let End::Cycle(k) = end {
                    out.push(walk[k..].to_vec());
                }
            },
        );
        out
    }

    /// For every item, the nearest strict ancestor for which `is` holds.
    pub fn nearest_ancestor(&self, is: impl Fn(usize) -> bool) -> Vec<Option<usize>> {
        let at_or_above = self.nearest(|i| is(i).then_some(i));
        (0..self.parent.len()).map(|i| self.parent[i].and_then(|p| at_or_above[p])).collect()
    }
}

/// The F7 finding of one parent cycle: its members' names (sorted), at the
/// first of their places; `link` names the relation, `items` what it links.
pub(crate) fn cycle_finding(
    mut names: Vec<String>,
    at: Option<Origin>,
    link: &str,
    items: &str,
    help: &str,
) -> Finding {
    names.sort();
    let f = Finding::new(Code::F7, format!("{link} cycle among {} {items}: {}", names.len(), names.join(", ")), help)
        .ids(names);
    match at {
        Some(origin) => f.at(&origin),
        None => f,
    }
}

/// A reader's F7 findings: one per cycle of `tree`, except a cycle the
/// standards made from its items keep (each item became the one standard of
/// its framework and code, whose parent names the item above it), which the
/// graph reports among the standards; so each cycle is reported once.
/// `key` gives an item's framework and code, `origin` its place.
pub(crate) fn reader_cycles(
    tree: &Tree,
    standards: &[Standard],
    key: impl Fn(usize) -> (String, String),
    origin: impl Fn(usize) -> Origin,
    link: &str,
    help: &str,
) -> Vec<Finding> {
    let cycles = tree.cycles();
    if cycles.is_empty() {
        return Vec::new();
    }
    let mut made: HashMap<(&str, &str), (usize, Option<&str>)> = HashMap::new();
    for s in standards {
        made.entry((&s.framework, &s.id)).or_insert((0, s.parent.as_deref())).0 += 1;
    }
    let kept = |i: usize| {
        let ((fw, code), above) = (key(i), tree.parent(i).map(&key));
        above.is_some_and(|(pfw, pcode)| {
            pfw == fw && made.get(&(fw.as_str(), code.as_str())) == Some(&(1, Some(pcode.as_str())))
        })
    };
    cycles
        .into_iter()
        .filter(|cycle| !cycle.iter().all(|&i| kept(i)))
        .map(|cycle| {
            let at = cycle.iter().map(|&i| origin(i)).min();
            cycle_finding(cycle.iter().map(|&i| key(i).1).collect(), at, link, "items", help)
        })
        .collect()
}

/// Where a walk up the parent chain ended.
#[derive(Debug, Clone, Copy)]
enum End {
    /// At an item with no parent.
    Root,
    /// At an item met before, or one the walk was told to stop at.
    Met(usize),
    /// Back at the item at this place in the walk: the walk from there on is a cycle.
    Cycle(usize),
}

/// A framework id from a title: lower case, words joined by `-`.
pub(crate) fn slug(title: &str) -> String {
    let words: Vec<String> =
        title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words.join("-")
}

/// The grade of a list of education levels: the lowest one. A level is
/// `KG`, `K`, `PK`, `Pre-K`, `HS`, or a number (`00`, `03`, `3`); a range
/// (`K-2`, `09-12`) counts as its lower end; levels may also be written in
/// one string, separated by `,`, `/` or spaces; nine and above is high school.
pub(crate) fn grade_of_levels<S: AsRef<str>>(levels: &[S]) -> Option<Grade> {
    let lowest = levels
        .iter()
        .flat_map(|t| t.as_ref().split([',', ' ', '/']))
        .filter_map(|t| level(t).or_else(|| level(t.split('-').next().unwrap_or(""))))
        .min()?;
    Some(Grade::from_level(lowest))
}

/// One education level, as [`Grade::level`] orders it.
fn level(token: &str) -> Option<i8> {
    let t = token.trim().to_ascii_uppercase();
    match t.as_str() {
        "KG" | "K" => Some(0),
        "HS" => Some(9),
        "PK" | "PRE-K" => Some(-1),
        _ => Grade::parse(&t).map(Grade::level),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ends_on_a_cycle_and_finds_values_above() {
        // 0 <- 1 <- 2, and 3 <-> 4 a cycle with 5 below it.
        let mut t = Tree::new(6);
        t.link(1, 0);
        t.link(2, 1);
        t.link(3, 4);
        t.link(4, 3);
        t.link(5, 4);
        t.link(5, 0);
        let near = t.nearest(|i| (i == 0).then_some("root"));
        assert_eq!(near, [Some("root"), Some("root"), Some("root"), None, None, None]);
        let near = t.nearest(|i| (i == 3).then_some(3));
        assert_eq!(near[4], Some(3), "round the cycle");
        assert_eq!(near[5], Some(3));
        assert_eq!(t.nearest_ancestor(|i| i == 4), [None, None, None, Some(4), Some(4), Some(4)]);
        assert!(t.has_children(4) && !t.has_children(5));
    }

    #[test]
    fn cycles_are_found_once_each_in_linear_time() {
        // 0 <- 1 <- 2 <- 0 a cycle with 3 below it; 4 <-> 5; 6 a root; 7 its own parent (refused).
        let mut t = Tree::new(8);
        for (child, parent) in [(1, 0), (2, 1), (0, 2), (3, 2), (4, 5), (5, 4), (7, 7)] {
            t.link(child, parent);
        }
        assert_eq!(t.cycles(), [vec![0, 2, 1], vec![4, 5]]);
        // A chain of a million with a cycle at its top: one walk, one cycle.
        let n = 1_000_000;
        let mut t = Tree::new(n);
        for i in 1..n {
            t.link(i - 1, i);
        }
        t.link(n - 1, n - 2);
        assert_eq!(t.cycles(), [vec![n - 2, n - 1]]);
        assert_eq!(t.nearest(|i| (i == n / 2).then_some(i))[0], Some(n / 2));
    }

    #[test]
    fn levels_read_as_grades() {
        let g = |levels: &[&str]| grade_of_levels(levels).map(Grade::as_str);
        assert_eq!(g(&["03"]), Some("3"));
        assert_eq!(g(&["KG", "01"]), Some("K"));
        assert_eq!(g(&["09", "10", "11", "12"]), Some("HS"));
        assert_eq!(g(&["K-2"]), Some("K"));
        assert_eq!(g(&["09-12"]), Some("HS"));
        assert_eq!(g(&["Pre-K"]), Some("PK"));
        assert_eq!(g(&["4, 5"]), Some("4"));
        assert_eq!(g(&["adult"]), None);
        assert_eq!(slug("Toy State: Math, 2024"), "toy-state-math-2024");
    }
}
