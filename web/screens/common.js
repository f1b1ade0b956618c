// What several screens share: a client's header and links, sources as citations, zone names.
import { get } from "../api.js";
import { h, field, check, button } from "../dom.js";

export function zone(pack, id) {
  return pack.zones.find((z) => z.id === id) || { id, name: id };
}

export function zoneName(pack, id) {
  return zone(pack, id).name;
}

// "skinpen_protocol, spring2017" -> the citations, for a title and a list.
export function sources(pack, ids) {
  const list = (ids || []).map((id) => {
    const src = pack.sources.find((x) => x.id === id);
    return src ? `${src.citation} [${src.tier}]` : id;
  });
  return h("details", { class: "sources" }, h("summary", {}, `Sources (${list.length})`),
    h("ul", {}, list.map((text) => h("li", {}, text))));
}

export const decisionTone = { proceed: "ok", caution: "warn", defer: "stop", decline: "stop" };

export async function clientHeader(ctx, what) {
  const client = await get(`/clients/${ctx.id}`);
  ctx.title(`${what}: ${client.name || "(erased)"}`);
  const base = `#/clients/${ctx.id}`;
  const links = [["Chart", base], ["Book", `${base}/book`]];
  if (ctx.clinical)
    links.push(["Health history", `${base}/intake`], ["Plan", `${base}/plan`],
      ["Session", `${base}/session`], ["Adverse events", `${base}/events`],
      ["Outcomes", `${base}/outcomes`]);
  ctx.view.append(h("nav", { class: "client-nav", "aria-label": "This client" },
    links.map(([label, href]) => h("a", { href, "aria-current": location.hash === href ? "page" : null }, label))));
  return client;
}

// The latest record of a kind (intake, screening, consent, plan), as the chart's server says.
export function latest(chart, kind) {
  return (chart.latest && chart.latest[kind]) || null;
}

const whoMay = { practitioner: "a practitioner may override", admin: "an admin may override", never: "no override lifts this" };

// A refusal (409): every reason the safety gate gave, as it wrote them, and for who may override,
// a form naming the refusals to lift (those the pack does not mark never) and the reason, which
// retry({codes, reason}) sends. The server decides whether the override lifts them.
function refusedForm(ctx, error, labels, retry) {
  const { title, keptWith, action, otherwise } = labels;
  const refusals = error.refusals;
  const liftable = refusals.filter((r) => r.override !== "never");
  const codes = [...new Set(liftable.map((r) => r.code))];
  const names = Object.fromEntries((ctx.pack.refusals ? ctx.pack.refusals.codes : []).map((c) => [c.code, c.name]));
  const desk = ctx.me.role === "reception"; // it reads when, not why, and overrides nothing
  const list = h("ul", { class: "refusals" }, refusals.map((r) =>
    h("li", { "data-code": r.code }, r.message, desk ? null : [" ", h("span", { class: "muted" }, `(${whoMay[r.override] || ""})`)])));
  const form = h("form", { class: "card refused" }, h("h2", {}, title), list);
  // the first day every reason has cleared, as the server's gate says: offered as one tap
  if (labels.offer && error.earliest) {
    const [text, act] = labels.offer(error.earliest);
    form.append(h("p", {}, button(text, act, { id: "earliest-offer" })));
  }
  if (desk) {
    form.append(h("p", {}, otherwise));
    return form;
  }
  if (!codes.length) {
    form.append(h("p", {}, "No override lifts these."));
    return form;
  }
  const min = ctx.pack.refusals ? ctx.pack.refusals.reason_min_chars : 1;
  const why = h("textarea", { name: "override", rows: 2, required: true, minlength: min });
  form.append(h("fieldset", {}, h("legend", {}, "Override"),
    codes.map((code) => check(names[code] || code, { name: "override-code", value: code, checked: true })),
    field(`The reason, kept with the ${keptWith} (at least ${min} characters)`, why),
    h("button", { type: "submit" }, action)));
  return onSubmit(ctx, form, (f) => retry({ codes: f.getAll("override-code"), reason: why.value }));
}

// A form whose submit runs send(its FormData); a failure is told as ctx.fail tells it.
export function onSubmit(ctx, form, send) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await send(new FormData(form));
    } catch (error) {
      ctx.fail(error, () => form.requestSubmit());
    }
  });
  return form;
}

// A form the server may refuse (409): the reasons go into refusal, with the override form.
export function onSubmitOrRefused(ctx, form, refusal, labels, send) {
  return onSubmit(ctx, form, async () => {
    refusal.replaceChildren();
    try {
      await send();
    } catch (error) {
      if (error.status !== 409) throw error;
      refusal.replaceChildren(refusedForm(ctx, error, labels, send));
      ctx.say(labels.said, "error");
    }
  });
}
