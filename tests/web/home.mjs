// The home log on a phone (390 x 844, touch): set up by the web for oneself, a roller added, a use
// logged in two taps with the sterilisation asked before and recorded after, then the same with
// no signal in the bathroom: the page opens, the use is kept on the phone and sent once when the
// signal is back, and sending it again counts nothing twice. Every screen photographed and
// checked for accessibility.
//
//   node home.mjs NEEDLEPOINT_BINARY WEB_DIR OUTPUT_DIR
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { PW, args, launch, screens, steps } from "./harness.mjs";

const { bin, web, out } = args("home.mjs");
const server = await startServer(bin, web);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
const page = await context.newPage();
page.setDefaultTimeout(10000);
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
const shoot = screens(out);
const screen = (name) => shoot(page, name, { width: 390 }); // a phone: no sideways scroll
const message = () => page.locator("#message");
const api = (method, path, body) => page.evaluate(async ([m, p, b]) => {
  const { call } = await import("/api.js");
  return call(m, p, b);
}, [method, path, body]);
const uses = () => page.evaluate(async () => (await (await fetch("/api/v1/stock/session")).json()).units[0].uses);

const run = steps(out, () => [page]);
const step = run.step;

try {
  await step("set up for oneself at home, on the phone", async () => {
    await page.goto(server.url);
    const form = page.locator("#setup");
    await form.getByLabel("Myself, rolling at home").check();
    assert.equal(await form.getByLabel("Clinic name").isVisible(), false);
    await form.getByLabel(/^Time zone/).selectOption("UTC");
    await form.getByLabel("Your date of birth").fill("1992-03-14");
    await form.getByLabel(/^Your skin type/).selectOption("3");
    await form.getByLabel("Your user name").fill("maya");
    await form.getByLabel("Password (at least 10 characters)").fill(PW);
    await form.getByLabel(/^Setup code/).fill(server.setupCode);
    await screen("home-setup");
    await form.getByRole("button", { name: "Create the clinic" }).click();
    await page.locator("#title").filter({ hasText: "Today" }).waitFor();
    // a person at home gets the home log: no stock, no lot recall, no calendar
    const nav = await page.locator("#top nav a:visible").allTextContents();
    assert.deepEqual(nav, ["Today"]);
  });

  await step("health history, consent and a routine, then the roller", async () => {
    await api("POST", "/clients/1/intakes", { birth_date: "1992-03-14", fitzpatrick: 3 });
    const today = (await api("GET", "/session")).today;
    await api("POST", "/clients/1/screenings", { on: today });
    await api("POST", "/clients/1/consents", { form: "microneedling", signer: "maya", on: today });
    await api("POST", "/clients/1/plans", { device: "roller", start: today,
      targets: [{ indication: "fine_lines", zones: ["forehead", "cheek_right"] }] });
    await page.reload();
    const roller = page.locator("#roller-form");
    await roller.getByLabel(/^Its name or number/).fill("DERMA-540");
    await roller.getByLabel(/^Use by/).fill("2030-01-01");
    await screen("home-add-roller");
    await roller.getByRole("button", { name: "Add my roller" }).click();
    await page.locator("#roller-uses").filter({ hasText: "Next: use 1 of 10" }).waitFor();
  });

  await step("a use in two taps: the sterilisation before asked, the one after recorded once done", async () => {
    await screen("home-today");
    await page.getByRole("button", { name: "Log today's rolling" }).tap();
    const form = page.locator("#home-log");
    await form.getByLabel(/^Right cheek|^right cheek/).uncheck(); // only the forehead this time
    await form.getByRole("button", { name: "Log it" }).tap();
    // not sterilised before: asked, not assumed
    assert.equal(await form.getByLabel("I sterilised the roller before this use").evaluate((el) => el.validity.valueMissing), true);
    await form.getByLabel("I sterilised the roller before this use").check();
    await form.getByRole("button", { name: "Log it" }).tap();
    await message().filter({ hasText: "Logged: use 1 of 10." }).waitFor();
    await page.locator("#roller-uses").filter({ hasText: "Next: use 2 of 10" }).waitFor();
    await page.locator(".zone-rest li", { hasText: /forehead: resting until/i }).waitFor();
    const session = await api("GET", "/sessions/1");
    assert.equal(session.sterilised_before, true);
    assert.notEqual(session.sterilised_after, true, "not promised before the use");
    await screen("home-after-use");
    await page.getByRole("button", { name: "Done: sterilised after use" }).tap();
    await message().filter({ hasText: "Recorded: sterilised after use." }).waitFor();
    assert.equal((await api("GET", "/sessions/1")).sterilised_after, true);
    await page.locator("#care-title").waitFor(); // today's aftercare
  });

  await step("no signal in the bathroom: it opens, logs, and sends once when back", async () => {
    await page.reload(); // the service worker now holds the page and its last reads
    await page.locator("#roller-uses").waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);
    await page.reload();
    await page.locator("#roller-uses").filter({ hasText: "Next: use 2 of 10" }).waitFor();
    await page.getByRole("button", { name: "Log today's rolling" }).tap();
    const form = page.locator("#home-log");
    // the forehead rests: only the cheek is ready, and chosen
    assert.equal(await form.getByLabel(/forehead/i).isChecked(), false);
    assert.equal(await form.getByLabel(/right cheek/i).isChecked(), true);
    await form.getByLabel("I sterilised the roller before this use").check();
    await form.getByRole("button", { name: "Log it" }).tap();
    await message().filter({ hasText: "No signal: the use is kept on this phone" }).waitFor();
    await page.locator("#home-status").filter({ hasText: "1 waiting on this phone to be sent" }).waitFor();
    await screen("home-offline-kept");
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem("np-outbox")));
    await context.setOffline(false);
    await message().filter({ hasText: /^Sent: the use of / }).waitFor();
    await page.locator("#roller-uses").filter({ hasText: "Next: use 3 of 10" }).waitFor();
    assert.equal(await uses(), 2);
    // the reply lost on the way: the phone sends the same use again, and it counts once
    await page.evaluate((items) => localStorage.setItem("np-outbox", JSON.stringify(items)), kept);
    await page.evaluate(async () => (await import("/outbox.js")).flush());
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem("np-outbox")).length), 0);
    assert.equal(await uses(), 2, "sent twice, counted once");
  });

  await step("installable: a manifest and a service worker", async () => {
    const manifest = await page.evaluate(async () => (await fetch("/manifest.webmanifest")).json());
    assert.equal(manifest.display, "standalone");
    assert.equal(manifest.start_url, "/#/home");
    assert.equal(await page.evaluate(async () => Boolean(await navigator.serviceWorker.getRegistration())), true);
  });
  assert.deepEqual(errors, []);
} finally {
  await browser.close();
  const status = await server.stop();
  if (!run.failed) assert.equal(status, 0, "the server exits cleanly on SIGTERM");
}
console.log(`screens in ${out}`);
