// Arbor client runtime: enhances every form marked data-arbor-action. Without it the same forms work as
// plain HTML posts; with it they submit with fetch, show a pending state, and apply the answer in place.
const ENHANCED = { "Arbor-Enhanced": "1" };
// This document's CSP nonce (the property stays readable though the attribute is hidden): scripts of a page swapped
// in must carry it, not the nonce of the response they came in, which this document's policy does not know.
const NONCE = [...document.scripts].find((s) => s.nonce)?.nonce || "";

const scriptKey = (script) => script.src || script.textContent;

// The scripts of a parsed answer that its own policy allowed: those carrying the nonce of its Content-Security-Policy.
// Anything else in it (markup a template let through) would not have run on a full load, so it must not run here;
// and under 'strict-dynamic' whatever this runtime creates would run, so the runtime is the one that must check.
function trustedScripts(doc, policy) {
  const nonce = /'nonce-([^']+)'/.exec(policy || "")?.[1];
  if (!nonce) return new Set();
  return new Set([...doc.body.querySelectorAll("script")].filter((s) => s.getAttribute("nonce") === nonce).map(scriptKey));
}

// Trusted scripts a swapped-in page has and the page before it had not: run them, as a full load would have. A
// script inserted by parsing or morphing never runs, so each is replaced by a fresh copy carrying this document's
// nonce, in document order (async off) like parser-inserted scripts.
function runNewScripts(before, trusted) {
  for (const inert of document.body.querySelectorAll("script")) {
    const key = scriptKey(inert);
    if (before.has(key) || !trusted.has(key)) continue;
    const script = document.createElement("script");
    for (const attribute of inert.attributes) if (attribute.name !== "nonce") script.setAttribute(attribute.name, attribute.value);
    script.async = false;
    script.nonce = NONCE;
    script.textContent = inert.textContent;
    inert.replaceWith(script);
  }
}

function pending(form, on) {
  form.toggleAttribute("aria-busy", on);
  if (on) form.setAttribute("aria-busy", "true");
  for (const button of form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")) {
    button.disabled = on;
    const label = button.getAttribute("data-pending");
    if (label === null) continue;
    if (on) {
      button.dataset.arborLabel = button.textContent;
      button.textContent = label;
    } else if (button.dataset.arborLabel !== undefined) {
      button.textContent = button.dataset.arborLabel;
      delete button.dataset.arborLabel;
    }
  }
}

function apply(html, policy) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const trusted = trustedScripts(doc, policy);
  const focused = document.activeElement && document.activeElement.id;
  const scroll = [window.scrollX, window.scrollY];
  const before = new Set([...document.body.querySelectorAll("script")].map(scriptKey));
  document.title = doc.title;
  Idiomorph.morph(document.body, doc.body, { morphStyle: "innerHTML", ignoreActiveValue: false });
  runNewScripts(before, trusted);
  if (focused) document.getElementById(focused)?.focus();
  window.scrollTo(scroll[0], scroll[1]);
  document.dispatchEvent(new CustomEvent("arbor:updated"));
}

async function navigate(location, push) {
  const response = await fetch(location, { headers: ENHANCED, credentials: "same-origin" });
  if (!response.ok && response.status !== 404) { window.location.assign(location); return; }
  apply(await response.text(), response.headers.get("Content-Security-Policy"));
  if (push) history.pushState({ arbor: true }, "", response.url || location);
  window.scrollTo(0, 0);
}

// A refusal the action threw (401, 403, 404, 429…): say so in the form rather than lose it in a reload.
function showProblem(form, text) {
  let detail = "Something went wrong. Please try again.";
  try { detail = JSON.parse(text).detail || detail; } catch (ignored) { /* keep the generic message */ }
  let box = form.querySelector("[data-arbor-error]");
  if (!box) {
    box = document.createElement("p");
    box.setAttribute("role", "alert");
    box.setAttribute("data-arbor-error", "");
    form.prepend(box);
  }
  box.textContent = detail;
}

// Uploads use XMLHttpRequest for its progress events; everything else uses fetch.
function send(form, body) {
  const progress = form.querySelector("progress[data-arbor-progress]") || document.querySelector(`progress[data-arbor-progress="${form.id}"]`);
  const hasFile = [...form.elements].some((e) => e.type === "file" && e.files && e.files.length);
  if (!progress || !hasFile) {
    return fetch(form.action, { method: "POST", body, headers: ENHANCED, credentials: "same-origin" })
      .then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Arbor-Enhanced", "1");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) { progress.max = e.total; progress.value = e.loaded; } };
    xhr.onload = () => resolve({ status: xhr.status, headers: { get: (n) => xhr.getResponseHeader(n) }, text: xhr.responseText });
    xhr.onerror = () => reject(new Error("network error"));
    xhr.send(body);
  });
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-arbor-action") || event.defaultPrevented) return;
  event.preventDefault();
  if (form.getAttribute("aria-busy") === "true") return;
  const body = new FormData(form, event.submitter);
  pending(form, true);
  try {
    const answer = await send(form, body);
    // The page is out of date (a form from another build, or too old): nothing ran. Reload; the server's flash
    // cookie explains why. Only on the server's say-so: a 409 the action itself threw is shown in the form.
    if (answer.headers.get("Arbor-Reload") === "1") { window.location.reload(); return; }
    const redirect = answer.headers.get("Arbor-Redirect");
    if (redirect) { await navigate(redirect, true); return; }
    const type = answer.headers.get("Content-Type") || "";
    if (type.startsWith("text/html")) { apply(answer.text, answer.headers.get("Content-Security-Policy")); return; }
    if (type.startsWith("application/problem+json")) { showProblem(form, answer.text); return; }
    window.location.reload();
  } catch (error) {
    form.submit();
  } finally {
    if (form.isConnected) pending(form, false);
  }
});

window.addEventListener("popstate", (event) => { if (event.state && event.state.arbor) navigate(location.href, false); });
window.arbor = { version: 1 };
