// A whole treatment course in the browser, as a clinic runs it: first-run setup, staff and stock,
// a client, a health history whose isotretinoin defers treatment to a date, planning on the facial
// map by clicking, a session, the printed aftercare, a booking refused as too early and one made,
// an adverse event and an outcome, and reception kept out of the health history. Every screen is
// photographed under the output folder and checked for accessibility.
//
//   node course.mjs NEEDLEPOINT_BINARY WEB_DIR OUTPUT_DIR [--proxy]
//
// With --proxy the same course runs as a clinic runs it: over HTTPS through nginx in front, set up
// as docs/deploy.md says (tests/web/server.mjs), the browser at https://clinic.example:PORT/.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";
import { checkAccessibility } from "./a11y.mjs";

const [bin, web, out, mode] = process.argv.slice(2);
if (!bin || !web || !out) {
  console.error("usage: node course.mjs NEEDLEPOINT_BINARY WEB_DIR OUTPUT_DIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const PW = "a long passphrase";
const pad = (n) => String(n).padStart(2, "0");
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
function days(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return iso(d);
}
// Calendar months, clamped to the month's last day, as the pack's windows count them.
function months(day, n) {
  const [y, m, d] = day.split("-").map(Number);
  const first = new Date(y, m - 1 + n, 1);
  const last = new Date(first.getFullYear(), first.getMonth() + 1, 0).getDate();
  return iso(new Date(first.getFullYear(), first.getMonth(), Math.min(d, last)));
}
const today = days(0);
let secondVisit; // the day the second session is booked: the earliest the rest allows

const server = await startServer(bin, web, { proxy: mode === "--proxy" });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    ...(process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : []),
    // through the proxy: the clinic's name is this machine, its certificate the test's own
    ...(server.proxied ? ["--host-resolver-rules=MAP clinic.example 127.0.0.1"] : []),
  ],
});
// a tablet in landscape
const context = await browser.newContext({
  viewport: { width: 1180, height: 820 }, deviceScaleFactor: 1, ignoreHTTPSErrors: server.proxied,
});
const page = await context.newPage();
page.setDefaultTimeout(10000);
const consoleErrors = [];
page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
page.on("pageerror", (e) => consoleErrors.push(String(e)));

let shot = 0;
async function screen(name, { a11y = true } = {}) {
  await page.screenshot({ path: join(out, `${pad(++shot)}-${name}.png`), fullPage: true });
  // nothing a person reads is a programmer's placeholder
  const shown = await page.locator("body").innerText();
  assert.doesNotMatch(shown, /\b(null|undefined|NaN)\b|\[object /, `${name}: a placeholder on the page`);
  if (a11y) await checkAccessibility(page, name);
}
// Go to a screen and wait until it is drawn.
async function go(hash, title) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.locator(`#screen[data-ready="${hash}"]`).waitFor({ state: "attached" });
  if (title) await page.locator("#title").filter({ hasText: title }).waitFor();
}
const message = () => page.locator("#message");
// Every zone of the facial map, each part of it (both arms, both thighs) measured as drawn: at
// least 44 x 44 CSS px, the size WCAG 2.2 asks of a target (2.5.5), on a tablet's width.
async function checkZoneSizes(name, width) {
  const sizes = await page.evaluate(() => {
    const out = [];
    for (const path of document.querySelectorAll(".facial-map path[data-zone]")) {
      for (const part of path.getAttribute("d").split(/(?=M)/)) {
        const probe = path.cloneNode(false);
        probe.setAttribute("d", part);
        path.parentNode.append(probe);
        const r = probe.getBoundingClientRect();
        probe.remove();
        out.push({ zone: path.dataset.zone, w: r.width, h: r.height });
      }
    }
    return out;
  });
  assert.ok(sizes.length >= 19, `${name}: ${sizes.length} zones measured`);
  const small = sizes.filter((s) => s.w < 44 || s.h < 44).map((s) => `${s.zone} ${s.w.toFixed(0)}x${s.h.toFixed(0)}`);
  assert.deepEqual(small, [], `${name} at ${width} px: zones under 44 x 44 px`);
  console.log(`  ${name}: smallest zone ${Math.min(...sizes.map((s) => Math.min(s.w, s.h))).toFixed(0)} px`);
}
async function signIn(name) {
  await page.goto(server.url);
  const form = page.locator("#sign-in");
  await form.getByLabel("User name").fill(name);
  await form.getByLabel("Password").fill(PW);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#who").filter({ hasText: name }).waitFor();
}
async function signOut() {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.locator("#sign-in").waitFor();
}

let failed = false;
async function step(name, fn) {
  process.stdout.write(`- ${name} ... `);
  try {
    await fn();
    console.log("ok");
  } catch (error) {
    failed = true;
    console.log("FAILED");
    console.error(error);
    await page.screenshot({ path: join(out, `failed-${name.replace(/\W+/g, "-")}.png`), fullPage: true }).catch(() => {});
    throw error;
  }
}

try {
  await step("first-run setup makes the clinic and its admin", async () => {
    await page.goto(server.url);
    const form = page.locator("#setup");
    await form.waitFor();
    await form.getByLabel("Clinic name").fill("Skin Studio");
    // where the clinic is sets its "today": the test machine's calendar is UTC's
    await form.getByLabel(/^Time zone/).selectOption("UTC");
    // what the handout prints of the clinic may wait for the admin screen
    await form.getByLabel(/^Number clients call/).fill("+44 20 7946 0000");
    await form.getByLabel("Your user name").fill("ada");
    await form.getByLabel("Password (at least 10 characters)").fill(PW);
    // the code the server printed on its console: only who can see the console sets it up
    await form.getByLabel(/^Setup code/).fill(server.setupCode);
    await screen("setup");
    await form.getByRole("button", { name: "Create the clinic" }).click();
    await page.locator("#who").filter({ hasText: "ada" }).waitFor();
    await page.locator("#title").filter({ hasText: "Clients" }).waitFor();
  });

  await step("the admin adds a practitioner and a receptionist", async () => {
    await go("#/admin", "Admin");
    for (const [name, role] of [["pat", "practitioner"], ["rita", "reception"]]) {
      const form = page.locator("#user-form");
      await form.getByLabel("User name").fill(name);
      await form.getByLabel("Role").selectOption(role);
      await form.getByLabel("Password (at least 10 characters)").fill(PW);
      await form.getByRole("button", { name: "Add the user" }).click();
      await page.getByRole("cell", { name, exact: true }).waitFor();
    }
    // the clinic's time zone, chosen at setup, says what today is; an admin may change it
    const clinic = page.locator("#clinic-form");
    assert.equal(await clinic.getByLabel("Time zone").inputValue(), "UTC");
    await clinic.getByText(/today there: \d{4}-\d\d-\d\d/).waitFor();
    // what the handout and the calendar print of the clinic
    await clinic.getByLabel("Address").fill("1 Harley Street, London W1G 9QD");
    await clinic.getByLabel("Phone").fill("+44 20 7946 0000");
    await clinic.getByLabel("Email").fill("desk@skin-studio.example");
    await clinic.getByRole("button", { name: "Save the clinic" }).click();
    await message().filter({ hasText: "Saved: Skin Studio" }).waitFor();
    assert.equal(await page.locator("#clinic-form").getByLabel("Phone").inputValue(), "+44 20 7946 0000");
    await page.getByRole("button", { name: "Verify the audit chain" }).click();
    await page.locator("#audit-verdict").filter({ hasText: "The chain holds" }).waitFor();
    await screen("admin");
    await signOut();
  });

  await step("sign-in page", async () => {
    await screen("sign-in");
  });

  await step("the practitioner adds a pen and a lot of cartridges", async () => {
    await signIn("pat");
    await go("#/stock", "Stock");
    const device = page.locator("#device-form");
    await device.getByLabel("Serial number").fill("PEN-1");
    await device.getByRole("button", { name: "Add the device" }).click();
    await page.getByText("pen PEN-1").waitFor();
    const lot = page.locator("#lot-form");
    await lot.getByLabel("Lot number").fill("CART-7");
    await lot.getByLabel("For the device").selectOption({ label: "motorised pen" });
    await lot.getByLabel("Units").fill("5");
    await lot.getByRole("button", { name: "Add the lot" }).click();
    await page.getByRole("cell", { name: "CART-7" }).waitFor();
    // a lot past its date is filed away as archived, not offered to a session
    await lot.getByLabel("Lot number").fill("OLD-1");
    await lot.getByLabel("For the device").selectOption({ label: "motorised pen" });
    await lot.getByLabel("Expires").fill(days(-1));
    await lot.getByRole("button", { name: "Add the lot" }).click();
    await page.locator("#archived-lots summary").filter({ hasText: "Archived: 1 used up, expired or recalled" }).waitFor();
    await page.locator("#archived-lots summary").click();
    await page.locator("#archived-lots").getByRole("cell", { name: "OLD-1" }).waitFor();
    // the glide: only a sterile product from stock touches open channels
    const glide = page.locator("#lot-form");
    await glide.getByLabel("Product").fill("hyaluronic serum");
    await glide.getByLabel("Lot number").fill("HA-7");
    await glide.getByLabel("For the device").selectOption("product");
    await glide.getByLabel("Sterile (a glide or serum)").check();
    await glide.getByRole("button", { name: "Add the lot" }).click();
    await page.getByRole("cell", { name: "HA-7" }).waitFor();
    await page.getByRole("cell", { name: "the skin (sterile)" }).waitFor();
    await screen("stock");
  });

  await step("add a client, then find her by typing", async () => {
    await go("#/clients", "Clients");
    const add = page.getByRole("form", { name: "Add a client" });
    await add.getByLabel("Name").fill("Grace Hopper");
    await add.getByLabel("Birth date").fill("1990-01-01");
    await add.getByLabel("Fitzpatrick skin type").selectOption("2");
    await add.getByLabel("Phone").fill("555 0100");
    await add.getByRole("button", { name: "Add the client" }).click();
    await page.locator("#title").filter({ hasText: "Chart: Grace Hopper" }).waitFor();
    await go("#/clients", "Clients");
    await page.getByLabel("Find a client by name").pressSequentially("Gra");
    await page.locator("#client-results").getByRole("link", { name: "Grace Hopper" }).waitFor();
    await screen("clients");
  });

  const lastMonth = months(today, -1);
  const deferredUntil = months(lastMonth, 6);
  await step("an intake without a skin type is refused, never filled in", async () => {
    await go("#/clients/1/intake", "Health history");
    const form = page.locator("#intake-form");
    const fitz = form.getByLabel("Fitzpatrick skin type");
    await fitz.selectOption("");
    await form.getByRole("button", { name: "Save and screen" }).click();
    assert.equal(await fitz.evaluate((el) => el.validity.valueMissing), true);
    assert.equal(await page.locator("#stored-screening").textContent(), "");
    // and the server, asked directly, refuses it too, naming the field
    const refused = await page.evaluate(async () => {
      const { post } = await import("/api.js");
      try {
        await post("/clients/1/intakes", { birth_date: "1990-01-01" });
        return "accepted";
      } catch (error) {
        return `${error.status} ${error.message}`;
      }
    });
    assert.match(refused, /^400 fitzpatrick: missing/);
    await fitz.selectOption("2");
  });

  await step("isotretinoin last month defers treatment, with the date, as the form is filled", async () => {
    await go("#/clients/1/intake", "Health history");
    const form = page.locator("#intake-form");
    await form.getByLabel("isotretinoin (oral)", { exact: true }).check();
    await form.getByLabel("isotretinoin (oral): last dose (empty while still taken)").fill(lastMonth);
    const live = page.locator("#live-screening");
    await live.filter({ hasText: `defer until ${deferredUntil}` }).waitFor();
    await live.getByText("rule isotretinoin").waitFor();
    // on a tablet held upright the live screening stays in view beside the medicine being filled in
    await page.setViewportSize({ width: 768, height: 1024 });
    const dose = form.getByLabel("isotretinoin (oral): last dose (empty while still taken)");
    await dose.scrollIntoViewIfNeeded();
    const inView = async (locator) => locator.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.top < innerHeight && r.height > 40;
    });
    assert.ok(await inView(dose), "the medicine's field is on screen");
    assert.ok(await inView(live), "the live screening is on screen while the medicine is filled in");
    await screen("health-history-portrait");
    await page.setViewportSize({ width: 1180, height: 820 });
    await dose.scrollIntoViewIfNeeded();
    assert.ok(await inView(live), "and beside the form in landscape");
    await form.getByRole("button", { name: "Save and screen" }).click();
    await page.locator("#stored-screening").filter({ hasText: `Screening 1: defer until ${deferredUntil}` }).waitFor();
    await screen("health-history-deferred");
  });

  await step("a corrected history with cold sores is a caution the practitioner acknowledges; consent", async () => {
    const form = page.locator("#intake-form");
    await form.getByLabel("isotretinoin (oral): last dose (empty while still taken)").fill(months(today, -8));
    await form.getByLabel("history of herpes simplex (cold sores)").check();
    await form.getByLabel("lidocaine", { exact: true }).check();
    // a lesion on the nose keeps the nose out of the plan
    await form.getByLabel("Zone", { exact: true }).last().selectOption("nose");
    await form.getByLabel("Finding there").last().selectOption("lesion");
    await page.locator("#live-screening").filter({ hasText: "Screening as filled: caution" }).waitFor();
    await form.getByRole("button", { name: "Save and screen" }).click();
    await page.locator("#stored-screening").filter({ hasText: "Screening 2: caution" }).waitFor();
    await page.getByLabel("What was discussed or done about it").fill("antiviral prophylaxis prescribed");
    await page.getByRole("button", { name: "Acknowledge the caution" }).click();
    await page.getByText("Caution acknowledged by pat").waitFor();
    await page.getByRole("button", { name: "Record the signature, dated today" }).click();
    await message().filter({ hasText: "Consent recorded" }).waitFor();
    await screen("health-history-caution-acknowledged");
  });

  await step("plan on the facial map by clicking zones", async () => {
    await go("#/clients/1/plan", "Plan");
    await page.getByLabel("Indication for the zones you press").selectOption("acne_scars");
    // the zone screening excluded is hatched, says why, and cannot be planned
    const nose = page.locator('path[data-zone="nose"]');
    assert.equal(await nose.getAttribute("fill"), "url(#hatch)");
    assert.match(await nose.getAttribute("aria-label"), /^nose: excluded: .*lesion/);
    assert.equal(await nose.getAttribute("aria-disabled"), "true");
    await nose.click({ force: true }); // a hand may still press it: the page says why not
    await message().filter({ hasText: "nose is excluded" }).waitFor();
    await page.locator('path[data-zone="cheek_left"]').click();
    await page.locator('#plan-details .zone-card[data-zone="cheek_left"]').waitFor();
    await page.locator('path[data-zone="cheek_right"]').click();
    await page.locator('#plan-details .zone-card[data-zone="cheek_right"]').waitFor();
    // the keyboard works too: focus the chin and press Enter
    await page.locator('path[data-zone="chin"]').focus();
    await page.keyboard.press("Enter");
    const rows = page.locator("#plan-details .zone-card");
    await rows.nth(2).waitFor();
    assert.equal(await rows.count(), 3);
    // in the pack's order, each at the indication's target within the zone's range
    const names = await rows.locator("h3").allTextContents();
    assert.deepEqual(names, ["1 right cheek", "2 left cheek", "3 chin"]);
    for (const depth of await rows.locator("input.depth").all()) assert.equal(await depth.inputValue(), "1.5");
    assert.equal(await page.locator('path[data-zone="chin"]').getAttribute("aria-checked"), "true");
    // the map names its zones and shows each planned one's place in the order and its depth
    assert.equal(await page.locator('text[data-for="chin"]').textContent(), "chin3 · 1.5 mm");
    assert.equal(await page.locator('text[data-for="neck"]').textContent(), "neck");
    await checkZoneSizes("plan-map-landscape", 1180);
    // on a tablet held upright the map fills the width and every zone takes a fingertip
    await page.setViewportSize({ width: 768, height: 1024 });
    await checkZoneSizes("plan-map-portrait", 768);
    await screen("plan-map-portrait");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 768), "no sideways scroll upright");
    await page.setViewportSize({ width: 1180, height: 820 });
    await page.getByText("Course: 3 sessions (3–6), every 28 days (14–42)").waitFor();
    // the lidocaine allergy of the screening: no numbing cream, with the reason
    await page.locator("#plan-anaesthetic").filter({ hasText: "No numbing cream: allergy to topical anaesthetic." }).waitFor();
    // a depth can be set within the zone's range and the cap, not outside it
    const cheek = page.getByLabel(/^left cheek: depth in mm, 0\.5 to 2$/);
    assert.equal(await cheek.getAttribute("max"), "2");
    await cheek.fill("1.25");
    await cheek.press("Tab");
    await page.locator("#plan-details").getByText("set to 1.25 mm by the practitioner").waitFor({ state: "attached" });
    const chin = page.getByLabel(/^chin: depth in mm/);
    await chin.fill("2.5");
    await chin.press("Tab");
    await message().filter({ hasText: "chin: the depth must be from 0.5 to 1.5 mm" }).waitFor();
    await chin.fill("1.5");
    await chin.press("Tab");
    // clicking again takes a zone out
    await page.locator('path[data-zone="chin"]').click();
    await rows.nth(2).waitFor({ state: "detached" });
    await page.locator('path[data-zone="chin"]').click();
    await rows.nth(2).waitFor();
    await screen("plan-map");
    await page.getByRole("button", { name: "Keep this plan" }).click();
    await message().filter({ hasText: "kept: 3 sessions" }).waitFor();
    // kept with the practitioner's depth, and the refused one never sent
    const kept = await page.evaluate(async () => (await fetch("/api/v1/clients/1/plans")).json());
    const depthOf = Object.fromEntries(kept[0].plan.zones.map((z) => [z.zone, z.depth_mm]));
    assert.deepEqual(depthOf, { cheek_right: 1.5, cheek_left: 1.25, chin: 1.5 });
  });

  await step("log the session: checklist, pen, cartridge unit, zones, products", async () => {
    await go("#/clients/1/session", "Session");
    const form = page.locator("#session-form");
    for (const box of await form.locator('input[name="checklist"]').all()) await box.check();
    const unit = form.getByLabel("Cartridge or roller unit");
    // the soonest to expire of the lots that fit the pen; the lot long expired is not offered
    assert.match(await unit.locator("option:checked").textContent(), /CART-7, unit 1 \(5 left, expires/);
    assert.equal(await unit.locator("option", { hasText: "OLD-1" }).count(), 0);
    const depth = form.getByRole("group", { name: /left cheek/ }).getByLabel("Depth used (mm)");
    assert.equal(await depth.getAttribute("max"), "2");
    await form.getByLabel("Glide or serum from stock").selectOption({ label: "hyaluronic serum, lot HA-7" });
    // what the practitioner observes is asked, never filled in
    for (const asked of ["Endpoint reached", "Reactions"]) {
      const box = form.getByLabel(asked);
      assert.equal(await box.inputValue(), "", `${asked} starts empty`);
      assert.equal(await box.evaluate((el) => el.required), true);
    }
    await form.getByLabel("Endpoint reached").fill("even erythema, pinpoint bleeding");
    await form.getByLabel("Reactions").fill("none");
    await screen("session");
    await form.getByRole("button", { name: "Log the session" }).click();
    await page.locator("#title").filter({ hasText: "Aftercare: Grace Hopper" }).waitFor();
    // the confirmation is still there on the next screen, until dismissed
    await message().filter({ hasText: "Session 1 logged: session 1 of 3." }).waitFor();
  });

  await step("the aftercare handout prints", async () => {
    // the clinic's own name and number, as the admin set them
    await page.getByText("Call Skin Studio on +44 20 7946 0000 if you notice").waitFor();
    await page.locator(".handout-clinic").filter({ hasText: "1 Harley Street, London" }).waitFor();
    await page.locator(".handout-facts").getByText("pat", { exact: true }).waitFor();
    // the pack's sentences as the client reads them: never "Avoid: no makeup"
    const care = page.locator(".care-timeline");
    await care.getByText("Leave makeup off.").waitFor();
    await care.getByText("Wear SPF 30+ every day, for two weeks.").waitFor();
    assert.doesNotMatch(await care.innerText(), /Avoid:|\bno (makeup|direct sun)\b/);
    assert.equal(await page.locator("#handout-next").textContent(), "none booked yet: call +44 20 7946 0000 to book");
    await screen("aftercare");
  });

  await step("the used single-use unit cannot be chosen again", async () => {
    await go("#/clients/1/session", "Session");
    // the server's gate says why a unit cannot serve; the page offers only what it would take
    // the lot's next unit is offered, and only it: no list of every unit ever bought
    const options = page.locator('#session-form select[name="unit"] option', { hasText: "CART-7" });
    assert.equal(await options.count(), 1);
    assert.match(await page.locator('#session-form select[name="unit"] option:checked').textContent(), /CART-7, unit 2 \(4 left/);
  });

  await step("a booking before the zones' rest is over is refused; a later one is made", async () => {
    await go("#/clients/1/book", "Book");
    const form = page.locator("#book-form");
    await form.getByLabel("Date").fill(days(3));
    await form.getByLabel("Time").fill("10:30");
    await form.getByRole("button", { name: "Book" }).click();
    // every reason as the practitioner reads it: names and dates, no zone ids or codes
    const reason = page.locator("#refusal li").filter({ hasText: /^Left cheek: rests until \d{4}-\d\d-\d\d; it was needled at 1\.25 mm on/ });
    await reason.waitFor();
    assert.doesNotMatch(await page.locator("#refusal").textContent(), /cheek_left|_/);
    assert.match(await reason.textContent(), /a practitioner may override/);
    // the earliest day every reason clears is offered, as one tap
    const until = (await reason.textContent()).match(/rests until (\d{4}-\d\d-\d\d)/)[1];
    assert.equal(await page.locator("#earliest-offer").textContent(), `Book ${until} instead, the earliest it can be`);
    await screen("booking-refused");
    await page.locator("#earliest-offer").click(); // the tap books it there
    secondVisit = until;
    await page.locator("#title").filter({ hasText: "Chart: Grace Hopper" }).waitFor();
    await message().filter({ hasText: `Booked ${secondVisit} at 10:30: session 2 of 3.` }).waitFor();
    await page.getByText(`${secondVisit} 10:30 (60 min) session 2 of 3`).waitFor();
    const ics = await page.evaluate(async () => (await fetch("/api/v1/clients/1/appointments.ics")).text());
    // at the clinic's local time in its zone, organized by the clinic at its address
    assert.match(ics, new RegExp(`DTSTART;TZID=UTC:${secondVisit.replaceAll("-", "")}T103000`));
    assert.match(ics, /SUMMARY:Microneedling: session 2 of 3/);
    assert.match(ics, /ORGANIZER;CN="Skin Studio":mailto:desk@skin-studio.example/);
    assert.match(ics, /LOCATION:Skin Studio\\, 1 Harley Street\\, London W1G 9QD/);
  });

  await step("the handout names the next appointment and prints on one page of A4 and of Letter", async () => {
    await go("#/sessions/1/aftercare", "Aftercare: Grace Hopper");
    await page.locator("#handout-next").filter({ hasText: /at 10:30, session 2 of 3$/ }).waitFor();
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("#top").evaluate((el) => getComputedStyle(el).display), "none");
    assert.equal(await page.locator(".no-print button").evaluate((el) => getComputedStyle(el).display), "none");
    assert.notEqual(await page.locator(".handout-clinic").evaluate((el) => getComputedStyle(el).display), "none");
    // ordinary margins: 10 mm on A4, 0.4 in on Letter; the call-the-clinic box stays on the page
    for (const [format, margin] of [["A4", "10mm"], ["Letter", "0.4in"]]) {
      const pdf = await page.pdf({ path: join(out, `aftercare-${format}.pdf`), format, printBackground: true,
        margin: { top: margin, right: margin, bottom: margin, left: margin } });
      const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) || [];
      assert.equal(pages.length, 1, `the handout on ${format} at ${margin} margins: ${pages.length} pages`);
    }
    await page.screenshot({ path: join(out, `${pad(++shot)}-aftercare-print.png`), fullPage: true });
    await page.emulateMedia({ media: "screen" });
    await go("#/clients/1", "Chart: Grace Hopper");
  });

  await step("the chart shows its badges and timeline", async () => {
    for (const badge of ["screening: caution (acknowledged)", "consent until", "session 1 of 3", "left cheek: from", `next booking ${secondVisit}`])
      await page.locator(".badges").getByText(badge).first().waitFor();
    await page.locator(".timeline").getByText("Session 1 of 3").waitFor();
    await screen("chart");
  });


  await step("a practitioner books early with an override that names what it lifts", async () => {
    await go("#/clients/1/book", "Book");
    const form = page.locator("#book-form");
    await form.getByLabel("Date").fill(days(5));
    await form.getByLabel("Time").fill("15:00");
    await form.getByRole("button", { name: "Book" }).click();
    const refused = page.locator("#refusal form");
    await refused.waitFor();
    // one box per refusal a practitioner may lift, named as the pack names it
    const lift = refused.getByLabel("a zone still resting from its last session");
    assert.equal(await lift.isChecked(), true);
    const reason = refused.getByLabel(/^The reason, kept with the booking/);
    assert.equal(await reason.getAttribute("minlength"), "20"); // the pack's bound
    await reason.fill("travelling from next week; skin checked today");
    await screen("booking-override");
    // the same on a tablet held upright
    await page.setViewportSize({ width: 768, height: 1024 });
    await screen("booking-override-portrait");
    // and on a phone
    await page.setViewportSize({ width: 390, height: 844 });
    await screen("booking-override-phone");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no sideways scroll on a phone");
    await page.setViewportSize({ width: 1180, height: 820 });
    await refused.getByRole("button", { name: "Book it with the override" }).click();
    await page.locator("#title").filter({ hasText: "Chart: Grace Hopper" }).waitFor();
    await page.getByText(/booked over a refusal: travelling from next week/).waitFor();
  });

  await step("an adverse event, followed up until resolved", async () => {
    await go("#/clients/1/events", "Adverse events");
    const form = page.locator("#ae-form");
    await form.getByLabel("What").fill("prolonged erythema");
    await form.getByLabel("Note").fill("red past day 7");
    await form.getByRole("button", { name: "Record the adverse event" }).click();
    await page.getByRole("heading", { name: /prolonged erythema \(mild\).*open/ }).waitFor();
    await page.getByLabel("Status").fill("settling with cool compresses");
    await page.getByRole("button", { name: /Add the follow-up/ }).click();
    await page.getByText(/settling with cool compresses/).first().waitFor();
    await screen("adverse-events");
  });

  await step("outcomes and their trend", async () => {
    await go("#/clients/1/outcomes", "Outcomes");
    const form = page.locator("#outcome-form");
    await form.getByLabel("Scale").selectOption("goodman_baron");
    await form.getByLabel("Score (1–4; lower is better)").selectOption("3");
    await form.getByLabel("Date").fill(days(-30));
    await form.getByRole("button", { name: "Record the score" }).click();
    await page.locator("#trend").getByText("1 score(s)").waitFor();
    await form.getByLabel("Score (1–4; lower is better)").selectOption("2");
    await form.getByLabel("Date").fill(today);
    await form.getByRole("button", { name: "Record the score" }).click();
    await page.locator("#trend").getByText("2 score(s), the latest Goodman & Baron qualitative acne-scar grade 2: mild; change since the first: -1 (lower is better)").waitFor();
    assert.equal(await page.locator("#trend circle").count(), 2);
    await screen("outcomes");
  });

  await step("a lot recall finds the client to contact", async () => {
    await go("#/recall", "Lot recall");
    await page.getByLabel("Lot number").fill("HA-7");
    await page.getByRole("button", { name: "Find who it reached" }).click();
    await page.locator("#recall-result").getByRole("link", { name: "Grace Hopper" }).waitFor();
    await page.locator("#recall-result").getByText("555 0100").waitFor();
    await screen("recall");
    await signOut();
  });

  await step("a melasma plan in Fitzpatrick V is capped, with its reason", async () => {
    await signIn("pat");
    await go("#/clients/1/intake", "Health history");
    const form = page.locator("#intake-form");
    await form.getByLabel("Fitzpatrick skin type").selectOption("5");
    await form.getByRole("button", { name: "Save and screen" }).click();
    await page.locator("#stored-screening").filter({ hasText: "Screening 3: caution" }).waitFor();
    await go("#/clients/1/plan", "Plan");
    await page.getByLabel("Indication for the zones you press").selectOption("melasma");
    await page.locator('path[data-zone="cheek_left"]').click();
    const row = page.locator('#plan-details .zone-card[data-zone="cheek_left"]');
    await row.waitFor();
    assert.equal(await row.locator("input.depth").inputValue(), "1");
    await page.locator("#plan-adjustments").getByText(/pigment in darker skin or after PIH: at most 1\.0 mm \(/).waitFor();
    await row.getByText("Why this depth").click();
    await row.getByText(/lowered to 1 mm: pigment in darker skin/).waitFor();
    await screen("plan-melasma-capped");
    // the treatment room's tablet, in portrait
    await page.setViewportSize({ width: 768, height: 1024 });
    await screen("plan-melasma-capped-portrait");
    await page.setViewportSize({ width: 1180, height: 820 });
    // the health history's free-text entries, as a tablet shows them
    await go("#/clients/1/intake", "Health history");
    const other = page.locator("#intake-form").getByLabel("Other medicines and supplements");
    await other.fill("evening primrose oil");
    await other.blur(); // its change screens again: let that answer land before the keyboard check
    await page.waitForLoadState("networkidle");
    await page.locator("#live-screening").getByText("medication: evening primrose oil").waitFor();
    await page.setViewportSize({ width: 768, height: 1024 });
    await screen("health-history-unlisted-portrait");
    await page.setViewportSize({ width: 1180, height: 820 });
    await signOut();
  });

  await step("a long chart opens on its newest entries and shows older ones on request", async () => {
    await signIn("pat");
    // a client of many visits: scores recorded over the API, as another tablet would
    const total = await page.evaluate(async (day) => {
      const { csrf } = await (await fetch("/api/v1/session")).json();
      for (let i = 0; i < 24; i++) {
        const r = await fetch("/api/v1/clients/1/outcomes", {
          method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
          body: JSON.stringify({ scale: "gais", value: 1 + (i % 5), date: day }),
        });
        if (r.status !== 201) throw new Error(`outcome: ${r.status}`);
      }
      const all = await (await fetch("/api/v1/clients/1/history?limit=500")).json();
      return all.timeline.length;
    }, today);
    assert.ok(total > 30, `${total} entries`);
    await go("#/clients/1", "Chart: Grace Hopper");
    const entries = page.locator(".timeline > li");
    assert.equal(await entries.count(), 20);
    const older = page.getByRole("button", { name: "Show older entries" });
    await page.setViewportSize({ width: 768, height: 1024 });
    await screen("chart-long-portrait");
    while (await older.count()) {
      const before = await entries.count();
      await older.click();
      await page.waitForFunction((n) => document.querySelectorAll(".timeline > li").length > n, before);
    }
    assert.equal(await entries.count(), total);
    // the oldest entry last: the score dated a month back
    assert.equal(await entries.last().locator("time").getAttribute("datetime"), days(-30));
    await page.setViewportSize({ width: 390, height: 844 });
    await screen("chart-long-phone");
    await page.setViewportSize({ width: 1180, height: 820 });
    await signOut();
  });

  await step("reception cannot open the health history", async () => {
    await signIn("rita");
    await go("#/clients/1/intake");
    await message().filter({ hasText: "Not allowed for your role (reception)" }).waitFor();
    assert.equal(await page.locator("#intake-form").count(), 0);
    await screen("reception-refused-health-history");
    // the front desk books: a refusal says when, not why
    await go("#/clients/1/book", "Book");
    await page.locator("#book-form").getByLabel("Date").fill(days(2));
    await page.locator("#book-form").getByRole("button", { name: "Book" }).click();
    const told = page.locator("#refusal li");
    await told.filter({ hasText: "a practitioner can tell you why" }).waitFor();
    assert.doesNotMatch(await page.locator("#refusal").textContent(), /rests|mm|infection|adverse|screening/i);
    assert.equal(await page.locator("#refusal textarea").count(), 0);
    await screen("reception-booking-refused");
    await go("#/clients/1", "Chart: Grace Hopper");
    await page.getByRole("heading", { name: "Appointments" }).waitFor();
    assert.equal(await page.locator(".timeline").count(), 0);
    // the front desk keeps contact details up to date
    await page.getByText("Edit the details").click();
    // clinical notes are not the front desk's: not shown, not sent; its own notes are
    assert.equal(await page.getByLabel("Clinical notes").count(), 0);
    await page.getByLabel("Front-desk notes (contact and booking)").fill("prefers mornings");
    await page.getByLabel("Phone").fill("555 0199");
    await page.getByRole("button", { name: "Save the details" }).click();
    await message().filter({ hasText: "Saved." }).waitFor();
    // a tablet held upright
    await page.setViewportSize({ width: 820, height: 1180 });
    await screen("reception-chart-portrait");
  });

  await step("the front desk runs the day from the calendar: books, is kept from double booking, moves and cancels", async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    const other = await page.evaluate(async () => {
      const { post } = await import("/api.js");
      return (await post("/clients", { name: "Katherine Johnson", birth_date: "1985-08-26" })).id;
    });
    const day = secondVisit;
    await go("#/appointments", "Calendar");
    await page.getByLabel("Day", { exact: true }).fill(day);
    await page.getByLabel("Day", { exact: true }).dispatchEvent("change");
    const grace = page.locator(".cal-booking", { hasText: "10:30 Grace Hopper" });
    await grace.waitFor();
    assert.equal(await grace.textContent(), "10:30 Grace Hopper, session 2 of 3, with pat");
    // every half hour a fingertip's size
    const box = await page.locator(".cal-slot").first().boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, `a half hour is ${box.width}x${box.height}`);
    await screen("calendar-day-portrait");
    // the same hour with the same practitioner is refused, naming who has whom
    const slot = (time) => page.locator(`.cal-slot[aria-label$=" ${time} with pat"]`);
    async function bookThere(time) {
      await slot(time).click();
      const form = page.locator("#calendar-book");
      await form.getByLabel(/^Client/).pressSequentially("Kath");
      await form.getByRole("button", { name: /^Katherine Johnson/ }).click();
      await form.getByRole("button", { name: "Book", exact: true }).click();
    }
    await bookThere("10:00"); // an hour from 10:00 runs into hers
    await message().filter({ hasText: "pat has Grace Hopper booked from 10:30 to 11:30 that day" }).waitFor();
    await bookThere("11:30");
    await page.locator(".cal-booking", { hasText: "11:30 Katherine Johnson" }).waitFor();
    await message().filter({ hasText: /^Booked Katherine Johnson on .* at 11:30 with pat\./ }).waitFor();
    // Grace's adverse event is still open: her booking cannot move, and no day is offered, for
    // none can be promised
    await grace.click();
    await page.locator("#calendar-details").getByRole("button", { name: "Move…" }).click();
    const move = page.locator("#calendar-move");
    await move.getByLabel("Date").fill(days(3));
    await move.getByRole("button", { name: "Move it" }).click();
    await page.locator("#calendar-refusal li").filter({ hasText: "Not bookable for now; a practitioner can tell you why." }).waitFor();
    assert.equal(await page.locator("#calendar-refusal button").count(), 0);
    await screen("calendar-move-refused");
    // Katherine's consultation moves to the afternoon with ada; her calendar file counts the move
    const kathAt = page.locator(".cal-booking", { hasText: "11:30 Katherine Johnson" });
    await kathAt.click();
    await page.locator("#calendar-details").getByRole("button", { name: "Move…" }).click();
    await move.getByLabel("Time").fill("14:00");
    await move.getByLabel("Practitioner").selectOption({ label: "ada" });
    await move.getByRole("button", { name: "Move it" }).click();
    await message().filter({ hasText: /^Moved Katherine Johnson to .* at 14:00\./ }).waitFor();
    await page.locator(".cal-booking", { hasText: "14:00 Katherine Johnson, consultation, with ada" }).waitFor();
    const ics = await page.evaluate(async (id) => (await fetch(`/api/v1/clients/${id}/appointments.ics`)).text(), other);
    assert.match(ics, new RegExp(`DTSTART;TZID=UTC:${day.replaceAll("-", "")}T140000\\r\\n`));
    assert.match(ics, /\r\nSEQUENCE:1\r\n/); // her one event, moved once
    // the week, by practitioner, on a tablet held sideways
    await page.setViewportSize({ width: 1180, height: 820 });
    await page.getByLabel("Day", { exact: true }).fill(day);
    await page.getByLabel("Day", { exact: true }).dispatchEvent("change");
    await page.getByLabel("Show").selectOption("week");
    const kath = page.locator(".cal-booking", { hasText: "14:00 Katherine Johnson" });
    await kath.waitFor();
    await screen("calendar-week");
    // a cancellation asks why, and asks again before it is done
    await kath.click();
    await page.locator("#calendar-details").getByRole("button", { name: "Cancel…" }).click();
    const cancel = page.locator("#calendar-cancel");
    await cancel.getByRole("button", { name: "Yes, cancel it" }).click();
    assert.equal(await cancel.getByLabel(/^Why/).evaluate((el) => el.validity.valueMissing), true);
    await cancel.getByLabel(/^Why/).fill("the client has a cold");
    await screen("calendar-cancel-confirm");
    await cancel.getByRole("button", { name: "Yes, cancel it" }).click();
    await message().filter({ hasText: /^Cancelled Katherine Johnson's consultation/ }).waitFor();
    await kath.waitFor({ state: "detached" });
    const kept = await page.evaluate(async (id) => (await fetch(`/api/v1/clients/${id}/appointments`)).json(), other);
    assert.equal(kept[0].status, "cancelled");
    assert.equal(kept[0].cancel_reason, "the client has a cold");
  });

  assert.deepEqual(consoleErrors.filter((e) => !/status of 4\d\d/.test(e)), []);
} finally {
  await browser.close();
  const status = await server.stop();
  if (!failed) assert.equal(status, 0, "the server exits cleanly on SIGTERM");
}
console.log(`screens in ${out}`);
