// Booking a client's next session from the chart (the calendar books from its grid too). The
// server refuses a booking before the zones' rest is over, past the planned course or while an
// adverse event is open, with every reason and the earliest day it could be; a practitioner may
// book it anyway with the reason. No practitioner or room is booked twice at once.
import { get, post } from "../api.js";
import { h, field, input, select, today } from "../dom.js";
import { clientHeader, onSubmitOrRefused } from "./common.js";

export async function book(ctx) {
  await clientHeader(ctx, "Book");
  const [mine, practitioners, clinic] = await Promise.all([get(`/clients/${ctx.id}/appointments`), get("/practitioners"), get("/clinic")]);
  const rooms = clinic.rooms || [];
  const form = h("form", { class: "card", id: "book-form" },
    h("div", { class: "row" },
      field("Date", input({ type: "date", name: "date", required: true, min: today() })),
      field("Time", input({ type: "time", name: "time", required: true, value: "10:00", step: 300 })),
      field("Minutes", input({ type: "number", name: "minutes", min: 5, max: 480, value: 60 }))),
    h("div", { class: "row" },
      field("With", select({ name: "practitioner" }, [["", "not assigned yet"], ...practitioners.map((p) => [p.id, p.name])],
        ctx.me.role === "practitioner" ? ctx.me.user_id : "")), // a practitioner books their own
      rooms.length ? field("Room", select({ name: "room" }, [["", "none"], ...rooms.map((r) => [r, r])], "")) : null),
    field("Note for the front desk", input({ name: "note" })),
    h("button", { type: "submit" }, "Book"));
  const refusal = h("div", { id: "refusal", "aria-live": "assertive" });
  async function send(override) {
    const f = new FormData(form);
    const body = { date: f.get("date"), time: f.get("time"), minutes: Number(f.get("minutes") || 60) };
    if (f.get("practitioner")) body.practitioner = Number(f.get("practitioner"));
    if (f.get("room")) body.room = f.get("room");
    if (f.get("note")) body.note = f.get("note");
    if (override) body.override = override;
    const a = await post(`/clients/${ctx.id}/appointments`, body);
    ctx.say(`Booked ${a.date} at ${a.time}${a.session ? `: session ${a.session} of ${a.of}` : ""}.`, "ok");
    location.hash = `#/clients/${ctx.id}`;
  }
  onSubmitOrRefused(ctx, form, refusal, { title: "Not booked", keptWith: "booking",
    action: "Book it with the override", otherwise: "Choose a later date, or ask a practitioner.",
    said: "Not booked: see the reasons.",
    // the earliest day every reason has cleared: one tap books it there instead
    offer: (day) => [`Book ${day} instead, the earliest it can be`, () => {
      form.querySelector('[name="date"]').value = day;
      form.requestSubmit();
    }] }, send);
  ctx.view.append(form, refusal, h("section", { class: "card" }, h("h2", {}, "Booked already"),
    mine.length ? h("ul", {}, mine.map((a) => h("li", {}, `${a.date} ${a.time} — ${a.status}`))) : h("p", {}, "Nothing yet.")));
}
