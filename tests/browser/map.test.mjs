// Real-browser tests of the HTML map, in Debian's Chromium through the
// DevTools protocol. Run by tests/it/browser.rs:
//   node map.test.mjs MAP.html XSS.html SCREENSHOT.png ES-ALDER-GAPS.json
// Further screenshots (three widths, the module view) go beside SCREENSHOT.png.
// Prints one line per check and a closing "N passed, N failed" line.
import { check, finish, launch } from "./harness.mjs";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [, , mapFile, xssFile, shotFile, gapsFile] = process.argv;

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  const url = pathToFileURL(mapFile).href;
  await page.goto(url);
  await page.waitForSelector("body[data-ready]");
  const ready = await page.getAttribute("body", "data-ready");
  console.log(`# interactive ${ready} ms after navigation start`);

  await page.fill("#search", "4.NF.B.3");
  await page.click("#results button >> nth=0");
  check("searching 4.NF.B.3 and clicking the result opens its card", (await page.textContent("#card h2")) === "4.NF.B.3");
  const card = await page.textContent("#card");
  check("the card shows its prerequisites", card.includes("Builds on") && card.includes("3.NF.A.1"), card.slice(0, 200));
  check("prerequisites are highlighted on the map", (await page.$$eval(".std.pre", (els) => els.length)) > 0);
  check("the URL fragment names the standard, to share the view", page.url().endsWith("#4.NF.B.3"), page.url());

  await page.click("#card .link >> nth=0");
  check("a link in the card walks to another standard", (await page.textContent("#card h2")) !== "4.NF.B.3");

  await page.focus(".std.sel");
  const before = await page.evaluate(() => document.activeElement.dataset.i);
  await page.keyboard.press("ArrowDown");
  const after = await page.evaluate(() => document.activeElement.dataset.i);
  check("arrow keys move through the map", before !== after && after !== undefined, `${before} -> ${after}`);
  await page.keyboard.press("Enter");
  check("Enter opens the card of the focused standard", (await page.evaluate(() => document.querySelector(".std.sel").dataset.i)) === after);

  await page.selectOption("#f-grade", "3");
  const shown = await page.$$eval(".std", (els) => els.filter((e) => !e.hidden).map((e) => e.textContent));
  check("the grade filter keeps grade 3 (and the selection)", shown.length > 10 && shown.filter((t) => t.includes("3.")).length >= shown.length - 1);
  const lineCount = await page.$$eval("#lines path.link", (ps) => ps.length);
  const linkCount = await page.$$eval(".std.pre, .std.post, .std.rel", (bs) => bs.length);
  const visibleLinks = await page.$$eval(".std.pre, .std.post, .std.rel", (bs) => bs.filter((b) => !b.hidden).length);
  const hiddenNote = await page.textContent("#card .hiddenlinks");
  check("a filter draws lines to the links it shows and says how many it hides", lineCount === visibleLinks && (linkCount === visibleLinks || hiddenNote.includes(`${linkCount - visibleLinks} linked standard`)), `${lineCount} lines, ${visibleLinks} of ${linkCount} shown, "${hiddenNote}"`);
  await page.selectOption("#f-grade", "");

  await page.goto(url + "#5.NF.B.7");
  await page.waitForSelector("body[data-ready]");
  check("a shared view opens on its standard", (await page.textContent("#card h2")) === "5.NF.B.7");
  await page.screenshot({ path: shotFile });

  // Every spelling the CLI accepts finds 4.NF.B.3 first.
  for (const spelling of ["4.NF.3", "4.NF.B.3", "CCSS.Math.Content.4.NF.B.3", "ccss.math.content.4.nf.b.3"]) {
    await page.fill("#search", spelling);
    const first = await page.getAttribute("#results button >> nth=0", "data-standard");
    check(`searching ${spelling} finds 4.NF.B.3 first`, first === "4.NF.B.3", first);
  }
  await page.click("#results button >> nth=0");

  // The lines of a selected standard, one per link, against the links in the data.
  const expected = await page.evaluate(() => {
    const d = JSON.parse(document.getElementById("data").textContent);
    const S = d.standards;
    const i = S.findIndex((s) => s.id === "4.NF.B.3");
    const fam = [i, ...S.map((s, j) => (s.p === i ? j : -1)).filter((j) => j >= 0)];
    const out = { pre: new Set(), post: new Set(), rel: new Set() };
    const notes = [];
    for (const e of d.builds) {
      if (fam.includes(e[1]) && !fam.includes(e[0])) { out.pre.add(S[e[0]].id); if (e[3]) notes.push(e[3]); }
      if (fam.includes(e[0]) && !fam.includes(e[1])) { out.post.add(S[e[1]].id); if (e[3]) notes.push(e[3]); }
    }
    for (const e of d.relates) {
      for (const [a, b] of [[e[0], e[1]], [e[1], e[0]]]) if (fam.includes(a) && !fam.includes(b)) { out.rel.add(S[b].id); if (e[3]) notes.push(e[3]); }
    }
    return { pre: [...out.pre].sort(), post: [...out.post].sort(), rel: [...out.rel].sort(), notes };
  });
  const drawn = await page.$$eval("#lines path.link", (ps) => ps.map((p) => [p.getAttribute("class"), p.dataset.to]));
  const of = (k) => drawn.filter((d) => d[0].includes(`ln-${k}`)).map((d) => d[1]).sort();
  const total = expected.pre.length + expected.post.length + expected.rel.length;
  check("one line per link of 4.NF.B.3", drawn.length === total && total > 0, `${drawn.length} lines, ${total} links`);
  for (const k of ["pre", "post", "rel"]) check(`its ${k} lines go to its ${k} links`, JSON.stringify(of(k)) === JSON.stringify(expected[k]), `${of(k)} vs ${expected[k]}`);
  // Each other grade with a link scrolls to show it, so its line ends on a card in view.
  const unseen = await page.evaluate(() => {
    const sel = document.querySelector(".std.sel").closest(".col");
    const out = [];
    for (const col of document.querySelectorAll("#map .col")) {
      const linked = [...col.querySelectorAll(".std.pre, .std.post, .std.rel")];
      if (col === sel || !linked.length) continue;
      const c = col.getBoundingClientRect();
      const head = col.querySelector("h2").getBoundingClientRect().bottom;
      if (!linked.some((b) => { const r = b.getBoundingClientRect(); return r.top >= head && r.bottom <= c.bottom; })) out.push(col.getAttribute("aria-label"));
    }
    return out;
  });
  check("every other grade with a link shows one in view", unseen.length === 0, unseen.join(", "));
  check("the lines come in three styles", new Set(drawn.map((d) => d[0])).size === 3, drawn.map((d) => d[0]).join(","));
  check("a legend names the three kinds of line", (await page.$$("#card .legend svg")).length === 3);
  const noteCard = await page.textContent("#card");
  check("each link's note is in the card", expected.notes.length > 0 && expected.notes.every((n) => noteCard.includes(n)), expected.notes.filter((n) => !noteCard.includes(n)).join(" | "));
  check("a link's progression tag is in the card", noteCard.includes("[NF.3-5]"));

  // The card never covers a grade column, at the widths of common screens.
  const shotDir = dirname(shotFile);
  await page.selectOption("#f-scope", { label: "Alder Elementary (es-alder)" });
  for (const width of [1280, 1600, 1920]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const boxes = await page.evaluate(() => {
      const r = (e) => { const b = e.getBoundingClientRect(); return { l: b.left, r: b.right, t: b.top, b: b.bottom }; };
      const map = document.getElementById("map");
      return { card: r(document.getElementById("card")), map: { ...r(map), inner: map.getBoundingClientRect().left + map.clientWidth }, cols: [...document.querySelectorAll("#map .col")].map((c) => ({ name: c.getAttribute("aria-label"), ...r(c) })) };
    });
    const hit = boxes.cols.filter((c) => c.l < boxes.card.r && boxes.card.l < c.r && c.t < boxes.card.b && boxes.card.t < c.b);
    check(`at ${width} px no grade column meets the card`, boxes.cols.length === 10 && hit.length === 0, hit.map((c) => c.name).join(", "));
    const out = boxes.cols.filter((c) => c.r > boxes.map.inner + 0.5 || c.l < boxes.map.l);
    check(`at ${width} px every grade column is in the grid's view`, out.length === 0, out.map((c) => c.name).join(", "));
    check(`at ${width} px the lines are redrawn`, (await page.$$("#lines path.link")).length === total);
    await page.screenshot({ path: join(shotDir, `map-${width}-standard-scope.png`) });
  }
  await page.setViewportSize({ width: 1600, height: 1000 });

  // The scope's summary explains the colours, with the numbers of `gaps`.
  const report = JSON.parse(readFileSync(gapsFile, "utf8"));
  const counts = report.summary.scopes["es-alder"];
  const rate = report.scorecard[0].rates.priority_coverage;
  const flagged = new Set(report.findings.map((f) => f.standard)).size;
  const k = async (key) => (await page.textContent(`#summary b[data-k="${key}"]`)).trim();
  const summaryText = await page.textContent("#summary");
  check("the scope summary is shown", await page.isVisible("#summary") && summaryText.includes("Alder Elementary"), summaryText);
  check("it counts the standards taught as gaps does", (await k("taught")) === String(report.scorecard[0].taught), await k("taught"));
  check("as many cards in the band carry the taught mark", (await page.$$(".std.covered:not(.dim)")).length === report.scorecard[0].taught);
  check("its priority coverage is the gaps report's", (await k("priority")) === `${Math.round(rate.rate * 100)}%` && summaryText.includes(`${rate.count} of ${rate.base}`), `${await k("priority")} vs ${rate.rate}`);
  for (const [c, n] of [["C1", counts.C1], ["C2", counts.C2], ["C3", counts.C3.pairs], ["C4", counts.C4], ["C5", counts.C5]]) {
    check(`its ${c} count is the gaps report's`, (await k(c)) === String(n), `${await k(c)} vs ${n}`);
  }
  check("its C3 names the distinct prerequisites", summaryText.includes(`(${counts.C3.distinct} prerequisites)`), summaryText);
  check("it says how many cards are flagged, as many as the report's standards with a finding", (await k("flagged")) === String(flagged) && summaryText.includes("cards flagged"), `${await k("flagged")} vs ${flagged}`);
  check("as many cards carry the red border", (await page.$$(".std.gap")).length === flagged);
  const fresh = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await fresh.goto(url);
  await fresh.waitForSelector("body[data-ready]");
  await fresh.selectOption("#f-scope", { label: "Alder Elementary (es-alder)" });
  const homeCard = await fresh.textContent("#card");
  check("with a scope and nothing selected, the card lists its rates and gaps", homeCard.includes(`priority coverage: ${Math.round(rate.rate * 100)}% (${rate.count} open of ${rate.base})`) && homeCard.includes(`All gaps in Alder Elementary (${report.findings.length}`), homeCard.slice(0, 300));
  await fresh.close();
  check("the summary stands above the grid", (await page.evaluate(() => document.getElementById("summary").getBoundingClientRect().bottom <= document.getElementById("map").getBoundingClientRect().top + 0.5)));

  // Modules: found by id or by title words, and shown as their unpack.
  const moduleSt = await page.evaluate(() => JSON.parse(document.getElementById("data").textContent).modules.find((m) => m.id === "PD-NF-04").standards.length);
  await page.fill("#search", "PD-NF-04");
  check("searching PD-NF-04 finds the module first", (await page.getAttribute("#results button >> nth=0", "data-module")) === "PD-NF-04");
  await page.fill("#search", "fractions unit subtracting");
  check("searching words of its title finds the module", (await page.$$('#results button[data-module="PD-NF-04"]')).length === 1);
  await page.click('#results button[data-module="PD-NF-04"]');
  check("the module view highlights its standards", (await page.$$(".std.mod")).length === moduleSt && moduleSt > 0, `${(await page.$$(".std.mod")).length} vs ${moduleSt}`);
  const unpack = await page.textContent("#card");
  check("the module card unpacks it: standards by grade, links with notes, practices", (await page.textContent("#card h2")) === "PD-NF-04" && unpack.includes("Grade 4") && unpack.includes("4.NF.B.3") && unpack.includes("Builds on") && unpack.includes("Leads to") && unpack.includes("MP7") && expected.notes.some((n) => unpack.includes(n)), unpack.slice(0, 300));
  check("the module view draws no standard's lines", (await page.$$("#lines path")).length === 0);
  check("the module view has a shareable address", page.url().endsWith("#module:PD-NF-04"), page.url());
  await page.screenshot({ path: join(shotDir, "map-1600-module.png") });
  const other = await page.evaluate(() => { const d = JSON.parse(document.getElementById("data").textContent); const i = d.modules.findIndex((m) => m.id === "PD-OA-01"); return [String(i), d.modules[i].standards.length]; });
  await page.selectOption("#f-module", other[0]);
  check("choosing a module from the list highlights its standards", (await page.$$(".std.mod")).length === other[1], `${(await page.$$(".std.mod")).length} vs ${other[1]}`);
  await page.selectOption("#f-scope", "");

  check("no console error", errors.length === 0, errors.join(" | "));
  check("no request beyond the page's own file", requests.every((u) => u.split("#")[0] === url), requests.filter((u) => u.split("#")[0] !== url).join(" "));

  // Text from the data is shown as text and never runs.
  const xss = await browser.newPage();
  const dialogs = [];
  const xssErrors = [];
  xss.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  xss.on("pageerror", (e) => xssErrors.push(String(e)));
  await xss.goto(pathToFileURL(xssFile).href + "#A.1");
  await xss.waitForSelector("body[data-ready]");
  await xss.selectOption("#f-scope", { index: 1 });
  const xssCard = await xss.textContent("#card");
  const mapText = await xss.textContent("#map");
  check("a summary with <script> shows as text", xssCard.includes("<script>alert(1)</script>") || mapText.includes("<script>alert(1)</script>"));
  check("a module title with <script> shows as text", xssCard.includes("<script>alert(3)</script>"), xssCard.slice(0, 300));
  await xss.click(".std >> text=A.2");
  check("a summary with <img onerror> shows as text", (await xss.textContent("#card")).includes("<img src=x onerror=alert(2)>"));
  await xss.waitForTimeout(200);
  check("a link's note with markup shows as text", (await xss.textContent("#card")).includes("<img src=x onerror=alert(5)>"));
  check("a scope's name with markup shows as text in its summary", (await xss.textContent("#summary")).includes("<img src=x onerror=alert(4)>"));
  await xss.goto(pathToFileURL(xssFile).href + "#module:M1");
  await xss.waitForSelector("body[data-ready]");
  const xssModule = await xss.textContent("#card");
  check("a module's unpack shows its title and its standards' notes as text", xssModule.includes("<script>alert(3)</script>") && xssModule.includes("<img src=x onerror=alert(5)>"), xssModule.slice(0, 300));
  check("no script from the data ran", dialogs.length === 0 && (await xss.$$("img")).length === 0, dialogs.join(" | "));
  check("no error on the page with hostile text", xssErrors.length === 0, xssErrors.join(" | "));
  // Names from the data are keys of lookups without a prototype.
  const domains = await xss.$$eval("#f-domain option", (os) => os.map((o) => o.value));
  check("a domain named constructor or __proto__ is a filter like any other", domains.includes("constructor") && domains.includes("__proto__"), domains.join(","));
  await xss.click(".std >> text=A.1");
  const meta = await xss.textContent("#card");
  check("the constructor domain shows as its name", meta.includes("constructor") && !meta.includes("function"), meta.slice(0, 200));
  // A malformed URL fragment selects nothing and stops nothing.
  const broken = await browser.newPage();
  const brokenErrors = [];
  broken.on("pageerror", (e) => brokenErrors.push(String(e)));
  await broken.goto(pathToFileURL(xssFile).href + "#%E0%A4%A");
  await broken.waitForSelector("body[data-ready]", { timeout: 5000 });
  check("a malformed fragment leaves the page ready and error-free", brokenErrors.length === 0, brokenErrors.join(" | "));
} finally {
  await browser.close();
}
finish();
