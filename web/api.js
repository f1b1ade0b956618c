// The API client. The session lives in an HttpOnly cookie; this module only holds the CSRF
// token, which every state-changing request sends back.
const base = "/api/v1";
let csrf = "";

export function setCsrf(token) {
  csrf = token || "";
}

// An error of the API: its HTTP status, code, message and the field it names; a refusal (409)
// also carries the safety gate's refusals, each {code, zone, field, message, rule, sources,
// override}.
export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || "";
    this.field = error.field || "";
    this.refusals = error.refusals || [];
  }
}

export async function call(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const response = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const type = response.headers.get("Content-Type") || "";
  const answer = type.startsWith("application/json") ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, (answer && answer.error) || {});
  return answer;
}

export const get = (path) => call("GET", path);
export const post = (path, body) => call("POST", path, body === undefined ? {} : body);
export const put = (path, body) => call("PUT", path, body);
export const apiPath = (path) => base + path;
