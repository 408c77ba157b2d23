//! Text from the data stays text in every output: control characters and
//! escape sequences shown escaped, markup of each format escaped, no line a
//! CI log or a Markdown renderer would take as its own.

use crate::util::{coherence, folder};

/// A summary, a scope name and a module title that try every trick.
const EVIL: &str = "<script>alert(1)</script> ]]> \"quoted\" 'single' \u{1b}[2J\u{1b}]0;title\u{7} %0A::error::x";

fn hostile() -> (tempfile::TempDir, std::path::PathBuf) {
    let standards = format!(
        "id,grade,focus,summary\nA.1,3,major,\"{}\"\nA.2,4,major,\"line one\n::set-output name=x::y\"\n",
        EVIL.replace('"', "\"\"")
    );
    let scopes =
        "id,name,grade_lo,grade_hi\ns1,\"Evil\n# Heading [x](http://e) <img src=x onerror=alert(1)> | cell\",3,4\n";
    let modules = format!("id,kind,standards,title\nP1,pd,A.2,\"{}\"\n", EVIL.replace('"', "\"\""));
    folder(
        "hostile",
        &[
            ("standards.csv", standards.as_bytes()),
            (
                "progressions.csv",
                b"from,to,kind\nA.1,A.2,builds_towards\nA.1,\"B.9\n::error::injected\",builds_towards\n",
            ),
            ("scopes.csv", scopes.as_bytes()),
            ("modules.csv", modules.as_bytes()),
            ("plans.csv", b"scope,module,sequence\ns1,P1,1\n"),
        ],
    )
}

fn run(args: &[&str], dir: &std::path::Path) -> String {
    let out = coherence().args(args).arg("--data").arg(dir).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// No raw control character but line feeds (and tabs), in any output.
fn no_control(what: &str, text: &str) {
    let bad: Vec<char> = text.chars().filter(|c| c.is_control() && *c != '\n' && *c != '\t').collect();
    assert!(bad.is_empty(), "{what}: raw control characters {bad:?}");
}

#[test]
fn terminal_and_ci_logs_get_no_escape_sequence_and_no_line_of_their_own() {
    let (_t, dir) = hostile();
    for args in [&["validate"][..], &["validate", "--color", "always"], &["gaps"], &["gaps", "--top", "20"]] {
        let text = run(args, &dir);
        // The report's own colours are the only escapes allowed.
        let text = regex_free_strip(&text);
        no_control(&format!("{args:?}"), &text);
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("::")),
            "{args:?}: a line a CI log would obey:\n{text}"
        );
        assert!(text.contains("\\u{1b}") || !text.contains("2J"), "{args:?}: the escape is shown");
    }
    let github = run(&["validate", "--format", "github"], &dir);
    for line in github.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
            "{line}"
        );
        assert!(!line.contains("::set-output") && !line["::error".len()..].contains("\n"), "{line}");
    }
    let card = run(&["show", "A.1"], &dir);
    no_control("show", &card);
}

#[test]
fn markdown_keeps_its_tables_and_makes_no_heading_link_or_html() {
    let (_t, dir) = hostile();
    let md = run(&["gaps", "--format", "markdown"], &dir);
    no_control("markdown", &md);
    assert!(!md.lines().any(|l| l.starts_with("# Heading")), "{md}");
    assert!(!md.contains("<img") && !md.contains("<script"), "{md}");
    assert!(!md.contains("[x](http"), "the link is escaped: {md}");
    let row = md.lines().find(|l| l.starts_with("| s1 |")).expect("the scorecard row of s1");
    // scope, name, grades, taught and five rates: nine cells, whatever the name holds.
    let cells = row.replace("\\|", "").matches('|').count() - 1;
    assert_eq!(cells, 9, "the name's | is escaped, the row keeps its cells: {row}");
}

#[test]
fn pictures_escape_their_own_markup() {
    let (_t, dir) = hostile();
    let svg = run(&["show", "A.1", "--format", "svg"], &dir);
    no_control("svg", &svg);
    assert!(!svg.contains("<script") && svg.contains("&lt;script&gt;"), "{svg}");
    assert!(!svg.contains("]]>"), "no CDATA end in SVG text");
    let dot = run(&["trace", "A.2", "--format", "dot"], &dir);
    no_control("dot", &dot);
    assert!(dot.lines().all(|l| l.matches('"').count() % 2 == 0 || l.contains("\\\"")), "{dot}");
    let mermaid = run(&["trace", "A.2", "--format", "mermaid"], &dir);
    no_control("mermaid", &mermaid);
    assert!(!mermaid.contains("<script") && !mermaid.contains("\"quoted\""), "{mermaid}");
}

#[test]
fn json_and_csv_keep_the_data_and_stay_parseable() {
    let (_t, dir) = hostile();
    let json: serde_json::Value = serde_json::from_str(&run(&["gaps", "--format", "json"], &dir)).expect("JSON");
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["summary"].as_str().is_some_and(|s| s.contains("<script>")))
    );
    let csv_text = run(&["gaps", "--format", "csv"], &dir);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let width = rdr.headers().unwrap().len();
    assert!(rdr.records().all(|r| r.unwrap().len() == width), "every row has every column");
}

/// `diff` shows titles, names and summaries from the data: escaped as everywhere else.
#[test]
fn diff_shows_the_data_escaped() {
    let (_t, old) = hostile();
    // The same folder name: a CSV folder's name is its framework.
    let (_t2, new) = folder("hostile", &[]);
    std::fs::copy(old.join("progressions.csv"), new.join("progressions.csv")).unwrap();
    let standards = std::fs::read_to_string(old.join("standards.csv")).unwrap();
    let plain = standards.lines().take(1).chain(["A.1,3,major,plain"]).collect::<Vec<_>>().join("\n");
    let rest = &standards[standards.find("A.2,").unwrap()..];
    std::fs::write(new.join("standards.csv"), format!("{plain}\n{rest}")).unwrap();
    for format in ["text", "markdown"] {
        let out = coherence().arg("diff").arg(&old).arg(&new).args(["--format", format]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("modules removed (1)") && text.contains("summaries changed (1)"), "{text}");
        no_control(format, &text);
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("::")),
            "{format}: a line a CI log would obey:\n{text}"
        );
        if format == "markdown" {
            assert!(!text.lines().any(|l| l.starts_with("# Heading")), "{text}");
            assert!(!text.contains("<script") && !text.contains("<img") && !text.contains("[x](http"), "{text}");
        }
    }
}

/// The text without the SGR colour sequences (`ESC [ digits ; m`) the report writes itself.
fn regex_free_strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            let rest: String = chars.clone().skip(1).take_while(|c| c.is_ascii_digit() || *c == ';').collect();
            if chars.clone().nth(1 + rest.len()) == Some('m') {
                for _ in 0..rest.len() + 2 {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}
