// Sign-in and first-run setup. The session lives in an HttpOnly cookie; this script only ever
// holds the CSRF token, which every state-changing request sends back.
const api = "/api/v1";
let csrf = "";

const $ = (id) => document.getElementById(id);

function show(id) {
  for (const section of ["setup", "sign-in", "signed-in"]) $(section).hidden = section !== id;
}

async function call(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const response = await fetch(api + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error ? answer.error.message : response.statusText);
  return answer;
}

function fields(form) {
  return Object.fromEntries(new FormData(form).entries());
}

function signedIn(session) {
  csrf = session.csrf;
  $("who").textContent = session.name;
  $("role").textContent = session.role;
  show("signed-in");
}

async function start() {
  $("message").textContent = "";
  try {
    signedIn(await call("GET", "/session"));
    return;
  } catch (_) {
    // not signed in
  }
  const setup = await call("GET", "/setup");
  show(setup.open ? "setup" : "sign-in");
}

function guard(handler) {
  return async (event) => {
    event.preventDefault();
    $("message").textContent = "";
    try {
      await handler(event);
    } catch (error) {
      $("message").textContent = error.message;
    }
  };
}

$("setup").addEventListener("submit", guard(async (event) => {
  const f = fields(event.target);
  await call("POST", "/setup", f);
  signedIn(await call("POST", "/sign-in", { name: f.admin, password: f.password }));
}));

$("sign-in").addEventListener("submit", guard(async (event) => {
  signedIn(await call("POST", "/sign-in", fields(event.target)));
}));

$("sign-out").addEventListener("click", guard(async () => {
  await call("POST", "/sign-out");
  csrf = "";
  show("sign-in");
}));

start();
