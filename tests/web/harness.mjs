// What the browser tests share: the arguments, Debian's Chromium, a screen photographed and
// checked (no developer's words on it, no sideways scroll where asked, axe and the keyboard),
// going to an address and waiting until it is drawn, and steps that report and photograph a
// failure. course.mjs keeps its own, older copy of the same habits.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { checkAccessibility } from "./a11y.mjs";

export const PW = "a long passphrase";

// node NAME.mjs NEEDLEPOINT_BINARY WEB_DIR OUTPUT_DIR
export function args(name) {
  const [bin, web, out] = process.argv.slice(2);
  if (!bin || !web || !out) {
    console.error(`usage: node ${name} NEEDLEPOINT_BINARY WEB_DIR OUTPUT_DIR`);
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  return { bin, web, out };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : [],
  });
}

// screen(page, name, {width}): photographed into out, then checked; with width, no sideways
// scroll at that width.
export function screens(out) {
  let shot = 0;
  return async function screen(page, name, { width } = {}) {
    await page.screenshot({ path: join(out, `${String(++shot).padStart(2, "0")}-${name}.png`), fullPage: true });
    const shown = await page.locator("body").innerText();
    assert.doesNotMatch(shown, /Failed to fetch|HTTP \d|\/api\/v1|\b(null|undefined|NaN)\b|TypeError/,
      `${name}: developer's words on the page`);
    if (width)
      assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w, width), `${name}: no sideways scroll`);
    await checkAccessibility(page, name);
  };
}

// To an address, drawn; to the same one again, drawn again (a screen is drawn when it changes).
export async function go(page, hash, title) {
  if (await page.evaluate((h) => location.hash === h, hash)) await page.evaluate(() => { location.hash = "#/"; });
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.locator(`#screen[data-ready="${hash}"]`).waitFor({ state: "attached" });
  if (title) await page.locator("#title").filter({ hasText: title }).waitFor();
}

// step(name, fn): runs it, says ok or FAILED, and on failure photographs every page given.
export function steps(out, pages) {
  const state = { failed: false };
  state.step = async (name, fn) => {
    process.stdout.write(`- ${name} ... `);
    try {
      await fn();
      console.log("ok");
    } catch (error) {
      state.failed = true;
      console.log("FAILED");
      console.error(error);
      for (const [i, page] of pages().entries())
        await page.screenshot({ path: join(out, `failed-${name.replace(/\W+/g, "-")}-${i + 1}.png`), fullPage: true }).catch(() => {});
      throw error;
    }
  };
  return state;
}

// The first-run setup of a clinic in the browser, its admin signed in.
export async function setUpClinic(page, server, admin = "ada") {
  await page.goto(server.url);
  const form = page.locator("#setup");
  await form.getByLabel("Clinic name").fill("Skin Studio");
  await form.getByLabel(/^Time zone/).selectOption("UTC");
  await form.getByLabel("Your user name").fill(admin);
  await form.getByLabel("Password (at least 10 characters)").fill(PW);
  await form.getByLabel(/^Setup code/).fill(server.setupCode);
  await form.getByRole("button", { name: "Create the clinic" }).click();
  await page.locator("#who").filter({ hasText: admin }).waitFor();
}
