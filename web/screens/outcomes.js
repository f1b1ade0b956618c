// Outcomes: a score on one of the pack's scales, and the scale's trend over time as a chart.
import { get, post } from "../api.js";
import { h, s, field, input, select, today } from "../dom.js";
import { clientHeader, onSubmit } from "./common.js";

// A line chart of the points, the scale's range on the y axis, dates spaced by time.
export function trendChart(trend) {
  const W = 560, H = 240, L = 48, R = 16, T = 16, B = 40;
  const pts = trend.points;
  const times = pts.map((p) => Date.parse(`${p.date}T12:00:00Z`));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const x = (t) => (t1 === t0 ? (L + W - R) / 2 : L + ((t - t0) / (t1 - t0)) * (W - L - R));
  const y = (v) => T + (1 - (v - trend.min) / (trend.max - trend.min || 1)) * (H - T - B);
  const ticks = [];
  for (let v = trend.min; v <= trend.max; v += Math.max(1, Math.round((trend.max - trend.min) / 5)))
    ticks.push(s("g", {}, s("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }),
      s("text", { x: L - 8, y: y(v) + 4, class: "tick", "text-anchor": "end" }, String(v))));
  const line = pts.map((p, i) => `${i ? "L" : "M"} ${x(times[i]).toFixed(1)} ${y(p.value).toFixed(1)}`).join(" ");
  return s("svg", { viewBox: `0 0 ${W} ${H}`, class: "trend", role: "img",
    "aria-label": `${trend.name}: ${pts.map((p) => `${p.date} ${p.value}`).join(", ")}` },
  ticks,
  s("path", { d: line, class: "trend-line" }),
  pts.map((p, i) => s("g", {}, s("circle", { cx: x(times[i]), cy: y(p.value), r: 5, class: "trend-point" }),
    s("text", { x: x(times[i]), y: H - B + 18, class: "tick", "text-anchor": "middle" }, p.date.slice(5)))));
}

export async function render(ctx) {
  await clientHeader(ctx, "Outcomes");
  const scales = ctx.pack.outcomes;
  const scale = select({ name: "scale" }, scales.map((x) => [x.id, x.name]), scales[0].id);
  const valueBox = h("div", {});
  const trendBox = h("div", { id: "trend", "aria-live": "polite" });
  function valueControl() {
    const sc = scales.find((x) => x.id === scale.value);
    const control = sc.labels ? select({ name: "value" }, sc.labels.map((l, i) => [sc.min + i, `${sc.min + i}: ${l}`]))
      : input({ type: "number", name: "value", min: sc.min, max: sc.max, step: "any", required: true });
    const better = sc.better === "neither" ? "" : `; ${sc.better} is better`;
    valueBox.replaceChildren(field(`Score (${sc.min}–${sc.max}${better})`, control));
  }
  async function trend() {
    const t = await get(`/clients/${ctx.id}/outcomes?scale=${scale.value}`);
    trendBox.replaceChildren(h("h2", {}, `${t.name}: trend`),
      ...(t.points.length ? [trendChart(t),
        h("p", {}, `${t.points.length} score(s), the latest ${t.points.at(-1).shown}; change since the first: ${t.change > 0 ? "+" : ""}${t.change}` +
          (t.better === "neither" ? "" : ` (${t.better} is better)`))]
        : [h("p", {}, "No scores on this scale yet.")]));
  }
  const form = h("form", { class: "card row", id: "outcome-form" }, field("Scale", scale), valueBox,
    field("Date", input({ type: "date", name: "date", value: today(), required: true })),
    field("Note", input({ name: "note" })), h("button", { type: "submit" }, "Record the score"));
  onSubmit(ctx, form, async (f) => {
    const body = { scale: f.get("scale"), value: Number(f.get("value")), date: f.get("date") };
    if (f.get("note")) body.note = f.get("note");
    await post(`/clients/${ctx.id}/outcomes`, body);
    ctx.say("Score recorded.", "ok");
    await trend();
  });
  scale.addEventListener("change", () => {
    valueControl();
    trend().catch(ctx.fail);
  });
  valueControl();
  ctx.view.append(form, h("section", { class: "card" }, trendBox));
  await trend();
}
