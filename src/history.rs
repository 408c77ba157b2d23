//! The figures of a run kept for later: dates, and snapshots of the gap
//! report (each scope's rates and counts, and which findings it had), read
//! back from a saved `gaps --format json` report or made from a live run.
//! Baselines, goals and progress compare snapshots; nothing in a saved
//! report is trusted for the current run's data, only its figures.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

use crate::Gaps;
use crate::advice::{self, Measure, Rate};
use crate::checks::plan::Gap;
use crate::finding::printable;
use crate::load::LoadError;

/// The version of the JSON report's shape; a report of a newer version is refused.
pub const REPORT_VERSION: u64 = 1;

/// A calendar day, as days since 1970-01-01 (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i64);

impl Date {
    /// Reads `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let y: i64 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) || !(1000..=9999).contains(&y) {
            return None;
        }
        Some(Date(days_from_civil(y, m, d)))
    }

    /// Today, by the system clock (UTC).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        Date(secs.div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// One scope's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    /// Standards in scope its PD addresses.
    pub taught: u64,
    /// The five rates, in [`Measure::ALL`] order.
    pub rates: [Rate; 5],
}

/// What makes a finding the same finding in two runs: its check, its scope,
/// and the standards it is about (C5: both ends of the edge; the others:
/// the standard it is filed under), whatever the order of the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FindingKey {
    /// Scope id (first, so that a sorted set groups a scope's findings).
    pub scope: String,
    /// `C1`..`C5`.
    pub code: String,
    /// The standards, as the report names them.
    pub standards: Vec<String>,
}

/// A run's figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    /// Where it was read, or `this run`.
    pub source: String,
    /// The date it was taken for, when the report records one.
    pub as_of: Option<Date>,
    /// The grade window of C3.
    pub window: i8,
    /// Each scope's figures, by scope id.
    pub scopes: BTreeMap<String, Figures>,
    /// Each scope's parent, where it has one (from the scorecard's `parent`).
    pub parents: BTreeMap<String, String>,
    /// Each scope's name, where it has one.
    pub names: BTreeMap<String, String>,
    /// Its findings, when the report has them (not a summary or a scorecard alone).
    pub findings: Option<BTreeSet<FindingKey>>,
}

impl Snapshot {
    /// The figures of a live run, with its findings when `findings` (they
    /// were collected).
    pub fn of_run(run: &Gaps, as_of: Option<Date>, findings: bool) -> Snapshot {
        let ds = &run.validation.dataset;
        let g = &run.validation.graph;
        let id = |s: u32| ds.scopes[g.scopes[s as usize].scope].id.clone();
        let scopes = run
            .scopes
            .iter()
            .map(|sg| (id(sg.scope), Figures { taught: sg.counts.base.taught, rates: advice::rates(&sg.counts) }))
            .collect();
        let findings = findings.then(|| {
            run.scopes
                .iter()
                .flat_map(|sg| sg.gaps.iter().map(move |gap| (sg.scope, gap)))
                .map(|(s, gap)| key_of(run, &id(s), gap))
                .collect()
        });
        let (mut parents, mut names) = (BTreeMap::new(), BTreeMap::new());
        for sg in &run.scopes {
            let sc = &ds.scopes[g.scopes[sg.scope as usize].scope];
            if let Some(p) = &sc.parent {
                parents.insert(sc.id.clone(), p.clone());
            }
            if let Some(n) = &sc.name {
                names.insert(sc.id.clone(), n.clone());
            }
        }
        Snapshot { source: "this run".to_string(), as_of, window: run.index.window, scopes, parents, names, findings }
    }

    /// Reads the text of a saved `gaps --format json` report (or
    /// `--scorecard --format json`) named `name`.
    ///
    /// # Errors
    /// A [`LoadError`] (exit 2) naming the file when it is not such a
    /// report, or comes from a newer version of the engine.
    pub fn parse(name: &str, text: &str) -> Result<Snapshot, LoadError> {
        let doc: Value = serde_json::from_str(text).map_err(|e| {
            LoadError::new(
                name,
                format!("not a JSON report: {e}"),
                "give a report saved with `coherence gaps --format json`",
            )
            .at(e.line() as u32, Some(e.column() as u32))
        })?;
        from_report(name, &doc)
    }
}

/// The identity of a live finding.
pub fn key_of(run: &Gaps, scope: &str, gap: &Gap) -> FindingKey {
    let ds = &run.validation.dataset;
    let g = &run.validation.graph;
    let standards = match gap {
        Gap::C5 { u, v, .. } => vec![g.name(ds, *u), g.name(ds, *v)],
        _ => vec![g.name(ds, gap.standard())],
    };
    // Reports show names escaped; a live key is made the same way so that the two meet.
    let standards = standards.into_iter().map(|n| printable(&n).into_owned()).collect();
    FindingKey { code: format!("C{}", gap.check()), scope: scope.to_string(), standards }
}

fn from_report(name: &str, doc: &Value) -> Result<Snapshot, LoadError> {
    let wrong = |why: &str| {
        LoadError::new(
            name,
            format!("not a gap report: {why}"),
            "give a report saved with `coherence gaps --format json`",
        )
    };
    let version = doc.get("version").and_then(Value::as_u64).unwrap_or(1);
    if version > REPORT_VERSION {
        return Err(LoadError::new(
            name,
            format!("a report of version {version}, newer than this engine reads ({REPORT_VERSION})"),
            "read it with the version of coherence that wrote it, or write it again with this one",
        ));
    }
    let as_of = match doc.get("as_of") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_str().and_then(Date::parse).ok_or_else(|| wrong("its as_of is not a date (YYYY-MM-DD)"))?),
    };
    let rows = doc.get("scorecard").and_then(Value::as_array).ok_or_else(|| wrong("it has no scorecard"))?;
    let window =
        doc.pointer("/summary/window").or_else(|| doc.get("window")).and_then(Value::as_i64).unwrap_or(2) as i8;
    let mut scopes = BTreeMap::new();
    let (mut parents, mut names) = (BTreeMap::new(), BTreeMap::new());
    for row in rows {
        let id = row.get("scope").and_then(Value::as_str).ok_or_else(|| wrong("a scorecard row has no scope"))?;
        if let Some(p) = row.get("parent").and_then(Value::as_str) {
            parents.insert(id.to_string(), p.to_string());
        }
        if let Some(n) = row.get("name").and_then(Value::as_str) {
            names.insert(id.to_string(), n.to_string());
        }
        let taught = row.get("taught").and_then(Value::as_u64).unwrap_or(0);
        let mut rates = [Rate::default(); 5];
        for m in Measure::ALL {
            let r = row.pointer(&format!("/rates/{}", m.key())).ok_or_else(|| wrong("a scorecard row lacks a rate"))?;
            let n = |k: &str| r.get(k).and_then(Value::as_u64).unwrap_or(0);
            rates[m as usize] = Rate { count: n("count"), base: n("base") };
        }
        scopes.insert(id.to_string(), Figures { taught, rates });
    }
    let findings = doc.get("findings").and_then(Value::as_array).map(|list| {
        list.iter()
            .filter_map(|f| {
                let code = f.get("code")?.as_str()?.to_string();
                let scope = f.get("scope")?.as_str()?.to_string();
                let standards: Vec<String> = if code == "C5" {
                    f.get("ids")?.as_array()?.iter().take(2).filter_map(|x| x.as_str().map(str::to_string)).collect()
                } else {
                    vec![f.get("standard")?.as_str()?.to_string()]
                };
                Some(FindingKey { code, scope, standards })
            })
            .collect()
    });
    Ok(Snapshot { source: name.to_string(), as_of, window, scopes, parents, names, findings })
}

/// One scope's figures then and now, and the findings closed and opened.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScopeChange {
    /// The baseline's figures; none when the scope is new.
    pub then: Option<Figures>,
    /// This run's figures; none when the scope is gone from the data.
    pub now: Option<Figures>,
    /// Findings of the baseline this run no longer has, sorted.
    pub closed: Vec<FindingKey>,
    /// Findings of this run the baseline did not have, sorted.
    pub opened: Vec<FindingKey>,
}

impl ScopeChange {
    /// The change of a rate, `now - then`; none when either side has nothing to measure.
    pub fn delta(&self, m: Measure) -> Option<f64> {
        let then = self.then?.rates[m as usize].value()?;
        let now = self.now?.rates[m as usize].value()?;
        Some(now - then)
    }
}

/// This run against a baseline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparison {
    /// Where the baseline was read.
    pub source: String,
    /// The baseline's date, when it records one.
    pub as_of: Option<Date>,
    /// Whether both sides have their findings, so that closed and opened mean something.
    pub findings: bool,
    /// Per scope id: the scopes of this run, and the baseline's scopes that
    /// are no longer in the data (`now` none).
    pub scopes: BTreeMap<String, ScopeChange>,
}

impl Comparison {
    /// Scopes of the baseline gone from the data, by id.
    pub fn gone(&self) -> impl Iterator<Item = &str> {
        self.scopes.iter().filter(|(_, c)| c.now.is_none()).map(|(id, _)| id.as_str())
    }
}

/// Compares this run (`now`) with a baseline (`then`). `exists` tells
/// whether a scope id is in this run's data: a baseline scope this run did
/// not check but the data still has (`--scope`) is left out, not called gone.
///
/// Findings are matched by [`FindingKey`], so re-ordered reports compare
/// equal. Time: O((a + b) log(a + b)) for a and b findings and scopes.
pub fn compare(then: &Snapshot, now: &Snapshot, exists: impl Fn(&str) -> bool) -> Comparison {
    let mut scopes: BTreeMap<String, ScopeChange> = BTreeMap::new();
    for (id, f) in &now.scopes {
        scopes.insert(
            id.clone(),
            ScopeChange { then: then.scopes.get(id).copied(), now: Some(*f), ..Default::default() },
        );
    }
    for (id, f) in &then.scopes {
        if !now.scopes.contains_key(id) && !exists(id) {
            scopes.insert(id.clone(), ScopeChange { then: Some(*f), ..Default::default() });
        }
    }
    let findings = match (&then.findings, &now.findings) {
        (Some(a), Some(b)) => {
            for k in a.difference(b) {
                if let Some(c) = scopes.get_mut(&k.scope) {
                    c.closed.push(k.clone());
                }
            }
            for k in b.difference(a) {
                if let Some(c) = scopes.get_mut(&k.scope) {
                    // A scope new since the baseline opens nothing: all of its findings are new.
                    if c.then.is_some() {
                        c.opened.push(k.clone());
                    }
                }
            }
            true
        }
        _ => false,
    };
    Comparison { source: then.source.clone(), as_of: then.as_of, findings, scopes }
}

/// Snapshots in date order: each scope's figures at each date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// The dates, ascending.
    pub dates: Vec<Date>,
    /// Where each snapshot was read, in date order.
    pub sources: Vec<String>,
    /// The grade window they share.
    pub window: i8,
    /// Per scope id, its figures at each date (none where a snapshot lacks it).
    pub scopes: BTreeMap<String, Vec<Option<Figures>>>,
    /// Each scope's parent, the latest snapshot's word first.
    pub parents: BTreeMap<String, String>,
    /// Each scope's name, the latest snapshot's word first.
    pub names: BTreeMap<String, String>,
}

/// Puts snapshots in date order.
///
/// # Errors
/// A [`LoadError`] naming the file (exit 2): a snapshot without a date, two
/// with the same date, or one made with another grade window.
pub fn series(mut snaps: Vec<Snapshot>) -> Result<Series, LoadError> {
    for s in &snaps {
        if s.as_of.is_none() {
            return Err(LoadError::new(
                &s.source,
                "a report without a date",
                "save each report with a date: `coherence gaps --format json --as-of YYYY-MM-DD --out FILE`",
            ));
        }
    }
    snaps.sort_by_key(|s| s.as_of);
    for pair in snaps.windows(2) {
        if pair[0].as_of == pair[1].as_of {
            return Err(LoadError::new(
                &pair[1].source,
                format!("dated {} like {}", pair[1].as_of.map(|d| d.to_string()).unwrap_or_default(), pair[0].source),
                "give one report per date: drop one of the two, or date them apart",
            ));
        }
    }
    let window = snaps.first().map_or(2, |s| s.window);
    if let Some(odd) = snaps.iter().find(|s| s.window != window) {
        return Err(LoadError::new(
            &odd.source,
            format!("made with grade window {}, the others with window {window}", odd.window),
            "compare reports made with the same --window",
        ));
    }
    let n = snaps.len();
    let mut scopes: BTreeMap<String, Vec<Option<Figures>>> = BTreeMap::new();
    let (mut parents, mut names) = (BTreeMap::new(), BTreeMap::new());
    for (i, s) in snaps.iter().enumerate().rev() {
        for (id, f) in &s.scopes {
            scopes.entry(id.clone()).or_insert_with(|| vec![None; n])[i] = Some(*f);
        }
        for (id, p) in &s.parents {
            parents.entry(id.clone()).or_insert_with(|| p.clone());
        }
        for (id, p) in &s.names {
            names.entry(id.clone()).or_insert_with(|| p.clone());
        }
    }
    Ok(Series {
        dates: snaps.iter().filter_map(|s| s.as_of).collect(),
        sources: snaps.iter().map(|s| s.source.clone()).collect(),
        window,
        scopes,
        parents,
        names,
    })
}

/// Per report of a series, the five rates' medians over a scope's schools
/// (none where no school has a value).
pub type Medians = Vec<[Option<f64>; 5]>;

impl Series {
    /// For a scope with scopes under it, the median of its schools (the
    /// scopes under it with none under them) at each date, per rate, and how
    /// many of its schools each report holds; none for a school.
    pub fn school_medians(&self, scope: &str) -> Option<(Vec<usize>, Medians)> {
        let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (id, p) in &self.parents {
            children.entry(p.as_str()).or_default().push(id.as_str());
        }
        children.get(scope)?;
        let mut schools = Vec::new();
        let mut stack = vec![scope];
        let mut seen = BTreeSet::new();
        while let Some(s) = stack.pop() {
            if !seen.insert(s) {
                continue;
            }
            match children.get(s) {
                Some(kids) => stack.extend(kids.iter().copied()),
                None if s != scope => schools.push(s),
                None => {}
            }
        }
        let medians = (0..self.dates.len())
            .map(|i| {
                std::array::from_fn(|m| {
                    let mut v: Vec<f64> = schools
                        .iter()
                        .filter_map(|s| self.scopes.get(*s).and_then(|f| f[i]).and_then(|f| f.rates[m].value()))
                        .collect();
                    v.sort_by(f64::total_cmp);
                    let n = v.len();
                    (n > 0).then(|| if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
                })
            })
            .collect();
        let present = (0..self.dates.len())
            .map(|i| schools.iter().filter(|s| self.scopes.get(**s).is_some_and(|f| f[i].is_some())).count())
            .collect();
        Some((present, medians))
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn dates_round_trip_and_refuse_what_is_not_a_day() {
        for d in ["1970-01-01", "2000-02-29", "2026-12-01", "2027-06-01", "1999-12-31"] {
            assert_eq!(Date::parse(d).unwrap().to_string(), d);
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().0, 1);
        assert_eq!(Date::parse("2027-06-01").unwrap().0 - Date::parse("2026-12-01").unwrap().0, 182);
        for bad in ["2027-02-29", "2026-13-01", "2026-00-10", "tomorrow", "2026-1", ""] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }
}
