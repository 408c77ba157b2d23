//! What a CASE item's code tells when the item tells nothing else: the
//! grade, for the code patterns whose grade is unambiguous, and an id for
//! items that have no code at all.
//!
//! Codes are compared in the canonical form of [`canonical`] (upper case, a
//! `CCSS.Math.Content.` prefix dropped, `N-RN` and `HSN.RN` read as `HSN-RN`).
//! Three patterns give a grade:
//!
//! - CCSS-M, kindergarten to grade 8: `GRADE.DOMAIN.…NUMBER`, the grade `K`
//!   or `1`-`8`, the domain one of the CCSS-M's (`CC`, `OA`, `NBT`, `NF`,
//!   `MD`, `G`, `RP`, `NS`, `EE`, `F`, `SP`), at least three parts, the last
//!   starting with a digit: `3.NF.A.1`, `K.CC.A.1`, `4.NF.3a`, `6.RP.A.3.d`.
//! - CCSS-M, high school: `HS`, a conceptual category and one of its
//!   domains (`HSN-RN`, `HSA-SSE`, `HSF-IF`, `HSG-CO`, `HSS-ID`, ... as the
//!   CCSS-M names them), then parts, the last starting with a digit:
//!   `HSA-SSE.A.1`, `A-SSE.1`, `HSF.IF.C.7a`. The grade is HS.
//! - State codes: `M`, `MA` or `MATH`, the grade (`K`, `KG`, `1`-`8`; `9`-`12`
//!   or `912` for high school), a part of letters only (the domain), then
//!   parts, the last starting with a digit: `M.3.NF.1`, `MA.3.NF.1`,
//!   `MA.912.AR.1.1`.
//!
//! Anything else gives no grade: an outline number such as `1.A.1` could
//! be a grade or a section, so it is not guessed.

use crate::formats::hierarchy::slug;
use crate::graph::alias::canonical;
use crate::model::Grade;

/// The CCSS-M domains of kindergarten to grade 8.
const K8_DOMAINS: [&str; 11] = ["CC", "OA", "NBT", "NF", "MD", "G", "RP", "NS", "EE", "F", "SP"];

/// The CCSS-M high-school domains, each after its conceptual category.
const HS_DOMAINS: [&str; 22] = [
    "N-RN", "N-Q", "N-CN", "N-VM", "A-SSE", "A-APR", "A-CED", "A-REI", "F-IF", "F-BF", "F-LE", "F-TF", "G-CO", "G-SRT",
    "G-C", "G-GPE", "G-GMD", "G-MG", "S-ID", "S-IC", "S-CP", "S-MD",
];

/// The subject prefixes of state codes.
const STATE_PREFIXES: [&str; 3] = ["M", "MA", "MATH"];

/// The grade a code states unambiguously, by the patterns of the module doc.
pub(super) fn grade_of_code(code: &str) -> Option<Grade> {
    let key = canonical(code);
    let parts: Vec<&str> = key.split('.').collect();
    let last_is_number = parts.last().is_some_and(|p| p.starts_with(|c: char| c.is_ascii_digit()));
    if parts.len() < 2 || !last_is_number {
        return None;
    }
    if parts.len() >= 3
        && K8_DOMAINS.contains(&parts[1])
        && let Some(g @ (Grade::K | Grade::Num(1..=8))) = Grade::parse(parts[0])
    {
        return Some(g);
    }
    if parts[0].strip_prefix("HS").is_some_and(|d| HS_DOMAINS.contains(&d)) {
        return Some(Grade::HighSchool);
    }
    if parts.len() >= 4 && STATE_PREFIXES.contains(&parts[0]) && parts[2].bytes().all(|b| b.is_ascii_alphabetic()) {
        return match parts[1] {
            "K" | "KG" => Some(Grade::K),
            "912" => Some(Grade::HighSchool),
            g => match Grade::parse(g) {
                Some(n @ Grade::Num(1..=8)) => Some(n),
                Some(Grade::Num(9..=12)) => Some(Grade::HighSchool),
                _ => None,
            },
        };
    }
    None
}

/// The id of an item without a code: its abbreviatedStatement's words in
/// lower case joined by `-` (`Plane Figures` -> `plane-figures`), else its
/// identifier, of a URI the part after the last `/` or `:`, so that the id
/// holds no `:` (which would read as `framework:code`).
pub(super) fn id_without_code(abbreviated: Option<&str>, identifier: &str) -> String {
    let from_statement = abbreviated.map(slug).filter(|s| !s.is_empty());
    from_statement.unwrap_or_else(|| {
        let tail = identifier.rsplit(['/', ':']).find(|s| !s.is_empty()).unwrap_or(identifier);
        tail.to_string()
    })
}

/// Makes the derived ids unique: a derived id that another item's code or an
/// earlier derived id already holds gets `-2`, `-3`, ... (the first free one),
/// in file order, so that the same file always gives the same ids.
pub(super) fn unique_ids(ids: &mut [(String, bool)]) {
    let mut taken: std::collections::HashSet<String> =
        ids.iter().filter(|(_, derived)| !derived).map(|(id, _)| id.clone()).collect();
    for (id, derived) in ids.iter_mut() {
        if !*derived {
            continue;
        }
        let mut candidate = id.clone();
        let mut n = 1;
        while taken.contains(&candidate) {
            n += 1;
            candidate = format!("{id}-{n}");
        }
        taken.insert(candidate.clone());
        *id = candidate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_of_the_documented_patterns_only() {
        let g = |c: &str| grade_of_code(c).map(Grade::as_str);
        for (code, grade) in [
            ("3.NF.A.1", "3"),
            ("K.CC.A.1", "K"),
            ("4.NF.3a", "4"),
            ("6.RP.A.3.d", "6"),
            ("CCSS.Math.Content.7.RP.A.1", "7"),
            ("8.G.B.6", "8"),
            ("HSA-SSE.A.1", "HS"),
            ("A-SSE.1", "HS"),
            ("HSF.IF.C.7a", "HS"),
            ("CCSS.Math.Content.HSN-RN.A.1", "HS"),
            ("M.3.NF.1", "3"),
            ("MA.3.NF.1", "3"),
            ("MA.K.NSO.1.1", "K"),
            ("MA.912.AR.1.1", "HS"),
            ("MATH.10.A.1", "HS"),
        ] {
            assert_eq!(g(code), Some(grade), "{code}");
        }
        for code in [
            "1.A.1",
            "9.NF.1",
            "3.NF",
            "3.NF.A",
            "HSA-XYZ.1",
            "X-SSE.1",
            "M.3.1.1",
            "MA.13.NF.1",
            "MA.K12.MTR.1.1",
            "H.A.MATH.GM.PF.2DFP.L1.1",
            "SNT.1",
            "TS.3.NF.1",
            "",
        ] {
            assert_eq!(g(code), None, "{code}");
        }
    }

    #[test]
    fn ids_without_a_code_are_unique_and_hold_no_colon() {
        assert_eq!(id_without_code(Some("Plane Figures"), "x"), "plane-figures");
        assert_eq!(id_without_code(Some("  "), "urn:uuid:1234"), "1234");
        assert_eq!(id_without_code(None, "https://example.org/items/d/"), "d");
        assert_eq!(
            id_without_code(None, "00000000-0000-0000-0000-000000000001"),
            "00000000-0000-0000-0000-000000000001"
        );
        let mut ids: Vec<(String, bool)> =
            [("level-1", true), ("level-1", false), ("level-1", true), ("level-1-2", true)]
                .iter()
                .map(|(s, d)| (s.to_string(), *d))
                .collect();
        unique_ids(&mut ids);
        let got: Vec<&str> = ids.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(got, ["level-1-2", "level-1", "level-1-3", "level-1-2-2"]);
    }
}
