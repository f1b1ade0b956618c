// Nothing lost, nothing cryptic: on a tablet (768 x 1024), two tabs editing one client, a tab
// signed out under another's typing, the server stopped and started again, a server too slow, a
// proxy's 502, and confirmations that stay until dismissed. Every state is photographed and
// checked for accessibility.
//
//   node lost.mjs NEEDLEPOINT_BINARY WEB_DIR OUTPUT_DIR
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { PW, args, launch, screens, go, steps, setUpClinic } from "./harness.mjs";

const { bin, web, out } = args("lost.mjs");
const server = await startServer(bin, web);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, deviceScaleFactor: 1, hasTouch: true });
const [one, two] = [await context.newPage(), await context.newPage()];
for (const page of [one, two]) page.setDefaultTimeout(10000);
const screen = screens(out);
const message = (page) => page.locator("#message");
async function signIn(page) {
  const form = page.locator("#sign-in");
  await form.getByLabel("User name").fill("ada");
  await form.getByLabel("Password").fill(PW);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#who").filter({ hasText: "ada" }).waitFor();
}
async function details(page) {
  await go(page, "#/clients/1");
  await page.getByText("Edit the details").click();
  return page.locator("#details-form");
}
// the client as the server holds it
const stored = () => one.evaluate(async () => (await fetch("/api/v1/clients/1")).json());

const run = steps(out, () => [one, two]);
const step = run.step;

try {
  await step("a clinic and a client", async () => {
    await setUpClinic(one, server);
    const add = one.getByRole("form", { name: "Add a client" });
    await add.getByLabel("Name").fill("Ada Two Tabs");
    await add.getByLabel("Phone").fill("555 0100");
    await add.getByRole("button", { name: "Add the client" }).click();
    await one.locator("#title").filter({ hasText: "Chart: Ada Two Tabs" }).waitFor();
    await two.goto(`${server.url}#/clients/1`);
    await two.locator('#screen[data-ready="#/clients/1"]').waitFor({ state: "attached" });
  });

  await step("two tabs edit one client: the second save is stopped and offered a choice", async () => {
    const a = await details(one), b = await details(two);
    await a.getByLabel("Phone").fill("555 0199");
    await b.getByLabel("Phone").fill("555 0777");
    await b.getByLabel("Front-desk notes (contact and booking)").fill("prefers mornings");
    await a.getByRole("button", { name: "Save the details" }).click();
    await message(one).filter({ hasText: "Saved." }).waitFor();
    await b.getByRole("button", { name: "Save the details" }).click();
    const conflict = two.locator("#details-conflict");
    await conflict.getByText("Someone else changed these details while you were editing").waitFor();
    await conflict.getByText('Phone: theirs "555 0199", yours "555 0777"').waitFor();
    assert.equal((await stored()).phone, "555 0199", "the second save changed nothing");
    await screen(two, "two-tabs-conflict");
    await conflict.getByRole("button", { name: "Keep mine" }).click();
    await message(two).filter({ hasText: "Saved." }).waitFor();
    const now = await stored();
    assert.equal(now.phone, "555 0777");
    assert.equal(now.desk_notes, "prefers mornings");
    assert.equal(now.version, 3);
  });

  await step("a confirmation stays until it is dismissed", async () => {
    await one.waitForTimeout(2500);
    await message(one).filter({ hasText: "Saved." }).waitFor();
    await go(one, "#/clients");
    await message(one).filter({ hasText: "Saved." }).waitFor(); // moving on does not wipe it
    await one.getByRole("button", { name: "Dismiss this message" }).click();
    assert.equal(await message(one).textContent(), "");
  });

  await step("two tabs fill in one health history: the older is stopped, and may be kept", async () => {
    for (const page of [one, two]) {
      await go(page, "#/clients/1/intake");
      const form = page.locator("#intake-form");
      await form.getByLabel("Birth date").fill("1980-02-02");
      await form.getByLabel("Fitzpatrick skin type").selectOption("3");
    }
    await one.locator("#intake-form").getByLabel("lidocaine", { exact: true }).check();
    await one.locator("#intake-form").getByRole("button", { name: "Save and screen" }).click();
    await one.locator("#stored-screening").filter({ hasText: "Screening 1" }).waitFor();
    await two.locator("#intake-form").getByRole("button", { name: "Save and screen" }).click();
    const conflict = two.locator("#intake-conflict");
    await conflict.getByText("saved version 1 of this health history while you were filling it in").waitFor();
    const versions = async () => (await one.evaluate(async () => (await fetch("/api/v1/clients/1/intakes")).json())).length;
    assert.equal(await versions(), 1, "the older form changed nothing");
    await screen(two, "intake-conflict");
    await conflict.getByRole("button", { name: "Save mine as the newest version" }).click();
    await two.locator("#stored-screening").filter({ hasText: "Screening 2" }).waitFor();
    assert.equal(await versions(), 2);
  });

  await step("signed out in one tab, the other tab's typing survives the sign-in", async () => {
    const b = await details(two);
    await b.getByLabel("Front-desk notes (contact and booking)").fill("call after 5 pm; allergic to nickel");
    await one.getByRole("button", { name: "Sign out" }).click();
    await one.locator("#sign-in").waitFor();
    await b.getByRole("button", { name: "Save the details" }).click();
    await two.locator("#sign-in").waitFor();
    await message(two).filter({ hasText: "You were signed out. Sign in again: what you had typed is kept." }).waitFor();
    await screen(two, "signed-out-draft-kept");
    await signIn(two);
    await message(two).filter({ hasText: "what you had typed is back in the form" }).waitFor();
    await two.getByText("Edit the details").click();
    assert.equal(await two.locator("#details-form").getByLabel("Front-desk notes (contact and booking)").inputValue(),
      "call after 5 pm; allergic to nickel");
    await two.locator("#details-form").getByRole("button", { name: "Save the details" }).click();
    await message(two).filter({ hasText: "Saved." }).waitFor();
    assert.equal((await stored()).desk_notes, "call after 5 pm; allergic to nickel");
    await one.reload(); // the tabs share the sign-in, as a browser's tabs do
    await one.locator("#who").filter({ hasText: "ada" }).waitFor();
  });

  await step("the server stopped: a clear message, the entry kept, sent once when it is back", async () => {
    await go(one, "#/clients/1/outcomes");
    const form = one.locator("#outcome-form");
    await form.getByLabel("Scale").selectOption("gais");
    await form.getByLabel(/^Score/).selectOption("2");
    await server.halt();
    await form.getByRole("button", { name: "Record the score" }).click();
    await message(one).filter({ hasText: "The clinic's server cannot be reached. Nothing was sent. What you entered is still on the page." }).waitFor();
    assert.equal(await form.getByLabel(/^Score/).inputValue(), "2");
    await screen(one, "server-stopped");
    await server.resume();
    await message(one).getByRole("button", { name: "Try again" }).click();
    await one.locator("#trend").getByText("1 score(s)").waitFor();
    const trend = await one.evaluate(async () => (await fetch("/api/v1/clients/1/outcomes?scale=gais")).json());
    assert.equal(trend.points.length, 1, "recorded once");
  });

  await step("a slow server shows that it is working; one that never answers is given up, with a retry", async () => {
    // the screen's requests held back: the busy sign after 300 ms
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await one.route("**/api/v1/clients/1/outcomes?*", async (route) => { await held; await route.continue(); });
    const drawn = go(one, "#/clients/1/outcomes");
    await one.locator("#busy").waitFor({ state: "visible" });
    assert.match(await one.locator("#busy").textContent(), /Working/);
    await screen(one, "slow-busy");
    release();
    await drawn;
    await one.locator("#busy").waitFor({ state: "hidden" });
    await one.unroute("**/api/v1/clients/1/outcomes?*");
    // a request that never answers: given up after the timeout (shortened here)
    await one.evaluate(() => sessionStorage.setItem("np-timeout-ms", "1500"));
    await one.reload();
    await one.locator("#who").waitFor();
    await one.route("**/api/v1/clients/1/outcomes?*", () => {});
    await go(one, "#/clients/1/outcomes");
    await message(one).filter({ hasText: "The server has not answered in 1.5 seconds." }).waitFor();
    await one.unroute("**/api/v1/clients/1/outcomes?*");
    await message(one).getByRole("button", { name: "Try again" }).click();
    await one.locator("#trend h2").filter({ hasText: "trend" }).waitFor(); // drawn this time
    assert.equal(await message(one).textContent(), "");
    await one.evaluate(() => sessionStorage.removeItem("np-timeout-ms"));
  });

  await step("a proxy's 502 reads as the server not answering, not as HTTP 502", async () => {
    await one.route("**/api/v1/clients/1/history*", (route) =>
      route.fulfill({ status: 502, contentType: "text/html", body: "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>" }));
    await go(one, "#/clients/1");
    await message(one).filter({ hasText: "The clinic's server is not answering just now. Try again in a moment." }).waitFor();
    await screen(one, "proxy-502");
    await one.unroute("**/api/v1/clients/1/history*");
    await message(one).getByRole("button", { name: "Try again" }).click();
    await one.locator(".timeline").getByText(/Outcome/i).first().waitFor();
  });

  await step("a field the server refuses is named as the form names it", async () => {
    await go(one, "#/clients");
    const add = one.getByRole("form", { name: "Add a client" });
    await add.getByLabel("Name").fill("Bad Date");
    await add.getByLabel("Birth date").evaluate((el) => { el.type = "text"; el.value = "1990-02-30"; });
    await add.getByRole("button", { name: "Add the client" }).click();
    await message(one).filter({ hasText: /^Birth date: / }).waitFor();
    assert.doesNotMatch(await message(one).textContent(), /birth_date/);
  });
} finally {
  await browser.close();
  const status = await server.stop();
  if (!run.failed) assert.equal(status, 0, "the server exits cleanly on SIGTERM");
}
console.log(`screens in ${out}`);
