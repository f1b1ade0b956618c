// The facial map in SVG: the pack's zone outlines over a face and a body, as the server's map
// draws them. Interactive, each zone is a checkbox a click, Enter or Space toggles; planned zones
// show their place in the order and their depth; excluded ones are hatched with the reason.
import { s } from "../dom.js";

const WIDTH = 760;
const HEIGHT = 620;

function figures() {
  return s("g", { class: "figure", "aria-hidden": "true" },
    s("ellipse", { cx: 200, cy: 250, rx: 135, ry: 185 }),
    s("circle", { cx: 520, cy: 200, r: 17 }), s("rect", { x: 484, y: 250, width: 72, height: 145, rx: 10 }),
    s("circle", { cx: 660, cy: 200, r: 17 }), s("rect", { x: 622, y: 250, width: 76, height: 165, rx: 10 }),
    s("text", { x: 200, y: 612 }, "face, neck and scalp"),
    s("text", { x: 520, y: 560 }, "body, front"), s("text", { x: 660, y: 560 }, "body, back"));
}

// Deeper is darker: from a pale rose at the shallowest to a deep red at the setting's cap.
function shade(depth, cap) {
  const t = Math.max(0, Math.min(1, depth / cap));
  const light = Math.round(88 - t * 48);
  return `hsl(352, 62%, ${light}%)`;
}

// zones: id -> {order, depth, label, excluded (reason)}; onToggle(id) makes it interactive.
export function facialMap(pack, zones, { onToggle, cap = 3, title = "Facial map" } = {}) {
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "facial-map", role: "group", "aria-label": title },
    s("defs", {}, s("pattern", { id: "hatch", width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      s("rect", { width: 8, height: 8, fill: "#f1f1f1" }),
      s("line", { x1: 0, y1: 0, x2: 0, y2: 8, stroke: "#6b6b6b", "stroke-width": 3 }))),
    figures());
  const labels = s("g", { class: "labels", "aria-hidden": "true" });
  for (const z of pack.zones.slice().sort((a, b) => a.order - b.order)) {
    if (!z.outline) continue;
    const state = zones[z.id] || {};
    const planned = state.depth !== undefined;
    const fill = state.excluded ? "url(#hatch)" : planned ? shade(state.depth, cap) : "#ffffff";
    const described = state.excluded ? `excluded: ${state.excluded}` :
      planned ? `planned, ${state.label || ""}` : "not planned";
    const path = s("path", { d: z.outline, fill, class: `zone${planned ? " planned" : ""}${state.excluded ? " excluded" : ""}`,
      "data-zone": z.id }, s("title", {}, `${z.name}: ${described}`));
    if (onToggle) {
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "checkbox");
      path.setAttribute("aria-checked", String(planned));
      path.setAttribute("aria-label", `${z.name}: ${described}`);
      if (state.excluded) path.setAttribute("aria-disabled", "true");
      path.addEventListener("click", () => onToggle(z.id));
      path.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          onToggle(z.id);
        }
      });
    }
    svg.append(path);
    if (planned && z.label)
      labels.append(s("text", { x: z.label[0], y: z.label[1] + 4, class: state.depth / cap > 0.4 ? "on-dark" : "" },
        state.label || ""));
  }
  svg.append(labels);
  return svg;
}
