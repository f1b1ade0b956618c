// The client's chart: who they are (editable), badges for what matters today, and the timeline
// of every record. Reception sees the details and the bookings only: the timeline is health data.
import { get, put, apiPath } from "../api.js";
import { h, badge, button, today } from "../dom.js";
import { clientHeader, zoneName, decisionTone, latest, onSubmit } from "./common.js";
import { clientFields, clientBody } from "./clients.js";

const PAGE = 20; // timeline entries a page: the chart opens as fast for 1,000 sessions as for 10

function badges(ctx, chart) {
  const out = [];
  const screening = latest(chart, "screening");
  if (!screening) out.push(badge("not screened", "warn"));
  else {
    const d = screening.decision;
    let text = `screening: ${d}`;
    if (d === "defer") text += screening.until ? ` until ${screening.until}` : " until it resolves";
    if (d === "caution") text += screening.acknowledged ? " (acknowledged)" : " (not acknowledged)";
    out.push(badge(text, decisionTone[d]));
  }
  const consent = latest(chart, "consent");
  if (consent && consent.status === "valid") out.push(badge(`consent until ${consent.expires_on}`, "ok"));
  else out.push(badge(consent ? `consent expired ${consent.expires_on}` : "no consent", "warn"));
  const plan = latest(chart, "plan");
  // a home routine counts uses of the roller, not sessions of a course
  if (plan && plan.sessions_planned > 0) out.push(badge(`session ${plan.sessions_done} of ${plan.sessions_planned}`, "info"));
  for (const r of chart.reviews || [])
    if (r.status !== "recorded")
      out.push(badge(`outcome review ${r.status === "due" ? "due since" : "due"} ${r.due} (${r.months} months)`,
        r.status === "due" ? "warn" : "info"));
  for (const z of (chart.next && chart.next.zones) || [])
    out.push(badge(z.ready ? `${zoneName(ctx.pack, z.zone)}: ready` :
      `${zoneName(ctx.pack, z.zone)}: from ${z.eligible_from}`, z.ready ? "ok" : "info"));
  const open = chart.open_adverse_events || [];
  if (open.length) out.push(badge(`${open.length} open adverse event${open.length > 1 ? "s" : ""}`, "stop"));
  const booked = (chart.appointments || []).filter((a) => a.status === "booked" && a.date >= today());
  if (booked.length) out.push(badge(`next booking ${booked[0].date} ${booked[0].time}`, "info"));
  return h("ul", { class: "badges", "aria-label": "Status" }, out.map((b) => h("li", {}, b)));
}

function summary(ctx, e) {
  const r = e.record;
  switch (e.kind) {
  case "intake": return [`Health history, version ${r.version}`, `by ${r.by}`, `#/clients/${ctx.id}/intake`];
  case "screening": return [`Screening: ${r.decision}${r.until ? ` until ${r.until}` : ""}`,
    r.result.findings.map((f) => f.message).join("; ") || "no findings"];
  case "consent": return [`Consent signed: ${r.form} v${r.version}`, `by ${r.signer}, valid until ${r.expires_on}`];
  case "plan": return [`Plan: ${(ctx.pack.indications.find((i) => i.id === r.indication) || { name: r.indication }).name}${r.sessions_planned > 0 ? `, ${r.sessions_planned} sessions` : ", a routine at home"}`,
    r.plan.zones.map((z) => `${z.name} ${z.depth_mm} mm`).join(", ")];
  case "session": return [`Session${!r.course ? "" : r.course.kind === "routine" ? `: use ${r.course.use} of ${r.course.of} on the roller` : ` ${r.course.session} of ${r.course.of}`}`,
    `${r.zones.map((z) => `${zoneName(ctx.pack, z.zone)} ${z.depth_mm} mm × ${z.passes}`).join(", ")}; by ${r.practitioner}` +
    (r.override ? `; overridden: ${r.override.reason}` : ""), `#/sessions/${r.id}/aftercare`];
  case "adverse_event": return [`Adverse event: ${r.type} (${r.severity}), ${r.status}`,
    r.follow_ups.map((f) => `${f.date}: ${f.status}`).join("; "), `#/clients/${ctx.id}/events`];
  case "outcome": return [`Outcome: ${r.shown || `${r.scale} ${r.value}`}`,
    [r.better && r.better !== "neither" ? `${r.better} is better` : "", r.note || ""].filter(Boolean).join("; "),
    `#/clients/${ctx.id}/outcomes`];
  default: return [e.kind, ""];
  }
}

function entries(ctx, page) {
  return page.timeline.slice().reverse().map((e) => {
    const [head, detail, link] = summary(ctx, e);
    return h("li", { class: `entry ${e.kind}` },
      h("time", { datetime: e.date }, e.date), " ",
      link ? h("a", { href: link }, head) : h("strong", {}, head),
      detail ? h("div", { class: "muted" }, detail) : null);
  });
}

// The newest entries first; older ones a page at a time, on request.
function timeline(ctx, chart) {
  const list = h("ol", { class: "timeline" }, entries(ctx, chart));
  const section = h("section", { class: "card", "aria-labelledby": "timeline-title" },
    h("h2", { id: "timeline-title" }, "Timeline, newest first"),
    chart.timeline.length ? list : h("p", {}, "Nothing recorded yet."));
  let more = chart.more;
  const button = h("button", { type: "button" }, "Show older entries");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const page = await get(`/clients/${ctx.id}/history?limit=${PAGE}&before=${encodeURIComponent(more)}`);
      list.append(...entries(ctx, page));
      more = page.more;
      if (!more) button.remove();
    } catch (err) {
      ctx.say(err.message, "stop");
    } finally {
      button.disabled = false;
    }
  });
  if (more) section.append(button);
  return section;
}

function appointmentsCard(ctx, list) {
  const rows = list.map((a) => h("li", { class: a.status },
    `${a.date} ${a.time} (${a.minutes} min) `,
    a.session ? `session ${a.session} of ${a.of}` : "consultation",
    a.status === "cancelled" ? " — cancelled" : "",
    a.override ? ` — booked over a refusal: ${a.override}` : ""));
  return h("section", { class: "card", "aria-labelledby": "appts-title" },
    h("h2", { id: "appts-title" }, "Appointments"),
    rows.length ? h("ul", {}, rows) : h("p", {}, "None booked."),
    h("p", {}, h("a", { href: `#/clients/${ctx.id}/book` }, "Book the next appointment"), " · ",
      h("a", { href: apiPath(`/clients/${ctx.id}/appointments.ics`), download: `appointments-${ctx.id}.ics` },
        "Calendar file (.ics) of the booked ones")));
}

// The client's details. An edit is sent with the version it was made from: when someone else
// saved in between (another tab, the front desk), nothing is overwritten; the page shows what
// they changed and asks whether to keep these edits over theirs or take theirs.
function detailsForm(ctx, client) {
  let version = client.version;
  const conflict = h("div", { id: "details-conflict" });
  const form = h("form", { class: "card", id: "details-form", "aria-labelledby": "details-title" },
    h("h2", { id: "details-title" }, "Details"), clientFields(client, ctx.clinical), conflict,
    h("button", { type: "submit" }, "Save the details"));
  async function save(from) {
    const saved = await put(`/clients/${ctx.id}`, { ...clientBody(form), version: from });
    version = saved.version;
    conflict.replaceChildren();
    ctx.say("Saved.", "ok");
  }
  function differences(theirs) {
    return [...form.querySelectorAll("[name]")].filter((el) => el.name in theirs &&
      String(theirs[el.name] ?? "") !== el.value).map((el) => h("li", {},
      `${el.labels[0].textContent}: theirs "${theirs[el.name] ?? ""}", yours "${el.value}"`));
  }
  onSubmit(ctx, form, async () => {
    try {
      await save(version);
    } catch (error) {
      if (error.status !== 412) throw error;
      const theirs = await get(`/clients/${ctx.id}`);
      conflict.replaceChildren(h("section", { class: "refused conflict", "aria-labelledby": "conflict-title" },
        h("h3", { id: "conflict-title" }, "Someone else changed these details while you were editing"),
        h("p", {}, "Yours are not saved yet."), h("ul", {}, differences(theirs)),
        button("Keep mine", () => save(theirs.version).catch((e) => ctx.fail(e))),
        " ", button("Take theirs", () => window.dispatchEvent(new HashChangeEvent("hashchange")))));
      ctx.say("Not saved: someone else changed these details. Keep yours or take theirs.", "error");
    }
  });
  return h("details", { class: "edit" }, h("summary", {}, "Edit the details"), form);
}

export async function render(ctx) {
  const client = await clientHeader(ctx, "Chart");
  if (!ctx.clinical) {
    ctx.view.append(detailsForm(ctx, client),
      appointmentsCard(ctx, await get(`/clients/${ctx.id}/appointments`)));
    return;
  }
  const chart = await get(`/clients/${ctx.id}/history?limit=${PAGE}`);
  ctx.view.append(badges(ctx, chart), detailsForm(ctx, client),
    appointmentsCard(ctx, chart.appointments), timeline(ctx, chart));
}
