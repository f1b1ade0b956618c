// The calendar: a day by practitioner (or by room, when the clinic has rooms) or a week, as a
// grid of half hours a finger can tap. An empty half hour books a client there; a booking opens
// to move it or to cancel it, with a reason and a second tap to confirm. The server decides
// (the safety gate, then no one booked twice); a refused booking offers its earliest day.
import { get, post } from "../api.js";
import { h, field, input, select, button, today, addDays } from "../dom.js";

const FIRST = 8 * 60, LAST = 20 * 60, STEP = 30; // the grid: 08:00 to 20:00 by half hours
const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const minutes = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const dayName = (d, style = "long") => new Date(`${d}T12:00:00Z`).toLocaleDateString("en-GB",
  { weekday: style, day: "numeric", month: style === "long" ? "long" : "short", timeZone: "UTC" });
const monday = (d) => addDays(d, -((new Date(`${d}T12:00:00Z`).getUTCDay() + 6) % 7));

export async function render(ctx) {
  ctx.title("Calendar");
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const state = { day: params.get("day") || today(), view: params.get("view") || "day", by: params.get("by") || "practitioner" };
  const [practitioners, clinic] = await Promise.all([get("/practitioners"), get("/clinic")]);
  const rooms = clinic.rooms || [];
  const grid = h("div", { id: "calendar-grid" });
  const panel = h("section", { id: "calendar-panel", "aria-live": "polite" });
  const heading = h("h2", { id: "calendar-heading" });

  function go(change) {
    Object.assign(state, change);
    const q = new URLSearchParams(state).toString();
    history.replaceState(null, "", `#/appointments?${q}`);
    draw().catch((e) => ctx.fail(e, () => draw()));
  }

  // The columns of a day: each practitioner (or room), and "not assigned" when a booking has none.
  function columns(list) {
    if (state.view === "week") {
      const from = monday(state.day);
      return [...Array(7)].map((_, i) => ({ key: addDays(from, i), label: dayName(addDays(from, i), "short"), day: addDays(from, i) }));
    }
    const cols = state.by === "room"
      ? rooms.map((r) => ({ key: r, label: r, room: r, day: state.day }))
      : practitioners.map((p) => ({ key: String(p.id), label: p.name, practitioner: p.id, day: state.day }));
    const loose = list.filter((a) => state.by === "room" ? !a.room : !a.practitioner_id);
    if (loose.length) cols.push({ key: "", label: state.by === "room" ? "no room" : "not assigned", day: state.day });
    return cols;
  }
  const columnOf = (a, cols) => state.view === "week" ? cols.findIndex((c) => c.day === a.date)
    : cols.findIndex((c) => c.key === (state.by === "room" ? a.room || "" : String(a.practitioner_id || "")));

  async function draw() {
    const from = state.view === "week" ? monday(state.day) : state.day;
    const to = state.view === "week" ? addDays(from, 6) : from;
    const all = (await get(`/appointments?from=${from}&to=${to}`)).filter((a) => a.status === "booked");
    const cols = columns(all);
    heading.textContent = state.view === "week" ? `Week of ${dayName(from)}` : dayName(state.day);
    const rows = (LAST - FIRST) / STEP;
    const body = h("div", { class: "cal", role: "group", "aria-labelledby": "calendar-heading" });
    body.style.setProperty("--cols", String(cols.length));
    body.style.setProperty("--rows", String(rows));
    body.append(h("div", { class: "cal-corner", "aria-hidden": "true" }),
      ...cols.map((c, i) => h("div", { class: "cal-head", "data-col": String(i) }, c.label)));
    for (let r = 0; r < rows; r++) {
      const at = FIRST + r * STEP;
      body.append(h("div", { class: "cal-time", "data-row": String(r) }, hhmm(at)));
      cols.forEach((c, i) => {
        const who = state.view === "week" ? "" : ` with ${c.label}`;
        body.append(h("button", { type: "button", class: "cal-slot", "data-row": String(r), "data-col": String(i),
          "aria-label": `Book ${dayName(c.day, "short")} ${hhmm(at)}${who}`,
          onclick: () => bookPanel(c, hhmm(at)) }));
      });
    }
    for (const a of all) {
      const i = columnOf(a, cols);
      const start = minutes(a.time);
      if (i < 0 || start >= LAST || start + a.minutes <= FIRST) continue;
      const r0 = Math.max(0, Math.floor((start - FIRST) / STEP));
      const span = Math.max(1, Math.ceil((Math.min(start + a.minutes, LAST) - FIRST) / STEP) - r0);
      const what = a.session ? `session ${a.session} of ${a.of}` : "consultation";
      // what a screen reader says is what the block shows, with the commas a listener needs
      const hidden = (text) => h("span", { class: "sr-only" }, text);
      const block = h("button", { type: "button", class: "cal-booking", "data-row": String(r0), "data-col": String(i),
        "data-appointment": String(a.id), onclick: () => detailsPanel(a) },
        h("strong", {}, `${a.time} ${a.client || "(erased)"}`), h("span", {}, hidden(", "), what),
        a.practitioner ? h("span", { class: state.view === "week" ? "" : "sr-only" }, hidden(", with "), a.practitioner) : null,
        a.room ? h("span", {}, hidden(", "), a.room) : null);
      block.style.setProperty("--span", String(span));
      body.append(block);
    }
    // place each cell in the grid: its row and column as custom properties the stylesheet reads
    for (const el of body.querySelectorAll("[data-row], [data-col]")) {
      if (el.dataset.row) el.style.setProperty("--row", String(Number(el.dataset.row) + 2));
      if (el.dataset.col) el.style.setProperty("--col", String(Number(el.dataset.col) + 2));
    }
    grid.replaceChildren(cols.length ? body : h("p", {}, "No practitioners yet: an admin adds them under Admin."));
  }

  // The first day every reason has cleared, as the server's gate says, offered as one tap.
  function refusalView(error, retryOn) {
    const earliest = error.earliest;
    return h("div", { class: "refused card", id: "calendar-refusal" },
      h("h3", {}, "Not booked"),
      h("ul", {}, error.refusals.map((r) => h("li", {}, r.message))),
      earliest ? button(`Book ${dayName(earliest)} instead, the earliest it can be`, () => retryOn(earliest)) : null);
  }

  async function findClient(box, results, chosen) {
    const found = box.value.trim().length < 2 ? [] : await get(`/clients?search=${encodeURIComponent(box.value.trim())}&limit=8`);
    results.replaceChildren(...found.map((c) => h("li", {}, button(`${c.name}${c.birth_date ? `, born ${c.birth_date}` : ""}`, () => {
      chosen.id = c.id;
      chosen.name = c.name;
      box.value = c.name;
      results.replaceChildren(h("li", { class: "ok" }, `Chosen: ${c.name}`));
    }, { class: "small" }))));
  }

  function bookPanel(col, time) {
    const chosen = { id: 0, name: "" };
    const box = input({ name: "client", autocomplete: "off", required: true });
    const results = h("ul", { class: "results", id: "calendar-clients" });
    box.addEventListener("input", () => findClient(box, results, chosen).catch(ctx.fail));
    const length = input({ type: "number", name: "minutes", min: 5, max: 480, step: 5, value: 60 });
    const place = state.view === "week" || state.by === "room"
      ? field("Practitioner", select({ name: "practitioner" }, [["", "not assigned"], ...practitioners.map((p) => [p.id, p.name])], ""))
      : null;
    const roomPick = rooms.length && state.by !== "room"
      ? field("Room", select({ name: "room" }, [["", "none"], ...rooms.map((r) => [r, r])], "")) : null;
    const form = h("form", { class: "card", id: "calendar-book" },
      h("h3", {}, `Book ${dayName(col.day)} at ${time}${col.practitioner ? ` with ${col.label}` : ""}${col.room ? ` in ${col.room}` : ""}`),
      field("Client (type two letters of the name)", box), results,
      h("div", { class: "row" }, field("Minutes", length), place, roomPick),
      h("div", { class: "row" }, h("button", { type: "submit" }, "Book"), " ", button("Close", () => panel.replaceChildren())));
    const refusal = h("div");
    async function send(day) {
      if (!chosen.id) throw new Error("choose the client first");
      const f = new FormData(form);
      const body = { date: day, time, minutes: Number(f.get("minutes") || 60) };
      const who = col.practitioner || Number(f.get("practitioner") || 0);
      if (who) body.practitioner = who;
      const room = col.room || f.get("room");
      if (room) body.room = room;
      const a = await post(`/clients/${chosen.id}/appointments`, body);
      ctx.say(`Booked ${chosen.name} on ${dayName(a.date)} at ${a.time}${a.practitioner ? ` with ${a.practitioner}` : ""}.`, "ok");
      panel.replaceChildren();
      go({ day: a.date });
    }
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      refusal.replaceChildren();
      try {
        if (!chosen.id) {
          ctx.say("Choose the client from the names found first.", "error");
          box.focus();
          return;
        }
        await send(col.day);
      } catch (error) {
        if (error.status === 409 && error.refusals && error.refusals.length)
          refusal.replaceChildren(refusalView(error, (day) => send(day).catch((x) => ctx.fail(x))));
        else ctx.fail(error);
      }
    });
    panel.replaceChildren(form, refusal);
    box.focus();
  }

  function detailsPanel(a) {
    const what = a.session ? `session ${a.session} of ${a.of}` : "consultation";
    const area = h("div");
    const moveForm = () => {
      const f = h("form", { class: "card", id: "calendar-move" }, h("h3", {}, "Move to"),
        h("div", { class: "row" },
          field("Date", input({ type: "date", name: "date", value: a.date, min: today(), required: true })),
          field("Time", input({ type: "time", name: "time", value: a.time, step: 300, required: true })),
          field("Practitioner", select({ name: "practitioner" }, [["", "not assigned"], ...practitioners.map((p) => [p.id, p.name])], a.practitioner_id || "")),
          rooms.length ? field("Room", select({ name: "room" }, [["", "none"], ...rooms.map((r) => [r, r])], a.room || "")) : null),
        h("button", { type: "submit" }, "Move it"));
      const refusal = h("div");
      async function send(day) {
        const v = new FormData(f);
        const body = { date: day || v.get("date"), time: v.get("time") };
        if (v.get("practitioner")) body.practitioner = Number(v.get("practitioner"));
        if (v.get("room")) body.room = v.get("room");
        const moved = await post(`/appointments/${a.id}/move`, body);
        ctx.say(`Moved ${a.client} to ${dayName(moved.date)} at ${moved.time}.`, "ok");
        panel.replaceChildren();
        go({ day: moved.date });
      }
      f.addEventListener("submit", async (e) => {
        e.preventDefault();
        refusal.replaceChildren();
        try {
          await send();
        } catch (error) {
          if (error.status === 409 && error.refusals && error.refusals.length)
            refusal.replaceChildren(refusalView(error, (day) => send(day).catch((x) => ctx.fail(x))));
          else ctx.fail(error);
        }
      });
      area.replaceChildren(f, refusal);
    };
    const cancelForm = () => {
      const reason = h("textarea", { name: "reason", rows: 2, required: true, minlength: 3 });
      const f = h("form", { class: "card refused", id: "calendar-cancel" },
        h("h3", {}, `Cancel ${a.client}'s ${what} on ${dayName(a.date)} at ${a.time}?`),
        field("Why (kept with the booking)", reason),
        h("div", { class: "row" }, h("button", { type: "submit" }, "Yes, cancel it"), " ", button("No, keep it", () => area.replaceChildren())));
      f.addEventListener("submit", async (e) => {
        e.preventDefault();
        try {
          await post(`/appointments/${a.id}/cancel`, { reason: reason.value.trim() });
          ctx.say(`Cancelled ${a.client}'s ${what} on ${dayName(a.date)} at ${a.time}.`, "ok");
          panel.replaceChildren();
          await draw();
        } catch (error) {
          ctx.fail(error);
        }
      });
      area.replaceChildren(f);
      reason.focus();
    };
    panel.replaceChildren(h("div", { class: "card", id: "calendar-details" },
      h("h3", {}, `${a.client || "(erased)"}: ${what}`),
      h("p", {}, `${dayName(a.date)}, ${a.time}, ${a.minutes} minutes${a.practitioner ? `, with ${a.practitioner}` : ", not assigned"}${a.room ? `, ${a.room}` : ""}.`),
      a.note ? h("p", {}, `Note: ${a.note}`) : null,
      h("div", { class: "row" }, h("a", { href: `#/clients/${a.client_id}` }, "Open the chart"), " ",
        button("Move…", moveForm), " ", button("Cancel…", cancelForm), " ", button("Close", () => panel.replaceChildren()))), area);
  }

  const step = () => (state.view === "week" ? 7 : 1);
  const controls = h("div", { class: "card row controls cal-controls" },
    button("Earlier", () => go({ day: addDays(state.day, -step()) }), { "aria-label": "Earlier: the day or week before" }),
    button("Today", () => go({ day: today() })),
    button("Later", () => go({ day: addDays(state.day, step()) }), { "aria-label": "Later: the day or week after" }),
    field("Day", Object.assign(input({ type: "date", name: "day", value: state.day }), { onchange(e) { go({ day: e.target.value || today() }); } })),
    field("Show", Object.assign(select({ name: "view" }, [["day", "a day"], ["week", "a week"]], state.view), { onchange(e) { go({ view: e.target.value }); } })),
    rooms.length ? field("Columns", Object.assign(select({ name: "by" }, [["practitioner", "practitioners"], ["room", "rooms"]], state.by), { onchange(e) { go({ by: e.target.value }); } })) : null);
  ctx.view.append(controls, heading, panel, h("div", { class: "cal-scroll" }, grid));
  await draw();
}
