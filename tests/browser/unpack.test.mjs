// Real-browser tests of the module handout (coherence unpack --format html),
// in Debian's Chromium through the DevTools protocol. Run by tests/it/browser.rs:
//   node unpack.test.mjs HANDOUT.html SCREENSHOT.png PDF-FOLDER
// Prints one line per check and a closing "N passed, N failed" line.
import { check, finish, launch } from "./harness.mjs";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [, , handoutFile, shotFile, pdfDir] = process.argv;

// The pages of a PDF: its page objects, not the page tree's nodes.
function pageCount(file) {
  const text = readFileSync(file, "latin1");
  return (text.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  const url = pathToFileURL(handoutFile).href;
  await page.goto(url);

  check("the title names the module", (await page.title()).startsWith("PD-NF-04"), await page.title());
  const codes = await page.$$eval("article.std", (els) => els.map((e) => e.dataset.code));
  check("the module's five standards are on the page, in order", codes.join(" ") === "4.NF.B.3 4.NF.B.3a 4.NF.B.3b 4.NF.B.3c 4.NF.B.3d", codes.join(" "));
  const why = await page.textContent('article[data-code="4.NF.B.3a"] .builds-on li[data-code="3.NF.A.1"] .why');
  check("a builds-on link shows its tag and note", (why || "").includes("NF.3-5") && (why || "").includes("Seeing a/b as a pieces"), why);
  const leads = await page.$$eval('article[data-code="4.NF.B.3a"] .leads-to li', (els) => els.map((e) => e.dataset.code));
  check("leads-to links are listed", leads.includes("5.NF.A.1") && leads.includes("4.NF.B.3b"), leads.join(" "));
  const related = await page.$$eval('article[data-code="4.NF.B.3b"] .relates-to li', (els) => els.map((e) => e.dataset.code));
  check("relates-to links are listed", related.includes("4.NF.A.2"), related.join(" "));
  const practices = await page.textContent(".practices");
  check("the practices the module names are shown", practices.includes("MP7") && practices.includes("MP8"));
  const scope = await page.textContent(".scope");
  check("the scope's findings around the module are shown", scope.includes("es-cottonwood") && scope.includes("C3"), scope.slice(0, 200));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check("nothing is wider than the screen page", wide <= 0, `${wide}px too wide`);
  await page.screenshot({ path: shotFile, fullPage: false });

  // On paper: the print style, A4 and Letter, each within a few pages and no wider than the paper.
  await page.emulateMedia({ media: "print" });
  for (const [format, widthPx] of [["A4", 703], ["Letter", 725]]) {
    // The printable width at 96 dpi: the paper less the 12 mm margins either side.
    await page.setViewportSize({ width: widthPx, height: 1000 });
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(`in print, nothing is wider than ${format} paper`, over <= 0, `${over}px too wide`);
    const file = join(pdfDir, `handout-${format}.pdf`);
    await page.pdf({ path: file, format, printBackground: true });
    const pages = pageCount(file);
    check(`it prints on ${format} in a few pages`, pages >= 1 && pages <= 8, `${pages} pages`);
    console.log(`# ${format}: ${pages} pages`);
  }

  check("no console error", errors.length === 0, errors.join(" | "));
  check("no request beyond the page's own file", requests.every((u) => u.split("#")[0] === url), requests.filter((u) => u.split("#")[0] !== url).join(" "));
} finally {
  await browser.close();
}
finish();
