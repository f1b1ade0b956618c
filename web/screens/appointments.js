// Appointments: the clinic's day or week, and booking a client's next session. The server refuses
// a booking before the zones' rest is over, past the planned course or while an adverse event is
// open, with every reason; a practitioner may book it anyway with the reason.
import { get, post } from "../api.js";
import { h, field, input, select, button, today, addDays } from "../dom.js";
import { clientHeader, onSubmitOrRefused } from "./common.js";

export async function render(ctx) {
  ctx.title("Appointments");
  const params = new URLSearchParams(location.search);
  const day = input({ type: "date", name: "day", value: params.get("day") || today() });
  const span = select({ name: "span" }, [["day", "one day"], ["week", "the week from that day"]], "week");
  const list = h("div", { id: "appointment-list", "aria-live": "polite" });
  async function load() {
    const from = day.value || today();
    const to = span.value === "day" ? from : addDays(from, 6);
    const all = await get(`/appointments?from=${from}&to=${to}`);
    const byDay = new Map();
    for (let d = from; d <= to; d = addDays(d, 1)) byDay.set(d, []);
    for (const a of all) byDay.get(a.date).push(a);
    list.replaceChildren(...[...byDay].map(([d, items]) => h("section", { class: "day", "aria-label": d },
      h("h2", {}, new Date(`${d}T12:00:00`).toLocaleDateString(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" })),
      items.length ? h("ul", {}, items.map((a) => h("li", { class: a.status },
        h("time", {}, a.time), ` ${a.minutes} min — `,
        h("a", { href: `#/clients/${a.client_id}` }, a.client || "(erased)"),
        a.session ? ` — session ${a.session} of ${a.of}` : " — consultation",
        a.status === "cancelled" ? ` — cancelled${a.cancel_reason ? `: ${a.cancel_reason}` : ""}` : "",
        a.status === "booked" ? [" ", button(`Cancel ${a.time} ${a.client || ""}`, async () => {
          try {
            await post(`/appointments/${a.id}/cancel`, {});
            await load();
          } catch (error) {
            ctx.fail(error);
          }
        }, { class: "small" })] : null)))
        : h("p", { class: "muted" }, "Nothing booked."))));
  }
  day.addEventListener("change", () => load().catch(ctx.fail));
  span.addEventListener("change", () => load().catch(ctx.fail));
  ctx.view.append(h("div", { class: "card row controls" }, field("From", day), field("Show", span)), list);
  await load();
}

export async function book(ctx) {
  await clientHeader(ctx, "Book");
  const mine = await get(`/clients/${ctx.id}/appointments`);
  const form = h("form", { class: "card", id: "book-form" },
    h("div", { class: "row" },
      field("Date", input({ type: "date", name: "date", required: true, min: today() })),
      field("Time", input({ type: "time", name: "time", required: true, value: "10:00", step: 300 })),
      field("Minutes", input({ type: "number", name: "minutes", min: 5, max: 480, value: 60 }))),
    field("Note for the front desk", input({ name: "note" })),
    h("button", { type: "submit" }, "Book"));
  const refusal = h("div", { id: "refusal", "aria-live": "assertive" });
  async function send(override) {
    const f = new FormData(form);
    const body = { date: f.get("date"), time: f.get("time"), minutes: Number(f.get("minutes") || 60) };
    if (f.get("note")) body.note = f.get("note");
    if (override) body.override = override;
    const a = await post(`/clients/${ctx.id}/appointments`, body);
    ctx.say(`Booked ${a.date} at ${a.time}${a.session ? `: session ${a.session} of ${a.of}` : ""}.`, "ok");
    location.hash = `#/clients/${ctx.id}`;
  }
  onSubmitOrRefused(ctx, form, refusal, { title: "Not booked", keptWith: "booking",
    action: "Book it with the override", otherwise: "Choose a later date, or ask a practitioner.",
    said: "Not booked: see the reasons." }, send);
  ctx.view.append(form, refusal, h("section", { class: "card" }, h("h2", {}, "Booked already"),
    mine.length ? h("ul", {}, mine.map((a) => h("li", {}, `${a.date} ${a.time} — ${a.status}`))) : h("p", {}, "Nothing yet.")));
}
