// The owner's tools on a tablet: users added, their role changed, deactivated with a second tap
// and let back, a password reset; one's own password changed; a second chart for one person
// caught; the clinic's report. Every screen photographed and checked for accessibility.
//
//   node owner.mjs NEEDLEPOINT_BINARY WEB_DIR OUTPUT_DIR
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";
import { PW, args, launch, screens, go as goTo, steps, setUpClinic } from "./harness.mjs";

const { bin, web, out } = args("owner.mjs");
const server = await startServer(bin, web);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, deviceScaleFactor: 1, hasTouch: true });
const page = await context.newPage();
page.setDefaultTimeout(10000);
const shoot = screens(out);
const screen = (name) => shoot(page, name);
const go = (hash, title) => goTo(page, hash, title);
const message = () => page.locator("#message");
// A sign-in from another device: its own cookies, so this page stays signed in as it is.
async function canSignIn(name, password) {
  const other = await browser.newContext();
  const r = await other.request.post(`${server.url}api/v1/sign-in`, { data: { name, password } });
  await other.close();
  return r.status() === 200;
}
const row = (name) => page.locator(`#users tr[data-user="${name}"]`);

const run = steps(out, () => [page]);
const step = run.step;

try {
  await step("a clinic with a practitioner and a receptionist", async () => {
    await setUpClinic(page, server);
    await go("#/admin", "Admin");
    for (const [name, role] of [["pat", "practitioner"], ["rita", "reception"]]) {
      const add = page.locator("#user-form");
      await add.getByLabel("User name").fill(name);
      await add.getByLabel("Role").selectOption(role);
      await add.getByLabel("Password (at least 10 characters)").fill(PW);
      await add.getByRole("button", { name: "Add the user" }).click();
      await row(name).waitFor();
    }
  });

  await step("the owner changes a role, deactivates and reactivates, resets a password", async () => {
    await page.getByLabel("Role of rita").selectOption("practitioner");
    await message().filter({ hasText: "rita is now practitioner." }).waitFor();
    assert.equal(await page.getByLabel("Role of rita").inputValue(), "practitioner");
    await page.getByLabel("Role of rita").selectOption("reception");
    await message().filter({ hasText: "rita is now reception." }).waitFor();
    // deactivating asks again, then pat cannot sign in
    await row("pat").getByRole("button", { name: "Deactivate…" }).click();
    await screen("users-deactivate-confirm");
    await row("pat").getByRole("button", { name: "Yes, deactivate pat" }).click();
    await message().filter({ hasText: "pat is deactivated." }).waitFor();
    await row("pat").getByText(/^deactivated \d{4}-\d\d-\d\d$/).waitFor();
    assert.equal(await canSignIn("pat", PW), false);
    await row("pat").getByRole("button", { name: "Reactivate…" }).click();
    await row("pat").getByRole("button", { name: "Yes, reactivate pat" }).click();
    await message().filter({ hasText: "pat may sign in again." }).waitFor();
    assert.equal(await canSignIn("pat", PW), true);
    // a forgotten password: the owner sets a new one
    await row("rita").getByRole("button", { name: "Reset password…" }).click();
    await row("rita").getByLabel("New password for rita (at least 10 characters)").fill("a fresh passphrase 42");
    await row("rita").getByRole("button", { name: "Set the password" }).click();
    await message().filter({ hasText: "rita's password is set" }).waitFor();
    assert.equal(await canSignIn("rita", "a fresh passphrase 42"), true);
    assert.equal(await canSignIn("rita", PW), false);
    // one's own row is changed by another admin, and one's own password under Your account
    assert.equal(await row("ada").getByRole("button").count(), 0);
    await screen("users");
  });

  await step("everyone changes their own password", async () => {
    await page.locator("#top .who a").click();
    await page.locator("#title").filter({ hasText: "Your account" }).waitFor();
    const form = page.locator("#password-form");
    await form.getByLabel("Your current password").fill(PW);
    await form.getByLabel("New password (at least 10 characters)").fill("a newer passphrase 7");
    await form.getByLabel("The new password again").fill("a newer passphrase 7!");
    await form.getByRole("button", { name: "Change my password" }).click();
    await message().filter({ hasText: "The new password and its repetition differ" }).waitFor();
    await form.getByLabel("The new password again").fill("a newer passphrase 7");
    await form.getByRole("button", { name: "Change my password" }).click();
    await message().filter({ hasText: "Your password is changed." }).waitFor();
    assert.equal(await canSignIn("ada", "a newer passphrase 7"), true);
    await screen("account");
  });

  await step("a second chart for one person is caught, and made only for another person", async () => {
    for (let i = 0; i < 2; i++) {
      await go("#/clients", "Clients");
      const add = page.getByRole("form", { name: "Add a client" });
      await add.getByLabel("Name").fill("Grace Hopper");
      await add.getByLabel("Birth date").fill("1990-01-01");
      await add.getByRole("button", { name: "Add the client" }).click();
      if (i === 0) await page.locator("#title").filter({ hasText: "Chart: Grace Hopper" }).waitFor();
    }
    const warning = page.locator("#duplicate-warning");
    await warning.getByText("Grace Hopper, born 1990-01-01, is on file already").waitFor();
    await warning.getByRole("link", { name: "Open Grace Hopper's chart" }).waitFor();
    await screen("duplicate-client");
    const all = await page.evaluate(async () => (await fetch("/api/v1/clients?search=Grace")).json());
    assert.equal(all.length, 1, "not added twice");
    await warning.getByRole("button", { name: "Add a new client: this is another person" }).click();
    await page.locator("#title").filter({ hasText: "Chart: Grace Hopper" }).waitFor();
    const now = await page.evaluate(async () => (await fetch("/api/v1/clients?search=Grace")).json());
    assert.equal(now.length, 2);
  });

  await step("the clinic lists its rooms; the calendar has a column for each", async () => {
    await go("#/admin", "Admin");
    await page.locator("#clinic-form").getByLabel("Treatment rooms").fill("Room 1, Room 2");
    await page.locator("#clinic-form").getByRole("button", { name: "Save the clinic" }).click();
    await message().filter({ hasText: "Saved: Skin Studio" }).waitFor();
    await go("#/appointments", "Calendar");
    await page.getByLabel("Columns").selectOption("room");
    await page.locator(".cal-head", { hasText: "Room 2" }).waitFor();
    await screen("calendar-by-room");
  });

  await step("the clinic's report", async () => {
    await go("#/report", "Report");
    await page.locator("#months-title").waitFor();
    await page.getByText("No sessions in this period.").first().waitFor();
    await screen("report");
    await page.setViewportSize({ width: 1180, height: 820 });
    await screen("report-landscape");
  });
} finally {
  await browser.close();
  const status = await server.stop();
  if (!run.failed) assert.equal(status, 0, "the server exits cleanly on SIGTERM");
}
console.log(`screens in ${out}`);
