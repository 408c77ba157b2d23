//! CSV for people: tables a person opens in a spreadsheet, as opposed to the
//! interchange files of `export`, which programs read.
//!
//! Such a file starts with a UTF-8 byte-order mark, so that Excel reads
//! accented names as UTF-8 rather than in the machine's code page, and a text
//! cell that a spreadsheet would run as a formula is neutralized (OWASP, CSV
//! injection): a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage
//! return gets a leading `'`. Numbers, negative ones included, stay numbers.

use std::borrow::Cow;
use std::io::{self, Write};

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether `text` is a plain decimal number (`12`, `-0.0333`, `1e-5`): what
/// a spreadsheet reads as a number rather than as a formula.
pub fn is_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut n = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// A cell as a spreadsheet should show it: text that would start a formula
/// gets a leading `'`; numbers and other text are left as they are.
pub fn neutral(cell: &str) -> Cow<'_, str> {
    let risky = matches!(cell.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    if risky && !is_number(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// A CSV writer for people: the byte-order mark first, LF line ends, and
/// every cell passed through [`neutral`].
pub struct PeopleCsv<'a> {
    w: csv::Writer<&'a mut dyn Write>,
}

impl<'a> PeopleCsv<'a> {
    /// Starts the file: writes the byte-order mark.
    ///
    /// # Errors
    /// When `out` cannot be written.
    pub fn new(out: &'a mut dyn Write) -> io::Result<PeopleCsv<'a>> {
        out.write_all(BOM)?;
        Ok(PeopleCsv { w: csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out) })
    }

    /// Writes one row.
    ///
    /// # Errors
    /// When the output cannot be written.
    pub fn row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for c in cells {
            self.w.write_field(neutral(c.as_ref()).as_bytes()).map_err(|e| io::Error::other(e.to_string()))?;
        }
        // An empty record after its fields ends the line.
        self.w.write_record(None::<&[u8]>).map_err(|e| io::Error::other(e.to_string()))
    }

    /// Flushes what is buffered.
    ///
    /// # Errors
    /// When the output cannot be written.
    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_and_formulas_are_neutralized() {
        for n in ["0", "12", "-0.0333", "+1", "1e-5", "-2.5E+3", ".5", "3."] {
            assert!(is_number(n), "{n}");
            assert_eq!(neutral(n), n);
        }
        for t in ["", "-", "+", ".", "e5", "1e", "--1", "1-2", "-inf", "NaN", "0x10", " 1"] {
            assert!(!is_number(t), "{t}");
        }
        assert_eq!(neutral("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutral("+A1"), "'+A1");
        assert_eq!(neutral("-1+2"), "'-1+2");
        assert_eq!(neutral("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutral("\tx"), "'\tx");
        assert_eq!(neutral("\rx"), "'\rx");
        assert_eq!(neutral("a=b"), "a=b");
        assert_eq!(neutral("3.NF.A.1"), "3.NF.A.1");
    }
}
