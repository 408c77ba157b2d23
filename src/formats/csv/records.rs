//! Cuts CSV text into records, each with its line.
//!
//! Lines are counted here, from line feeds: the `csv` crate miscounts them
//! after a CRLF or a blank line. The interchange reader and the Knowledge
//! Graph reader both read their records through [`each_record`].

/// How a text is cut into cells.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dialect {
    /// `,`, `;` or tab.
    pub delimiter: u8,
    /// Whether the text holds a `"`: without one a record is a line and a
    /// cell is what lies between delimiters, which is much faster to read.
    pub quoted: bool,
}

impl Dialect {
    /// The delimiter of `,` `;` tab that the header line holds most often
    /// (ties: `,`, then `;`), as spreadsheets save.
    pub fn sniff(text: &str) -> Dialect {
        let first_line = text.split('\n').next().unwrap_or("");
        let delimiter = [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|&d| (memchr::memchr_iter(d, first_line.as_bytes()).count(), d == b',', d == b';'))
            .unwrap_or(b',');
        Dialect { delimiter, quoted: text.as_bytes().contains(&b'"') }
    }

    /// Comma-separated.
    pub fn comma(text: &str) -> Dialect {
        Dialect { delimiter: b',', quoted: text.as_bytes().contains(&b'"') }
    }
}

/// A stretch of a text's body: start and end byte, and the line it starts on.
pub(crate) type Chunk = (usize, usize, u32);

/// A record the `csv` crate could not read, and its line where known.
pub(crate) struct RecordError {
    /// The line of the record.
    pub line: Option<u32>,
    /// What went wrong.
    pub error: ::csv::Error,
}

/// The header row's cells as written, and the chunk of the whole body after it.
pub(crate) fn header(text: &str, dialect: Dialect) -> Result<(Vec<String>, Chunk), RecordError> {
    let mut rdr = ::csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .delimiter(dialect.delimiter)
        .from_reader(text.as_bytes());
    let cells = match rdr.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(error) => return Err(RecordError { line: error.position().map(|p| p.line() as u32), error }),
    };
    let body = rdr.position().byte() as usize;
    Ok((cells, (body, text.len(), newlines(&text.as_bytes()[..body]) + 1)))
}

/// Hands each record of a chunk of `text` to `each` with its line. Blank
/// lines are no records, but count as lines.
pub(crate) fn each_record(
    text: &str,
    chunk: Chunk,
    dialect: Dialect,
    each: impl FnMut(u32, &[&str]),
) -> Result<(), RecordError> {
    if dialect.quoted {
        quoted_records(text, chunk, dialect.delimiter, each)
    } else {
        plain_records(text, chunk, dialect.delimiter, each);
        Ok(())
    }
}

/// Without quotes a record is a line and a cell is what lies between delimiters.
fn plain_records(text: &str, (start, end, first_line): Chunk, delimiter: u8, mut each: impl FnMut(u32, &[&str])) {
    let mut fields: Vec<&str> = Vec::with_capacity(16);
    let chunk = &text[start..end];
    let mut line = first_line;
    let mut from = 0;
    while from < chunk.len() {
        let to = memchr::memchr(b'\n', &chunk.as_bytes()[from..]).map_or(chunk.len(), |i| from + i);
        let record = &chunk[from..to];
        let record = record.strip_suffix('\r').unwrap_or(record);
        if !record.is_empty() {
            fields.clear();
            let mut begin = 0;
            for (i, &b) in record.as_bytes().iter().enumerate() {
                if b == delimiter {
                    fields.push(&record[begin..i]);
                    begin = i + 1;
                }
            }
            fields.push(&record[begin..]);
            each(line, &fields);
        }
        line += 1;
        from = to + 1;
    }
}

/// With quotes the `csv` crate cuts the cells; lines are counted from the
/// byte positions it reports.
fn quoted_records(
    text: &str,
    (start, end, first_line): Chunk,
    delimiter: u8,
    mut each: impl FnMut(u32, &[&str]),
) -> Result<(), RecordError> {
    let bytes = &text.as_bytes()[start..end];
    let mut rdr = ::csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(delimiter).from_reader(bytes);
    let mut record = ::csv::StringRecord::new();
    let (mut seen, mut line) = (0usize, first_line);
    // The line of a record starting at or just before byte `at` (the csv crate
    // reports the line end before a record, and blank lines before it).
    let mut line_at = |at: usize| {
        let at = at + bytes[at..].iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        line += newlines(&bytes[seen.min(at)..at]);
        seen = at;
        line
    };
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {
                let at = record.position().map_or(0, |p| p.byte() as usize);
                // Cells borrow the record, so they go in a buffer of this iteration.
                let mut buf = [""; 32];
                let long: Vec<&str>;
                let cells: &[&str] = if record.len() <= buf.len() {
                    buf.iter_mut().zip(record.iter()).for_each(|(b, c)| *b = c);
                    &buf[..record.len()]
                } else {
                    long = record.iter().collect();
                    &long
                };
                each(line_at(at), cells);
            }
            Ok(false) => return Ok(()),
            Err(error) => {
                let line = error.position().map(|p| line_at(p.byte() as usize));
                return Err(RecordError { line, error });
            }
        }
    }
}

/// Scans the RFC 4180 quoting once. Returns the first quoting error as
/// (line, what): a quoted cell never closed, or text right after a closing
/// quote (the csv crate accepts both silently, and would swallow the rest of
/// the file into one cell). Otherwise returns up to `parts - 1` cut points
/// (byte offset of a line start outside any quoted cell, and its line),
/// spread evenly, for parallel reading.
pub(crate) fn scan_quoting(
    text: &str,
    dialect: Dialect,
    parts: usize,
) -> Result<Vec<(usize, u32)>, (u32, &'static str)> {
    if !dialect.quoted {
        return Ok(line_cuts(text, parts));
    }
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut line = 1u32;
    let mut opened_at = 1u32;
    let step = text.len() / parts.max(1);
    let mut next_cut = if parts > 1 { step } else { usize::MAX };
    let mut cuts = Vec::new();
    for (i, &c) in text.as_bytes().iter().enumerate() {
        // Quotes, commas and line ends are ASCII, and no byte of a multi-byte UTF-8 character is.
        // The delimiter reads as a comma here, and a comma as any other byte when it is not the delimiter.
        let c = if c == dialect.delimiter {
            b','
        } else if c == b',' {
            b'x'
        } else {
            c
        };
        state = match (state, c) {
            (State::FieldStart, b'"') => {
                opened_at = line;
                State::Quoted
            }
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::QuoteInQuoted, b',' | b'\r' | b'\n')
            | (State::FieldStart | State::Unquoted, b',' | b'\r' | b'\n') => State::FieldStart,
            (State::QuoteInQuoted, _) => return Err((line, "text after the closing quote of a cell")),
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
        };
        if c == b'\n' {
            line += 1;
            if i + 1 >= next_cut && state == State::FieldStart && i + 1 < text.len() {
                cuts.push((i + 1, line));
                next_cut = if cuts.len() + 1 < parts { (cuts.len() + 1) * step } else { usize::MAX };
            }
        }
    }
    if state == State::Quoted { Err((opened_at, "a quoted cell is never closed")) } else { Ok(cuts) }
}

/// Old Mac files end lines with a lone CR: read as line feeds, so that
/// lines are counted and split the same way as LF and CRLF files.
pub(crate) fn lone_cr_to_lf(text: String) -> String {
    let b = text.as_bytes();
    let lone = memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'));
    if !lone {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The number of line feeds in `bytes`.
pub(crate) fn newlines(bytes: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', bytes).count() as u32
}

/// Without any quote every line start is a record start: up to `parts - 1`
/// cuts at the first line start after each even share of the text.
fn line_cuts(text: &str, parts: usize) -> Vec<(usize, u32)> {
    let bytes = text.as_bytes();
    let step = bytes.len() / parts.max(1);
    let (mut cuts, mut from, mut line) = (Vec::new(), 0usize, 1u32);
    for k in 1..parts {
        let Some(nl) = memchr::memchr(b'\n', &bytes[(k * step).max(from)..]) else { break };
        let at = (k * step).max(from) + nl + 1;
        if at >= bytes.len() {
            break;
        }
        line += newlines(&bytes[from..at]);
        cuts.push((at, line));
        from = at;
    }
    cuts
}
