//! Goals a district sets itself, and how it stands on them: a goals file
//! (TOML, one `[[goal]]` table each) read into [`Goal`]s, checked against
//! the data's scopes, then judged on a run's figures, with a baseline for
//! the pace of progress. Pure: the file's text comes from `load`.
//!
//! ```toml
//! [[goal]]
//! scope = "es-*"              # a scope id, or a pattern with * and ?
//! over = "median"             # optional: "median" or "every" school under the scopes
//! rate = "priority_coverage"  # a scorecard rate, or a count C1..C5
//! at_least = 0.8              # or at_most
//! by = 2027-06-01             # optional
//! ```

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::advice::Measure;
use crate::history::{Date, Figures, Snapshot};
use crate::load::LoadError;

/// What a goal measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A scorecard rate, in [0, 1].
    Rate(Measure),
    /// A check's count (C3: its pairs).
    Count(u8),
}

impl Target {
    /// Its name in a goals file.
    pub fn name(self) -> String {
        match self {
            Target::Rate(m) => m.key().to_string(),
            Target::Count(c) => format!("C{c}"),
        }
    }

    /// Its words in a report.
    pub fn title(self) -> String {
        match self {
            Target::Rate(m) => m.title().to_string(),
            Target::Count(3) => "C3 pairs".to_string(),
            Target::Count(c) => format!("C{c} count"),
        }
    }

    /// Its value in a scope's figures; none when a rate has nothing to measure.
    pub fn value(self, f: &Figures) -> Option<f64> {
        match self {
            Target::Rate(m) => f.rates[m as usize].value(),
            Target::Count(c) => Some(f.rates[usize::from(c) - 1].count as f64),
        }
    }
}

/// Which side of the figure a goal wants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// The value should reach at least this.
    AtLeast(f64),
    /// The value should stay at most this.
    AtMost(f64),
}

impl Bound {
    /// Whether `v` satisfies the bound.
    pub fn holds(self, v: f64) -> bool {
        // A rate of exactly 0.8 meets 0.8, whatever the last bit of the division.
        const EPS: f64 = 1e-9;
        match self {
            Bound::AtLeast(t) => v >= t - EPS,
            Bound::AtMost(t) => v <= t + EPS,
        }
    }

    /// The target value.
    pub fn target(self) -> f64 {
        match self {
            Bound::AtLeast(t) | Bound::AtMost(t) => t,
        }
    }
}

/// Over what a goal is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Over {
    /// Each matched scope on its own plan: every one must meet it.
    Each,
    /// The median of the schools under the matched scopes.
    Median,
    /// Every school under the matched scopes.
    Every,
}

/// One goal, checked against the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// 1-based line of its `[[goal]]` table in the goals file.
    pub line: u32,
    /// Its name, when the file gives one.
    pub name: Option<String>,
    /// The scope id or pattern, as written.
    pub scope: String,
    /// How the matched scopes are read.
    pub over: Over,
    /// What it measures.
    pub target: Target,
    /// What it wants.
    pub bound: Bound,
    /// When, if it says.
    pub by: Option<Date>,
    /// The scopes it is judged on (ids, sorted): the matched scopes, or the schools under them.
    pub subjects: Vec<String>,
}

/// A goals file as written: the shape its JSON Schema publishes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "coherence goals", deny_unknown_fields)]
pub struct GoalsFile {
    /// The goals, one `[[goal]]` table each.
    #[serde(default)]
    #[schemars(with = "Vec<RawGoal>")]
    pub goal: Vec<Spanned<RawGoal>>,
}

/// One `[[goal]]` table as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(deny_unknown_fields)]
pub struct RawGoal {
    /// A name for people (optional).
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    /// A scope id, or a pattern over scope ids with `*` (any run of characters) and `?` (one), e.g. `es-*`.
    #[schemars(with = "String")]
    pub scope: Spanned<String>,
    /// `median` or `every`: judge the schools under the matched scopes (the scopes with no scope
    /// under them) by their median, or each of them. Without it each matched scope is judged on its
    /// own plan, and every one must meet the goal.
    #[schemars(with = "Option<OverName>")]
    pub over: Option<Spanned<String>>,
    /// A scorecard rate (`priority_coverage`, `chain_integrity`, `prerequisite_readiness`,
    /// `horizontal_coherence`, `sequencing`), a share from 0 to 1; or a count `C1`..`C5` (`C3`: its pairs).
    #[schemars(with = "RateName")]
    pub rate: Spanned<String>,
    /// The value should reach at least this (give this or `at_most`).
    #[schemars(with = "Option<f64>")]
    pub at_least: Option<Spanned<f64>>,
    /// The value should stay at most this (give this or `at_least`).
    #[schemars(with = "Option<f64>")]
    pub at_most: Option<Spanned<f64>>,
    /// The date to meet it by: a TOML date (`2027-06-01`) or a string of one.
    #[schemars(with = "Option<DateText>")]
    pub by: Option<Spanned<toml::Value>>,
}

/// The names `over` takes.
#[derive(JsonSchema)]
#[allow(dead_code)]
#[schemars(rename_all = "lowercase")]
enum OverName {
    Median,
    Every,
}

/// The names `rate` takes.
#[derive(JsonSchema)]
#[allow(dead_code, non_camel_case_types, clippy::upper_case_acronyms)]
enum RateName {
    priority_coverage,
    chain_integrity,
    prerequisite_readiness,
    horizontal_coherence,
    sequencing,
    C1,
    C2,
    C3,
    C4,
    C5,
}

/// A date, `YYYY-MM-DD`.
#[derive(JsonSchema)]
#[schemars(transparent)]
#[allow(dead_code)]
struct DateText(#[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))] String);

/// The JSON Schema of goals files (editors with TOML support read it).
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(GoalsFile)
}

/// The names `rate` takes, for messages.
fn rate_names() -> Vec<String> {
    Measure::ALL.iter().map(|m| m.key().to_string()).chain((1..=5).map(|c| format!("C{c}"))).collect()
}

/// Scope ids and the scope each has over it, as the data gives them.
pub struct Scopes<'a> {
    /// Every scope id, sorted.
    pub ids: Vec<&'a str>,
    /// The scopes under each scope.
    pub children: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Scopes<'a> {
    /// From (id, parent) pairs.
    pub fn new(pairs: impl Iterator<Item = (&'a str, Option<&'a str>)>) -> Scopes<'a> {
        let mut ids = Vec::new();
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        for (id, parent) in pairs {
            ids.push(id);
            if let Some(p) = parent {
                children.entry(p).or_default().push(id);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Scopes { ids, children }
    }

    /// The schools under `id` (scopes with none under them), or `id` itself
    /// when it has none. Walks without recursion; a scope met twice counts once.
    fn schools(&self, id: &'a str, out: &mut Vec<&'a str>) {
        let mut stack = vec![id];
        let mut seen = std::collections::HashSet::new();
        while let Some(s) = stack.pop() {
            if !seen.insert(s) {
                continue;
            }
            match self.children.get(s) {
                Some(kids) if !kids.is_empty() => stack.extend(kids.iter().copied()),
                _ => out.push(s),
            }
        }
    }
}

/// Whether `id` matches `pattern` (`*` any run, `?` one character).
/// Time: O(|pattern| · |id|), no recursion.
pub fn matches(pattern: &str, id: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = id.chars().collect();
    let (mut i, mut j) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while j < s.len() {
        if i < p.len() && (p[i] == '?' || p[i] == s[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(st) = star {
            i = st + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    while i < p.len() && p[i] == '*' {
        i += 1;
    }
    i == p.len()
}

/// 1-based line of byte `at` in `text`.
fn line_of(text: &str, at: usize) -> u32 {
    text.as_bytes()[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// The three names nearest to `want` (edit distance, then name).
fn nearest<'n>(want: &str, names: impl Iterator<Item = &'n str>) -> Vec<&'n str> {
    let want = want.to_lowercase();
    let mut near: Vec<(usize, &str)> = names.map(|n| (strsim::levenshtein(&want, &n.to_lowercase()), n)).collect();
    near.sort_unstable();
    near.into_iter().take(3).map(|(_, n)| n).collect()
}

/// Reads a goals file's text and checks it against the data's scopes.
///
/// # Errors
/// The first problem, as a [`LoadError`] (exit 2) with the file, its line
/// and column, and the nearest valid names: TOML that does not parse, an
/// unknown key or rate, a scope or pattern that names no scope, a date that
/// is not a date, a bound missing or given twice, a rate bound outside 0..1.
// Whole on purpose: one walk over the TOML tables in file order, every check sharing the span-to-line closure and stopping at the first problem.
pub fn parse(file: &str, text: &str, scopes: &Scopes) -> Result<Vec<Goal>, LoadError> {
    let at = |span: Range<usize>, message: String, help: String| {
        let line = line_of(text, span.start);
        let column = text[..span.start.min(text.len())].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        LoadError::new(file, message, help).at(line, Some(column as u32))
    };
    let raw: GoalsFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        let help =
            "write one [[goal]] table per goal with scope, rate, and at_least or at_most (see `coherence schema`)";
        match e.span() {
            Some(span) => at(span, message, help.to_string()),
            None => LoadError::new(file, message, help),
        }
    })?;
    if raw.goal.is_empty() {
        return Err(LoadError::new(
            file,
            "no goal in the file",
            "add a [[goal]] table with scope, rate, and at_least or at_most",
        ));
    }
    let mut goals = Vec::with_capacity(raw.goal.len());
    for g in &raw.goal {
        let table = g.get_ref();
        let line = line_of(text, g.span().start);
        let rate = table.rate.get_ref().trim();
        let target = if let Some(m) = Measure::ALL.iter().find(|m| m.key().eq_ignore_ascii_case(rate)) {
            Target::Rate(*m)
        } else if let Some(c) =
            rate.strip_prefix(['C', 'c']).and_then(|d| d.parse::<u8>().ok()).filter(|c| (1..=5).contains(c))
        {
            Target::Count(c)
        } else {
            let names = rate_names();
            let near = nearest(rate, names.iter().map(String::as_str));
            return Err(at(
                table.rate.span(),
                format!("unknown rate {rate:?}"),
                format!("the nearest rates are {}; every name: {}", near.join(", "), names.join(", ")),
            ));
        };
        let bound = match (&table.at_least, &table.at_most) {
            (Some(v), None) => (Bound::AtLeast(*v.get_ref()), v.span()),
            (None, Some(v)) => (Bound::AtMost(*v.get_ref()), v.span()),
            (Some(_), Some(v)) => {
                return Err(at(
                    v.span(),
                    "both at_least and at_most".into(),
                    "give one bound per goal; write two goals for a range".into(),
                ));
            }
            (None, None) => {
                return Err(at(
                    g.span(),
                    "a goal without at_least or at_most".into(),
                    "add at_least = 0.8 (a rate) or at_most = 0 (a count)".into(),
                ));
            }
        };
        let (bound, bound_span) = bound;
        if !bound.target().is_finite() || (matches!(target, Target::Rate(_)) && !(0.0..=1.0).contains(&bound.target()))
        {
            return Err(at(
                bound_span,
                format!("{} is not a share from 0 to 1", bound.target()),
                "rates are shares: write 0.8 for 80%".into(),
            ));
        }
        if matches!(target, Target::Count(_)) && bound.target() < 0.0 {
            return Err(at(
                bound_span,
                format!("{} is below 0, and a count never is", bound.target()),
                "write a count of 0 or more".into(),
            ));
        }
        let by = match &table.by {
            None => None,
            Some(v) => {
                let text_of = match v.get_ref() {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Datetime(d) => d.to_string(),
                    other => format!("a {}", other.type_str()),
                };
                Some(Date::parse(&text_of).ok_or_else(|| {
                    at(
                        v.span(),
                        format!("{text_of:?} is not a date"),
                        "write a date as 2027-06-01 (year, month, day)".into(),
                    )
                })?)
            }
        };
        let over = match table.over.as_ref().map(|o| (o.get_ref().trim().to_lowercase(), o.span())) {
            None => Over::Each,
            Some((o, _)) if o == "median" => Over::Median,
            Some((o, _)) if o == "every" => Over::Every,
            Some((o, span)) => {
                return Err(at(
                    span,
                    format!("over = {o:?} is neither \"median\" nor \"every\""),
                    "write over = \"median\" or over = \"every\", or leave it out to judge each scope on its own plan"
                        .into(),
                ));
            }
        };
        let pattern = table.scope.get_ref().trim().to_string();
        let matched: Vec<&str> = scopes.ids.iter().copied().filter(|id| matches(&pattern, id)).collect();
        if matched.is_empty() {
            // For a pattern, the patterns of the ids' prefixes (`es-*`) are offered too.
            let prefixes: std::collections::BTreeSet<String> = if pattern.contains(['*', '?']) {
                scopes.ids.iter().filter_map(|id| id.split_once('-').map(|(p, _)| format!("{p}-*"))).collect()
            } else {
                Default::default()
            };
            let near = nearest(&pattern, scopes.ids.iter().copied().chain(prefixes.iter().map(String::as_str)));
            let what = if pattern.contains(['*', '?']) { "matches no scope" } else { "is not a scope" };
            return Err(at(
                table.scope.span(),
                format!("scope {pattern:?} {what} of the data"),
                if near.is_empty() {
                    "the data holds no scope".to_string()
                } else if pattern.contains(['*', '?']) {
                    format!("the nearest scope ids and patterns are {}", near.join(", "))
                } else {
                    format!("the nearest scope ids are {}", near.join(", "))
                },
            ));
        }
        let mut subjects: Vec<&str> = Vec::new();
        match over {
            Over::Each => subjects = matched,
            Over::Median | Over::Every => {
                for id in matched {
                    scopes.schools(id, &mut subjects);
                }
            }
        }
        subjects.sort_unstable();
        subjects.dedup();
        goals.push(Goal {
            line,
            name: table.name.as_ref().map(|n| n.get_ref().clone()),
            scope: pattern,
            over,
            target,
            bound,
            by,
            subjects: subjects.into_iter().map(str::to_string).collect(),
        });
    }
    Ok(goals)
}

/// Where a goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// The figure meets it now.
    Met,
    /// Not yet, but the pace since the baseline meets it by its date.
    OnTrack,
    /// Not yet, and no pace (or too slow a pace) to meet it by its date.
    AtRisk,
    /// Its date has come without it (or, undated, it is not met).
    Missed,
}

impl Status {
    /// Its words.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::OnTrack => "on track",
            Status::AtRisk => "at risk",
            Status::Missed => "missed",
        }
    }
}

/// How one subject (a scope, or the median of schools) stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The scope id, or `median of N schools`.
    pub subject: String,
    /// Its value now; none when there is nothing to measure.
    pub now: Option<f64>,
    /// Its value in the baseline.
    pub then: Option<f64>,
    /// At the pace since the baseline, its value at the goal's date.
    pub projected: Option<f64>,
    /// The verdict.
    pub status: Status,
    /// Why, in words.
    pub reason: String,
}

/// A goal's verdict: the worst of its subjects.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The verdict.
    pub status: Status,
    /// The subjects, worst first; subjects with nothing to measure last, as n/a.
    pub standings: Vec<Standing>,
    /// Subjects with nothing to measure (left out of the verdict).
    pub unmeasured: Vec<String>,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Judges one value against a goal at `as_of`, with the baseline's value and date.
fn judge(goal: &Goal, now: f64, then: Option<(f64, Option<Date>)>, as_of: Date) -> (Status, Option<f64>, String) {
    let show = |v: f64| show_value(goal.target, v);
    if goal.bound.holds(now) {
        return (Status::Met, None, format!("{} now", show(now)));
    }
    let Some(by) = goal.by else {
        return (Status::Missed, None, format!("{} now; not met, and a goal without a date is judged now", show(now)));
    };
    if as_of >= by {
        return (Status::Missed, None, format!("{} on {as_of}; the goal was due {by}", show(now)));
    }
    let Some((then, Some(since))) = then else {
        let why = match then {
            None => "no baseline to measure progress from: pass --baseline with a dated report",
            Some(_) => "the baseline has no date: save it with `gaps --as-of DATE`",
        };
        return (Status::AtRisk, None, format!("{} now, {} days to go; {why}", show(now), by.0 - as_of.0));
    };
    if since >= as_of {
        return (
            Status::AtRisk,
            None,
            format!("{} now; the baseline ({since}) is not earlier than {as_of}", show(now)),
        );
    }
    let pace = (now - then) / (as_of.0 - since.0) as f64;
    let projected = now + pace * (by.0 - as_of.0) as f64;
    let per_month = |p: f64| match goal.target {
        Target::Rate(_) => format!("{:+.1} pts a month", p * 100.0 * 30.44),
        Target::Count(_) => format!("{:+.1} a month", p * 30.44),
    };
    let words = format!(
        "{} now, {} at {since}: {}; at this pace {} by {by}",
        show(now),
        show(then),
        per_month(pace),
        show(projected)
    );
    if goal.bound.holds(projected) {
        (Status::OnTrack, Some(projected), words)
    } else {
        (Status::AtRisk, Some(projected), words)
    }
}

/// A value as a report shows it: rates as percentages (one decimal), counts whole.
pub fn show_value(target: Target, v: f64) -> String {
    match target {
        Target::Rate(_) => {
            let p = v * 100.0;
            if (p - p.round()).abs() < 0.05 { format!("{}%", p.round() as i64) } else { format!("{p:.1}%") }
        }
        Target::Count(_) => {
            if (v - v.round()).abs() < 1e-9 {
                format!("{}", v.round() as i64)
            } else {
                format!("{v:.1}")
            }
        }
    }
}

/// Judges a goal on this run's figures (`now`), with an earlier dated
/// report's (`then`) for the pace, at `as_of`.
///
/// Time: O(k log k) for k subjects.
pub fn evaluate(goal: &Goal, now: &BTreeMap<String, Figures>, then: Option<&Snapshot>, as_of: Date) -> Outcome {
    let value = |figs: &BTreeMap<String, Figures>, id: &str| figs.get(id).and_then(|f| goal.target.value(f));
    let then_of = |id: &str| then.and_then(|t| value(&t.scopes, id).map(|v| (v, t.as_of)));
    let mut unmeasured = Vec::new();
    let mut standings = Vec::new();
    match goal.over {
        Over::Median => {
            let values: Vec<f64> = goal.subjects.iter().filter_map(|s| value(now, s)).collect();
            let measured = values.len();
            unmeasured = goal.subjects.iter().filter(|s| value(now, s).is_none()).cloned().collect();
            if let Some(m) = median(values) {
                let then_median = then.and_then(|t| {
                    median(goal.subjects.iter().filter_map(|s| value(&t.scopes, s)).collect()).map(|v| (v, t.as_of))
                });
                let (status, projected, reason) = judge(goal, m, then_median, as_of);
                standings.push(Standing {
                    subject: format!("median of {measured} school{}", if measured == 1 { "" } else { "s" }),
                    now: Some(m),
                    then: then_median.map(|t| t.0),
                    projected,
                    status,
                    reason,
                });
            }
        }
        Over::Each | Over::Every => {
            for s in &goal.subjects {
                match value(now, s) {
                    None => unmeasured.push(s.clone()),
                    Some(v) => {
                        let t = then_of(s);
                        let (status, projected, reason) = judge(goal, v, t, as_of);
                        standings.push(Standing {
                            subject: s.clone(),
                            now: Some(v),
                            then: t.map(|t| t.0),
                            projected,
                            status,
                            reason,
                        });
                    }
                }
            }
        }
    }
    // Worst first: by verdict, then the value furthest from the target, then the id.
    let gap = |s: &Standing| {
        let v = s.now.unwrap_or(0.0);
        match goal.bound {
            Bound::AtLeast(_) => v,
            Bound::AtMost(_) => -v,
        }
    };
    standings.sort_by(|a, b| {
        b.status.cmp(&a.status).then(gap(a).total_cmp(&gap(b))).then_with(|| a.subject.cmp(&b.subject))
    });
    let status = match standings.first() {
        Some(s) => s.status,
        // Nothing measurable: no figure can say the goal is met.
        None => Status::AtRisk,
    };
    Outcome { status, standings, unmeasured }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn patterns_match_as_shells_do() {
        assert!(matches("es-*", "es-alder"));
        assert!(matches("es-*", "es-"));
        assert!(!matches("es-*", "ms-cedar"));
        assert!(matches("*", ""));
        assert!(matches("?s-*r", "es-alder"));
        assert!(matches("a*b*c", "aXXbYYc"));
        assert!(!matches("a*b*c", "aXXbYY"));
        assert!(matches("riverbend", "riverbend"));
        assert!(!matches("riverbend", "riverbend2"));
        // A long run of stars does not take exponential time.
        let long = "a".repeat(5000);
        assert!(!matches(&format!("{}b", "*a".repeat(200)), &long));
    }
}
