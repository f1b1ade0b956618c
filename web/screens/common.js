// What several screens share: a client's header and links, sources as citations, zone names.
import { get } from "../api.js";
import { h, field } from "../dom.js";

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

// The latest record of a kind in a chart's timeline.
export function latest(chart, kind) {
  const all = chart.timeline.filter((e) => e.kind === kind);
  return all.length ? all[all.length - 1].record : null;
}

// A refusal (409) with every reason the server gave, and, for a practitioner, a form to go ahead
// anyway with the reason, which retry(reason) sends.
function refusedForm(ctx, error, { title, keptWith, action, otherwise }, retry) {
  const reasons = error.message.split("\n").slice(1).filter((l) => l.startsWith("  ")).map((l) => l.trim());
  const why = h("textarea", { name: "override", rows: 2, required: true });
  const form = h("form", { class: "card refused" }, h("h2", {}, title),
    h("ul", {}, reasons.map((r) => h("li", {}, r))),
    ctx.me.role === "practitioner" || ctx.me.home
      ? [field(`Override: the reason, kept with the ${keptWith}`, why), h("button", { type: "submit" }, action)]
      : h("p", {}, otherwise));
  return onSubmit(ctx, form, () => retry(why.value));
}

// A form whose submit runs send(its FormData); a failure is told as ctx.fail tells it.
export function onSubmit(ctx, form, send) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await send(new FormData(form));
    } catch (error) {
      ctx.fail(error);
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
