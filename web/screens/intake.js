// The health history: a form built from the pack's vocabulary. The screening answer appears as the
// form is filled (the engine, nothing kept); saving keeps a new version and its screening, and a
// practitioner acknowledges a caution here.
import { get, post } from "../api.js";
import { h, field, input, select, check, button, today } from "../dom.js";
import { clientHeader, sources, decisionTone, zoneName, onSubmit } from "./common.js";
import { consentCard } from "./consent.js";

const named = (list) => list.map((v) => [v.id, v.name || v.id]);

function checks(legend, name, vocab, chosen) {
  return h("fieldset", {}, h("legend", {}, legend),
    named(vocab).map(([id, label]) => check(label, { name, value: id, checked: chosen.includes(id) })));
}

// A medication or procedure: ticked when it applies, with its date.
function dated(legend, name, vocab, dateLabel, chosen) {
  return h("fieldset", {}, h("legend", {}, legend),
    named(vocab).map(([id, label]) => {
      const had = chosen.find((x) => x.name === id);
      return h("div", { class: "dated" },
        check(label, { name, value: id, checked: !!had }),
        field(`${label}: ${dateLabel}`, input({ type: "date", name: `${name}-${id}-date`,
          value: had ? had.last_dose || had.date : null })));
    }));
}

function read(form) {
  const f = new FormData(form);
  const intake = { birth_date: f.get("birth_date") };
  // the skin type is asked, never filled in: without it the server refuses the intake
  if (f.get("fitzpatrick")) intake.fitzpatrick = Number(f.get("fitzpatrick"));
  if (f.get("pregnant")) intake.pregnant = true;
  if (f.get("breastfeeding")) intake.breastfeeding = true;
  for (const key of ["conditions", "allergies"]) {
    const all = f.getAll(key);
    if (all.length) intake[key] = all;
  }
  const meds = f.getAll("medications").map((name) => {
    const last = f.get(`medications-${name}-date`);
    return last ? { name, last_dose: last } : { name };
  });
  if (meds.length) intake.medications = meds;
  const procs = f.getAll("procedures").map((name) => ({ name, date: f.get(`procedures-${name}-date`) || "" }));
  if (procs.length) intake.procedures = procs;
  const findings = f.getAll("finding-zone").map((zone, i) => ({ zone, finding: f.getAll("finding")[i] }))
    .filter((x) => x.zone && x.finding);
  if (findings.length) intake.zone_findings = findings;
  const other = {};
  for (const key of ["conditions", "medications", "allergies"]) {
    const lines = (f.get(`other-${key}`) || "").split("\n").map((x) => x.trim()).filter(Boolean);
    if (lines.length) other[key] = lines;
  }
  if (Object.keys(other).length) intake.other = other;
  return intake;
}

export function screeningView(ctx, result, stored) {
  const d = result.decision;
  const head = `${d}${d === "defer" ? (result.until ? ` until ${result.until}` : " until it resolves") : ""}`;
  const out = h("section", { class: `card screening ${decisionTone[d]}`, "aria-labelledby": "screening-title" },
    h("h2", { id: "screening-title" }, stored ? `Screening ${stored.id}: ${head}` : `Screening as filled: ${head}`),
    result.findings.length ? h("ul", {}, result.findings.map((f) => h("li", {},
      h("strong", {}, `${f.decision}${f.until ? ` until ${f.until}` : ""}`), ` — ${f.message} `,
      f.unlisted ? h("ul", {}, f.unlisted.map((u) => h("li", {}, `${u.kind}: ${u.text}`))) : null,
      h("span", { class: "muted" }, `(rule ${f.rule}, evidence: ${f.tier}${f.zones.length ? `, zones: ${f.zones.map((z) => zoneName(ctx.pack, z)).join(", ")}` : ""})`),
      sources(ctx.pack, f.sources))))
      : h("p", {}, "No findings: proceed."));
  return out;
}

function ackForm(ctx, screening, after) {
  if (screening.decision !== "caution") return null;
  if (screening.acknowledged)
    return h("p", { class: "ok" }, `Caution acknowledged by ${screening.acknowledged.by}: ${screening.acknowledged.note}`);
  if (ctx.me.role !== "practitioner")
    return h("p", { class: "warn" }, "A practitioner acknowledges this caution before any session.");
  const form = h("form", { class: "card" }, h("h3", {}, "Acknowledge the caution"),
    field("What was discussed or done about it", h("textarea", { name: "note", required: true, rows: 2 })),
    h("button", { type: "submit" }, "Acknowledge the caution"));
  return onSubmit(ctx, form, async (f) => {
    await post(`/screenings/${screening.id}/ack`, { note: f.get("note") });
    ctx.say("Caution acknowledged.", "ok");
    await after();
  });
}

export async function render(ctx) {
  const client = await clientHeader(ctx, "Health history");
  const [versions, screenings] = await Promise.all([
    get(`/clients/${ctx.id}/intakes`), get(`/clients/${ctx.id}/screenings`)]);
  const last = versions.length ? versions[versions.length - 1].intake : {};
  // the version this form was filled from: a save from an older one is stopped, not applied
  let basedOn = versions.length ? versions[versions.length - 1].version : 0;
  const v = ctx.pack.vocabulary;
  const zones = [["", "no zone"], ...ctx.pack.zones.map((z) => [z.id, z.name])];
  const findingRow = (zf) => h("div", { class: "row" },
    field("Zone", select({ name: "finding-zone" }, zones, zf && zf.zone)),
    field("Finding there", select({ name: "finding" }, [["", "none"], ...named(v.zone_findings)], zf && zf.finding)));
  const findings = h("div", {}, (last.zone_findings || []).map(findingRow), findingRow());
  const form = h("form", { class: "card", id: "intake-form" },
    h("p", {}, versions.length ? `Version ${versions.length} is on file; saving makes version ${versions.length + 1}.` :
      "No health history on file yet."),
    h("div", { class: "row" },
      field("Birth date", input({ type: "date", name: "birth_date", required: true, value: last.birth_date || client.birth_date })),
      field("Fitzpatrick skin type", select({ name: "fitzpatrick", required: true },
        [["", "choose the skin type"], ...[1, 2, 3, 4, 5, 6].map((n) => [n, `type ${n}`])],
        last.fitzpatrick || client.fitzpatrick || ""))),
    check("Pregnant", { name: "pregnant", value: "1", checked: !!last.pregnant }),
    check("Breastfeeding", { name: "breastfeeding", value: "1", checked: !!last.breastfeeding }),
    checks("Conditions", "conditions", v.conditions, last.conditions || []),
    dated("Medications", "medications", v.medications, "last dose (empty while still taken)", last.medications || []),
    dated("Procedures", "procedures", v.procedures, "date", last.procedures || []),
    checks("Allergies", "allergies", v.allergies, last.allergies || []),
    h("fieldset", {}, h("legend", {}, "Findings in a zone"), findings,
      h("button", { type: "button", onclick: () => findings.append(findingRow()) }, "Add a zone finding")),
    h("fieldset", {}, h("legend", {}, "Anything not listed above (one per line; a practitioner reviews it)"),
      ...[["conditions", "Other conditions"], ["medications", "Other medicines and supplements"],
        ["allergies", "Other allergies"]].map(([key, label]) => field(label,
        h("textarea", { name: `other-${key}`, rows: 2 }, ((last.other || {})[key] || []).join("\n"))))),
    h("button", { type: "submit" }, "Save and screen"));
  // the screening of the form as it stands, kept in view while the form is filled in: pinned above
  // it on a tablet held upright, beside it when there is room
  const live = h("section", { id: "live-screening", class: "live", "aria-live": "polite", "aria-label": "Screening as filled", tabindex: "0" });
  const stored = h("div", { id: "stored-screening" });
  let seq = 0;
  async function preview() {
    const mine = ++seq;
    const intake = read(form);
    if (!intake.birth_date) return;
    try {
      const result = await post(`/screen?on=${today()}`, intake);
      if (mine === seq) live.replaceChildren(screeningView(ctx, result));
    } catch (error) {
      if (mine === seq) live.replaceChildren(h("p", { class: "warn" }, `Not screened yet: ${error.message}`));
    }
  }
  function showStored(s) {
    const ack = ackForm(ctx, s, async () => showStored((await get(`/clients/${ctx.id}/screenings`)).at(-1)));
    stored.replaceChildren(screeningView(ctx, s.result, s), ...(ack ? [ack] : []));
  }
  form.addEventListener("input", preview);
  form.addEventListener("change", preview);
  const conflict = h("div", { id: "intake-conflict" });
  form.insertBefore(conflict, form.lastElementChild); // above "Save and screen"
  async function save() {
    const saved = await post(`/clients/${ctx.id}/intakes`, { ...read(form), based_on: basedOn });
    basedOn = saved.version;
    conflict.replaceChildren();
  }
  onSubmit(ctx, form, async () => {
    try {
      await save();
    } catch (error) {
      if (error.status !== 412) throw error;
      // someone saved another version meanwhile: keep this one over it, or read theirs
      const now = (await get(`/clients/${ctx.id}/intakes`)).at(-1);
      conflict.replaceChildren(h("section", { class: "refused conflict", "aria-labelledby": "intake-conflict-title" },
        h("h3", { id: "intake-conflict-title" }, `${now.by || "Someone else"} saved version ${now.version} of this health history while you were filling it in`),
        h("p", {}, "Yours is not saved yet."),
        button("Save mine as the newest version", async () => {
          basedOn = now.version;
          form.requestSubmit();
        }), " ", button("Read theirs", () => window.dispatchEvent(new HashChangeEvent("hashchange")))));
      ctx.say("Not saved: the health history changed while you were filling it in.", "error");
      return;
    }
    const s = await post(`/clients/${ctx.id}/screenings`, { on: today() });
    ctx.say(`Saved; screening ${s.id}: ${s.decision}.`, "ok");
    showStored(s);
    stored.scrollIntoView();
  });
  ctx.view.append(h("div", { class: "split intake" }, form, h("div", { class: "side" }, live, stored, await consentCard(ctx, client))));
  if (screenings.length) showStored(screenings.at(-1));
  await preview();
}
