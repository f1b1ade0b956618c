// The aftercare handout of a session, as a clinic hands it over: the clinic and how to reach it,
// who treated the client, the next appointment, the map of what was done, the dated timeline in
// the pack's own sentences and the warning signs with the number to call. Laid out to print on one
// page of A4 or Letter at ordinary margins (the print stylesheet drops everything else).
import { get } from "../api.js";
import { h, button } from "../dom.js";
import { zoneName } from "./common.js";
import { facialMap } from "./map.js";

// The first appointment still booked after the session's day.
function nextAppointment(appointments, after) {
  return appointments.filter((a) => a.status === "booked" && a.date > after)
    .sort((a, b) => `${a.date} ${a.time}`.localeCompare(`${b.date} ${b.time}`))[0];
}

const longDate = (day) => new Date(`${day}T12:00:00Z`).toLocaleDateString("en-GB",
  { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export async function render(ctx) {
  const s = await get(`/sessions/${ctx.id}`);
  const [client, clinic, appointments] = await Promise.all([
    get(`/clients/${s.client_id}`), get("/clinic"), get(`/clients/${s.client_id}/appointments`)]);
  ctx.title(`Aftercare: ${client.name || ""}, ${s.date}`);
  const care = s.aftercare;
  const next = nextAppointment(appointments, s.date);
  const map = await facialMap(ctx.pack, { title: "What was treated",
    zones: s.zones.map((z) => ({ zone: z.zone, depth_mm: z.depth_mm })) });
  const call = clinic.phone ? `Call ${clinic.name} on ${clinic.phone} if you notice` : `Call ${clinic.name} if you notice`;
  ctx.view.append(
    h("p", { class: "no-print" }, h("a", { href: `#/clients/${s.client_id}` }, "Back to the chart"), " ",
      button("Print the handout", () => window.print())),
    h("article", { class: "handout", "aria-labelledby": "handout-title" },
      h("header", { class: "handout-clinic" },
        clinic.logo ? h("img", { src: clinic.logo, alt: `${clinic.name} logo`, class: "handout-logo" }) : null,
        h("div", {}, h("strong", {}, clinic.name),
          [clinic.address, clinic.phone, clinic.email].filter(Boolean).map((x) => h("span", {}, x)))),
      h("h2", { id: "handout-title" }, `Your aftercare after microneedling on ${longDate(s.date)}`),
      h("dl", { class: "handout-facts" },
        h("dt", {}, "For"), h("dd", {}, client.name || ""),
        h("dt", {}, "Treated by"), h("dd", {}, s.practitioner),
        h("dt", {}, "Treated"), h("dd", {}, s.zones.map((z) => `${zoneName(ctx.pack, z.zone)} (${z.depth_mm} mm)`).join(", ")),
        h("dt", {}, "Your next appointment"), h("dd", { id: "handout-next" }, next
          ? `${longDate(next.date)} at ${next.time}${next.session ? `, session ${next.session} of ${next.of}` : ""}`
          : `none booked yet: ${clinic.phone ? `call ${clinic.phone}` : "ask the clinic"} to book`)),
      h("div", { class: "handout-map" }, map),
      care.redness_days ? h("p", {}, `Expect redness for ${care.redness_days[0]} to ${care.redness_days[1]} days.`) : null,
      h("h3", {}, "Day by day"),
      h("ol", { class: "care-timeline" }, care.timeline.map((d) => h("li", {},
        h("strong", {}, h("time", { datetime: d.date }, longDate(d.date)), ` (day ${d.day})`),
        h("ul", {}, d.do.map((x) => h("li", { class: "do" }, x)), d.avoid.map((x) => h("li", { class: "dont" }, x)))))),
      h("section", { class: "warning-signs", "aria-labelledby": "signs-title" },
        h("h3", { id: "signs-title" }, `${call}:`),
        h("ul", {}, care.warning_signs.map((x) => h("li", {}, x)))),
      h("p", { class: "muted" }, `From the protocol ${care.protocol.name} v${care.protocol.version}.`)));
}
