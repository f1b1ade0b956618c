// Building the page without innerHTML: every text a user typed goes in as text, never as markup.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let fieldSeq = 0;
// A labelled control: <label for> and the control, in a wrapper. attrs go to the control.
export function field(label, control, hint) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  const parts = [h("label", { for: id }, label), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute("aria-describedby", hintId);
    parts.push(h("small", { id: hintId, class: "hint" }, hint));
  }
  return h("div", { class: "field" }, parts);
}

export function input(attrs) {
  return h("input", attrs);
}

export function select(attrs, options, chosen) {
  return h(
    "select",
    attrs,
    options.map(([value, label, disabled]) =>
      h("option", { value, selected: String(value) === String(chosen), disabled }, label)),
  );
}

export function check(label, attrs) {
  const box = h("input", { type: "checkbox", ...attrs });
  const id = box.id || `f${++fieldSeq}`;
  box.id = id;
  return h("div", { class: "check" }, box, h("label", { for: id }, label));
}

export function button(label, onclick, attrs) {
  return h("button", { type: "button", onclick, ...attrs }, label);
}

export function badge(text, tone) {
  return h("span", { class: `badge ${tone || ""}` }, text);
}

// Today as YYYY-MM-DD: the clinic's day in its time zone, as the server says it (GET /session),
// never the browser's own calendar.
let clinicToday = null;
export function setToday(day) {
  clinicToday = day;
}
export function today() {
  return clinicToday;
}

export function addDays(day, n) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function formData(form) {
  return Object.fromEntries(new FormData(form).entries());
}
