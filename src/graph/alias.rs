//! Spelling variants of standard codes, as users' spreadsheets write them.
//!
//! `4.NF.B.3a` = `4.NF.B.3.a` = `CCSS.Math.Content.4.NF.B.3a` =
//! `CCSS.MATH.CONTENT.4.NF.B.3.A` = `4.NF.3a` (no cluster letter);
//! `HSN-RN.A.1` = `N-RN.A.1` = `HSN.RN.A.1`. Each code is reduced to a
//! canonical key; a variant resolves when its key belongs to exactly one
//! standard. An exact id always wins before any of this is tried.
//! The HTML map's search (`src/report/map.html`) mirrors [`canonical`] and
//! [`without_cluster`] in JavaScript; a change here belongs there too, and
//! its browser test tries the spellings above.

/// The canonical key of a code: upper case, no `CCSS.Math.Content.` prefix,
/// high-school codes as `HSN-RN...`, a sub-standard letter joined to its number.
pub fn canonical(code: &str) -> String {
    let mut s = code.trim().to_ascii_uppercase();
    for prefix in ["CCSS.MATH.CONTENT.", "CCSS.MATH.", "CCSSM."] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
            break;
        }
    }
    let b = s.as_bytes();
    // `N-RN.A.1` -> `HSN-RN.A.1`
    if b.len() > 2 && b"NAFGSM".contains(&b[0]) && b[1] == b'-' {
        s.insert_str(0, "HS");
    } else if b.len() > 4 && s.starts_with("HS") && b"NAFGSM".contains(&b[2]) && b[3] == b'.' {
        // `HSN.RN.A.1` -> `HSN-RN.A.1`
        s.replace_range(3..4, "-");
    }
    // `4.NF.B.3.A` -> `4.NF.B.3A`
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() >= 3 {
        let last = parts[parts.len() - 1];
        let before = parts[parts.len() - 2];
        if last.len() == 1
            && last.as_bytes()[0].is_ascii_alphabetic()
            && !before.is_empty()
            && before.bytes().all(|c| c.is_ascii_digit())
        {
            let mut joined = parts[..parts.len() - 1].join(".");
            joined.push_str(last);
            return joined;
        }
    }
    s
}

/// The key of a code written without its cluster letter (`4.NF.B.3A` -> `4.NF.3A`),
/// when the code has one.
pub fn without_cluster(canonical: &str) -> Option<String> {
    let parts: Vec<&str> = canonical.split('.').collect();
    // grade.domain.cluster.number: the cluster is one letter before the number.
    if parts.len() == 4 && parts[2].len() == 1 && parts[2].as_bytes()[0].is_ascii_alphabetic() {
        return Some(format!("{}.{}.{}", parts[0], parts[1], parts[3]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_share_a_key() {
        let k = canonical("4.NF.B.3a");
        for v in ["4.NF.B.3.a", "CCSS.Math.Content.4.NF.B.3a", "CCSS.MATH.CONTENT.4.NF.B.3.A", " 4.nf.b.3a "] {
            assert_eq!(canonical(v), k, "{v}");
        }
        assert_eq!(without_cluster(&k).as_deref(), Some("4.NF.3A"));
        assert_eq!(canonical("4.NF.3a"), "4.NF.3A");
        let h = canonical("HSN-RN.A.1");
        assert_eq!(canonical("N-RN.A.1"), h);
        assert_eq!(canonical("HSN.RN.A.1"), h);
        assert_eq!(canonical("CCSS.Math.Content.HSN-RN.A.1"), h);
    }

    #[test]
    fn whole_numbers_are_not_letters() {
        assert_eq!(canonical("4.NF.B.3"), "4.NF.B.3");
        assert_eq!(without_cluster("4.NF.B.3").as_deref(), Some("4.NF.3"));
        assert_eq!(without_cluster("HSN-RN.A.1").as_deref(), None);
    }
}
