// The treatment room's two busiest screens in Chromium, for a client of 200 sessions in a clinic of
// 60 lots: the chart and the session screen, each from setting the address to the screen drawn and
// painted, 20 times. Target: under 300 ms each (issue 16).
//
//   node bench/web_screens.mjs NEEDLEPOINT_BINARY WEB_DIR
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "../tests/web/package.json"));
const { chromium } = require("playwright-core");
const { startServer } = await import("../tests/web/server.mjs");

const [bin, web] = process.argv.slice(2);
const SESSIONS = 200, LOTS = 60, UNITS = 10, RUNS = 20, TARGET_MS = 300;
const PW = "a long passphrase";
const server = await startServer(bin, web);
const base = `${server.url}api/v1`;

// A client of 50 sessions, made over the API as the browser would make them.
let cookie = "", csrf = "";
async function call(method, path, body) {
  const r = await fetch(base + path, { method, headers: { "Content-Type": "application/json", Cookie: cookie, "X-CSRF-Token": csrf },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const set = r.headers.get("set-cookie");
  if (set) cookie = set.split(";")[0];
  const answer = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(answer)}`);
  return answer;
}
async function signIn(name) {
  cookie = "";
  csrf = (await call("POST", "/sign-in", { name, password: PW })).csrf;
}
await call("POST", "/setup", { clinic: "Bench Clinic", admin: "ada", time_zone: "UTC", password: PW,
  code: server.setupCode });
await signIn("ada");
await call("POST", "/users", { name: "pat", role: "practitioner", password: PW });
await signIn("pat");
const client = await call("POST", "/clients", { name: "Two Hundred Sessions", birth_date: "1980-05-05", fitzpatrick: 3 });
await call("POST", `/clients/${client.id}/intakes`, { birth_date: "1980-05-05", fitzpatrick: 3 });
await call("POST", `/clients/${client.id}/plans`, { device: "pen", start: "2019-01-01",
  targets: [{ indication: "fine_lines", zones: ["forehead", "glabella", "periorbital_left", "periorbital_right"] }] });
const pen = await call("POST", "/devices", { kind: "pen", serial: "BENCH-1" });
// 60 lots of cartridges: the sessions use up the first ones, the rest wait on the shelf
const units = [];
for (let i = 0; i < LOTS - 1; i++) {
  const lot = await call("POST", "/lots", { product: "cartridge", lot: `BENCH-${i}`, kind: "pen", expires: "2099-01-01", quantity: UNITS, single_use: true });
  units.push(...lot.units.map((u) => u.id));
}
// and the glide of every session: a sterile product lot from stock, as the safety gate asks
await call("POST", "/lots", { product: "hyaluronic serum", lot: "HA-1", kind: "product", expires: "2099-01-01", quantity: SESSIONS, single_use: true, sterile: true });
// a past course entered day by day as it happened: screened and consented on each session's day,
// so that the safety gate has nothing against any of them
for (let i = 0; i < SESSIONS; i++) {
  const d = new Date(Date.UTC(2019, 0, 1 + i * 14)).toISOString().slice(0, 10);
  await call("POST", `/clients/${client.id}/screenings`, { on: d });
  await call("POST", `/clients/${client.id}/consents`, { form: "microneedling", signer: "Two Hundred Sessions", on: d });
  await call("POST", `/clients/${client.id}/sessions`, { date: d, device: pen.id, unit: units[i],
    zones: [{ zone: "forehead", depth_mm: 0.5, passes: 3 }, { zone: "glabella", depth_mm: 0.5, passes: 3 }],
    products: [{ name: "hyaluronic serum", lot: "HA-1" }], endpoint: "even erythema", reactions: "none" });
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : [] });
const page = await browser.newPage({ viewport: { width: 1180, height: 820 } });
await page.goto(server.url);
await page.locator("#sign-in-name").fill("pat");
await page.locator("#sign-in-password").fill(PW);
await page.locator("#sign-in button").click();
await page.locator("#screen[data-ready]").waitFor({ state: "attached" });
// From setting the address to the screen drawn and the frame after it painted, RUNS times.
async function measure(hash) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    await page.evaluate(() => { location.hash = "#/clients"; });
    await page.locator('#screen[data-ready="#/clients"]').waitFor({ state: "attached" });
    times.push(await page.evaluate(async (to) => {
      const t0 = performance.now();
      location.hash = to;
      const view = document.getElementById("screen");
      await new Promise((resolve) => {
        const check = () => (view.dataset.ready === to ? resolve() : requestAnimationFrame(check));
        check();
      });
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - t0;
    }, hash));
  }
  return times.sort((a, b) => a - b);
}
let met = true;
function report(what, times) {
  const p50 = times[Math.floor(RUNS / 2)], max = times[RUNS - 1];
  met = met && max < TARGET_MS;
  console.log(`${what}, ${RUNS} renders in Chromium:`);
  console.log(`  median ${p50.toFixed(0)} ms, slowest ${max.toFixed(0)} ms; ${(max / TARGET_MS).toFixed(2)} of the ${TARGET_MS} ms target: ${max < TARGET_MS ? "met" : "NOT MET"}`);
}
const chart = await measure(`#/clients/${client.id}`);
const entries = await page.locator(".timeline li").count();
report(`chart of a client with ${SESSIONS} sessions (${entries} timeline entries shown)`, chart);
const session = await measure(`#/clients/${client.id}/session`);
const offered = await page.locator('#session-form select[name="unit"] option').count() - 1;
report(`session screen with ${LOTS} lots in stock (${offered} units offered)`, session);
await browser.close();
await server.stop();
process.exit(met ? 0 : 1);
