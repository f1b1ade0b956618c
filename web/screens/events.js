// Adverse events with their follow-ups, and the recall of a lot: who it reached, and how to reach
// them.
import { get, post } from "../api.js";
import { h, field, input, select, check, today } from "../dom.js";
import { clientHeader, onSubmit } from "./common.js";

export async function render(ctx) {
  await clientHeader(ctx, "Adverse events");
  // the latest sessions (an event follows a recent one) and events; older ones are on the chart
  const chart = await get(`/clients/${ctx.id}/history?kind=session,adverse_event&limit=200`);
  const sessions = chart.timeline.filter((e) => e.kind === "session").map((e) => e.record);
  const events = chart.timeline.filter((e) => e.kind === "adverse_event").map((e) => e.record);
  const again = async () => {
    ctx.view.replaceChildren();
    await render(ctx);
  };
  const list = events.map((ae) => h("section", { class: `card ae ${ae.status}`, "aria-label": `Adverse event ${ae.id}` },
    h("h2", {}, `${ae.type} (${ae.severity}) since ${ae.onset}: ${ae.status}`),
    ae.note ? h("p", {}, ae.note) : null,
    h("ol", {}, ae.follow_ups.map((f) => h("li", {}, `${f.date}: ${f.status}${f.note ? ` — ${f.note}` : ""} (${f.by})`))),
    ae.status === "resolved" ? null : onSubmit(ctx, h("form", { class: "row" },
      field("Follow-up date", input({ type: "date", name: "date", value: today(), required: true })),
      field("Status", input({ name: "status", required: true })),
      field("Note", input({ name: "note" })),
      check("Resolved", { name: "resolved", value: "1" }),
      h("button", { type: "submit" }, `Add the follow-up to event ${ae.id}`)), async (f) => {
      const body = { date: f.get("date"), status: f.get("status"), resolved: !!f.get("resolved") };
      if (f.get("note")) body.note = f.get("note");
      await post(`/adverse-events/${ae.id}/follow-ups`, body);
      ctx.say("Follow-up recorded.", "ok");
      await again();
    })));
  const add = sessions.length ? onSubmit(ctx, h("form", { class: "card", id: "ae-form" },
    h("h2", {}, "Record an adverse event"),
    h("div", { class: "row" },
      field("After the session of", select({ name: "session" }, sessions.slice().reverse().map((s) => [s.id, `${s.date} (session ${s.id})`]))),
      field("What", input({ name: "type", required: true, list: "ae-types" })),
      field("Severity", select({ name: "severity" }, [["mild", "mild"], ["moderate", "moderate"], ["severe", "severe"]])),
      field("Onset", input({ type: "date", name: "onset", value: today(), required: true }))),
    h("datalist", { id: "ae-types" }, ["prolonged erythema", "infection", "cold sore outbreak", "post-inflammatory hyperpigmentation",
      "granuloma", "allergic reaction", "track marks", "scarring"].map((t) => h("option", { value: t }))),
    field("Note", h("textarea", { name: "note", rows: 2 })),
    h("button", { type: "submit" }, "Record the adverse event")), async (f) => {
    const body = { type: f.get("type"), severity: f.get("severity"), onset: f.get("onset") };
    if (f.get("note")) body.note = f.get("note");
    await post(`/sessions/${f.get("session")}/adverse-events`, body);
    ctx.say("Adverse event recorded: the next session and bookings wait until it is resolved.", "ok");
    await again();
  }) : h("p", {}, "No session yet: adverse events follow a session.");
  ctx.view.append(add, ...(list.length ? list : [h("p", {}, "No adverse events recorded.")]));
}

export async function recall(ctx) {
  ctx.title("Lot recall");
  const out = h("div", { id: "recall-result", "aria-live": "polite" });
  const form = onSubmit(ctx, h("form", { class: "card row" },
    field("Lot number", input({ name: "lot", required: true, autocomplete: "off" })),
    h("button", { type: "submit" }, "Find who it reached")), async (f) => {
    const found = await get(`/recall?lot=${encodeURIComponent(f.get("lot"))}`);
    const rows = found.sessions || found;
    out.replaceChildren(rows.length ? h("table", {}, h("caption", {}, `Lot ${f.get("lot")}: ${rows.length} session(s)`),
      h("thead", {}, h("tr", {}, ["Date", "Client", "Phone", "Email", "Product"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, h("td", {}, r.date), h("td", {}, h("a", { href: `#/clients/${r.client_id}` }, r.client || r.name || "")),
        h("td", {}, r.phone || ""), h("td", {}, r.email || ""), h("td", {}, r.product || "")))))
      : h("p", {}, "No session used this lot."));
  });
  ctx.view.append(form, out);
}
