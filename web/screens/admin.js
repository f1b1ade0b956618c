// Admin: the clinic's users and their roles, the audit trail and its verification, and the
// protocol pack in use.
import { get, post } from "../api.js";
import { h, field, input, select, button } from "../dom.js";
import { onSubmit } from "./common.js";

export async function render(ctx) {
  ctx.title("Admin");
  const [users, audit] = await Promise.all([get("/users"), get("/audit?limit=100")]);
  const form = h("form", { class: "card row", id: "user-form" },
    field("User name", input({ name: "name", required: true, autocomplete: "off" })),
    field("Role", select({ name: "role" }, [["practitioner", "practitioner"], ["reception", "reception"], ["admin", "admin"]])),
    field("Password (at least 10 characters)", input({ name: "password", type: "password", minlength: 10, required: true, autocomplete: "new-password" })),
    h("button", { type: "submit" }, "Add the user"));
  onSubmit(ctx, form, async (f) => {
    const u = await post("/users", Object.fromEntries(f.entries()));
    ctx.say(`User ${u.name} (${u.role}) added.`, "ok");
    ctx.view.replaceChildren();
    await render(ctx);
  });
  const verdict = h("p", { id: "audit-verdict", "aria-live": "polite" });
  const pack = ctx.pack;
  ctx.view.append(
    h("section", { class: "card", "aria-labelledby": "users-title" }, h("h2", { id: "users-title" }, "Users"),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Role"))),
        h("tbody", {}, users.map((u) => h("tr", {}, h("td", {}, u.name), h("td", {}, u.role)))))),
    form,
    h("section", { class: "card", "aria-labelledby": "audit-title" }, h("h2", { id: "audit-title" }, "Audit trail, newest first"),
      button("Verify the audit chain", async () => {
        try {
          const v = await get("/audit/verify");
          verdict.textContent = v.ok ? `The chain holds: ${v.entries} entries checked.` : `The chain breaks at entry ${v.broken_at.seq}: ${v.broken_at.problem}`;
          verdict.className = v.ok ? "ok" : "error";
        } catch (error) {
          ctx.fail(error);
        }
      }), verdict,
      h("div", { class: "scroll" }, h("table", {}, h("thead", {}, h("tr", {}, ["#", "When", "Who", "Did", "What", "Client"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, audit.map((a) => h("tr", {}, h("td", {}, String(a.seq)), h("td", {}, a.at), h("td", {}, a.user), h("td", {}, a.action),
          h("td", {}, `${a.entity}${a.entity_id ? ` ${a.entity_id}` : ""}`), h("td", {}, a.client_id ? String(a.client_id) : ""))))))),
    h("section", { class: "card", "aria-labelledby": "pack-title" }, h("h2", { id: "pack-title" }, "Protocol pack in use"),
      h("p", {}, `${pack.title}: ${pack.name}, version ${pack.version}. ${pack.zones.length} zones, ${pack.indications.length} indications, ` +
        `${pack.screening.length} screening rules, ${pack.sources.length} sources.`),
      h("details", {}, h("summary", {}, "Zones and their safe depths"),
        h("table", {}, h("thead", {}, h("tr", {}, ["Order", "Zone", "Depth (mm)"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, pack.zones.map((z) => h("tr", {}, h("td", {}, String(z.order)), h("td", {}, z.name), h("td", {}, `${z.depth_mm[0]}–${z.depth_mm[1]}`)))))),
      h("details", {}, h("summary", {}, "Settings"), h("ul", {}, pack.settings.map((x) => h("li", {}, `${x.name}: cap ${x.depth_cap_mm} mm`))))));
}
