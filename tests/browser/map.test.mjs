// Real-browser tests of the HTML map, in Debian's Chromium through the
// DevTools protocol. Run by tests/it/browser.rs:
//   node map.test.mjs MAP.html XSS.html SCREENSHOT.png
// Prints one line per check and a closing "N passed, N failed" line.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [, , mapFile, xssFile, shotFile] = process.argv;
let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail ? `: ${detail}` : ""}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
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
  await page.selectOption("#f-grade", "");

  await page.goto(url + "#5.NF.B.7");
  await page.waitForSelector("body[data-ready]");
  check("a shared view opens on its standard", (await page.textContent("#card h2")) === "5.NF.B.7");
  await page.screenshot({ path: shotFile });

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
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
