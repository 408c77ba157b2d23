//! Module entries (spec, Terms: Module): what an entry of a module's list
//! names (a standard with its descendants, a cluster, a domain, a practice),
//! and the indexes that resolve it.

use rustc_hash::FxHashMap as HashMap;

use super::{Graph, NodeId, Resolution, alias};
use crate::finding::{Code, Finding};
use crate::model::{Dataset, Origin};

/// What one entry of a module's list names (spec, Terms: Module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A standard, and with it its descendants.
    Standard(NodeId),
    /// A cluster or domain of one framework: every standard that carries it.
    Group {
        /// Cluster or domain.
        kind: GroupKind,
        /// Index into [`Graph::frameworks`].
        framework: u16,
        /// The cluster or domain id.
        id: String,
    },
}

/// The two kinds of group a module entry may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKind {
    /// A cluster, e.g. `4.NF.B`.
    Cluster,
    /// A domain, e.g. `4.NF`.
    Domain,
}

impl GroupKind {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Cluster => "cluster",
            GroupKind::Domain => "domain",
        }
    }
}

/// What a module entry names, by framework and id rather than by node, so
/// that the entries of two datasets can be compared (`coherence diff`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKey {
    /// A standard, as `framework:id`.
    Standard(String),
    /// A cluster or domain.
    Group {
        /// Cluster or domain.
        kind: GroupKind,
        /// The framework id.
        framework: String,
        /// The cluster or domain id.
        id: String,
    },
    /// Practice standards, as `framework:id`.
    Practices(Vec<String>),
}

/// What an entry's id names, before it becomes a finding.
pub(super) enum Named {
    /// A standard, cluster or domain.
    Entry(Entry),
    /// Practice standards.
    Practices(Vec<usize>),
    /// Several things of one kind: the options, qualified.
    Ambiguous(Vec<String>),
}

/// Clusters and domains by id: each framework that has the id, with the nodes that carry it.
pub(super) type Groups = HashMap<String, Vec<(u16, Vec<NodeId>)>>;

impl Graph {
    /// Indexes clusters and domains by id (exact and canonical), and each
    /// node's sub-standards, for module entries.
    pub(super) fn index_groups(&mut self, ds: &Dataset) {
        for (n, node) in self.nodes.iter().enumerate() {
            let s = &ds.standards[node.standard];
            for (k, id) in [(0, &s.cluster), (1, &s.domain)] {
                let Some(id) = id else { continue };
                let fws = self.groups[k].entry(id.clone()).or_default();
                match fws.iter_mut().find(|(f, _)| *f == node.framework) {
                    Some((_, nodes)) => nodes.push(n as NodeId),
                    None => fws.push((node.framework, vec![n as NodeId])),
                }
            }
        }
        for k in 0..2 {
            let mut aliases: HashMap<String, Vec<(u16, String)>> = HashMap::default();
            for (id, fws) in &self.groups[k] {
                for (f, _) in fws {
                    aliases.entry(alias::canonical(id)).or_default().push((*f, id.clone()));
                }
            }
            for v in aliases.values_mut() {
                v.sort_unstable();
            }
            self.group_aliases[k] = aliases;
        }
        let mut count = vec![0u32; self.nodes.len() + 1];
        for node in &self.nodes {
            if let Some(p) = node.parent {
                count[p as usize + 1] += 1;
            }
        }
        for i in 0..self.nodes.len() {
            count[i + 1] += count[i];
        }
        let mut next = count.clone();
        let mut children = vec![0; count[self.nodes.len()] as usize];
        for (n, node) in self.nodes.iter().enumerate() {
            if let Some(p) = node.parent {
                children[next[p as usize] as usize] = n as NodeId;
                next[p as usize] += 1;
            }
        }
        self.child_at = count;
        self.children = children;
    }

    /// The direct sub-standards of `n`, ascending.
    pub fn children_of(&self, n: NodeId) -> &[NodeId] {
        if self.child_at.is_empty() {
            return &[];
        }
        &self.children[self.child_at[n as usize] as usize..self.child_at[n as usize + 1] as usize]
    }

    /// The standards that carry cluster or domain `id` in framework `fw`, ascending.
    pub fn group(&self, kind: GroupKind, fw: u16, id: &str) -> &[NodeId] {
        let k = kind as usize;
        self.groups[k]
            .get(id)
            .and_then(|fws| fws.iter().find(|(f, _)| *f == fw))
            .map_or(&[][..], |(_, nodes)| nodes.as_slice())
    }

    /// `n` and its descendants, added to `out` unless `stamp` says module `k` has them already.
    /// A parent cycle in bad data ends where it repeats.
    pub(super) fn add_descendants(&self, n: NodeId, k: u32, stamp: &mut [u32], out: &mut Vec<NodeId>) {
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            if stamp[x as usize] == k {
                continue;
            }
            stamp[x as usize] = k;
            out.push(x);
            stack.extend_from_slice(self.children_of(x));
        }
    }

    /// What one entry of a module's list names, if anything (spec, Terms:
    /// Module): the first of standard, cluster and domain that has the id
    /// decides (a bare id must belong to one framework within that kind); then
    /// a practice standard; then spelling variants of standards, clusters and
    /// domains. A read of the indexes, without findings, so that entries resolve in parallel.
    pub(super) fn lookup_entry(&self, ds: &Dataset, reference: &str) -> Option<Named> {
        let (fw, id) = self.split_framework(reference.trim());
        self.named(ds, fw, id)
    }

    /// The D2 finding for an entry that names nothing (`None`, with suggestions
    /// from `budget`) or more than one thing; none for an entry that resolved.
    pub(super) fn entry_finding(
        &self,
        ds: &Dataset,
        reference: &str,
        named: Option<Named>,
        what: &str,
        origin: &Origin,
        budget: &mut usize,
    ) -> Option<Finding> {
        let reference = reference.trim();
        let (_, id) = self.split_framework(reference);
        let (message, help) = match named {
            Some(Named::Entry(_) | Named::Practices(_)) => return None,
            Some(Named::Ambiguous(options)) => (
                format!("is ambiguous: it fits {}", options.join(", ")),
                format!("write the entry qualified, e.g. {}", options[0].split(' ').next().unwrap_or(&options[0])),
            ),
            None => (
                "is not a known standard, cluster, domain or practice".to_string(),
                self.entry_help(ds, reference, id, budget),
            ),
        };
        Some(
            Finding::new(Code::D2, format!("{what}: {reference} {message}"), help)
                .at(origin)
                .ids([reference.to_string()]),
        )
    }

    /// What a module entry names, in terms another dataset's entries can be
    /// compared with; `None` when it names nothing, or several things.
    /// Resolves as [`Graph::build`] resolves modules' entries, without findings.
    pub fn entry_key(&self, ds: &Dataset, reference: &str) -> Option<EntryKey> {
        let (fw, id) = self.split_framework(reference.trim());
        match self.named(ds, fw, id)? {
            Named::Entry(Entry::Standard(n)) => Some(EntryKey::Standard(self.qualified(ds, n))),
            Named::Entry(Entry::Group { kind, framework, id }) => {
                Some(EntryKey::Group { kind, framework: self.frameworks[framework as usize].clone(), id })
            }
            Named::Practices(found) => Some(EntryKey::Practices(
                found.iter().map(|&p| format!("{}:{}", ds.practices[p].framework, ds.practices[p].id)).collect(),
            )),
            Named::Ambiguous(_) => None,
        }
    }

    /// A reference split into its loaded framework, if it is qualified with one, and the id.
    fn split_framework<'r>(&self, reference: &'r str) -> (Option<u16>, &'r str) {
        match reference.split_once(':') {
            Some((prefix, rest)) => match self.frameworks.iter().position(|f| f == prefix) {
                Some(f) => (Some(f as u16), rest),
                None => (None, reference),
            },
            None => (None, reference),
        }
    }

    /// What an entry's id names: an exact standard, cluster or domain, then a practice, then a spelling variant.
    fn named(&self, ds: &Dataset, fw: Option<u16>, id: &str) -> Option<Named> {
        self.named_exactly(ds, fw, id)
            .or_else(|| self.named_practice(ds, fw, id))
            .or_else(|| self.named_by_variant(ds, fw, id))
    }

    /// An exact standard, cluster or domain id: the first kind that has it decides.
    fn named_exactly(&self, ds: &Dataset, fw: Option<u16>, id: &str) -> Option<Named> {
        let in_fw = |f: u16| fw.is_none_or(|x| x == f);
        let exact: Vec<NodeId> = self
            .exact
            .get(id)
            .map(|v| v.iter().copied().filter(|&n| in_fw(self.nodes[n as usize].framework)).collect())
            .unwrap_or_default();
        match exact.as_slice() {
            [] => {}
            [n] => return Some(Named::Entry(Entry::Standard(*n))),
            many => return Some(Named::Ambiguous(many.iter().map(|&n| self.qualified(ds, n)).collect())),
        }
        for kind in [GroupKind::Cluster, GroupKind::Domain] {
            let fws: Vec<(u16, String)> = self.groups[kind as usize]
                .get(id)
                .map(|v| v.iter().filter(|(f, _)| in_fw(*f)).map(|(f, _)| (*f, id.to_string())).collect())
                .unwrap_or_default();
            if let Some(named) = self.one_group(kind, fws) {
                return Some(named);
            }
        }
        None
    }

    /// The group of one framework, ambiguous between several, or none.
    fn one_group(&self, kind: GroupKind, found: Vec<(u16, String)>) -> Option<Named> {
        match found.len() {
            0 => None,
            1 => found.into_iter().next().map(|(framework, id)| Named::Entry(Entry::Group { kind, framework, id })),
            _ => Some(Named::Ambiguous(
                found
                    .iter()
                    .map(|(f, gid)| format!("{}:{gid} ({})", self.frameworks[*f as usize], kind.as_str()))
                    .collect(),
            )),
        }
    }

    /// Practice standards, in the spellings people use (`MP3`, `CCSS.Math.Practice.MP3`).
    fn named_practice(&self, ds: &Dataset, fw: Option<u16>, id: &str) -> Option<Named> {
        let key = practice_key(id)?;
        let found: Vec<usize> = ds
            .practices
            .iter()
            .enumerate()
            .filter(|(_, p)| practice_key(&p.id).as_ref() == Some(&key))
            .filter(|(_, p)| fw.is_none_or(|f| self.frameworks[f as usize] == p.framework))
            .map(|(i, _)| i)
            .collect();
        (!found.is_empty()).then_some(Named::Practices(found))
    }

    /// Spelling variants of standards, then of clusters and domains.
    fn named_by_variant(&self, ds: &Dataset, fw: Option<u16>, id: &str) -> Option<Named> {
        match self.resolve_in(fw, id) {
            Resolution::Found(n) => return Some(Named::Entry(Entry::Standard(n))),
            Resolution::Ambiguous(nodes) => {
                return Some(Named::Ambiguous(nodes.iter().map(|&n| self.qualified(ds, n)).collect()));
            }
            Resolution::Missing => {}
        }
        let key = alias::canonical(id);
        for kind in [GroupKind::Cluster, GroupKind::Domain] {
            let found: Vec<(u16, String)> = self.group_aliases[kind as usize]
                .get(&key)
                .map(|v| v.iter().filter(|(f, _)| fw.is_none_or(|x| x == *f)).cloned().collect())
                .unwrap_or_default();
            if let Some(named) = self.one_group(kind, found) {
                return Some(named);
            }
        }
        None
    }

    /// What to write instead of an entry that names nothing: the nearest
    /// practices for what looks like one, else the nearest codes.
    fn entry_help(&self, ds: &Dataset, reference: &str, id: &str, budget: &mut usize) -> String {
        let practice = practice_key(id);
        if practice.is_none() && !looks_like_practice(id) {
            let suggestions = self.suggest_entry(ds, reference, budget);
            return if suggestions.is_empty() {
                "fix the code: an entry names a standard, a cluster or a domain".to_string()
            } else {
                format!("did you mean {}?", suggestions.join(", "))
            };
        }
        let mut known: Vec<&str> = ds.practices.iter().map(|p| p.id.as_str()).collect();
        known.sort_unstable();
        known.dedup();
        if known.is_empty() {
            return "the loaded data defines no practice standards: load the framework that has them, or remove the entry"
                .to_string();
        }
        let want = practice.unwrap_or_else(|| id.to_ascii_uppercase());
        let best = known.iter().map(|k| strsim::levenshtein(&want, k)).min().unwrap_or(0);
        let near: Vec<&str> = known.iter().copied().filter(|k| strsim::levenshtein(&want, k) == best).take(3).collect();
        format!("did you mean {}? The practices are {}", near.join(", "), known.join(", "))
    }

    /// Up to three known standard, cluster or domain ids nearest to `reference`, within `budget` comparisons.
    fn suggest_entry(&self, ds: &Dataset, reference: &str, budget: &mut usize) -> Vec<String> {
        // Names are made only for the few candidates near enough.
        let group_keys: Vec<(String, &str, u16)> = self
            .groups
            .iter()
            .flat_map(|groups| groups.iter())
            .flat_map(|(id, fws)| fws.iter().map(move |(f, _)| (alias::canonical(id), id.as_str(), *f)))
            .collect();
        let standards = self.keys.iter().enumerate().map(|(n, k)| (k.as_str(), Err(n as NodeId)));
        let groups = group_keys.iter().map(|(k, id, f)| (k.as_str(), Ok((*id, *f))));
        let scored = super::nearest(reference, standards.chain(groups), budget)
            .into_iter()
            .map(|(d, c)| {
                let name = match c {
                    Err(n) => self.name(ds, n),
                    Ok((id, _)) if self.frameworks.len() == 1 => id.to_string(),
                    Ok((id, f)) => format!("{}:{id}", self.frameworks[f as usize]),
                };
                (d, name)
            })
            .collect();
        super::best_three(scored)
    }
}

/// The key of a practice standard in the spellings people use (`MP3`,
/// `MP.3`, `SMP 3`, `CCSS.Math.Practice.MP3`), or `None` when `text` is not one.
pub fn practice_key(text: &str) -> Option<String> {
    let upper = text.trim().to_ascii_uppercase();
    let rest = upper.strip_prefix("CCSS.MATH.PRACTICE.").unwrap_or(&upper);
    let squeezed: String = rest.chars().filter(|c| !matches!(c, '.' | ' ' | '-' | '_')).collect();
    let digits = squeezed.strip_prefix("SMP").or_else(|| squeezed.strip_prefix("MP"))?;
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("MP{}", digits.trim_start_matches('0')))
}

/// Whether `text` was meant as a practice standard, even a misspelt one.
fn looks_like_practice(text: &str) -> bool {
    let upper = text.trim().to_ascii_uppercase();
    upper.starts_with("CCSS.MATH.PRACTICE") || upper.starts_with("MP") || upper.starts_with("SMP")
}
