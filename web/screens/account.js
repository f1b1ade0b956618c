// Your account: change your own password, with the current one (every other sign-in of yours
// ends with it).
import { post } from "../api.js";
import { h, field, input } from "../dom.js";
import { onSubmit } from "./common.js";

export async function render(ctx) {
  ctx.title("Your account");
  const current = input({ type: "password", name: "current", required: true, autocomplete: "current-password" });
  const next = input({ type: "password", name: "password", required: true, minlength: 10, autocomplete: "new-password" });
  const again = input({ type: "password", name: "again", required: true, minlength: 10, autocomplete: "new-password" });
  const form = h("form", { class: "card narrow", id: "password-form" }, h("h2", {}, "Change your password"),
    h("p", {}, `Signed in as ${ctx.me.name}.`),
    field("Your current password", current), field("New password (at least 10 characters)", next),
    field("The new password again", again), h("button", { type: "submit" }, "Change my password"));
  onSubmit(ctx, form, async () => {
    if (next.value !== again.value) {
      again.setAttribute("aria-invalid", "true");
      ctx.say("The new password and its repetition differ: type it again.", "error");
      return;
    }
    await post("/password", { current: current.value, password: next.value });
    form.reset();
    ctx.say("Your password is changed.", "ok");
  });
  ctx.view.append(form);
}
