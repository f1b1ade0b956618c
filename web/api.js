// The API client. The session lives in an HttpOnly cookie; this module only holds the CSRF
// token, which every state-changing request sends back. Whatever goes wrong on the way (no
// network, a server too slow, a proxy in front that cannot reach it) becomes an ApiError in the
// reader's words, never "Failed to fetch" or "HTTP 502".
const base = "/api/v1";
let csrf = "";

// A request that has not answered in this long is given up, and the page says so. (The browser
// tests shorten it for this tab through sessionStorage, to see it happen.)
export const TIMEOUT_MS = Number(sessionStorage.getItem("np-timeout-ms")) || 20000;
// A request still waiting after this long shows the page's busy sign.
const BUSY_AFTER_MS = 300;

export function setCsrf(token) {
  csrf = token || "";
}

// A home log keeps its last reads on the phone (the service worker answers them with no
// signal); a clinic's never leave the server.
let keep = false;
export function keepReads(on) {
  keep = on;
}

// An error of the API: its HTTP status (0 when no answer came), code, message and the field it
// names; a refusal (409) also carries the safety gate's refusals, each {code, zone, field,
// message, rule, sources, override}. retryable: trying the same again may work.
export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || "The server could not finish this.");
    this.status = status;
    this.code = error.code || "";
    this.field = error.field || "";
    this.refusals = error.refusals || [];
    this.earliest = error.earliest || null; // a refusal's first day every reason has cleared
    this.retryable = ["offline", "timeout", "unreachable", "unavailable"].includes(this.code);
  }
}

// The busy sign: shown while any request has waited longer than BUSY_AFTER_MS.
let waiting = 0;
let busyTimer = null;
function busy(delta) {
  waiting += delta;
  const sign = document.getElementById("busy");
  if (!sign) return;
  if (waiting > 0 && !busyTimer && sign.hidden)
    busyTimer = setTimeout(() => { busyTimer = null; if (waiting > 0) sign.hidden = false; }, BUSY_AFTER_MS);
  if (waiting === 0) {
    clearTimeout(busyTimer);
    busyTimer = null;
    sign.hidden = true;
  }
}

const unsaved = (method) => method === "GET" ? "" : " What you entered is still on the page.";

// No answer: the network is down, or the request was given up.
function noAnswer(method, timedOut) {
  if (timedOut)
    return new ApiError(0, { code: "timeout", message: `The server has not answered in ${TIMEOUT_MS / 1000} seconds.` +
      (method === "GET" ? "" : " It may or may not have saved this: look before sending it again.") });
  return new ApiError(0, { code: navigator.onLine === false ? "offline" : "unreachable",
    message: (navigator.onLine === false ? "This device is offline." : "The clinic's server cannot be reached.") +
      (method === "GET" ? " Check the connection." : " Nothing was sent." + unsaved(method)) });
}

// An answer that is not the server's own: a proxy or gateway in front of it answered instead.
function notOurs(method, status) {
  if (status === 502 || status === 503 || status === 504)
    return new ApiError(status, { code: "unreachable",
      message: `The clinic's server is not answering just now.${unsaved(method)} Try again in a moment.` });
  return new ApiError(status, { code: "unexpected",
    message: `Something between this device and the clinic's server failed.${unsaved(method)}` });
}

export async function call(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  if (method === "GET" && keep) headers["X-NP-Keep"] = "1";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  busy(+1);
  try {
    let response;
    try {
      response = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        signal: controller.signal,
      });
    } catch (_) {
      throw noAnswer(method, controller.signal.aborted);
    }
    const type = response.headers.get("Content-Type") || "";
    const ours = type.startsWith("application/json");
    if (!response.ok && !ours) throw notOurs(method, response.status);
    let answer;
    try {
      answer = ours ? await response.json() : await response.text();
    } catch (_) {
      throw noAnswer(method, controller.signal.aborted);
    }
    if (!response.ok) throw new ApiError(response.status, (answer && answer.error) || {});
    return answer;
  } finally {
    clearTimeout(timer);
    busy(-1);
  }
}

export const get = (path) => call("GET", path);
export const post = (path, body) => call("POST", path, body === undefined ? {} : body);
export const put = (path, body) => call("PUT", path, body);
export const apiPath = (path) => base + path;
