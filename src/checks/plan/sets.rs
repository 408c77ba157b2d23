//! Sets of nodes stored once and combined a word at a time.
//!
//! A [`Set`] is kept in a [`Pool`] as the words of a bitset over the global
//! node numbering, from the first word that holds a bit to the last (a
//! span); standards are numbered framework by framework and mostly grade by
//! grade, so the sets the plan checks need (a module's standards, their
//! successors, their windowed ancestors) are a few words wide. A set whose
//! span would be mostly empty words (it reaches across frameworks) is kept as
//! a list of its nodes instead, so that no data shape costs quadratic memory.

use crate::graph::NodeId;

/// A set of nodes in a [`Pool`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Set {
    /// The first word of the span (unused for a list).
    first: u32,
    /// Where its words (or nodes) start in the pool.
    start: u32,
    /// How many words (or nodes).
    len: u32,
    /// Whether it is a list of nodes rather than a span of words.
    list: bool,
}

impl Set {
    /// The same set in a pool its own was appended to at `at` ([`Pool::append`]).
    pub(crate) fn moved(self, at: (u32, u32)) -> Set {
        Set { start: self.start + if self.list { at.1 } else { at.0 }, ..self }
    }

    /// Whether the set has no node.
    pub(crate) fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// The words and node lists of many [`Set`]s, one allocation each.
#[derive(Debug, Default)]
pub(crate) struct Pool {
    words: Vec<u64>,
    nodes: Vec<NodeId>,
}

/// The words of scratch bitsets that may hold a bit: `[lo, hi)`. Scratch
/// sets are all zero outside it, so they are cleared over it alone.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Touched {
    pub(crate) lo: usize,
    pub(crate) hi: usize,
}

impl Default for Touched {
    fn default() -> Touched {
        Touched { lo: usize::MAX, hi: 0 }
    }
}

impl Touched {
    fn cover(&mut self, lo: usize, hi: usize) {
        self.lo = self.lo.min(lo);
        self.hi = self.hi.max(hi);
    }

    /// The range of words, empty when nothing was touched.
    pub(crate) fn range(self) -> std::ops::Range<usize> {
        if self.lo >= self.hi { 0..0 } else { self.lo..self.hi }
    }
}

impl Pool {
    /// Stores the nodes (in any order, repeats allowed) as a set.
    pub(crate) fn add(&mut self, nodes: &mut Vec<NodeId>) -> Set {
        nodes.sort_unstable();
        nodes.dedup();
        let (Some(&lo), Some(&hi)) = (nodes.first(), nodes.last()) else { return Set::default() };
        let first = lo / 64;
        let span = hi / 64 - first + 1;
        // A span pays a word per 64 nodes of range, a list a node each: the
        // span wins unless most of its words would be empty.
        if span as usize <= nodes.len() + 2 {
            let start = self.words.len();
            self.words.resize(start + span as usize, 0);
            for &n in nodes.iter() {
                let k = start + (n / 64 - first) as usize;
                self.words[k] |= 1 << (n % 64);
            }
            Set { first, start: start as u32, len: span, list: false }
        } else {
            let start = self.nodes.len();
            self.nodes.extend_from_slice(nodes);
            Set { first: 0, start: start as u32, len: nodes.len() as u32, list: true }
        }
    }

    /// Stores the union of sets of `from` as a set: word by word, without
    /// listing their nodes (a module's windowed ancestors are hundreds).
    pub(crate) fn add_union(&mut self, from: &Pool, sets: &[Set]) -> Set {
        let mut touched = Touched::default();
        let each_word = |f: &mut dyn FnMut(usize, u64)| {
            for &s in sets {
                match from.span(s) {
                    Some((first, words)) => words.iter().enumerate().for_each(|(k, &w)| f(first + k, w)),
                    None => from.nodes[s.start as usize..(s.start + s.len) as usize]
                        .iter()
                        .for_each(|&n| f(n as usize / 64, 1 << (n % 64))),
                }
            }
        };
        each_word(&mut |i, _| touched.cover(i, i + 1));
        let r = touched.range();
        if r.is_empty() {
            return Set::default();
        }
        let mut bits = vec![0u64; r.len()];
        each_word(&mut |i, w| bits[i - r.start] |= w);
        let count: usize = bits.iter().map(|w| w.count_ones() as usize).sum();
        if bits.len() <= count + 2 {
            let start = self.words.len();
            self.words.extend_from_slice(&bits);
            Set { first: r.start as u32, start: start as u32, len: bits.len() as u32, list: false }
        } else {
            let start = self.nodes.len();
            for (k, &w) in bits.iter().enumerate() {
                self.nodes.extend(ones(w).map(|b| ((r.start + k) * 64) as NodeId + b));
            }
            Set { first: 0, start: start as u32, len: count as u32, list: true }
        }
    }

    /// Appends another pool's words and nodes; returns what to add to the
    /// starts of its sets ([`Set::moved`]), so that pools built in parallel become one.
    pub(crate) fn append(&mut self, other: &Pool) -> (u32, u32) {
        let at = (self.words.len() as u32, self.nodes.len() as u32);
        self.words.extend_from_slice(&other.words);
        self.nodes.extend_from_slice(&other.nodes);
        at
    }

    /// Adds the set's nodes to `bits`, widening `touched` to cover them.
    #[inline(always)]
    pub(crate) fn or_into(&self, s: Set, bits: &mut [u64], touched: &mut Touched) {
        if s.list {
            for &n in &self.nodes[s.start as usize..(s.start + s.len) as usize] {
                bits[n as usize / 64] |= 1 << (n % 64);
                touched.cover(n as usize / 64, n as usize / 64 + 1);
            }
        } else {
            let first = s.first as usize;
            let words = &self.words[s.start as usize..(s.start + s.len) as usize];
            for (b, w) in bits[first..first + words.len()].iter_mut().zip(words) {
                *b |= w;
            }
            touched.cover(first, first + words.len());
        }
    }

    /// How many of the set's nodes are in `bits`.
    #[inline(always)]
    pub(crate) fn count_in(&self, s: Set, bits: &[u64]) -> u32 {
        if s.list {
            self.nodes[s.start as usize..(s.start + s.len) as usize]
                .iter()
                .filter(|&&n| bits[n as usize / 64] >> (n % 64) & 1 == 1)
                .count() as u32
        } else {
            let first = s.first as usize;
            let words = &self.words[s.start as usize..(s.start + s.len) as usize];
            words.iter().zip(&bits[first..first + words.len()]).map(|(a, b)| (a & b).count_ones()).sum()
        }
    }

    /// The set's words from its first word, for a span; none for a list.
    pub(crate) fn span(&self, s: Set) -> Option<(usize, &[u64])> {
        (!s.list).then(|| (s.first as usize, &self.words[s.start as usize..(s.start + s.len) as usize]))
    }

    /// Calls `each` with the set's nodes not yet in `seen`, ascending, and adds them to it.
    #[inline(always)]
    pub(crate) fn for_each_new(&self, s: Set, seen: &mut [u64], mut each: impl FnMut(NodeId)) {
        match self.span(s) {
            None => {
                for &n in &self.nodes[s.start as usize..(s.start + s.len) as usize] {
                    let (word, bit) = (n as usize / 64, 1u64 << (n % 64));
                    if seen[word] & bit == 0 {
                        seen[word] |= bit;
                        each(n);
                    }
                }
            }
            Some((first, words)) => {
                for (k, (&w, s)) in words.iter().zip(&mut seen[first..]).enumerate() {
                    let new = w & !*s;
                    *s |= new;
                    ones(new).for_each(|b| each(((first + k) * 64) as NodeId + b));
                }
            }
        }
    }

    /// Calls `each` with the set's nodes, ascending.
    #[cfg(test)]
    pub(crate) fn for_each(&self, s: Set, mut each: impl FnMut(NodeId)) {
        match self.span(s) {
            None => self.nodes[s.start as usize..(s.start + s.len) as usize].iter().for_each(|&n| each(n)),
            Some((first, words)) => {
                for (k, &w) in words.iter().enumerate() {
                    ones(w).for_each(|b| each(((first + k) * 64) as NodeId + b));
                }
            }
        }
    }

    /// The set's nodes, ascending.
    #[cfg(test)]
    pub(crate) fn nodes(&self, s: Set) -> Vec<NodeId> {
        let mut out = Vec::new();
        self.for_each(s, |n| out.push(n));
        out
    }
}

/// The positions of the set bits of a word, ascending.
#[inline(always)]
pub(crate) fn ones(mut w: u64) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        (w != 0).then(|| {
            let b = w.trailing_zeros();
            w &= w - 1;
            b
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_sets_are_spans_and_wide_ones_lists_and_both_read_back() {
        let mut pool = Pool::default();
        let narrow = pool.add(&mut vec![130, 70, 64, 130, 191]);
        let wide = pool.add(&mut vec![3, 10_000]);
        let empty = pool.add(&mut Vec::new());
        assert!(pool.span(narrow).is_some() && pool.span(wide).is_none() && empty.is_empty());
        assert_eq!(pool.nodes(narrow), vec![64, 70, 130, 191]);
        assert_eq!(pool.nodes(wide), vec![3, 10_000]);
        let mut bits = vec![0u64; 10_000 / 64 + 1];
        let mut touched = Touched::default();
        pool.or_into(narrow, &mut bits, &mut touched);
        assert_eq!(touched.range(), 1..3);
        pool.or_into(wide, &mut bits, &mut touched);
        assert_eq!(touched.range(), 0..157);
        assert_eq!(pool.count_in(narrow, &bits), 4);
        let mut other = vec![0u64; bits.len()];
        other[1] = 1 << 6;
        other[156] = 1 << 16;
        assert_eq!((pool.count_in(narrow, &other), pool.count_in(wide, &other)), (1, 1));
    }
}
