// The service worker of the installable home log: the page's own files are kept on the phone so
// that it opens with no signal, and what the server last answered to a read is kept to show
// then. Writes are never answered from here: the page keeps a use logged offline and sends it,
// with its idempotency key, when the connection is back.
const SHELL = "needlepoint-shell-v1";
const READS = "needlepoint-reads-v1";
const FILES = ["/", "/index.html", "/style.css", "/app.js", "/api.js", "/dom.js", "/outbox.js",
  "/manifest.webmanifest", "/icon.svg", "/screens/home.js", "/screens/map.js", "/screens/common.js",
  "/screens/clients.js", "/screens/chart.js", "/screens/intake.js", "/screens/plan.js",
  "/screens/session.js", "/screens/aftercare.js", "/screens/appointments.js", "/screens/calendar.js",
  "/screens/events.js", "/screens/outcomes.js", "/screens/admin.js", "/screens/stock.js",
  "/screens/consent.js", "/screens/account.js",
  "/screens/report.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== READS).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname.startsWith("/api/")) {
    // a clinic's records stay off the device: only a home log asks for its reads to be kept
    if (request.headers.get("X-NP-Keep") !== "1") return;
    // the network first; with none, the last answer kept
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(READS).then((c) => c.put(request, copy));
      }
      return response;
    }).catch(() => caches.match(request).then((kept) => kept || Response.error())));
    return;
  }
  // the page's files: the network when there is one (so an update arrives), else the copy kept
  event.respondWith(fetch(request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(SHELL).then((c) => c.put(request, copy));
    }
    return response;
  }).catch(() => caches.match(request, { ignoreSearch: true }).then((kept) => kept || caches.match("/index.html"))));
});
