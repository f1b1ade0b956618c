// The facial map as the server draws it (POST /map/zones): the one drawing the command line, the
// plan's SVG, the handout and this page share. Here it only becomes interactive: on the plan
// screen each zone is a checkbox that a tap, Enter or Space toggles.
import { post } from "../api.js";

// zones: [{zone, depth_mm}] planned or done, in the order of work; excluded: {zone id: reason};
// label(zoneId): what a screen reader says of a planned zone. With onToggle the map is a group of
// checkboxes; without, an image.
export async function facialMap(pack, { zones = [], excluded = {}, title, onToggle, label } = {}) {
  const text = await post("/map/zones", { title, zones, excluded: Object.keys(excluded) });
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = document.importNode(doc.documentElement, true);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.classList.add("facial-map");
  if (!onToggle) return svg;
  svg.setAttribute("role", "group");
  svg.removeAttribute("aria-labelledby");
  svg.setAttribute("aria-label", title);
  const names = Object.fromEntries(pack.zones.map((z) => [z.id, z.name]));
  for (const path of svg.querySelectorAll("path[data-zone]")) {
    const id = path.dataset.zone;
    const planned = path.classList.contains("planned");
    const said = excluded[id] !== undefined ? `excluded: ${excluded[id]}` : planned ? `planned, ${label(id)}` : "not planned";
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "checkbox");
    path.setAttribute("aria-checked", String(planned));
    path.setAttribute("aria-label", `${names[id]}: ${said}`);
    if (excluded[id] !== undefined) path.setAttribute("aria-disabled", "true");
    path.addEventListener("click", () => onToggle(id));
    path.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        onToggle(id);
      }
    });
  }
  return svg;
}
