// The home log's outbox: a use logged with no signal waits here, on the phone, with the
// idempotency key made for it, and is sent when the connection is back. The server logs a key
// once, so sending it again (a reply lost on the way) never counts a use twice.
import { post } from "./api.js";

const KEY = "np-outbox";

export function pending() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || "[]");
  } catch (_) {
    return [];
  }
}

function save(list) {
  localStorage.setItem(KEY, JSON.stringify(list));
}

export function newKey() {
  return `home-${crypto.randomUUID()}`;
}

// Keep a write to send later: {path, body, what} (what: how the page names it).
export function keep(item) {
  save([...pending(), item]);
}

// Send what waits, oldest first. sent(item, answer) for each that went; refused(item, error)
// for one the server said no to (it leaves the outbox: sending it again would not change that).
// A write that still finds no server stays, and the rest with it.
export async function flush({ sent, refused } = {}) {
  for (const item of pending()) {
    try {
      const answer = await post(item.path, item.body);
      save(pending().filter((x) => x.body.idempotency_key !== item.body.idempotency_key || x.path !== item.path));
      if (sent) sent(item, answer);
    } catch (error) {
      if (error.retryable) return;
      save(pending().filter((x) => x !== item && !(x.path === item.path && JSON.stringify(x.body) === JSON.stringify(item.body))));
      if (refused) refused(item, error);
    }
  }
}
