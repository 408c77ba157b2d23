// Real-browser tests of the HTML gap report (`gaps --format html`), in
// Debian's Chromium through the DevTools protocol. Run by tests/it/browser.rs:
//   node report.test.mjs REPORT.html HOSTILE.html BASELINE.html SCREENSHOT.png
// Further screenshots and a print to PDF go beside SCREENSHOT.png.
// Prints one line per check and a closing "N passed, N failed" line.
import { check, finish, launch } from "./harness.mjs";
import { pathToFileURL } from "node:url";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";

const [, , reportFile, xssFile, baselineFile, shotFile] = process.argv;
const shotDir = dirname(shotFile);

// A page that records its console errors, its requests and its dialogs.
async function open(browser, file) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const seen = { errors: [], requests: [], dialogs: [] };
  page.on("console", (m) => { if (m.type() === "error") seen.errors.push(m.text()); });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("request", (r) => seen.requests.push(r.url()));
  page.on("dialog", (d) => { seen.dialogs.push(d.message()); d.dismiss(); });
  const url = pathToFileURL(file).href;
  await page.goto(url);
  await page.waitForLoadState("load");
  return { page, seen, url };
}

const browser = await launch();
try {
  const { page, seen, url } = await open(browser, reportFile);
  const firstScope = () => page.textContent("#scorecard-table tbody tr:first-child th");
  const column = (i) => page.$$eval(`#scorecard-table tbody tr`, (rows, i) => rows.map((r) => r.cells[i].textContent), i);

  // The policy lets the page's own script run: it shows the filters.
  check("the page's script runs under its policy (the filters show)", await page.isVisible("#filters"));
  check("the scorecard opens weakest priority coverage first", (await firstScope()) === "es-newfield", await firstScope());
  const scopes = await page.$$eval("#scorecard-table tbody tr", (rows) => rows.length);
  check("the scorecard has a row per scope", scopes === 43, String(scopes));
  await page.screenshot({ path: shotFile });

  // Sorting by a column, with the mouse: taught ascending, then descending.
  await page.click("#scorecard-table thead th:nth-child(4) button");
  const taughtUp = (await column(3)).map(Number);
  check("sorting by taught puts the smallest plan first", (await firstScope()) === "es-newfield" && taughtUp.every((v, i) => i === 0 || taughtUp[i - 1] <= v), taughtUp.slice(0, 5).join(","));
  check("the sorted header says so (aria-sort)", (await page.getAttribute("#scorecard-table thead th:nth-child(4)", "aria-sort")) === "ascending");
  await page.click("#scorecard-table thead th:nth-child(4) button");
  const taughtDown = (await column(3)).map(Number);
  check("sorting again puts the largest plan first", (await firstScope()) === "hs-ridge" && taughtDown[0] === Math.max(...taughtDown), `${await firstScope()} ${taughtDown.slice(0, 3)}`);
  const sorts = await page.$$eval("#scorecard-table thead th[aria-sort]", (ths) => ths.map((t) => t.getAttribute("aria-sort")));
  check("one header is sorted at a time", sorts.filter((s) => s !== "none").length === 1, sorts.join(","));
  // A rate with nothing to measure sorts last either way.
  await page.click("#scorecard-table thead th:nth-child(6) button");
  const chains = await column(5);
  check("n/a sorts last", chains[chains.length - 1] === "n/a" && chains[0] !== "n/a", chains.slice(-2).join(","));

  // Sorting from the keyboard: headers are buttons, Enter and Space press them.
  await page.focus("#scorecard-table thead th:nth-child(1) button");
  await page.keyboard.press("Enter");
  check("Enter on the scope header sorts by scope", (await firstScope()) === "ac-discovery" && (await page.getAttribute("#scorecard-table thead th:nth-child(1)", "aria-sort")) === "ascending", await firstScope());
  await page.keyboard.press("Space");
  check("Space sorts the other way", (await firstScope()) === "riverbend" && (await page.getAttribute("#scorecard-table thead th:nth-child(1)", "aria-sort")) === "descending", await firstScope());
  await page.keyboard.press("Tab");
  check("Tab moves to the next header's button", await page.evaluate(() => document.activeElement.textContent === "name"));

  // The heat map: a row per scope, a percentage in every cell in range.
  const heat = await page.$$eval("#heat-table tbody tr", (rows) => rows.map((r) => [...r.cells].slice(1).map((c) => c.textContent)));
  check("the heat map has a row per scope", heat.length === 43, String(heat.length));
  check("each cell in range prints its percentage", heat.flat().every((t) => t === "" || t === "n/a" || /^\d+%$/.test(t)) && heat.flat().some((t) => /%$/.test(t)));

  // Filters: one check alone, then a grade, then a scope.
  const all = await page.$$eval("#findings li[data-check]", (lis) => lis.length);
  const c5 = await page.$$eval('#findings li[data-check="C5"]', (lis) => lis.length);
  for (const c of ["C1", "C2", "C3", "C4"]) await page.uncheck(`#filters input[data-check="${c}"]`);
  const visible = () => page.$$eval("#findings li[data-check]", (lis) => lis.filter((li) => li.offsetParent !== null).map((li) => [li.dataset.check, li.dataset.grade]));
  let shown = await visible();
  check("a filter by check shows that check's findings only", shown.length === c5 && c5 > 0 && c5 < all && shown.every(([c]) => c === "C5"), `${shown.length} shown, ${c5} C5, ${all} in all`);
  check("the count says how many show", (await page.textContent("#shown")).startsWith(`Showing ${c5} of ${all} findings`), await page.textContent("#shown"));
  check("a scope with none of them says so", (await page.$$eval("#findings .none", (ps) => ps.filter((p) => p.offsetParent !== null).length)) > 0);
  for (const c of ["C1", "C2", "C3", "C4"]) await page.check(`#filters input[data-check="${c}"]`);
  await page.selectOption("#f-grade", "3");
  shown = await visible();
  check("a filter by grade shows that grade's findings only", shown.length > 0 && shown.length < all && shown.every(([, g]) => g === "3"), String(shown.length));
  await page.selectOption("#f-grade", "");
  await page.selectOption("#f-scope", "es-alder");
  const sections = await page.$$eval("#findings section.scope", (ss) => ss.filter((s) => !s.hidden).map((s) => s.dataset.scope));
  check("a filter by scope shows that scope alone", sections.length === 1 && sections[0] === "es-alder", sections.join(","));
  await page.screenshot({ path: join(shotDir, "report-findings.png") });
  await page.selectOption("#f-scope", "");
  check("with no filter every finding shows", (await visible()).length === all);

  // Paper: filters hidden, headers not sticky, and a PDF comes out.
  await page.emulateMedia({ media: "print" });
  check("print hides the filters", !(await page.isVisible("#filters")));
  check("print keeps table headers in place", (await page.$eval("#scorecard-table thead th", (th) => getComputedStyle(th).position)) === "static");
  // A4 landscape less the page's 10 mm margins is 277 mm, 1047 CSS pixels.
  await page.setViewportSize({ width: 1047, height: 740 });
  const fit = await page.evaluate(() => [document.getElementById("scorecard-table").offsetWidth, document.body.clientWidth]);
  check("on a landscape page the scorecard fits the width", fit[0] <= fit[1], fit.join(" > "));
  await page.setViewportSize({ width: 1600, height: 1000 });
  // Back to no emulation: a PDF is made with the print style, as a browser prints.
  await page.emulateMedia({ media: null });
  const pdf = join(shotDir, "report.pdf");
  await page.pdf({ path: pdf, format: "A4", landscape: true, printBackground: true });
  check("a print to PDF succeeds", statSync(pdf).size > 10000, String(statSync(pdf).size));

  check("no console error", seen.errors.length === 0, seen.errors.join(" | "));
  check("no request beyond the page's own file", seen.requests.every((u) => u.split("#")[0] === url), seen.requests.filter((u) => u.split("#")[0] !== url).join(" "));

  // With a baseline: what changed, per scope.
  const base = await open(browser, baselineFile);
  const changed = await base.page.$$eval("#changes-table tbody tr", (rows) => rows.length);
  check("with a baseline the page shows what changed per scope", changed > 0 && (await base.page.textContent("#changes")).includes("→"), String(changed));
  check("the scorecard gains a change column", (await base.page.$$("#scorecard-table thead th")).length === 10);
  await base.page.screenshot({ path: join(shotDir, "report-baseline.png"), fullPage: false });
  await base.page.evaluate(() => document.getElementById("changes").scrollIntoView());
  await base.page.screenshot({ path: join(shotDir, "report-changes.png") });
  check("no console error with a baseline", base.seen.errors.length === 0 && base.seen.requests.every((u) => u.split("#")[0] === base.url), base.seen.errors.join(" | "));

  // Text from the data is shown as text and never runs.
  const xss = await open(browser, xssFile);
  const body = await xss.page.textContent("body");
  check("a module title with <img onerror> shows as text", body.includes("<img src=x onerror=alert(2)>"));
  check("a module title with </script> shows as text", body.includes("</script><script>alert(3)</script>"));
  check("a scope name with markup shows as text", body.includes("<img src=x onerror=alert(4)>") && body.includes(`"'><svg onload=alert(5)>`));
  check("no dialog opened", xss.seen.dialogs.length === 0, xss.seen.dialogs.join(" | "));
  const injected = await xss.page.evaluate(() => ({ img: document.querySelectorAll("img, svg, iframe").length, scripts: document.scripts.length }));
  check("no element was injected", injected.img === 0 && injected.scripts === 1, JSON.stringify(injected));
  check("the hostile page works as the other", await xss.page.isVisible("#filters"));
  check("no error on the hostile page", xss.seen.errors.length === 0, xss.seen.errors.join(" | "));
} finally {
  await browser.close();
}
finish();
