// dotterel "try it": code pasted text with POST /api/code and show the events and their
// evidence highlighted in the text, the same colours as the event page.
"use strict";

const KINDS = ["evidence", "quote", "place", "date", "recipient", "actor", "trigger"];
const form = document.getElementById("try");

function marksOf(record) {
  const marks = [];
  const add = (part, kind) => {
    if (part && Number.isInteger(part.start) && Number.isInteger(part.end)) marks.push([part.start, part.end, kind]);
  };
  for (const e of record.events) {
    add(e.evidence, "evidence");
    add(e.evidence.trigger, "trigger");
    e.actor.forEach((a) => add(a, "actor"));
    e.recipient.forEach((a) => add(a, "recipient"));
    add(e.date, "date");
    add(e.location, "place");
  }
  record.quotes.forEach((q) => add(q, "quote"));
  return marks;
}

function showText(text, marks) {
  const cuts = [...new Set([0, text.length, ...marks.flatMap(([a, b]) => [a, b])])]
    .filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = document.getElementById("try-text");
  out.replaceChildren();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const kinds = KINDS.filter((k) => marks.some(([s, e, kind]) => kind === k && s <= a && b <= e));
    const span = document.createElement("span");
    span.textContent = text.slice(a, b);
    span.className = kinds.map((k) => "k-" + k).join(" ");
    out.appendChild(span);
  }
}

function side(actors) {
  return actors.map((a) => `${a.name || a.text} [${a.country || "---"}${a.sector ? " " + a.sector : ""}]`).join("; ");
}

function showEvents(events) {
  const body = document.querySelector("#try-events tbody");
  body.replaceChildren();
  for (const e of events) {
    const row = body.insertRow();
    row.className = "q" + e.quad;
    const cells = [e.type + (e.mode ? "/" + e.mode : ""), e.modality, e.date.value || "", side(e.actor),
      side(e.recipient), e.location ? e.location.name : "", e.evidence.rule];
    for (const value of cells) row.insertCell().textContent = value;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = document.getElementById("status");
  const data = Object.fromEntries([...new FormData(form)].filter(([, v]) => v));
  status.textContent = "coding…";
  const response = await fetch("/api/code", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data),
  });
  const record = await response.json();
  if (!response.ok) {
    status.textContent = "error: " + JSON.stringify(record.detail);
    return;
  }
  showText(data.text, marksOf(record));
  showEvents(record.events);
  status.textContent = `${record.events.length} events`;
  document.body.dataset.state = "ready";
});
