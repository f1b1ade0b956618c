// The clinic's report (admins): sessions a month, adverse events per 100 sessions by device and
// indication, overrides by practitioner and outcomes by indication, for a period. Every figure is
// the server's, counted from the records.
import { get } from "../api.js";
import { h, field, input, today, addDays } from "../dom.js";

const table = (caption, heads, rows, empty) => rows.length
  ? h("div", { class: "scroll-x" }, h("table", {}, h("caption", {}, caption),
    h("thead", {}, h("tr", {}, heads.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c, i) => i ? h("td", {}, c) : h("th", { scope: "row" }, c)))))))
  : h("p", { class: "muted" }, empty);

export async function render(ctx) {
  ctx.title("Report");
  const from = input({ type: "date", name: "from", value: addDays(today(), -365), required: true });
  const to = input({ type: "date", name: "to", value: today(), required: true });
  const body = h("div", { id: "report", "aria-live": "polite" });
  async function draw() {
    const r = await get(`/report?from=${from.value}&to=${to.value}`);
    const most = Math.max(1, ...r.sessions_by_month.map((m) => m.sessions));
    body.replaceChildren(
      h("section", { class: "card", "aria-labelledby": "months-title" }, h("h2", { id: "months-title" }, "Sessions a month"),
        r.sessions_by_month.length ? h("ul", { class: "bars" }, r.sessions_by_month.map((m) => h("li", {},
          h("span", { class: "bar-label" }, m.month), h("meter", { min: 0, max: most, value: m.sessions, "aria-label": `${m.month}: ${m.sessions} sessions` }),
          h("span", {}, String(m.sessions))))) : h("p", { class: "muted" }, "No sessions in this period.")),
      h("section", { class: "card", "aria-labelledby": "ae-title" }, h("h2", { id: "ae-title" }, "Adverse events per 100 sessions"),
        table("By device and indication", ["Device", "Indication", "Sessions", "Adverse events", "Per 100 sessions"],
          r.adverse_events.map((e) => [e.device_name, e.indication_name, String(e.sessions), String(e.events), e.per_100.toFixed(1)]),
          "No sessions in this period.")),
      h("section", { class: "card", "aria-labelledby": "overrides-title" }, h("h2", { id: "overrides-title" }, "Overrides by practitioner"),
        table("Safety refusals lifted with a reason", ["Practitioner", "Sessions", "Sessions overridden", "Bookings overridden"],
          r.overrides.map((o) => [o.practitioner, String(o.sessions), String(o.sessions_overridden), String(o.bookings_overridden)]),
          "No sessions in this period.")),
      h("section", { class: "card", "aria-labelledby": "outcomes-title" }, h("h2", { id: "outcomes-title" }, "Outcomes by indication"),
        table("Change from each client's first score to their latest, on average", ["Indication", "Scale", "Clients scored", "Scored twice or more", "Mean change"],
          r.outcomes.map((o) => [o.indication_name, o.scale_name, String(o.clients), String(o.compared),
            o.mean_change === null ? "not yet" : `${o.mean_change > 0 ? "+" : ""}${o.mean_change.toFixed(2)}${o.better === "neither" ? "" : ` (${o.better} is better)`}`]),
          "No scores in this period.")));
  }
  for (const box of [from, to]) box.addEventListener("change", () => draw().catch((e) => ctx.fail(e, () => draw())));
  ctx.view.append(h("div", { class: "card row controls" }, field("From", from), field("To", to)), body);
  await draw();
}
