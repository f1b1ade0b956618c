// The accessibility check of a screen: axe-core's WCAG 2.1 A and AA rules (labels, names, contrast,
// structure), and the keyboard order: Tab visits every focusable control once, in the order of the
// page, with nothing taken out of order by a positive tabindex.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export async function checkAccessibility(page, screen) {
  // evaluated over the DevTools protocol: the page's CSP, which forbids inline script, still holds
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`);
  });
  if (result.length) throw new Error(`${screen}: accessibility violations:\n  ${result.join("\n  ")}`);
  await checkKeyboardOrder(page, screen);
}

async function checkKeyboardOrder(page, screen) {
  const expected = await page.evaluate(() => {
    const all = [...document.querySelectorAll(
      "a[href], button, input, select, textarea, summary, [tabindex]")];
    const positive = all.filter((el) => el.tabIndex > 0);
    if (positive.length) return { error: `positive tabindex on ${positive.map((e) => e.outerHTML.slice(0, 60)).join(", ")}` };
    const visible = (el) => {
      for (let e = el; e; e = e.parentElement) {
        if (e.hidden || getComputedStyle(e).display === "none" || getComputedStyle(e).visibility === "hidden") return false;
        if (e.tagName === "DETAILS" && !e.open && !(el.tagName === "SUMMARY" && el.parentElement === e) && e !== el) return false;
      }
      return true;
    };
    // a group of radio buttons is one stop: the checked one (the first when none is)
    const radioStop = (el) => {
      if (el.type !== "radio" || !el.name) return true;
      const group = [...document.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]`)];
      const checked = group.find((r) => r.checked);
      return el === (checked || group[0]);
    };
    const tabbable = all.filter((el) => el.tabIndex >= 0 && !el.disabled && visible(el) && el.id !== "view" && radioStop(el));
    tabbable.forEach((el, i) => el.setAttribute("data-tab-order", String(i)));
    return { count: tabbable.length };
  });
  if (expected.error) throw new Error(`${screen}: ${expected.error}`);
  // start from the top of the document: focus the body itself, then let it go
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
  });
  const seen = [];
  // a date or time input takes one Tab per part (day, month, year): count each control once
  for (let presses = 0; seen.length < expected.count && presses < expected.count * 4; presses++) {
    await page.keyboard.press("Tab");
    const at = await page.evaluate(() => document.activeElement.getAttribute("data-tab-order"));
    if (seen.length === 0 || seen[seen.length - 1] !== at) seen.push(at);
  }
  const order = seen.map(Number);
  for (let i = 0; i < order.length; i++)
    if (order[i] !== i)
      throw new Error(`${screen}: Tab number ${i + 1} reached control ${seen[i]}, expected ${i} (the order of the page)`);
  await page.evaluate(() => document.querySelectorAll("[data-tab-order]").forEach((el) => el.removeAttribute("data-tab-order")));
}
