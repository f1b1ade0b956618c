// Consent: the pack's forms, their text as the client reads it, and whether each is current.
import { get, post } from "../api.js";
import { h, field, input, select } from "../dom.js";
import { onSubmit } from "./common.js";

export async function consentCard(ctx, client) {
  const forms = ctx.pack.records.consent_forms;
  const signed = await get(`/clients/${ctx.id}/consents`);
  const card = h("section", { class: "card", "aria-labelledby": "consent-title" });
  const form = h("form", { id: "consent-form" });
  const choice = select({ name: "form" }, forms.map((f) => [f.id, f.title]), ctx.pack.records.required_consent);
  const text = h("blockquote", { class: "consent-text" });
  const show = () => { text.textContent = forms.find((f) => f.id === choice.value).text; };
  choice.addEventListener("change", show);
  show();
  form.append(h("div", { class: "row" }, field("Form", choice),
    field("Signed by", input({ name: "signer", required: true, value: client.name || "" }))), text,
  h("button", { type: "submit" }, "Record the signature, dated today"));
  onSubmit(ctx, form, async (f) => {
    const c = await post(`/clients/${ctx.id}/consents`, { form: f.get("form"), signer: f.get("signer") });
    ctx.say(`Consent recorded, valid until ${c.expires_on}.`, "ok");
    card.replaceWith(await consentCard(ctx, client));
  });
  card.append(h("h2", { id: "consent-title" }, "Consent"),
    signed.length ? h("ul", {}, signed.map((c) => h("li", {},
      `${c.form} v${c.version}, signed by ${c.signer} on ${c.signed_on}: ${c.status}, until ${c.expires_on}`)))
      : h("p", { class: "warn" }, "No consent on file: a session needs the signed form."),
    form);
  return card;
}
