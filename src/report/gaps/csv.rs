//! The gap report as CSV, one row per finding, and the scorecard as a table.

use std::io::{self, Write};

use super::{Cx, NAMES, round4};
use crate::Gaps;
use crate::advice::{self, Measure};

fn csv_writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out)
}

fn csv_io(e: csv::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// Every finding as CSV, one row each, streamed: dataset findings first (no
/// scope), then plan findings scope by scope.
pub fn write_csv(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run, true);
    let mut w = csv_writer(out);
    w.write_record([
        "code",
        "name",
        "severity",
        "scope",
        "scope_name",
        "standard",
        "grade",
        "priority",
        "summary",
        "ids",
        "message",
        "help",
        "peers",
        "file",
        "line",
    ])
    .map_err(csv_io)?;
    for f in &run.validation.findings {
        let (file, line) = match &f.origin {
            Some(o) => (o.file.to_string(), o.line.map(|l| l.to_string()).unwrap_or_default()),
            None => (String::new(), String::new()),
        };
        let ids = f.ids.join(";");
        let first = f.ids.first().cloned().unwrap_or_default();
        w.write_record([
            f.code.as_str(),
            f.code.name(),
            f.severity().as_str(),
            "",
            "",
            &first,
            "",
            "",
            "",
            &ids,
            &f.message,
            &f.help,
            "",
            &file,
            &line,
        ])
        .map_err(csv_io)?;
    }
    for sg in &run.scopes {
        let scope = cx.raw_scope_id(sg.scope);
        let scope_name = cx.scope(sg.scope).name.as_deref().unwrap_or("");
        for i in 0..sg.gaps.len() {
            let gap = &sg.gaps[i];
            let (message, help, peers) = cx.describe(sg, &cx.single(sg, i), None);
            let n = gap.standard();
            let code = format!("C{}", gap.check());
            let ids: Vec<String> = gap.nodes().into_iter().map(|x| cx.name(x)).collect();
            let peers: Vec<&str> = peers.iter().map(|(p, _)| cx.raw_scope_id(*p)).collect();
            w.write_record([
                code.as_str(),
                NAMES[gap.check() as usize - 1],
                "warning",
                scope,
                scope_name,
                &cx.name(n),
                cx.grade(n),
                if cx.priority(n) { "true" } else { "false" },
                cx.std(n).summary.as_deref().unwrap_or(""),
                &ids.join(";"),
                &message,
                &help,
                &peers.join(";"),
                "",
                "",
            ])
            .map_err(csv_io)?;
        }
    }
    for row in super::evidence::csv_rows(&cx) {
        w.write_record(&row).map_err(csv_io)?;
    }
    w.flush()
}

/// The scorecard as a CSV table, one row per scope in scorecard order: each
/// rate's count, base and rate (empty when n/a), then for a scope over
/// schools their number, the median and the weakest school per rate.
pub fn write_scorecard_csv(run: &Gaps, out: &mut dyn Write) -> io::Result<()> {
    let cx = Cx::new(run, false);
    let rows = advice::scorecard(run);
    let mut w = csv_writer(out);
    let mut header: Vec<String> =
        ["scope", "name", "parent", "grade_lo", "grade_hi", "taught"].map(str::to_string).to_vec();
    for m in Measure::ALL {
        for part in ["count", "base", "rate"] {
            header.push(format!("{}_{part}", m.key()));
        }
    }
    header.push("schools".to_string());
    for m in Measure::ALL {
        header.push(format!("{}_median", m.key()));
        header.push(format!("{}_weakest", m.key()));
        header.push(format!("{}_weakest_rate", m.key()));
    }
    w.write_record(&header).map_err(csv_io)?;
    let num = |v: Option<f64>| v.map(|x| format!("{}", round4(x))).unwrap_or_default();
    for r in &rows {
        let sc = cx.scope(r.scope);
        let mut rec: Vec<String> = vec![
            sc.id.clone(),
            sc.name.clone().unwrap_or_default(),
            sc.parent.clone().unwrap_or_default(),
            sc.grade_lo.as_str().to_string(),
            sc.grade_hi.as_str().to_string(),
            r.taught.to_string(),
        ];
        for x in r.rates {
            rec.extend([x.count.to_string(), x.base.to_string(), num(x.value())]);
        }
        match &r.schools {
            Some(s) => {
                rec.push(s.count.to_string());
                for m in Measure::ALL {
                    rec.push(num(s.median[m as usize]));
                    let weakest = s.weakest[m as usize];
                    rec.push(weakest.map(|(k, _)| cx.raw_scope_id(k).to_string()).unwrap_or_default());
                    rec.push(num(weakest.map(|(_, v)| v)));
                }
            }
            None => rec.extend(std::iter::repeat_n(String::new(), 1 + 3 * Measure::ALL.len())),
        }
        w.write_record(&rec).map_err(csv_io)?;
    }
    w.flush()
}
