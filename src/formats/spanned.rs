//! A JSON tree that remembers where each value starts.
//!
//! serde_json reports positions only for syntax errors, yet a dangling
//! reference deep inside a valid file must still be reported with its line.
//! So a file is first checked by serde_json (whose syntax errors are precise),
//! then read again by this small parser, which only ever sees valid JSON and
//! keeps the byte offset of every value and key. Strings and numbers are
//! decoded by serde_json itself, so escapes and number forms match exactly.
//!
//! Valid JSON may still hold a value serde_json cannot represent (a number
//! out of range such as `1e309`, a lone surrogate escape such as `"\ud800"`):
//! such a value becomes [`Kind::Unreadable`] where it stands, so that a reader
//! can drop the one record that holds it and read the rest. A key that cannot
//! be decoded is kept as written between its quotes: it names no known field.
//!
//! [`check`] limits nesting to 127 levels, as serde_json does when it builds
//! a value (with the position past it), and the parser stops at that depth
//! too, so no input can exhaust the stack.

use serde_json::{Map, Number, Value};

/// A JSON value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte offset of the value's first character.
    pub pos: usize,
    /// The value.
    pub kind: Kind,
}

/// The kinds of JSON value, with children kept as [`Node`]s.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object: key, offset of the key, value; in file order.
    Object(Vec<(String, usize, Node)>),
    /// A value that is valid JSON but that serde_json cannot represent, and why.
    Unreadable(String),
}

impl Node {
    /// The value of `key`, when this is an object holding it (the last one wins, as in serde_json).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Object(fields) => fields.iter().rev().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// A short name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
            Kind::Unreadable(_) => "an unreadable value",
        }
    }

    /// The first value at or inside this one that cannot be read, in file order.
    pub fn unreadable(&self) -> Option<(&Node, &str)> {
        match &self.kind {
            Kind::Unreadable(why) => Some((self, why)),
            Kind::Array(items) => items.iter().find_map(Node::unreadable),
            Kind::Object(fields) => fields.iter().find_map(|(_, _, v)| v.unreadable()),
            _ => None,
        }
    }

    /// Where the first value at or inside this one that cannot be read
    /// stands, and what it is, for a finding: `field "note" holds a number
    /// out of range` (the key of this object that holds it), or `it is ...`.
    pub fn unreadable_field(&self) -> Option<(usize, String)> {
        let field = match &self.kind {
            Kind::Object(fields) => fields.iter().find(|(_, _, v)| v.unreadable().is_some()).map(|(k, _, _)| k),
            _ => None,
        };
        let (bad, why) = self.unreadable()?;
        Some((bad.pos, field.map_or_else(|| format!("it is {why}"), |k| format!("field \"{k}\" holds {why}"))))
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// Converts to a plain serde_json value; an unreadable value becomes
    /// `null`, so callers check [`Node::unreadable`] first.
    pub fn to_value(&self) -> Value {
        match &self.kind {
            Kind::Null | Kind::Unreadable(_) => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => Value::Number(n.clone()),
            Kind::String(s) => Value::String(s.clone()),
            Kind::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Kind::Object(fields) => {
                let mut map = Map::new();
                for (k, _, v) in fields {
                    map.insert(k.clone(), v.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

/// A syntax error: message, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What serde_json said, without its position suffix.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The deepest nesting of arrays and objects accepted: what serde_json accepts
/// when it builds a value, so every reader of JSON agrees on what is too deep.
pub const MAX_DEPTH: usize = 127;

/// Checks that `text` is JSON that serde_json would build a value from,
/// without building anything.
///
/// # Errors
/// A [`SyntaxError`] with line and column when it is not.
pub fn check(text: &str) -> Result<(), SyntaxError> {
    // IgnoredAny skips strings and numbers unread and nests without limit or
    // recursion, so the depth is checked apart, and whichever error comes first wins.
    // The two scans are independent: on two threads, a national file is read in half the time.
    let (syntax, deep) = rayon::join(|| serde_json::from_str::<serde::de::IgnoredAny>(text).err(), || too_deep(text));
    let syntax = syntax.map(|e| SyntaxError {
        message: without_position(&e),
        line: e.line(),
        // serde_json puts an end of file at the start of a line at column 0; columns here are 1-based.
        column: e.column().max(1),
    });
    let deep = deep.map(|pos| {
        let (line, column) = LineIndex::new(text).locate(text, pos);
        SyntaxError {
            message: format!("recursion limit exceeded: arrays and objects nested deeper than {MAX_DEPTH} levels"),
            line: line as usize,
            column: column as usize,
        }
    });
    match (syntax, deep) {
        (None, None) => Ok(()),
        (Some(e), None) | (None, Some(e)) => Err(e),
        (Some(a), Some(b)) => Err(if (b.line, b.column) < (a.line, a.column) { b } else { a }),
    }
}

/// The byte offset of the first bracket that opens an array or object past
/// [`MAX_DEPTH`] levels, outside strings; a linear scan with no recursion.
fn too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// serde_json's message without its ` at line L column C` suffix.
fn without_position(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

/// Where the top-level value of valid JSON starts.
pub fn root_start(text: &str) -> usize {
    text.len() - text.trim_start_matches([' ', '\t', '\n', '\r']).len()
}

/// The members of the object at `pos` in valid JSON: (key, key position,
/// value position). Values are skipped, not built, so a huge array costs
/// nothing here.
pub fn members(text: &str, pos: usize) -> Option<Vec<(String, usize, usize)>> {
    let mut p = Parser { text, bytes: text.as_bytes(), i: pos, depth: 0 };
    p.eat(b'{')?;
    let mut out = Vec::new();
    if p.eat(b'}').is_some() {
        return Some(out);
    }
    loop {
        p.skip_ws();
        let key_pos = p.i;
        let key = p.key()?;
        p.eat(b':')?;
        p.skip_ws();
        out.push((key, key_pos, p.i));
        p.skip()?;
        if p.eat(b',').is_some() {
            continue;
        }
        p.eat(b'}')?;
        return Some(out);
    }
}

/// The value at `pos` in valid JSON, built.
pub fn value_at(text: &str, pos: usize) -> Option<Node> {
    Parser { text, bytes: text.as_bytes(), i: pos, depth: 0 }.value()
}

/// Calls `f` with each element of the array at `pos` in valid JSON, built
/// one at a time and dropped after `f`: memory stays that of one element.
pub fn each_element(text: &str, pos: usize, mut f: impl FnMut(Node)) -> Option<()> {
    let mut p = Parser { text, bytes: text.as_bytes(), i: pos, depth: 0 };
    p.eat(b'[')?;
    if p.eat(b']').is_some() {
        return Some(());
    }
    loop {
        f(p.value()?);
        if p.eat(b',').is_some() {
            continue;
        }
        p.eat(b']')?;
        return Some(());
    }
}

/// Where each element of the array at `pos` in valid JSON starts and ends
/// (byte offsets, whitespace left out): elements are skipped, not built.
pub fn element_spans(text: &str, pos: usize) -> Option<Vec<(usize, usize)>> {
    let mut p = Parser { text, bytes: text.as_bytes(), i: pos, depth: 0 };
    p.eat(b'[')?;
    let mut out = Vec::new();
    if p.eat(b']').is_some() {
        return Some(out);
    }
    loop {
        p.skip_ws();
        let start = p.i;
        p.skip()?;
        out.push((start, p.i));
        if p.eat(b',').is_some() {
            continue;
        }
        p.eat(b']')?;
        return Some(out);
    }
}

/// Parses valid JSON as [`parse_valid`] does, except that when the root is
/// an object, its members named `key` whose value is an array are left as
/// empty arrays at their place: the caller reads such an array element by
/// element from the text ([`element_spans`]), without a tree of millions of nodes.
pub fn parse_valid_deferring(text: &str, key: &str) -> Node {
    let start = root_start(text);
    let built = || parse_valid(text);
    if text.as_bytes().get(start) != Some(&b'{') {
        return built();
    }
    let Some(members) = members(text, start) else { return built() };
    let mut fields = Vec::with_capacity(members.len());
    for (k, key_pos, value_pos) in members {
        let node = if k == key && text.as_bytes().get(value_pos) == Some(&b'[') {
            Node { pos: value_pos, kind: Kind::Array(Vec::new()) }
        } else {
            // One level down: the object around it is open.
            match (Parser { text, bytes: text.as_bytes(), i: value_pos, depth: 1 }).value() {
                Some(node) => node,
                None => return built(),
            }
        };
        fields.push((k, key_pos, node));
    }
    Node { pos: start, kind: Kind::Object(fields) }
}

/// Parses JSON text into a [`Node`] tree.
///
/// # Errors
/// A [`SyntaxError`] with line and column when the text is not valid JSON.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    // serde_json validates first: its messages and positions are the ones users know.
    check(text)?;
    Ok(parse_valid(text))
}

/// Parses text that [`check`] has accepted.
pub fn parse_valid(text: &str) -> Node {
    let mut p = Parser { text, bytes: text.as_bytes(), i: 0, depth: 0 };
    p.skip_ws();
    // Valid JSON always parses; `Null` only stands in for what cannot happen.
    p.value().unwrap_or(Node { pos: 0, kind: Kind::Null })
}

/// What to do about a value that cannot be read.
pub const UNREADABLE_HELP: &str = "write the value as a number or text that can be read";

/// Why a number of valid JSON cannot be read (serde_json's words name no fix).
const OUT_OF_RANGE: &str = "a number out of range (beyond the largest 64-bit floating-point number)";

/// Why a string of valid JSON cannot be read.
const LONE_SURROGATE: &str =
    "a string with a lone surrogate escape (\\uD800-\\uDFFF without its pair), which is no character";

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
    /// Arrays and objects open around the value being read.
    depth: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.skip_ws();
        (self.bytes.get(self.i) == Some(&b)).then(|| self.i += 1)
    }

    /// Enters an array or object; `None` past [`MAX_DEPTH`], which [`check`]
    /// rejects, so that text not checked cannot recurse without end either.
    fn open(&mut self) -> Option<()> {
        self.depth += 1;
        self.i += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    // The input has passed serde_json, so `None` here means only "cannot happen";
    // it is still propagated rather than unwrapped, so that nothing can panic.
    fn value(&mut self) -> Option<Node> {
        self.skip_ws();
        let pos = self.i;
        let kind = match *self.bytes.get(self.i)? {
            b'{' => {
                self.open()?;
                let mut fields = Vec::new();
                if self.eat(b'}').is_none() {
                    loop {
                        self.skip_ws();
                        let key_pos = self.i;
                        let key = self.key()?;
                        self.eat(b':')?;
                        let v = self.value()?;
                        fields.push((key, key_pos, v));
                        if self.eat(b',').is_some() {
                            continue;
                        }
                        self.eat(b'}')?;
                        break;
                    }
                }
                self.depth -= 1;
                Kind::Object(fields)
            }
            b'[' => {
                self.open()?;
                let mut items = Vec::new();
                if self.eat(b']').is_none() {
                    loop {
                        items.push(self.value()?);
                        if self.eat(b',').is_some() {
                            continue;
                        }
                        self.eat(b']')?;
                        break;
                    }
                }
                self.depth -= 1;
                Kind::Array(items)
            }
            b'"' => {
                let start = self.i;
                self.skip_string()?;
                match serde_json::from_str(&self.text[start..self.i]) {
                    Ok(s) => Kind::String(s),
                    // Valid JSON text whose string is not text: only a \u escape of half a surrogate pair.
                    Err(_) => Kind::Unreadable(LONE_SURROGATE.to_string()),
                }
            }
            b't' => self.literal("true", Kind::Bool(true))?,
            b'f' => self.literal("false", Kind::Bool(false))?,
            b'n' => self.literal("null", Kind::Null)?,
            _ => {
                let start = self.i;
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.bytes.get(self.i) {
                    self.i += 1;
                }
                match serde_json::from_str(self.text.get(start..self.i)?) {
                    Ok(n) => Kind::Number(n),
                    Err(_) => Kind::Unreadable(OUT_OF_RANGE.to_string()),
                }
            }
        };
        Some(Node { pos, kind })
    }

    /// Moves past one value without building it.
    fn skip(&mut self) -> Option<()> {
        self.skip_ws();
        match *self.bytes.get(self.i)? {
            b'{' | b'[' => {
                let close = if self.bytes[self.i] == b'{' { b'}' } else { b']' };
                self.open()?;
                if self.eat(close).is_some() {
                    self.depth -= 1;
                    return Some(());
                }
                loop {
                    if close == b'}' {
                        self.skip_ws();
                        self.skip_string()?;
                        self.eat(b':')?;
                    }
                    self.skip()?;
                    if self.eat(b',').is_some() {
                        continue;
                    }
                    self.eat(close)?;
                    self.depth -= 1;
                    return Some(());
                }
            }
            b'"' => self.skip_string(),
            _ => {
                while let Some(
                    b'-'
                    | b'+'
                    | b'.'
                    | b'e'
                    | b'E'
                    | b'0'..=b'9'
                    | b't'
                    | b'r'
                    | b'u'
                    | b'f'
                    | b'a'
                    | b'l'
                    | b's'
                    | b'n',
                ) = self.bytes.get(self.i)
                {
                    self.i += 1;
                }
                Some(())
            }
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        if self.bytes.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        loop {
            let at = memchr::memchr2(b'"', b'\\', self.bytes.get(self.i..)?)?;
            if self.bytes[self.i + at] == b'"' {
                self.i += at + 1;
                return Some(());
            }
            self.i += at + 2;
        }
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Option<Kind> {
        if self.text.get(self.i..)?.starts_with(word) {
            self.i += word.len();
            Some(kind)
        } else {
            None
        }
    }

    /// A key: decoded, or as written between its quotes when serde_json cannot decode it.
    fn key(&mut self) -> Option<String> {
        let start = self.i;
        self.skip_string()?;
        let written = self.text.get(start..self.i)?;
        let inside = || written.get(1..written.len().saturating_sub(1)).unwrap_or("").to_string();
        Some(serde_json::from_str(written).unwrap_or_else(|_| inside()))
    }
}

/// Maps byte offsets to 1-based lines and columns (in characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Every `STRIDE` bytes: (byte offset, characters since its line's start), so that a
    /// column in a very long line (a whole package on one line) costs at most one stride.
    marks: Vec<(usize, usize)>,
}

const STRIDE: usize = 4096;

impl LineIndex {
    /// Indexes the line starts of `text`, and marks in its long lines.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut marks = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            // Only a line longer than a stride needs marks: a column elsewhere is counted from its line's start.
            let (mut last, mut chars, mut next) = (start, 0, start + STRIDE);
            while next < end {
                // Only a char boundary may be a mark: move on until one.
                let Some(at) = (next..end).find(|&i| text.is_char_boundary(i)) else { break };
                chars += text[last..at].chars().count();
                marks.push((at, chars));
                (last, next) = (at, at + STRIDE);
            }
        }
        LineIndex { starts, marks }
    }

    /// Line and column of byte offset `pos` in `text`.
    pub fn locate(&self, text: &str, pos: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= pos).max(1);
        let start = self.starts[line - 1];
        // The nearest mark at or before `pos` on this line, else the line start.
        let (from, base) = match self.marks.partition_point(|&(m, _)| m <= pos) {
            0 => (start, 0),
            k => {
                let (m, c) = self.marks[k - 1];
                if m >= start { (m, c) } else { (start, 0) }
            }
        };
        let column = text.get(from..pos).map_or(1, |s| base + s.chars().count() + 1);
        (line as u32, column as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_nested_values() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}],\n  \"c\": null\n}";
        let root = parse(text).unwrap();
        let idx = LineIndex::new(text);
        let a = root.get("a").unwrap();
        assert_eq!(idx.locate(text, a.pos), (2, 8));
        let Kind::Array(items) = &a.kind else { panic!("array expected") };
        let b = items[1].get("b").unwrap();
        assert_eq!(b.as_str(), Some("x\"y"));
        assert_eq!(idx.locate(text, b.pos), (2, 18));
        assert_eq!(idx.locate(text, root.get("c").unwrap().pos).0, 3);
        assert_eq!(root.to_value(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 7));
        assert!(e.message.contains("expected `:`"), "{}", e.message);
    }

    #[test]
    fn members_skip_values_and_elements_come_one_at_a_time() {
        let text = r#" {"a": {"x": [1, "]}\"[{", {"y": null}]}, "CFItems": [{"id": "p\"q"}, [true, false], -1.5e3], "z": "w"}"#;
        let members = members(text, root_start(text)).unwrap();
        let keys: Vec<&str> = members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(keys, ["a", "CFItems", "z"]);
        let a = value_at(text, members[0].2).unwrap();
        assert_eq!(a.to_value(), serde_json::json!({"x": [1, "]}\"[{", {"y": null}]}));
        let mut seen = Vec::new();
        each_element(text, members[1].2, |n| seen.push((n.pos, n.to_value()))).unwrap();
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[0].1, serde_json::json!({"id": "p\"q"}));
        assert_eq!(seen[2].1, serde_json::json!(-1500.0));
        assert_eq!(&text[seen[1].0..seen[1].0 + 5], "[true");
        assert!(check("{\"a\": [1,}").is_err());
    }

    #[test]
    fn nesting_is_limited_as_serde_json_limits_it() {
        let nested = |d: usize| format!("{{\"a\":\n [\"é\", {}{}]}}", "[".repeat(d - 2), "]".repeat(d - 2));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        assert!(serde_json::from_str::<Value>(&nested(MAX_DEPTH)).is_ok());
        let too_deep = nested(MAX_DEPTH + 1);
        let e = parse(&too_deep).unwrap_err();
        let theirs = serde_json::from_str::<Value>(&too_deep).unwrap_err();
        // The same place; serde_json counts bytes in a column and the "é" before it is two.
        assert_eq!((e.line, e.column + 1), (theirs.line(), theirs.column()));
        assert!(e.message.starts_with("recursion limit exceeded"), "{}", e.message);
        // Brackets inside strings do not count.
        assert!(check(&format!("[\"{}\\\"\"]", "[".repeat(1000))).is_ok());
    }

    #[test]
    fn text_not_checked_cannot_recurse_without_end() {
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        assert!(check(&deep).is_err());
        assert_eq!(value_at(&deep, 0), None);
        assert_eq!(each_element(&deep, 0, |_| ()), None);
        let deep_member = format!("{{\"a\": {deep}}}");
        assert_eq!(members(&deep_member, 0), None);
        assert_eq!(value_at("\"é\"", 2), None, "a position inside a character");
    }

    #[test]
    fn values_serde_json_cannot_hold_stay_where_they_stand() {
        let text = "{\"a\": [1, 1e309, \"x\"],\n \"b\": \"\\ud800\", \"\\udc00k\": 2, \"c\": 3}";
        check(text).unwrap();
        let root = parse(text).unwrap();
        let (bad, why) = root.unreadable().unwrap();
        assert_eq!(LineIndex::new(text).locate(text, bad.pos), (1, 11));
        assert!(why.contains("out of range"), "{why}");
        let b = root.get("b").unwrap();
        assert!(matches!(&b.kind, Kind::Unreadable(w) if w.contains("lone surrogate")), "{b:?}");
        assert_eq!(root.get("\\udc00k").map(|n| n.to_value()), Some(serde_json::json!(2)), "the key as written");
        assert_eq!(root.get("c").map(|n| n.to_value()), Some(serde_json::json!(3)), "read on after them");
        let mut seen = Vec::new();
        each_element(text, root.get("a").unwrap().pos, |n| seen.push(n.type_name())).unwrap();
        assert_eq!(seen, ["a number", "an unreadable value", "a string"]);
    }

    #[test]
    fn columns_in_very_long_lines_are_exact() {
        let mut text = String::from("[");
        for i in 0..5000 {
            text.push_str(&format!("\"é{i}\","));
        }
        text.push_str("\"end\"]");
        let idx = LineIndex::new(&text);
        let pos = text.find("\"end\"").unwrap();
        assert_eq!(idx.locate(&text, pos), (1, text[..pos].chars().count() as u32 + 1));
        let mid = text.find("\"é2500\"").unwrap();
        assert_eq!(idx.locate(&text, mid), (1, text[..mid].chars().count() as u32 + 1));
    }

    #[test]
    fn unicode_columns_count_characters() {
        let text = "{\"é\": \"ü\", \"k\": 1}";
        let root = parse(text).unwrap();
        let idx = LineIndex::new(text);
        assert_eq!(idx.locate(text, root.get("k").unwrap().pos), (1, 17));
    }
}
