// Admin: the clinic (its name and time zone, which says what "today" is), its users and their
// roles, the audit trail and its verification, and the protocol pack in use with who may override
// each refusal.
import { get, post, put } from "../api.js";
import { h, field, input, select, button } from "../dom.js";
import { onSubmit } from "./common.js";

const again = async (ctx) => {
  ctx.view.replaceChildren();
  await render(ctx);
};

// A user's row: their role, whether they may sign in, and the admin's changes to both and to
// their password; each change signs them out everywhere (the server does). One's own row is
// changed by another admin; one's own password under Your account.
function userRow(ctx, u) {
  const mine = u.name === ctx.me.name;
  const change = h("div", { class: "user-change" });
  const edit = async (body, said) => {
    await put(`/users/${u.id}`, body);
    ctx.say(said, "ok");
    await again(ctx);
  };
  const role = select({ name: `role-${u.id}`, "aria-label": `Role of ${u.name}`, disabled: mine || !!u.disabled_at },
    [["practitioner", "practitioner"], ["reception", "reception"], ["admin", "admin"]], u.role);
  role.addEventListener("change", () => edit({ role: role.value }, `${u.name} is now ${role.value}.`).catch((e) => ctx.fail(e)));
  const confirmAccess = () => {
    const off = !u.disabled_at;
    change.replaceChildren(h("p", {}, off ? `Deactivate ${u.name}? They are signed out and cannot sign in until reactivated; their records stay.`
      : `Let ${u.name} sign in again?`),
    button(off ? `Yes, deactivate ${u.name}` : `Yes, reactivate ${u.name}`,
      () => edit({ disabled: off }, off ? `${u.name} is deactivated.` : `${u.name} may sign in again.`).catch((e) => ctx.fail(e))),
    " ", button("No", () => change.replaceChildren(), { class: "small" }));
  };
  const resetPassword = () => {
    const pw = input({ type: "password", name: `password-${u.id}`, minlength: 10, required: true, autocomplete: "new-password" });
    const f = h("form", {}, field(`New password for ${u.name} (at least 10 characters)`, pw),
      h("button", { type: "submit" }, "Set the password"), " ", button("No", () => change.replaceChildren(), { class: "small" }));
    onSubmit(ctx, f, () => edit({ password: pw.value }, `${u.name}'s password is set; tell them, and they change it.`));
    change.replaceChildren(f);
    pw.focus();
  };
  return h("tr", { "data-user": u.name },
    h("td", {}, u.name, mine ? " (you)" : ""), h("td", {}, role),
    h("td", {}, u.disabled_at ? `deactivated ${u.disabled_at.slice(0, 10)}` : "may sign in"),
    h("td", {}, mine ? h("a", { href: "#/account" }, "Your account") : [
      button(u.disabled_at ? "Reactivate…" : "Deactivate…", confirmAccess, { class: "small" }), " ",
      button("Reset password…", resetPassword, { class: "small" }), change]));
}

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
    // the calendar books rooms when the clinic lists them
    field("Treatment rooms", input({ name: "rooms", value: (clinic.rooms || []).join(", ") }), "separated by commas, as Room 1, Room 2; none: leave empty"),
    h("button", { type: "submit" }, "Save the clinic"));
  onSubmit(ctx, clinicForm, async (f) => {
    const c = await put("/clinic", {
      name: f.get("name"), time_zone: f.get("time_zone"),
      address: f.get("address"), phone: f.get("phone"), email: f.get("email"), rooms: f.get("rooms"),
      version: clinic.version, // refused (412) when another admin saved in between
    });
    ctx.say(`Saved: ${c.name}, ${c.time_zone}; today there is ${c.today}.`, "ok");
    await again(ctx);
  });
  const form = h("form", { class: "card row", id: "user-form" },
    field("User name", input({ name: "name", required: true, autocomplete: "off" })),
    field("Role", select({ name: "role" }, [["practitioner", "practitioner"], ["reception", "reception"], ["admin", "admin"]])),
    field("Password (at least 10 characters)", input({ name: "password", type: "password", minlength: 10, required: true, autocomplete: "new-password" })),
    h("button", { type: "submit" }, "Add the user"));
  onSubmit(ctx, form, async (f) => {
    const u = await post("/users", Object.fromEntries(f.entries()));
    ctx.say(`User ${u.name} (${u.role}) added.`, "ok");
    await again(ctx);
  });
  const verdict = h("p", { id: "audit-verdict", "aria-live": "polite" });
  const pack = ctx.pack;
  const whoMay = { never: "no one", practitioner: "a practitioner or an admin", admin: "an admin" };
  ctx.view.append(
    h("section", { class: "card" }, h("h2", { id: "clinic-title" }, "The clinic"), clinicForm),
    h("section", { class: "card", "aria-labelledby": "users-title" }, h("h2", { id: "users-title" }, "Users"),
      h("div", { class: "scroll-x" }, h("table", { id: "users" }, h("thead", {}, h("tr", {},
        ["Name", "Role", "Access", "Change"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, users.map((u) => userRow(ctx, u)))))),
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
      // a region that scrolls is reached by keyboard too
      h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Audit trail entries" }, h("table", {}, h("thead", {}, h("tr", {}, ["#", "When", "Who", "Did", "What", "Client"].map((t) => h("th", { scope: "col" }, t)))),
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
