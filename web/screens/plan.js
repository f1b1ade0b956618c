// Planning on the face: pick an indication, click zones. Every change asks the engine for the plan
// (nothing kept), so the depth, passes, pattern and order shown are the pack's, within each zone's
// range and the setting's cap; "Keep this plan" stores it with the client.
import { get, post } from "../api.js";
import { h, field, input, select, today } from "../dom.js";
import { clientHeader, sources, zoneName } from "./common.js";
import { facialMap } from "./map.js";

function warnings(list) {
  return list.length ? h("div", { class: "warnings" }, h("h3", {}, "Warnings"),
    h("ul", {}, list.map((w) => h("li", {}, w.message)))) : null;
}

function anaesthetic(a) {
  if (!a) return null;
  if (a.none) return h("p", { class: "warn", id: "plan-anaesthetic" }, `${a.none[0].toUpperCase()}${a.none.slice(1)}.`);
  return h("p", { id: "plan-anaesthetic" }, `Numbing cream: ${a.minutes} minutes (${a.range_minutes[0]}–${a.range_minutes[1]}, at most ${a.max_minutes}) on the ${a.regions.join(" and ")} only.`);
}

export async function render(ctx) {
  const client = await clientHeader(ctx, "Plan");
  const pack = ctx.pack;
  const [screenings, intakes] = await Promise.all([
    get(`/clients/${ctx.id}/screenings`), get(`/clients/${ctx.id}/intakes`)]);
  const screening = screenings.at(-1);
  // the plan obeys the health history the latest screening read (the server keeps it so too)
  const screened = screening ? intakes.find((i) => i.version === screening.intake_version) : null;
  const excludedByScreening = {};
  for (const f of screening ? screening.result.findings : [])
    if (f.scope === "zones") for (const z of f.zones) excludedByScreening[z] = f.message;
  const settingId = ctx.me.home ? "home" : "clinic";
  const setting = pack.settings.find((x) => x.id === settingId);
  const targets = new Map(); // indication -> [zone]
  const depths = new Map(); // zone -> the practitioner's depth
  let answer = null;

  const device = select({ name: "device" }, pack.devices.filter((d) => setting.devices.includes(d.id)).map((d) => [d.id, d.name]), "pen");
  const skin = select({ name: "skin" }, pack.skin.map((k) => [k.id, k.id]), "normal");
  const start = input({ type: "date", name: "start", value: today(), required: true });
  const indication = select({ name: "indication" }, pack.indications.map((i) => [i.id, i.name]), pack.indications[0].id);
  const mapBox = h("div", { class: "map-box" });
  const details = h("div", { id: "plan-details", "aria-live": "polite" });
  const keep = h("button", { type: "button", disabled: true }, "Keep this plan");

  function request() {
    const t = [...targets].filter(([, zones]) => zones.length).map(([ind, zones]) => ({ indication: ind, zones }));
    const planned = new Set(t.flatMap((x) => x.zones));
    const r = { setting: settingId, device: device.value, skin: skin.value, start: start.value, targets: t,
      excluded_zones: Object.keys(excludedByScreening),
      depths: [...depths].filter(([z]) => planned.has(z)).map(([zone, mm]) => ({ zone, depth_mm: mm })) };
    if (screened) r.intake = screened.intake;
    else if (client.fitzpatrick) r.fitzpatrick = client.fitzpatrick;
    return r;
  }

  // The map is the server's drawing of this very plan; an answer overtaken by a later click is
  // dropped, so the map always shows the newest plan.
  let drawn = 0;
  async function draw() {
    const seq = ++drawn;
    const excluded = { ...excludedByScreening };
    for (const x of (answer && answer.excluded) || []) excluded[x.zone] = excludedByScreening[x.zone] || x.reason;
    const planned = answer ? answer.zones : [];
    const map = await facialMap(pack, {
      zones: planned.map((z) => ({ zone: z.zone, depth_mm: z.depth_mm })), excluded, onToggle: toggle,
      title: "Facial map: press a zone to add it to the plan or take it out",
      label: (id) => {
        const i = planned.findIndex((z) => z.zone === id);
        return `number ${i + 1} in the order of work, ${planned[i].depth_mm} mm`;
      },
    });
    if (seq !== drawn) return;
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.zone : null;
    mapBox.replaceChildren(map);
    if (focused) {
      const again = mapBox.querySelector(`[data-zone="${focused}"]`);
      if (again) again.focus();
    }
    details.replaceChildren(...describe().filter(Boolean));
    keep.disabled = !answer || !answer.zones.length;
  }

  // One card per zone, in the order of work: what the practitioner reads while working, never
  // clipped, whatever the width.
  function card(z, i) {
    const indication = (pack.indications.find((x) => x.id === z.indication) || { name: z.indication }).name;
    const fact = (term, ...value) => [h("dt", {}, term), h("dd", {}, ...value)];
    return h("li", { class: "zone-card", "data-zone": z.zone, "aria-labelledby": `card-${z.zone}` },
      h("h3", { id: `card-${z.zone}` }, h("span", { class: "order" }, String(i + 1)), ` ${z.name}`),
      h("p", { class: "muted" }, indication),
      h("dl", {},
        fact("Depth", depthControl(z), " mm"),
        fact("Safe range", `${z.range_mm[0]}–${z.range_mm[1]} mm `, h("span", { class: "muted" }, `(evidence: ${z.depth_tier})`)),
        fact("Passes", `${z.passes} (${z.passes_range[0]}–${z.passes_range[1]})`),
        fact("Pattern", z.pattern),
        fact("Rest", `${z.rest_days} days`)),
      h("details", {}, h("summary", {}, "Why this depth"), h("ul", {}, z.why.map((w) => h("li", {}, w))), sources(pack, z.sources)));
  }

  function describe() {
    if (!answer) return [h("p", {}, "Pick an indication, then press the zones to treat.")];
    const c = answer.course;
    return [
      h("h2", {}, `In the order of work (setting cap ${setting.depth_cap_mm} mm)`),
      h("ol", { class: "zone-cards" }, answer.zones.map(card)),
      answer.finish ? h("p", {}, `Finish: ${answer.finish.text}.`) : null,
      answer.excluded.length ? h("div", {}, h("h3", {}, "Excluded zones"),
        h("ul", {}, answer.excluded.map((x) => h("li", {},
          `${zoneName(pack, x.zone)}: ${excludedByScreening[x.zone] ? `screening: ${excludedByScreening[x.zone]}` : x.reason}`)))) : null,
      c && c.kind === "routine" ? h("div", {}, h("h3", {}, "Routine at home"),
        h("p", {}, `Rest ${c.rest_days} days between uses (evidence: ${c.rest_tier}); replace the roller after ${c.replace_after_uses} uses. Sterilise it before and after each use.`)) : null,
      c && c.kind === "course" ? h("div", {}, h("h3", {}, `Course: ${c.sessions} sessions (${c.sessions_range[0]}–${c.sessions_range[1]}), every ${c.interval_days} days (${c.interval_range_days[0]}–${c.interval_range_days[1]})`),
        h("p", { class: "muted" }, `Evidence: ${c.tier}.`),
        h("ol", { class: "course" }, c.dates.map((d) => h("li", {}, h("time", { datetime: d }, d)))),
        c.reviews.length ? h("p", {}, `Outcome reviews: ${c.reviews.join(" and ")}, after the last session, when results are judged.`) : null) : null,
      anaesthetic(answer.anaesthetic),
      answer.adjustments.length ? h("div", { class: "warnings", id: "plan-adjustments" }, h("h3", {}, "Adjusted for this client"),
        h("ul", {}, answer.adjustments.map((a) => h("li", {}, `${a.message} `, sources(pack, a.sources))))) : null,
      warnings(answer.warnings.filter((w) => w.code !== "adjustment")), // those are listed above
      answer.screening_cautions ? h("ul", {}, answer.screening_cautions.map((m) => h("li", { class: "warn" }, m))) : null,
    ];
  }

  // The depth of a planned zone: a number the browser keeps within the zone's range and the
  // setting's cap; the engine checks it again.
  function depthControl(z) {
    const hi = Math.min(z.range_mm[1], setting.depth_cap_mm);
    const control = input({ type: "number", name: `depth-${z.zone}`, min: z.range_mm[0], max: hi, step: 0.05,
      value: z.depth_mm, "aria-label": `${z.name}: depth in mm, ${z.range_mm[0]} to ${hi}`, class: "depth" });
    control.addEventListener("change", async () => {
      const mm = Number(control.value);
      if (!control.checkValidity() || control.value === "") {
        ctx.say(`${z.name}: the depth must be from ${z.range_mm[0]} to ${hi} mm, in steps of 0.05 mm.`, "error");
        control.setAttribute("aria-invalid", "true");
        return;
      }
      const before = depths.get(z.zone);
      depths.set(z.zone, mm);
      if (!(await replan())) {
        if (before === undefined) depths.delete(z.zone);
        else depths.set(z.zone, before);
      }
    });
    return control;
  }

  async function replan() {
    const r = request();
    if (!r.targets.length) {
      answer = null;
      await draw();
      return true;
    }
    try {
      answer = await post("/plan", r);
      ctx.say("");
      await draw();
      return true;
    } catch (error) {
      ctx.fail(error);
      return false;
    }
  }

  async function toggle(zoneId) {
    if (excludedByScreening[zoneId]) {
      ctx.say(`${zoneName(pack, zoneId)} is excluded: ${excludedByScreening[zoneId]}`, "error");
      return;
    }
    const owner = [...targets].find(([, zones]) => zones.includes(zoneId));
    const ind = owner ? owner[0] : indication.value;
    const zones = targets.get(ind) || [];
    const next = owner ? zones.filter((z) => z !== zoneId) : [...zones, zoneId];
    targets.set(ind, next);
    if (!(await replan())) targets.set(ind, zones); // the engine said no: undo the click
  }

  for (const control of [device, skin, start]) control.addEventListener("change", replan);
  keep.addEventListener("click", async () => {
    try {
      const kept = await post(`/clients/${ctx.id}/plans`, request());
      ctx.say(`Plan ${kept.id} kept: ${kept.sessions_planned} sessions.`, "ok");
    } catch (error) {
      ctx.fail(error);
    }
  });
  ctx.view.append(h("div", { class: "card row controls" },
    field("Indication for the zones you press", indication), field("Device", device),
    field("Skin", skin), field("First session", start)),
  h("div", { class: "split plan" }, mapBox, h("div", {}, details, keep)));
  await draw();
}
