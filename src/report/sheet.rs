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
/// every cell passed through [`neutral`]. Cells are quoted as the `csv`
/// crate quotes them by default (when they hold `,`, `"`, CR or LF, quotes
/// doubled), straight into one buffer: a national findings report writes
/// hundreds of millions of cells.
pub struct PeopleCsv<'a> {
    out: &'a mut dyn Write,
    buf: Vec<u8>,
}

/// Bytes buffered before they go to the output.
const BUFFER: usize = 1 << 16;

impl<'a> PeopleCsv<'a> {
    /// Starts the file: writes the byte-order mark.
    ///
    /// # Errors
    /// When `out` cannot be written.
    pub fn new(out: &'a mut dyn Write) -> io::Result<PeopleCsv<'a>> {
        out.write_all(BOM)?;
        Ok(PeopleCsv::body(out))
    }

    /// Rows without the byte-order mark.
    pub fn body(out: &'a mut dyn Write) -> PeopleCsv<'a> {
        PeopleCsv { out, buf: Vec::with_capacity(BUFFER) }
    }

    /// Writes rows rendered apart by [`push_row`], after what is buffered.
    ///
    /// # Errors
    /// When the output cannot be written.
    pub fn raw(&mut self, rows: &[u8]) -> io::Result<()> {
        self.drain()?;
        self.out.write_all(rows)
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
        push_row(&mut self.buf, cells);
        if self.buf.len() >= BUFFER { self.drain() } else { Ok(()) }
    }

    /// Flushes what is buffered.
    ///
    /// # Errors
    /// When the output cannot be written.
    pub fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        self.out.flush()
    }

    fn drain(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

impl Drop for PeopleCsv<'_> {
    /// What is still buffered is written, as the `csv` crate's writer does;
    /// an error here has nowhere to go ([`PeopleCsv::flush`] reports it).
    fn drop(&mut self) {
        let _ = self.drain();
    }
}

/// One row of a [`PeopleCsv`] file after `buf`: for rows rendered apart
/// (on other threads) and written with [`PeopleCsv::raw`].
pub fn push_row<I, S>(buf: &mut Vec<u8>, cells: I)
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let start = buf.len();
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        cell(buf, &neutral(c.as_ref()));
    }
    // A row of one empty cell would read as no row: it is written as `""`.
    if buf.len() == start {
        buf.extend_from_slice(b"\"\"");
    }
    buf.push(b'\n');
}

/// One cell, quoted when it holds a delimiter, a quote or a line end.
fn cell(buf: &mut Vec<u8>, text: &str) {
    let b = text.as_bytes();
    // Vector searches: most long cells have a comma early, and most short ones are plain.
    let special = memchr::memchr3(b',', b'"', b'\n', b).is_some() || memchr::memchr(b'\r', b).is_some();
    if !special {
        buf.extend_from_slice(b);
        return;
    }
    buf.reserve(b.len() + 4);
    buf.push(b'"');
    let mut rest = b;
    while let Some(q) = memchr::memchr(b'"', rest) {
        buf.extend_from_slice(&rest[..=q]);
        buf.push(b'"');
        rest = &rest[q + 1..];
    }
    buf.extend_from_slice(rest);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells as the `csv` crate writes them, which this writer replaced:
    /// the files must not change.
    #[test]
    fn rows_are_quoted_as_the_csv_crate_quotes_them() {
        let rows: [&[&str]; 6] = [
            &["a", "b,c", "say \"hi\"", "two\nlines", "cr\r", ""],
            &[""],
            &["", ""],
            &["\"", "\"\"", "x\"y\"z"],
            &["é, ü", "=1+2", "-3"],
            &["tab\there", " lead", "trail "],
        ];
        let mut ours = Vec::new();
        {
            let mut w = PeopleCsv::body(&mut ours);
            for r in rows {
                w.row(r.iter()).unwrap();
            }
            w.flush().unwrap();
        }
        let mut theirs =
            csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        for r in rows {
            theirs.write_record(r.iter().map(|c| neutral(c).into_owned())).unwrap();
        }
        assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(theirs.into_inner().unwrap()).unwrap());
    }

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
