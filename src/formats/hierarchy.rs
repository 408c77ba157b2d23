//! What CASE packages and Knowledge Graph exports share: items in a tree
//! (CASE `isChildOf`, Knowledge Graph `hasChild`), grades given as
//! education levels and inherited from ancestors, and framework ids made
//! from titles.
//!
//! The parent links come from the data, so they can form a cycle; every
//! walk up the tree here ends, and is linear in the items however the links run.

use crate::model::Grade;

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

    /// For every item, the value of the nearest item at or above it that has
    /// one (`own`), walking up the parent chain; `None` when the chain ends
    /// or comes back round a cycle without one.
    ///
    /// Each item is walked over once: the result of every item on a walk is
    /// kept, so a later walk stops where an earlier one passed.
    pub fn nearest<T: Clone>(&self, own: impl Fn(usize) -> Option<T>) -> Vec<Option<T>> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            OnWalk,
            Done,
        }
        let n = self.parent.len();
        let mut state = vec![State::New; n];
        let mut out: Vec<Option<T>> = vec![None; n];
        let mut walk = Vec::new();
        for start in 0..n {
            let mut at = Some(start);
            let found = loop {
                let Some(i) = at else { break None };
                match state[i] {
                    State::Done => break out[i].clone(),
                    // Back at an item of this walk: a cycle, and no item on it has a value.
                    State::OnWalk => break None,
                    State::New => {}
                }
                if let Some(v) = own(i) {
                    out[i] = Some(v.clone());
                    state[i] = State::Done;
                    break Some(v);
                }
                state[i] = State::OnWalk;
                walk.push(i);
                at = self.parent[i];
            };
            for i in walk.drain(..) {
                out[i] = found.clone();
                state[i] = State::Done;
            }
        }
        out
    }

    /// For every item, the nearest strict ancestor for which `is` holds.
    pub fn nearest_ancestor(&self, is: impl Fn(usize) -> bool) -> Vec<Option<usize>> {
        let at_or_above = self.nearest(|i| is(i).then_some(i));
        (0..self.parent.len()).map(|i| self.parent[i].and_then(|p| at_or_above[p])).collect()
    }
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
