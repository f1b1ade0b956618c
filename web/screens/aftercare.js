// The aftercare handout of a session: the dated timeline, the warning signs and the map of what
// was done, laid out to print (the print stylesheet drops the navigation and the buttons).
import { get } from "../api.js";
import { h, button } from "../dom.js";
import { zoneName } from "./common.js";
import { facialMap } from "./map.js";

export async function render(ctx) {
  const s = await get(`/sessions/${ctx.id}`);
  const [client, clinic] = await Promise.all([get(`/clients/${s.client_id}`), get("/clinic")]);
  // who the client calls: the clinic's name and number, as its admin set them
  const contact = [clinic.address, clinic.phone, clinic.email].filter(Boolean).join(" · ");
  const call = clinic.phone ? `Call ${clinic.name} on ${clinic.phone} if you notice` : `Call ${clinic.name} if you notice`;
  ctx.title(`Aftercare: ${client.name || ""}, ${s.date}`);
  const care = s.aftercare;
  const map = await facialMap(ctx.pack, { title: "What was treated",
    zones: s.zones.map((z) => ({ zone: z.zone, depth_mm: z.depth_mm })) });
  ctx.view.append(
    h("p", { class: "no-print" }, h("a", { href: `#/clients/${s.client_id}` }, "Back to the chart"), " ",
      button("Print the handout", () => window.print())),
    h("article", { class: "handout", "aria-labelledby": "handout-title" },
      h("p", { class: "handout-clinic" },
        clinic.logo ? h("img", { src: clinic.logo, alt: `${clinic.name} logo`, class: "handout-logo" }) : null,
        h("strong", {}, clinic.name), contact ? h("span", {}, ` ${contact}`) : null),
      h("h2", { id: "handout-title" }, `Your aftercare after microneedling on ${s.date}`),
      h("p", {}, `Treated: ${s.zones.map((z) => `${zoneName(ctx.pack, z.zone)} (${z.depth_mm} mm)`).join(", ")}.` +
        (care.redness_days ? ` Expect redness for ${care.redness_days[0]}–${care.redness_days[1]} days.` : "")),
      h("div", { class: "handout-map" }, map),
      h("h3", {}, "Day by day"),
      h("ol", { class: "care-timeline" }, care.timeline.map((d) => h("li", {},
        h("strong", {}, h("time", { datetime: d.date }, d.date), ` (day ${d.day})`),
        d.do.length ? h("ul", {}, d.do.map((x) => h("li", {}, x))) : null,
        d.avoid.length ? h("ul", { class: "avoid" }, d.avoid.map((x) => h("li", {}, `Avoid: ${x}`))) : null))),
      h("p", {}, `Daily SPF 30+ until ${care.spf_until}.`),
      h("section", { class: "warning-signs", "aria-labelledby": "signs-title" },
        h("h3", { id: "signs-title" }, call),
        h("ul", {}, care.warning_signs.map((x) => h("li", {}, x)))),
      h("p", { class: "muted" }, `From the protocol ${care.protocol.name} v${care.protocol.version}.`)));
}
