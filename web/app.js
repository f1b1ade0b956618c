// The browser UI: sign-in, first-run setup, and a screen per address (#/clients/12/plan). Each
// screen module exports render(ctx) and draws into ctx.view; nothing here knows a clinical number,
// the screens take them from the protocol pack the server answers.
import { call, get, post, setCsrf, ApiError } from "./api.js";
import { h, setToday } from "./dom.js";
import * as clients from "./screens/clients.js";
import * as chart from "./screens/chart.js";
import * as intake from "./screens/intake.js";
import * as plan from "./screens/plan.js";
import * as session from "./screens/session.js";
import * as aftercare from "./screens/aftercare.js";
import * as appointments from "./screens/appointments.js";
import * as events from "./screens/events.js";
import * as outcomes from "./screens/outcomes.js";
import * as admin from "./screens/admin.js";
import * as stock from "./screens/stock.js";

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
  [/^#\/appointments$/, appointments.render],
  [/^#\/recall$/, events.recall],
  [/^#\/admin$/, admin.render],
  [/^#\/stock$/, stock.render],
  [/^(#\/clients)?$/, clients.render],
];

let me = null;
let pack = null;

// A message for the user: errors name the field; the field itself is marked.
function say(text, tone) {
  const m = $("message");
  m.textContent = text || "";
  m.className = tone || "";
}

function fail(error) {
  document.querySelectorAll("[aria-invalid=true]").forEach((el) => el.removeAttribute("aria-invalid"));
  if (error instanceof ApiError && error.status === 403 && error.code === "forbidden")
    say(`Not allowed for your role (${me ? me.role : "signed out"}): ${error.message}`, "error");
  else say(error.message, "error");
  if (error instanceof ApiError && error.field) {
    const el = document.querySelector(`[name="${CSS.escape(error.field)}"]`);
    if (el) {
      el.setAttribute("aria-invalid", "true");
      el.focus();
    }
  }
  if (error instanceof ApiError && error.status === 401) start();
}

function showOnly(id) {
  for (const section of ["setup", "sign-in"]) $(section).hidden = section !== id;
  $("top").hidden = id !== null;
  $("screen").hidden = id !== null;
}

async function route() {
  if (!me) return;
  say("");
  try { // the clinic's today, and whether the session still holds, before each screen
    me = await get("/session");
    setToday(me.today);
  } catch (error) {
    fail(error);
    return;
  }
  const hash = location.hash;
  const view = $("screen");
  view.replaceChildren();
  delete view.dataset.ready;
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
    } catch (error) {
      fail(error);
    }
    view.dataset.ready = hash; // drawn: what tests and the benchmark wait for
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
  $("role").textContent = session.role;
  for (const link of document.querySelectorAll("nav [data-role]")) {
    const need = link.dataset.role;
    link.hidden = (need === "admin" && session.role !== "admin") ||
      (need === "clinical" && session.role === "reception");
  }
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
  const setup = await get("/setup");
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

$("setup").addEventListener("submit", guard(async (event) => {
  const f = Object.fromEntries(new FormData(event.target).entries());
  f.code = f.code.trim().toUpperCase();
  await post("/setup", f);
  await signedIn(await post("/sign-in", { name: f.admin, password: f.password }));
}));

$("sign-in").addEventListener("submit", guard(async (event) => {
  await signedIn(await post("/sign-in", Object.fromEntries(new FormData(event.target).entries())));
}));

$("sign-out").addEventListener("click", guard(async () => {
  await call("POST", "/sign-out");
  location.hash = "";
  await start();
}));

window.addEventListener("hashchange", route);
start();
