// A person's own log at home, made for a phone in the bathroom: the roller and its uses, when each
// zone may next be rolled, today's rolling in two taps (the sterilisation before is asked, the one
// after is recorded once done), and today's aftercare. With no signal it still opens (the service
// worker) and logs: the use waits in the outbox with its idempotency key and is sent when the
// connection is back, counted once.
import { get, post } from "../api.js";
import { h, field, input, check, button, today } from "../dom.js";
import { zoneName } from "./common.js";
import * as outbox from "../outbox.js";

const longDay = (d) => new Date(`${d}T12:00:00Z`).toLocaleDateString("en-GB",
  { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });

// Today where the log is kept: the server's word when it answers, else the phone's clock read in
// the log's own time zone (the server checks the day again when the use reaches it).
function localToday(me) {
  if (navigator.onLine !== false) return today();
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: me.time_zone || undefined }).format(new Date());
  } catch (_) {
    return today();
  }
}

export async function render(ctx) {
  ctx.title("Today");
  const pack = ctx.pack;
  const [client] = await get("/clients?limit=1");
  if (!client) {
    ctx.view.append(h("p", {}, "This log has no one to keep it for."));
    return;
  }
  const [chart, stock] = await Promise.all([get(`/clients/${client.id}/history?limit=10`), get("/stock/session")]);
  const plan = chart.latest && chart.latest.plan;
  const limit = pack.home.roller_replace_after_uses;
  const roller = stock.units.find((u) => u.kind === "roller" && !u.single_use);
  const last = (chart.timeline || []).filter((e) => e.kind === "session").at(-1);
  const day = localToday(ctx.me);
  const waiting = outbox.pending();
  const status = h("div", { id: "home-status", "aria-live": "polite" });

  async function sync() {
    const before = outbox.pending().length;
    if (!before) return;
    await outbox.flush({
      sent: (item) => ctx.say(`Sent: ${item.what}.`, "ok"),
      refused: (item, error) => ctx.say(`${item.what} was not logged: ${error.message}`, "error"),
    });
    if (outbox.pending().length < before) window.dispatchEvent(new HashChangeEvent("hashchange"));
  }

  // The roller: its uses ("use 4 of 10"), or how to add one.
  function rollerCard() {
    if (!roller) {
      const form = h("form", { class: "card", id: "roller-form" }, h("h2", {}, "Your roller"),
        h("p", {}, `Add the roller you use. It is replaced after ${limit} uses.`),
        field("Its name or number (on the box)", input({ name: "serial", required: true })),
        field("Use by (on the box)", input({ type: "date", name: "expires", required: true, min: day })),
        h("button", { type: "submit" }, "Add my roller"));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const f = new FormData(form);
        try {
          await post("/devices", { kind: "roller", serial: f.get("serial") });
          await post("/lots", { product: "home roller", lot: f.get("serial"), kind: "roller", expires: f.get("expires"),
            quantity: 1, single_use: false });
          ctx.say("Your roller is added.", "ok");
          window.dispatchEvent(new HashChangeEvent("hashchange"));
        } catch (error) {
          ctx.fail(error);
        }
      });
      return form;
    }
    const next = roller.uses + 1 + waiting.filter((x) => x.kind === "use").length;
    return h("section", { class: "card roller", "aria-labelledby": "roller-title" },
      h("h2", { id: "roller-title" }, "Your roller"),
      h("p", { class: "big", id: "roller-uses" }, next > limit ? "Worn out: replace it before the next use" : `Next: use ${next} of ${limit}`),
      h("p", { class: "muted" }, `${roller.lot}, use by ${roller.expires}. ${pack.home.sterilise[0].toUpperCase()}${pack.home.sterilise.slice(1)}.`));
  }

  // When each zone of the routine may next be rolled.
  function restCard() {
    const zones = plan ? plan.plan.zones.map((z) => z.zone) : [];
    const next = chart.next ? Object.fromEntries(chart.next.zones.map((z) => [z.zone, z])) : {};
    return h("section", { class: "card", "aria-labelledby": "rest-title" }, h("h2", { id: "rest-title" }, "When each zone is ready"),
      zones.length ? h("ul", { class: "zone-rest" }, zones.map((z) => {
        const n = next[z];
        const ready = !n || n.eligible_from <= day;
        return h("li", { class: ready ? "ok" : "" }, h("strong", {}, zoneName(pack, z)), ": ",
          ready ? "ready today" : `resting until ${longDay(n.eligible_from)}`);
      })) : h("p", {}, "No routine yet: ", h("a", { href: `#/clients/${client.id}/plan` }, "set up your routine"), " first."));
  }

  // Today's rolling: the zones ready today, chosen already; the sterilisation asked, never assumed.
  function logCard() {
    if (!plan || !roller) return null;
    const next = chart.next ? Object.fromEntries(chart.next.zones.map((z) => [z.zone, z])) : {};
    const form = h("form", { class: "card", id: "home-log", hidden: true },
      h("fieldset", {}, h("legend", {}, "Rolled today"),
        plan.plan.zones.map((z) => check(`${zoneName(pack, z.zone)} (${z.depth_mm} mm)`,
          { name: "zone", value: z.zone, checked: !next[z.zone] || next[z.zone].eligible_from <= day }))),
      check(`I sterilised the roller before this use`, { name: "sterilised_before", value: "1", required: true }),
      h("button", { type: "submit", class: "big-button" }, "Log it"));
    const open = button("Log today's rolling", () => {
      form.hidden = false;
      open.hidden = true;
      form.querySelector("input").focus();
    }, { class: "big-button", id: "home-log-open" });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const chosen = plan.plan.zones.filter((z) => f.getAll("zone").includes(z.zone));
      if (!chosen.length) {
        ctx.say("Choose the zones you rolled.", "error");
        return;
      }
      const body = { date: day, unit: roller.id, plan: plan.id, sterilised_before: true,
        zones: chosen.map((z) => ({ zone: z.zone, depth_mm: z.depth_mm, passes: z.passes, pattern: z.pattern })),
        idempotency_key: outbox.newKey() };
      const path = `/clients/${client.id}/sessions`;
      const what = `the use of ${longDay(day)}`;
      try {
        const s = await post(path, body);
        ctx.say(`Logged: use ${s.course ? s.course.use : ""} of ${s.course ? s.course.of : limit}.`, "ok");
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      } catch (error) {
        if (!error.retryable) throw error;
        outbox.keep({ path, body, what, kind: "use" });
        ctx.say("No signal: the use is kept on this phone and will be sent when the connection is back.", "ok");
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      }
    });
    return h("section", { "aria-label": "Log today's rolling" }, open, form);
  }

  // After the use: the sterilisation, recorded once done.
  function afterCard() {
    if (!last || last.record.sterilised_after || last.record.date !== day) return null;
    return h("section", { class: "card", id: "sterilise-after" }, h("h2", {}, "After rolling"),
      h("p", {}, "Sterilise the roller again now: soak it in 70% isopropyl alcohol, let it air-dry, store it capped."),
      button("Done: sterilised after use", async () => {
        const path = `/sessions/${last.record.id}/sterilised-after`;
        try {
          await post(path, {});
          ctx.say("Recorded: sterilised after use.", "ok");
        } catch (error) {
          if (!error.retryable) throw error;
          outbox.keep({ path, body: {}, what: "the sterilisation after use" });
          ctx.say("No signal: kept on this phone; it will be sent when the connection is back.", "ok");
        }
        document.getElementById("sterilise-after").remove();
      }, { class: "big-button" }));
  }

  // Today's aftercare, from the last use.
  async function careCard() {
    if (!last) return null;
    let session;
    try {
      session = await get(`/sessions/${last.record.id}`);
    } catch (error) {
      if (error.retryable) return null;
      throw error;
    }
    const todayCare = session.aftercare.timeline.filter((d) => d.date === day);
    const ahead = session.aftercare.timeline.find((d) => d.date > day);
    return h("section", { class: "card", "aria-labelledby": "care-title" }, h("h2", { id: "care-title" }, "Your skin today"),
      todayCare.length ? h("ul", { class: "care-timeline" }, todayCare.flatMap((d) => [
        ...d.do.map((x) => h("li", { class: "do" }, x)), ...d.avoid.map((x) => h("li", { class: "dont" }, x))]))
        : h("p", {}, "Nothing special today."),
      ahead ? h("p", { class: "muted" }, `Next: ${longDay(ahead.date)}: ${[...ahead.do, ...ahead.avoid][0] || ""}`) : null);
  }

  if (waiting.length)
    status.append(h("p", { class: "warn" }, `${waiting.length} waiting on this phone to be sent: `, button("Send now", () => sync().catch(ctx.fail), { class: "small" })));
  ctx.view.append(...[status, rollerCard(), logCard(), afterCard(), restCard(), await careCard()].filter(Boolean));
  window.addEventListener("online", () => sync().catch(ctx.fail), { once: true });
  if (navigator.onLine !== false && waiting.length) sync().catch(ctx.fail);
}
