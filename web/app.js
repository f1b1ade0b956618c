// The browser UI: sign-in, first-run setup, and a screen per address (#/clients/12/plan). Each
// screen module exports render(ctx) and draws into ctx.view; nothing here knows a clinical number,
// the screens take them from the protocol pack the server answers.
import { call, get, post, setCsrf, keepReads, ApiError } from "./api.js";
import { h, setToday } from "./dom.js";
import * as clients from "./screens/clients.js";
import * as chart from "./screens/chart.js";
import * as intake from "./screens/intake.js";
import * as plan from "./screens/plan.js";
import * as session from "./screens/session.js";
import * as aftercare from "./screens/aftercare.js";
import * as appointments from "./screens/appointments.js";
import * as calendar from "./screens/calendar.js";
import * as events from "./screens/events.js";
import * as outcomes from "./screens/outcomes.js";
import * as admin from "./screens/admin.js";
import * as stock from "./screens/stock.js";
import * as home from "./screens/home.js";
import * as account from "./screens/account.js";
import * as report from "./screens/report.js";

const $ = (id) => document.getElementById(id);

const routes = [
  [/^#\/clients\/(\d+)\/intake$/, intake.render],
  [/^#\/clients\/(\d+)\/plan$/, plan.render],
  [/^#\/clients\/(\d+)\/session$/, session.render],
  [/^#\/clients\/(\d+)\/book$/, appointments.book],
  [/^#\/clients\/(\d+)\/events$/, events.render],
  [/^#\/clients\/(\d+)\/outcomes$/, outcomes.render],
  [/^#\/clients\/(\d+)$/, chart.render],
  [/^#\/sessions\/(\d+)\/aftercare$/, aftercare.render],
  [/^#\/appointments(\?.*)?$/, calendar.render],
  [/^#\/recall$/, events.recall],
  [/^#\/admin$/, admin.render],
  [/^#\/stock$/, stock.render],
  [/^#\/home$/, home.render],
  [/^#\/account$/, account.render],
  [/^#\/report$/, report.render],
  [/^(#\/clients)?$/, clients.render],
];

let me = null;
let pack = null;

// A message for the user. A confirmation ("ok") stays until it is dismissed or another message
// takes its place, so that it can be read; an error may offer to try again.
function say(text, tone, retry) {
  const m = $("message");
  m.className = tone || "";
  m.replaceChildren();
  if (!text) return;
  m.append(h("span", {}, text));
  if (retry) m.append(" ", h("button", { type: "button", class: "small", onclick: () => { say(""); retry(); } }, "Try again"));
  m.append(" ", h("button", { type: "button", class: "small dismiss", "aria-label": "Dismiss this message",
    onclick: () => say("") }, "Dismiss"));
}

// What the server says of a field names it as the form does: "fitzpatrick: missing" reads
// "Fitzpatrick skin type: missing".
function inReadersWords(error, el) {
  const label = el && el.labels && el.labels[0] ? el.labels[0].textContent.trim() : "";
  if (!label || !error.message.startsWith(`${error.field}:`)) return error.message;
  return `${label}:${error.message.slice(error.field.length + 1)}`;
}

function fail(error, retry) {
  document.querySelectorAll("[aria-invalid=true]").forEach((el) => el.removeAttribute("aria-invalid"));
  const api = error instanceof ApiError;
  if (api && error.status === 401 && me) { // signed out (here or in another tab): keep what was typed
    keepDraft();
    say("You were signed out. Sign in again: what you had typed is kept.", "error");
    start();
    return;
  }
  const el = api && error.field ? document.querySelector(`#screen [name="${CSS.escape(error.field)}"]`) : null;
  if (api && error.status === 403 && error.code === "forbidden")
    say(`Not allowed for your role (${me ? me.role : "signed out"}): ${error.message}`, "error");
  else if (api && error.status === 412)
    say(`${error.message}. Reload to see the other version.`, "error", () => route());
  else say(api ? inReadersWords(error, el) : "Something went wrong on this page; reload it to go on.", "error",
    api && error.retryable ? retry : null);
  if (el) {
    el.setAttribute("aria-invalid", "true");
    el.focus();
  }
}

// A draft: the values typed into the screen's forms, kept across a forced sign-in and put back
// when the same screen is drawn again. It stays in this page's memory only.
let draft = null;
function keepDraft() {
  const values = [];
  for (const el of document.querySelectorAll("#screen form [name]")) {
    if (el.type === "password" || el.type === "file") continue;
    values.push([el.name, el.type === "checkbox" || el.type === "radio" ? el.checked : el.value, el.value]);
  }
  if (values.length) draft = { hash: location.hash, values };
}
function restoreDraft() {
  if (!draft || draft.hash !== location.hash) return;
  const { values } = draft;
  draft = null;
  const taken = new Set();
  for (const [name, value, raw] of values) {
    const all = [...document.querySelectorAll(`#screen form [name="${CSS.escape(name)}"]`)];
    const el = all.find((x) => !taken.has(x) && (x.type !== "checkbox" && x.type !== "radio" || x.value === raw));
    if (!el) continue;
    taken.add(el);
    if (el.type === "checkbox" || el.type === "radio") el.checked = value;
    else el.value = value;
  }
  say("Signed in again: what you had typed is back in the form. Check it, then save.", "ok");
}

function showOnly(id) {
  for (const section of ["setup", "sign-in"]) $(section).hidden = section !== id;
  $("top").hidden = id !== null;
  $("screen").hidden = id !== null;
}

// Each drawing of a screen has its own number: one overtaken by a later address (a quick second
// tap) stops, and what it still draws lands in a container no longer on the page.
let drawing = 0;
async function route() {
  if (!me) return;
  const mine = ++drawing;
  if ($("message").className !== "ok") say(""); // a confirmation stays until dismissed
  try { // the clinic's today, and whether the session still holds, before each screen
    me = await get("/session");
    setToday(me.today);
  } catch (error) {
    if (mine === drawing) fail(error, () => route());
    return;
  }
  if (mine !== drawing) return;
  if (me.home && /^(#\/?|#\/clients)?$/.test(location.hash)) { // a home log opens on its day
    location.replace("#/home");
    return;
  }
  const hash = location.hash;
  const screen = $("screen");
  screen.replaceChildren();
  delete screen.dataset.ready;
  const view = h("div", {});
  screen.append(view);
  for (const [pattern, render] of routes) {
    const m = hash.match(pattern);
    if (!m) continue;
    const ctx = {
      me, pack, view, say, fail,
      id: m[1] ? Number(m[1]) : 0,
      clinical: me.role !== "reception",
      title(text) {
        document.title = `${text} · needlepoint`;
        $("title").textContent = text;
      },
    };
    try {
      await render(ctx);
      if (mine !== drawing) return;
      restoreDraft();
    } catch (error) {
      if (mine !== drawing) return;
      fail(error, () => route());
    }
    screen.dataset.ready = hash; // drawn: what tests and the benchmark wait for
    $("view").focus();
    return;
  }
  $("title").textContent = "Not found";
  view.append(h("p", {}, "There is no page at this address. ", h("a", { href: "#/clients" }, "Clients")));
}

async function signedIn(session) {
  me = session;
  setCsrf(session.csrf);
  setToday(session.today);
  $("who").textContent = session.name;
  $("role").textContent = session.home ? "home log" : session.role;
  for (const link of document.querySelectorAll("nav [data-role]")) {
    const need = link.dataset.role;
    link.hidden = (need === "admin" && (session.role !== "admin" || session.home)) ||
      (need === "clinical" && (session.role === "reception" || session.home)) ||
      (need === "clinic" && session.home) || (need === "home" && !session.home);
  }
  // a home log opens with no signal: its reads are kept on the phone, from the first (who is
  // signed in) on, so this phone remembers that it keeps one
  keepReads(session.home);
  if (session.home) localStorage.setItem("np-home", "1");
  else localStorage.removeItem("np-home");
  if (session.home && "serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
  pack = await get("/protocol");
  showOnly(null);
  await route();
}

async function start() {
  me = null;
  setCsrf("");
  try {
    await signedIn(await get("/session"));
    return;
  } catch (_) {
    // not signed in
  }
  let setup;
  try {
    setup = await get("/setup");
  } catch (error) {
    fail(error, () => start());
    return;
  }
  $("title").textContent = setup.open ? "Set up needlepoint" : "Sign in";
  if (setup.open) timeZones();
  showOnly(setup.open ? "setup" : "sign-in");
}

// Where the clinic is: every zone of the tz database the browser knows, this browser's own chosen
// to start with (what "today" means follows from it, so the person setting up sees and confirms it).
function timeZones() {
  const select = $("setup-time-zone");
  if (select.options.length) return;
  const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [mine];
  if (!zones.includes("UTC")) zones.push("UTC");
  for (const zone of zones) select.append(h("option", { value: zone, selected: zone === mine }, zone));
}

function guard(handler) {
  return async (event) => {
    event.preventDefault();
    say("");
    try {
      await handler(event);
    } catch (error) {
      fail(error);
    }
  };
}

// Setting up for a clinic or for oneself at home: a home log's one client is its keeper.
function setupKind() {
  const home = $("setup-for-home").checked;
  for (const el of document.querySelectorAll("#setup [data-for]")) el.hidden = el.dataset.for !== (home ? "home" : "clinic");
  $("setup-clinic").required = !home;
  $("setup-birth").required = home;
  $("setup-skin").required = home;
}
for (const radio of document.querySelectorAll('#setup [name="kind"]')) radio.addEventListener("change", setupKind);

$("setup").addEventListener("submit", guard(async (event) => {
  const all = Object.fromEntries(new FormData(event.target).entries());
  const f = { admin: all.admin, password: all.password, time_zone: all.time_zone, code: all.code.trim().toUpperCase() };
  if (all.kind === "home") {
    Object.assign(f, { clinic: `${all.admin}'s log`, home: true,
      client: { birth_date: all.birth_date, fitzpatrick: Number(all.fitzpatrick) } });
  } else {
    f.clinic = all.clinic;
    for (const key of ["address", "phone", "email"]) if (all[key]) f[key] = all[key];
  }
  await post("/setup", f);
  await signedIn(await post("/sign-in", { name: f.admin, password: f.password }));
}));

$("sign-in").addEventListener("submit", guard(async (event) => {
  await signedIn(await post("/sign-in", Object.fromEntries(new FormData(event.target).entries())));
}));

$("sign-out").addEventListener("click", guard(async () => {
  await call("POST", "/sign-out");
  keepReads(false);
  localStorage.removeItem("np-home");
  if (window.caches) await caches.delete("needlepoint-reads-v1"); // what was read leaves the phone
  location.hash = "";
  await start();
}));

window.addEventListener("hashchange", route);
keepReads(localStorage.getItem("np-home") === "1");
start();
