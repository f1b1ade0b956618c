// Logging a session: the pack's pre-procedure checklist, the device and a cartridge unit from
// stock (a unit the server says cannot serve is shown with why, and cannot be chosen), per zone the
// depth and passes actually used (inputs bounded by the zone's range, the setting's cap and the
// device's passes), products and lots, endpoint and reactions; at home, the roller's sterilisation.
// The server's safety gate decides; a refusal lists every reason, and who may override names the
// refusals it lifts, with a reason.
import { get, post } from "../api.js";
import { h, field, input, select, check, today } from "../dom.js";
import { clientHeader, latest, onSubmitOrRefused } from "./common.js";

// Needle units: each open lot's next unit (every unit of a reusable one), as the server offers
// them in one answer: only what the safety gate takes today, the soonest to expire first.
function unitLabel(u) {
  return `${u.product}, lot ${u.lot}, unit ${u.seq}` +
    (u.single_use ? ` (${u.left} left, expires ${u.expires})` : ` (used ${u.uses} times)`);
}

// A glide or serum used during needling: a sterile product lot in date, or none.
function productRow(productLots) {
  return h("div", { class: "row product" },
    field("Glide or serum from stock", select({ name: "product" }, [["", "none"],
      ...productLots.map((l) => [`${l.id}`, `${l.product}, lot ${l.lot}`])], "")));
}

export async function render(ctx) {
  await clientHeader(ctx, "Session");
  const pack = ctx.pack;
  const [chart, devices, stock] = await Promise.all([
    get(`/clients/${ctx.id}/history?kind=plan&limit=1`), get("/devices"), get("/stock/session")]);
  const plan = latest(chart, "plan");
  const setting = pack.settings.find((x) => x.id === (ctx.me.home ? "home" : "clinic"));
  const planDevice = plan ? plan.plan.device : "pen";
  const devInfo = (kind) => pack.devices.find((d) => d.id === kind);
  if (!plan) ctx.view.append(h("p", { class: "warn" }, "No plan on file: ", h("a", { href: `#/clients/${ctx.id}/plan` }, "plan the course"), " first."));
  const productLots = stock.products;
  // the plan's device's units first; nothing chosen for the practitioner when none fits
  const fits = stock.units.filter((u) => u.kind === planDevice);
  const unitOptions = [["", fits.length ? "choose the unit opened for this session" : "none in stock for this device"],
    ...[...fits, ...stock.units.filter((u) => u.kind !== planDevice)].map((u) => [u.id, unitLabel(u)])];
  const form = h("form", { class: "card", id: "session-form" });
  const checklist = h("fieldset", {}, h("legend", {}, "Before the procedure"),
    pack.session.checklist.map((c) => check(c.text, { name: "checklist", value: c.id, required: true })));
  const zoneRows = (plan ? plan.plan.zones : []).map((z) => {
    const zone = pack.zones.find((x) => x.id === z.zone);
    const hi = Math.min(zone.depth_mm[1], setting.depth_cap_mm);
    const lo = setting.zone_floor_mm || zone.depth_mm[0]; // at home, from the setting's floor
    const dev = devInfo(planDevice);
    return h("fieldset", { class: "zone-row", "data-zone": z.zone }, h("legend", {}, `${z.order}. ${z.name}`),
      check("Treated", { name: `treated-${z.zone}`, checked: true }),
      field("Depth used (mm)", input({ type: "number", name: `depth-${z.zone}`, min: lo, max: hi, step: 0.05, value: z.depth_mm, required: true }),
        `safe range ${lo}–${hi} mm`),
      field("Passes", input({ type: "number", name: `passes-${z.zone}`, min: dev.passes_range[0], max: dev.passes_range[1], step: 1, value: z.passes, required: true }),
        `${dev.name}: ${dev.passes_range[0]}–${dev.passes_range[1]}`),
      field("Pattern", input({ name: `pattern-${z.zone}`, value: z.pattern })));
  });
  const products = h("div", {}, productRow(productLots));
  // an energy-based device (RF) records its energy as well
  const energyDev = pack.devices.find((d) => d.id === planDevice && d.energy);
  const energy = energyDev ? h("fieldset", { id: "energy" }, h("legend", {}, `${energyDev.name}: energy delivered`),
    h("div", { class: "row" },
      field("Energy level", input({ type: "number", name: "energy_level", required: true, step: "any",
        min: energyDev.energy.level_range[0], max: energyDev.energy.level_range[1] }), "on the device's own scale"),
      field("Pulse duration (ms)", input({ type: "number", name: "pulse_ms", required: true, step: 1,
        min: energyDev.energy.pulse_ms_range[0], max: energyDev.energy.pulse_ms_range[1] })),
      field("Needle type", select({ name: "needle_type", required: true },
        [["", "choose"], ...energyDev.energy.needle_types.map((t) => [t, t])], "")))) : null;
  const refusal = h("div", { id: "refusal", "aria-live": "assertive" });
  form.append(
    h("div", { class: "row" },
      field("Date", input({ type: "date", name: "date", value: today(), max: today(), required: true })),
      field("Device", select({ name: "device" }, devices.map((d) => [d.id, `${d.kind} ${d.serial}${d.model ? ` (${d.model})` : ""}`]),
        (devices.find((d) => d.kind === planDevice) || {}).id)),
      field("Cartridge or roller unit", select({ name: "unit", required: true }, unitOptions, fits[0] ? fits[0].id : ""))),
    checklist,
    ...(ctx.me.home ? [h("fieldset", {}, h("legend", {}, "The roller"),
      check(pack.home.sterilise, { name: "sterilised_before", value: "1" }),
      check("…and I will sterilise it again after this use", { name: "sterilised_after", value: "1" }))] : []),
    h("h2", {}, "Zones, as treated"), ...zoneRows,
    ...(energy ? [energy] : []),
    h("fieldset", {}, h("legend", {}, "Products and their lots"), products,
      productLots.length ? null : h("p", { class: "muted" }, "No sterile glide or serum in stock: add its lot under Stock."),
      h("button", { type: "button", onclick: () => products.append(productRow(productLots)) }, "Add a product")),
    h("div", { class: "row" },
      field("Anaesthetic (minutes)", input({ type: "number", name: "anaesthetic_minutes", min: 0, max: 240, value: 0 }),
        `at most ${pack.session.anaesthetic.max_minutes}, on the ${pack.session.anaesthetic.regions.join(" and ")} only`),
      // what the practitioner saw: asked, never filled in for them
      field("Endpoint reached", input({ name: "endpoint", required: true }), `what the skin showed; the protocol's endpoint: ${pack.session.endpoint}`),
      field("Reactions", input({ name: "reactions", required: true }), "what the client's skin did, or \"none\"")),
    h("button", { type: "submit" }, "Log the session"));

  function body() {
    const f = new FormData(form);
    const b = { date: f.get("date"), unit: Number(f.get("unit")), zones: [], products: [],
      anaesthetic_minutes: Number(f.get("anaesthetic_minutes") || 0),
      endpoint: f.get("endpoint"), reactions: f.get("reactions") };
    if (f.get("device")) b.device = Number(f.get("device"));
    if (energy) b.energy = { level: Number(f.get("energy_level")), pulse_ms: Number(f.get("pulse_ms")),
      needle_type: f.get("needle_type") };
    if (plan) b.plan = plan.id;
    for (const z of plan ? plan.plan.zones : []) {
      if (!f.get(`treated-${z.zone}`)) continue;
      b.zones.push({ zone: z.zone, depth_mm: Number(f.get(`depth-${z.zone}`)),
        passes: Number(f.get(`passes-${z.zone}`)), pattern: f.get(`pattern-${z.zone}`) || undefined });
    }
    for (const id of f.getAll("product")) {
      const lot = productLots.find((l) => String(l.id) === id);
      if (lot) b.products.push({ name: lot.product, lot: lot.lot });
    }
    if (ctx.me.home) {
      b.sterilised_before = !!f.get("sterilised_before");
      b.sterilised_after = !!f.get("sterilised_after");
    }
    return b;
  }

  async function log(override) {
    const b = body();
    if (override) b.override = override;
    const s = await post(`/clients/${ctx.id}/sessions`, b);
    const place = !s.course ? "" : s.course.kind === "routine" ? `: use ${s.course.use} of ${s.course.of} on this roller`
      : `: session ${s.course.session} of ${s.course.of}`;
    ctx.say(`Session ${s.id} logged${place}.`, "ok");
    location.hash = `#/sessions/${s.id}/aftercare`;
  }

  onSubmitOrRefused(ctx, form, refusal, { title: "Refused", keptWith: "session",
    action: "Log it with the override", otherwise: "Only a practitioner may override.",
    said: "The session was refused: see the reasons." }, log);
  ctx.view.append(form, refusal);
}
