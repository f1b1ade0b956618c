// Clients: find as you type, add one, open a chart.
import { get, post } from "../api.js";
import { h, field, input, button, select, formData } from "../dom.js";
import { onSubmit } from "./common.js";

// The client's details; clinical notes only for those who may read them (not the front desk).
export function clientFields(client, clinical) {
  const c = client || {};
  const fitz = [["", "not recorded"], ...[1, 2, 3, 4, 5, 6].map((n) => [n, `type ${"I II III IV V VI".split(" ")[n - 1]}`])];
  return [
    field("Name", input({ name: "name", required: true, value: c.name, autocomplete: "off" })),
    field("Birth date", input({ name: "birth_date", type: "date", value: c.birth_date })),
    field("Fitzpatrick skin type", select({ name: "fitzpatrick" }, fitz, c.fitzpatrick)),
    field("Phone", input({ name: "phone", type: "tel", value: c.phone })),
    field("Email", input({ name: "email", type: "email", value: c.email })),
    field("Front-desk notes (contact and booking)", h("textarea", { name: "desk_notes", rows: 2 }, c.desk_notes || "")),
    clinical ? field("Clinical notes", h("textarea", { name: "notes", rows: 3 }, c.notes || "")) : null,
  ].filter(Boolean);
}

// The form's values as the API takes them: empty ones left out, the skin type a number.
export function clientBody(form) {
  const f = formData(form);
  const body = {};
  for (const [key, value] of Object.entries(f)) if (value !== "") body[key] = value;
  if (body.fitzpatrick) body.fitzpatrick = Number(body.fitzpatrick);
  return body;
}

export async function render(ctx) {
  ctx.title("Clients");
  const results = h("ul", { class: "results", "aria-live": "polite", id: "client-results" });
  let seq = 0;
  async function search(text) {
    const mine = ++seq;
    const found = await get(`/clients?search=${encodeURIComponent(text)}&limit=50`);
    if (mine !== seq) return; // a later keystroke's answer wins
    results.replaceChildren(...found.map((c) => h("li", {},
      h("a", { href: `#/clients/${c.id}` }, c.name || "(erased)"),
      " ", h("span", { class: "muted" }, [c.birth_date, c.phone].filter(Boolean).join(" · ")))));
    if (!found.length) results.append(h("li", { class: "muted" }, "No client matches."));
  }
  const box = input({ type: "search", name: "search", autocomplete: "off",
    oninput: (e) => search(e.target.value).catch(ctx.fail) });
  const duplicate = h("div", { id: "duplicate-warning" });
  const add = h("form", { class: "card", "aria-labelledby": "add-client-title" },
    h("h2", { id: "add-client-title" }, "Add a client"), clientFields(null, ctx.clinical), duplicate,
    h("button", { type: "submit" }, "Add the client"));
  // The same name and birth date as a client on file: one person's record must not split in
  // two, so the page shows the one on file and adds another only when told it is someone else.
  async function send(another) {
    const c = await post("/clients", { ...clientBody(add), ...(another ? { duplicate: true } : {}) });
    location.hash = `#/clients/${c.id}`;
  }
  onSubmit(ctx, add, async () => {
    duplicate.replaceChildren();
    try {
      await send(false);
    } catch (error) {
      if (error.status !== 409 || error.field !== "duplicate") throw error;
      const f = clientBody(add);
      const same = (await get(`/clients?search=${encodeURIComponent(f.name)}&limit=20`))
        .filter((c) => c.birth_date === f.birth_date && c.name.toLowerCase() === f.name.toLowerCase());
      duplicate.replaceChildren(h("section", { class: "refused conflict", "aria-labelledby": "duplicate-title" },
        h("h3", { id: "duplicate-title" }, `${f.name}, born ${f.birth_date}, is on file already`),
        h("ul", {}, same.map((c) => h("li", {}, h("a", { href: `#/clients/${c.id}` }, `Open ${c.name}'s chart`),
          c.phone ? ` (phone ${c.phone})` : "")))),
        button("Add a new client: this is another person", () => send(true).catch((e) => ctx.fail(e))));
      ctx.say("Not added: a client with this name and birth date is on file.", "error");
    }
  });
  ctx.view.append(
    h("section", { class: "card" }, field("Find a client by name", box), results), add);
  await search("");
}
