//! `gaps --format html`: one self-contained page for a meeting. Its
//! behaviour in a browser is in `browser.rs`; here, what the bytes hold.

use std::path::Path;

use crate::util::{coherence, fixture, folder};

fn page(data: &Path, extra: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("report.html");
    coherence()
        .arg("gaps")
        .arg("--data")
        .arg(data)
        .args(["--format", "html"])
        .args(extra)
        .arg("--out")
        .arg(&file)
        .assert()
        .code(0);
    std::fs::read_to_string(file).unwrap()
}

fn district(extra: &[&str]) -> String {
    page(Path::new("examples/district"), extra)
}

/// The rows of the table with this id, each row's cells as text (tags dropped).
fn rows(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html.find(&format!("<table id=\"{id}\"")).or_else(|| html.find(&format!("id=\"{id}\""))).unwrap();
    let body = &html[start..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr").skip(1).map(|row| row.split("<t").skip(1).filter_map(cell_text).collect()).collect()
}

/// A cell's text, or none for what is not a cell.
fn cell_text(part: &str) -> Option<String> {
    if !(part.starts_with('d') || part.starts_with("h ")) {
        return None;
    }
    let inner = &part[part.find('>')? + 1..];
    let mut text = String::new();
    let mut tag = false;
    for c in inner.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            _ if !tag => text.push(c),
            _ => {}
        }
    }
    Some(text.trim().to_string())
}

#[test]
fn the_page_asks_for_nothing_and_names_its_script() {
    let html = district(&[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for outside in ["http://", "https://", "//cdn", "src=", "href=", "@import", "url(", "<link", "<img", "<iframe"] {
        assert!(!html.contains(outside), "{outside} in the page");
    }
    let csp = html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-").expect("the policy");
    assert!(csp < html.find("<style>").unwrap(), "the policy comes before anything it governs");
    assert_eq!(html.matches("<script").count(), 1, "one script, the page's own");
    assert!(!html.contains("script-src 'unsafe-inline'"), "scripts run by hash only");
}

#[test]
fn the_page_holds_the_scorecard_the_grades_the_actions_and_the_findings() {
    let html = district(&["--as-of", "2026-12-01"]);
    assert!(html.contains("<title>Coherence gaps: Riverbend Unified School District</title>"));
    assert!(html.contains("<strong>As of 2026-12-01</strong>"));
    assert!(html.contains("window 2"));
    let score = rows(&html, "scorecard-table");
    assert_eq!(score.len(), 43, "a row per scope");
    assert_eq!(score[0][..4], ["es-newfield", "Newfield Elementary", "K-5", "0"], "weakest priority coverage first");
    assert_eq!(score[0][4], "0% 137/137");
    let alder = score.iter().find(|r| r[0] == "es-alder").unwrap();
    assert_eq!(
        alder[4..],
        ["42% 80/137", "80% 6/30", "49% 240/473", "39% 31/51", "100% 0/62"],
        "the text report's rates"
    );
    assert!(html.contains("aria-sort=\"ascending\"><button type=\"button\">priority coverage</button>"));
    // Every rate's cell is colored by its band and prints its percentage.
    assert!(html.contains("<td class=\"rate b2\" data-v=\"0.4161\""), "42% in the 40-59% band");
    assert!(html.contains("<td class=\"rate na\" data-v=\"\""), "n/a on grey");

    // The grades of a scope add up to its priority base and its C1 count.
    let start = html.find("<tr><th scope=\"row\">es-alder</th><td class=\"rate b4\"").unwrap();
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    let (mut open, mut base) = (0, 0);
    for cell in row.split("title=\"").skip(1) {
        let words: Vec<&str> = cell[..cell.find('"').unwrap()].split(' ').collect();
        open += words[words.len() - 4].parse::<u64>().unwrap();
        base += words[words.len() - 2].parse::<u64>().unwrap();
    }
    assert_eq!((open, base), (80, 137), "per grade, as the scope's priority coverage");
    let heat = rows(&html, "heat-table");
    assert_eq!(heat.len(), 43);
    assert!(html.contains("<th scope=\"col\">K</th>") && html.contains("<th scope=\"col\">HS</th>"));

    assert!(html.contains("<h2>What to do first</h2>") && html.contains("<li><strong>Adopt PD-"));
    // Findings in the words of the Markdown report, with their check and grade to filter on.
    let text = coherence()
        .args(["gaps", "--data", "examples/district", "--scope", "es-alder", "--top", "1", "--format", "markdown"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(
        "1. **C1** 3.OA.A.1 \"Read a product like 4 x 6 as the total in 4 equal groups of 6 things.\" (grade 3, major work) is not addressed by any PD module the scope adopts"
    ), "the Markdown report's first line, which the page words alike");
    assert!(html.contains("<li data-check=\"C1\" data-grade=\"3\"><span class=\"code c1\">C1</span> 3.OA.A.1 &quot;Read a product like 4 x 6 as the total in 4 equal groups of 6 things.&quot; (grade 3, major work) is not addressed by any PD module the scope adopts<span class=\"help\">What to do: adopt PD-OA-04"));
    for c in 1..=5 {
        assert!(html.contains(&format!("<input type=\"checkbox\" data-check=\"C{c}\" checked>")));
    }
    assert!(html.contains("<select id=\"f-grade\"><option value=\"\">all</option><option value=\"K\">K</option>"));
    assert!(html.contains("<option value=\"es-alder\">Alder Elementary (es-alder)</option>"));
    assert!(!html.contains("id=\"changes\""), "nothing changed without a baseline");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    assert_eq!(district(&[]), district(&[]));
    let threads = coherence()
        .env("RAYON_NUM_THREADS", "1")
        .args(["gaps", "--data", "examples/district", "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(threads.stdout).unwrap(), district(&[]), "on any number of threads");
}

#[test]
fn with_a_baseline_the_page_shows_what_changed() {
    let html = district(&["--baseline", "examples/district/terms/2026-09", "--scope", "es-juniper"]);
    assert!(html.contains("<h2>What changed since the baseline</h2>"));
    let changed = rows(&html, "changes-table");
    assert_eq!(changed.len(), 1, "the scope asked for");
    assert_eq!(changed[0][0], "es-juniper");
    assert_eq!(changed[0][1], "12% → 9% (-3 pts)", "priority coverage then and now");
    assert!(html.contains("change in priority coverage</button>"));
    assert!(html.contains("Closed since the baseline (10):") && html.contains("Opened since the baseline (4):"));
    assert_eq!(rows(&html, "scorecard-table").len(), 1);
}

#[test]
fn the_scorecard_alone_stops_after_the_scorecard() {
    let html = district(&["--scorecard"]);
    assert!(html.contains("id=\"scorecard-table\"") && html.ends_with("</html>\n"));
    assert!(!html.contains("id=\"heatmap\"") && !html.contains("id=\"findings\""));
}

/// The `plans` fixture with titles, a summary and names written to break
/// out of the page; the report's words carry each of them.
pub fn hostile() -> (tempfile::TempDir, std::path::PathBuf) {
    let plans = fixture("plans");
    let copy = |f: &str| std::fs::read(Path::new(&plans).join(f)).unwrap();
    let (progressions, plan_rows) = (copy("progressions.csv"), copy("plans.csv"));
    folder(
        "hostile",
        &[
            (
                "standards.csv",
                b"id,grade,focus,summary\nA1,1,major,Count\nA2,2,major,</script><script>alert(1)</script>\nA3,3,major,Add\nB2,2,supporting,Measure\nB3,3,major,Multiply\nC3,3,additional,Read\n",
            ),
            (
                "modules.csv",
                b"id,kind,title,provider,standards,tier,evidence\nP1,pd,<img src=x onerror=alert(2)>,Team,A1;A3,,\nP2,pd,Groups,Partner,B3,,\nP3,pd,</script><script>alert(3)</script>,Nonprofit,A2,,\nI1,intervention,Collections,Nonprofit,A1,2,moderate\n",
            ),
            (
                "scopes.csv",
                b"id,name,parent,grade_lo,grade_hi\nd1,<img src=x onerror=alert(4)>,,1,3\ns1,\"\"\"'><svg onload=alert(5)>\",d1,2,3\ns2,South,d1,1,3\n",
            ),
            ("progressions.csv", &progressions),
            ("plans.csv", &plan_rows),
        ],
    )
}

#[test]
fn text_from_the_data_cannot_become_markup() {
    let (_t, dir) = hostile();
    let html = page(&dir, &[]);
    assert_eq!(html.matches("<script").count(), 1, "only the page's own script element");
    assert_eq!(html.matches("</script>").count(), 1);
    for raw in ["<img", "<svg", "onerror=alert(2)>", "\"'>"] {
        assert!(!html.contains(raw), "{raw} raw in the page");
    }
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"), "the title survives, as text");
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;"));
    assert!(html.contains("<title>Coherence gaps: &lt;img src=x onerror=alert(4)&gt;</title>"));
    assert!(html.contains("<option value=\"s1\">&quot;&#39;&gt;&lt;svg onload=alert(5)&gt; (s1)</option>"));
}

#[test]
fn data_without_scopes_gives_a_page_that_says_so() {
    let out = coherence().args(["gaps", "--format", "html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<p>No scope to check: the data has no scopes.</p>") && html.ends_with("</html>\n"));
}
