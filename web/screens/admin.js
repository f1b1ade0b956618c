// Admin: the clinic (its name and time zone, which says what "today" is), its users and their
// roles, the audit trail and its verification, and the protocol pack in use with who may override
// each refusal.
import { get, post, put } from "../api.js";
import { h, field, input, select, button } from "../dom.js";
import { onSubmit } from "./common.js";

export async function render(ctx) {
  ctx.title("Admin");
  const [users, audit, clinic] = await Promise.all([get("/users"), get("/audit?limit=100"), get("/clinic")]);
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [];
  if (clinic.time_zone && !zones.includes(clinic.time_zone)) zones.unshift(clinic.time_zone);
  const clinicForm = h("form", { class: "row", id: "clinic-form", "aria-labelledby": "clinic-title" },
    field("Name", input({ name: "name", required: true, value: clinic.name })),
    field("Time zone", select({ name: "time_zone", required: true },
      [...(clinic.time_zone ? [] : [["", "the server's (not set)"]]), ...zones.map((z) => [z, z])], clinic.time_zone || ""),
      `today there: ${clinic.today}`),
    // what the client's handout and calendar print of the clinic
    field("Address", input({ name: "address", value: clinic.address || "", autocomplete: "street-address" })),
    field("Phone", input({ name: "phone", type: "tel", value: clinic.phone || "", autocomplete: "tel" })),
    field("Email", input({ name: "email", type: "email", value: clinic.email || "", autocomplete: "email" })),
    h("button", { type: "submit" }, "Save the clinic"));
  onSubmit(ctx, clinicForm, async (f) => {
    const c = await put("/clinic", {
      name: f.get("name"), time_zone: f.get("time_zone"),
      address: f.get("address"), phone: f.get("phone"), email: f.get("email"),
    });
    ctx.say(`Saved: ${c.name}, ${c.time_zone}; today there is ${c.today}.`, "ok");
    ctx.view.replaceChildren();
    await render(ctx);
  });
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
  const whoMay = { never: "no one", practitioner: "a practitioner or an admin", admin: "an admin" };
  ctx.view.append(
    h("section", { class: "card" }, h("h2", { id: "clinic-title" }, "The clinic"), clinicForm),
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
      h("details", {}, h("summary", {}, "Settings"), h("ul", {}, pack.settings.map((x) => h("li", {}, `${x.name}: cap ${x.depth_cap_mm} mm`)))),
      h("details", {}, h("summary", {}, "Refusals, and who may override them"),
        h("table", {}, h("thead", {}, h("tr", {}, ["Refusal", "Who may override"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, pack.refusals.codes.map((c) => h("tr", {}, h("td", {}, c.name), h("td", {}, whoMay[c.override] || c.override))))),
        h("p", {}, `An override names what it lifts and says why, in at least ${pack.refusals.reason_min_chars} characters.`))));
}
