// Stock: the clinic's devices and its lots of cartridges, rollers and products. A lot of single-use
// units is counted unit by unit; a session takes one, once.
import { get, post } from "../api.js";
import { h, field, input, select, check, addDays, today } from "../dom.js";
import { onSubmit } from "./common.js";

export async function render(ctx) {
  ctx.title("Stock");
  const [devices, lots] = await Promise.all([get("/devices"), get("/lots")]);
  const again = async () => {
    ctx.view.replaceChildren();
    await render(ctx);
  };
  const sending = (form, path, body) => onSubmit(ctx, form, async (f) => {
    await post(path, body(f));
    ctx.say("Added.", "ok");
    await again();
  });
  const deviceForm = h("form", { class: "row", id: "device-form" },
    field("Kind", select({ name: "kind" }, ctx.pack.devices.map((d) => [d.id, d.name]))),
    field("Serial number", input({ name: "serial", required: true })),
    field("Model", input({ name: "model" })),
    h("button", { type: "submit" }, "Add the device"));
  sending(deviceForm, "/devices", (f) => {
    const b = { kind: f.get("kind"), serial: f.get("serial") };
    if (f.get("model")) b.model = f.get("model");
    return b;
  });
  const lotForm = h("form", { class: "row", id: "lot-form" },
    field("Product", input({ name: "product", required: true, value: "cartridge" })),
    field("Lot number", input({ name: "lot", required: true })),
    field("For the device", select({ name: "kind", required: true },
      [["", "choose…"], ...ctx.pack.devices.map((d) => [d.id, d.name]), ["product", "a glide or serum for the skin"]], "")),
    check("Sterile (a glide or serum)", { name: "sterile", value: "1" }),
    field("Expires", input({ type: "date", name: "expires", required: true, value: addDays(today(), 365) })),
    field("Units", input({ type: "number", name: "quantity", min: 1, max: 10000, value: 10, required: true })),
    check("Single use", { name: "single_use", value: "1", checked: true }),
    h("button", { type: "submit" }, "Add the lot"));
  sending(lotForm, "/lots", (f) => {
    const b = { product: f.get("product"), lot: f.get("lot"), kind: f.get("kind"), expires: f.get("expires"),
      quantity: Number(f.get("quantity")), single_use: !!f.get("single_use") };
    if (b.kind === "product") b.sterile = !!f.get("sterile"); // only a product says it
    return b;
  });
  const clinical = ctx.clinical;
  // open lots in front; a lot used up, expired or recalled is filed away below, still on record
  const lotTable = (list, caption) => h("table", {}, h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ["Product", "Lot", "For", "Expires", "Units unused", "Single use"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, list.map((l) => h("tr", {}, h("td", {}, l.product), h("td", {}, l.lot),
      h("td", {}, l.kind === "product" ? `the skin${l.sterile ? " (sterile)" : " (not sterile)"}` :
        l.kind ? (ctx.pack.devices.find((d) => d.id === l.kind) || { name: l.kind }).name : "not said"),
      h("td", {}, l.recalled_at ? `${l.expires} (recalled: ${l.recall_reason})` : l.expires),
      h("td", {}, `${l.units_unused} of ${l.quantity}`), h("td", {}, l.single_use ? "yes" : "no")))));
  const open = lots.filter((l) => !l.archived), archived = lots.filter((l) => l.archived);
  ctx.view.append(
    h("section", { class: "card", "aria-labelledby": "devices-title" }, h("h2", { id: "devices-title" }, "Devices"),
      devices.length ? h("ul", {}, devices.map((d) => h("li", {}, `${d.kind} ${d.serial}${d.model ? ` (${d.model})` : ""}`))) : h("p", {}, "No devices yet."),
      clinical ? deviceForm : null),
    h("section", { class: "card", "aria-labelledby": "lots-title" }, h("h2", { id: "lots-title" }, "Lots"),
      open.length ? h("div", { class: "scroll-x" }, lotTable(open, "In use")) : h("p", {}, "No lots in use."),
      archived.length ? h("details", { id: "archived-lots" }, h("summary", {}, `Archived: ${archived.length} used up, expired or recalled`),
        h("div", { class: "scroll-x" }, lotTable(archived, "Archived lots"))) : null,
      clinical ? lotForm : null));
}
