"use strict";
// The page is whole without this script; it only sorts tables and filters findings.
// The Content-Security-Policy names this script by its SHA-256, so nothing else can run.
(() => {
  // A table sorts by the column whose header button is pressed (Enter and Space press a button).
  for (const table of document.querySelectorAll("table[data-sortable]")) {
    const heads = [...table.tHead.rows[0].cells];
    heads.forEach((th, col) => {
      const button = th.querySelector("button");
      if (button) button.addEventListener("click", () => sortBy(table, heads, col));
    });
  }

  function sortBy(table, heads, col) {
    const th = heads[col];
    const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    const sign = dir === "ascending" ? 1 : -1;
    const numeric = th.dataset.type === "num";
    const body = table.tBodies[0];
    const key = (row) => row.cells[col].dataset.v ?? row.cells[col].textContent;
    const rows = [...body.rows].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      // Nothing to measure sorts last either way; equal keys keep the report's order.
      if (x === "" || y === "") return (x === "") - (y === "") || a.dataset.i - b.dataset.i;
      const c = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      return sign * c || a.dataset.i - b.dataset.i;
    });
    for (const h of heads) if (h.hasAttribute("aria-sort")) h.setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", dir);
    body.append(...rows);
  }

  // Findings are filtered by check, grade and scope; a count says how many show.
  const filters = document.getElementById("filters");
  if (!filters) return;
  const boxes = [...filters.querySelectorAll("input[data-check]")];
  const grade = document.getElementById("f-grade");
  const scope = document.getElementById("f-scope");
  const status = document.getElementById("shown");
  const items = [...document.querySelectorAll("#findings li[data-check]")];
  const scopes = [...document.querySelectorAll("#findings section.scope")];

  function apply() {
    const on = new Set(boxes.filter((b) => b.checked).map((b) => b.dataset.check));
    const g = grade.value;
    const s = scope.value;
    let shown = 0;
    for (const li of items) {
      const ok = on.has(li.dataset.check) && (!g || li.dataset.grade === g);
      li.hidden = !ok;
      if (ok && (!s || li.closest("section.scope").dataset.scope === s)) shown++;
    }
    for (const sec of scopes) {
      sec.hidden = Boolean(s) && sec.dataset.scope !== s;
      const none = sec.querySelector(".none");
      if (none) none.hidden = !sec.querySelector("li[data-check]") || Boolean(sec.querySelector("li[data-check]:not([hidden])"));
    }
    const checks = on.size === boxes.length ? "all checks" : on.size ? [...on].join(", ") : "no check";
    const where = [g ? `grade ${g}` : "all grades", s ? scope.options[scope.selectedIndex].text : "all scopes"];
    status.textContent = `Showing ${shown} of ${items.length} findings: ${checks}, ${where.join(", ")}.`;
  }

  for (const b of boxes) b.addEventListener("change", apply);
  grade.addEventListener("change", apply);
  scope.addEventListener("change", apply);
  filters.hidden = false;
  apply();
})();
