// dotterel dashboard: the server renders the page; this script draws the map, timeline, dyad
// network and facets from the JSON API and keeps every view (and the URL) on the same filters.
// No library: plain SVG, so it runs offline and under a strict Content-Security-Policy.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUAD_COLOURS = { 1: "#2b8cbe", 2: "#31a354", 3: "#fd8d3c", 4: "#de2d26" };
const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const PAGE = 50;
const form = document.getElementById("filters");
const typeQuads = JSON.parse(document.getElementById("type-quads").textContent);
const tip = document.getElementById("tip");
let offset = 0;

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function filters() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (v) params.set(k, v);
  return params;
}

async function getJSON(path, params) {
  const response = await fetch(path + (params ? "?" + params.toString() : ""));
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (_) { /* not JSON */ }
    throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
  return response.json();
}

function setField(name, value) {
  form.elements[name].value = value || "";
}

function cellText(value) {
  return value === null || value === undefined ? "" : String(value);
}

function showTip(lines, event) {
  tip.textContent = lines.join("\n");
  tip.hidden = false;
  const box = tip.parentElement.getBoundingClientRect();
  tip.style.left = Math.min(event.clientX - box.left + 12, box.width - 220) + "px";
  tip.style.top = event.clientY - box.top + 12 + "px";
}

function hideTip() { tip.hidden = true; }

// --- refreshing every view -------------------------------------------------------------

async function refresh(resetPage = true) {
  if (resetPage) offset = 0;
  const params = filters();
  history.replaceState(null, "", "/?" + params.toString());
  document.body.dataset.state = "loading";
  const page = new URLSearchParams(params);
  page.set("limit", PAGE);
  page.set("offset", offset);
  page.set("per", "act");
  const series = new URLSearchParams(params);
  series.set("by", document.getElementById("by").value);
  const net = new URLSearchParams(params);
  net.set("level", document.getElementById("level").value);
  net.set("limit", document.getElementById("top").value);
  for (const kind of ["csv", "json", "parquet"]) {
    document.getElementById("dl-" + kind).href = `/api/events.${kind}?` + params.toString();
  }
  showDyad(params.get("dyad"));
  markSort(params);
  try {
    const country = countryCode(params.get("country"));
    if (country && country !== map.zoomedTo) zoomToCountry(country);
    const [events, timeline, network, facets] = await Promise.all([
      getJSON("/api/events", page), getJSON("/api/series", series),
      getJSON("/api/network", net), getJSON("/api/facets", params), loadCells(),
    ]);
    drawTable(events);
    drawTimeline(timeline.series, series.get("by"));
    drawNetwork(network.edges, network.level);
    drawFacets(facets.facets, params);
    highlightCountry(country);
    const error = document.getElementById("error");
    if (error) error.remove();
    document.body.dataset.state = "ready";
  } catch (error) {
    document.getElementById("total").textContent = "error: " + error.message;
    document.body.dataset.state = "error";
  }
}

// --- the events table ------------------------------------------------------------------

function evidenceCell(cell, e) {
  // The sentence with its trigger marked: by offset where it points at the trigger, else by text.
  const text = cellText(e.evidence);
  const trigger = cellText(e.trigger);
  let at = Number.isInteger(e.trigger_at) && text.substr(e.trigger_at, trigger.length) === trigger ? e.trigger_at : -1;
  if (at < 0 && trigger) at = text.indexOf(trigger);
  if (!trigger || at < 0) { cell.textContent = text; return; }
  cell.append(text.slice(0, at));
  const mark = document.createElement("mark");
  mark.className = "trigger";
  mark.textContent = trigger;
  cell.append(mark, text.slice(at + trigger.length));
}

function drawTable(data) {
  document.getElementById("total").textContent = data.total.toLocaleString("en");
  const body = document.querySelector("#events tbody");
  body.replaceChildren();
  for (const e of data.events) {
    const row = body.insertRow();
    row.className = "q" + e.quad;
    row.insertCell().textContent = cellText(e.date);
    const link = document.createElement("a");
    link.href = "/events/" + encodeURIComponent(e.id);
    link.textContent = e.type + (e.modes && e.modes.length ? "/" + e.modes.join(", ") : "");
    row.insertCell().appendChild(link);
    for (const key of ["modality", "actor", "recipient", "place", "score"]) row.insertCell().textContent = cellText(e[key]);
    row.insertCell().textContent = cellText(e.n_reports || 1);
    const evidence = row.insertCell();
    evidence.className = "evidence";
    evidenceCell(evidence, e);
  }
  const last = Math.min(data.offset + data.events.length, data.total);
  document.getElementById("page").textContent =
    `${data.total ? data.offset + 1 : 0}–${last} of ${data.total.toLocaleString("en")}`;
  document.getElementById("prev").disabled = data.offset === 0;
  document.getElementById("next").disabled = last >= data.total;
}

function markSort(params) {
  const sort = params.get("sort") || "date";
  const order = params.get("order") || "desc";
  for (const button of document.querySelectorAll("#events th button")) {
    const on = button.dataset.sort === sort;
    button.parentElement.setAttribute("aria-sort", on ? (order === "asc" ? "ascending" : "descending") : "none");
    button.dataset.arrow = on ? (order === "asc" ? "▲" : "▼") : "";
  }
}

function sortBy(key) {
  const params = filters();
  const same = (params.get("sort") || "date") === key;
  setField("order", same && (params.get("order") || "desc") === "desc" ? "asc" : "desc");
  setField("sort", key);
  refresh();
}

// --- facets ----------------------------------------------------------------------------

const FACETS = { type: "Type", actor_country: "Actor country", recipient_country: "Recipient country",
  modality: "Modality", place: "Place" };

function drawFacets(facets, params) {
  const aside = document.getElementById("facets");
  for (const old of aside.querySelectorAll(".facet")) old.remove();
  for (const [name, label] of Object.entries(FACETS)) {
    const box = document.createElement("div");
    box.className = "facet";
    box.dataset.facet = name;
    const title = document.createElement("h3");
    title.textContent = label;
    box.appendChild(title);
    for (const { value, events } of facets[name] || []) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.value = value;
      const active = (params.get(name) || "").toLowerCase() === String(value).toLowerCase();
      button.className = active ? "active" : "";
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = events.toLocaleString("en");
      button.append(String(value), count);
      button.addEventListener("click", () => { setField(name, active ? "" : value); refresh(); });
      box.appendChild(button);
    }
    if (!(facets[name] || []).length) box.append("none");
    aside.appendChild(box);
  }
}

// --- the map ---------------------------------------------------------------------------

const mapSvg = document.getElementById("map");
const map = { cx: 0, cy: 0, k: 1, cells: [], outlines: [], detail: null, areas: null, zoomedTo: null, timer: null };

function unitsPerPixel() {
  const width = mapSvg.clientWidth || 720;
  return 360 / map.k / width;
}

function setView(cx, cy, k) {
  map.k = Math.max(1, Math.min(80, k));
  const [halfW, halfH] = [180 / map.k, 90 / map.k];
  map.cx = Math.max(-180 + halfW, Math.min(180 - halfW, cx));
  map.cy = Math.max(-90 + halfH, Math.min(90 - halfH, cy));
  mapSvg.setAttribute("viewBox", `${map.cx - halfW} ${map.cy - halfH} ${2 * halfW} ${2 * halfH}`);
  mapSvg.dataset.zoom = map.k.toFixed(2);
  placeCells();
  clearTimeout(map.timer);
  map.timer = setTimeout(afterZoom, 250);
}

function zoomAt(factor, point) {
  const k = Math.max(1, Math.min(80, map.k * factor));
  const p = point || [map.cx, map.cy];
  const ratio = map.k / k;
  setView(p[0] + (map.cx - p[0]) * ratio, p[1] + (map.cy - p[1]) * ratio, k);
}

function toMap(event) {
  const point = mapSvg.createSVGPoint();
  point.x = event.clientX; point.y = event.clientY;
  const at = point.matrixTransform(mapSvg.getScreenCTM().inverse());
  return [at.x, at.y];
}

function cellSize() {
  return map.k < 2 ? 2 : map.k < 4 ? 1 : map.k < 8 ? 0.5 : map.k < 16 ? 0.25 : 0.1;
}

async function afterZoom() {
  if (map.k >= 3 && map.detail !== "50m") await drawOutlines("50m");
  drawAreas();
  if (map.cellSize !== cellSize()) {
    try { await loadCells(); } catch (_) { /* the next refresh reports it */ }
  }
  mapSvg.dataset.settled = String(Date.now());
}

async function drawOutlines(detail) {
  map.detail = detail;
  const outlines = await getJSON("/basemap.json", new URLSearchParams({ detail }));
  const group = document.getElementById("countries");
  group.replaceChildren();
  for (const c of outlines) {
    const path = el("path", { d: c.d, "data-iso": c.iso }, group);
    el("title", {}, path).textContent = c.name;
  }
  map.outlines = outlines;
  mapSvg.dataset.detail = detail;
  highlightCountry(countryCode(filters().get("country")));
}

async function drawAreas() {
  const group = document.getElementById("areas");
  if (map.k < 4) { group.replaceChildren(); group.dataset.count = 0; return; }
  if (!map.areas) map.areas = await getJSON("/basemap/areas.json");
  const [halfW, halfH] = [180 / map.k, 90 / map.k];
  const seen = map.areas.filter((a) => Math.abs(a.lon - map.cx) < halfW && Math.abs(-a.lat - map.cy) < halfH);
  group.replaceChildren();
  const u = unitsPerPixel();
  // Most populous first; a name that would overlap one already written keeps only its dot.
  const taken = [];
  let named = 0;
  for (const a of seen.slice(0, 400)) {
    const g = el("g", { class: "area", transform: `translate(${a.lon},${-a.lat}) scale(${u})` }, group);
    el("circle", { r: 2 }, g);
    const [x, y] = [a.lon / u, -a.lat / u];
    const label = { x0: x, x1: x + 6 + 6 * a.name.length, y0: y - 8, y1: y + 6 };
    if (taken.some((b) => label.x0 < b.x1 && b.x0 < label.x1 && label.y0 < b.y1 && b.y0 < label.y1)) continue;
    taken.push(label);
    el("text", { x: 4, y: 3 }, g).textContent = a.name;
    named += 1;
  }
  group.dataset.count = named;
}

function highlightCountry(iso) {
  for (const path of document.querySelectorAll("#countries path")) {
    path.classList.toggle("selected", !!iso && path.dataset.iso === iso);
  }
}

function countryCode(value) {
  if (!value) return null;
  const text = value.trim().toLowerCase();
  for (const option of document.querySelectorAll("#country-codes option")) {
    if (option.value.toLowerCase() === text || option.textContent.toLowerCase() === text) return option.value;
  }
  return value.trim().toUpperCase();
}

function zoomToCountry(iso) {
  const found = map.outlines.find((c) => c.iso === iso);
  if (!found) return;
  map.zoomedTo = iso;
  const [w, s, e, n] = found.bounds;
  const k = Math.min(360 / ((e - w) * 1.3 || 1), 180 / ((n - s) * 1.3 || 1));
  setView((w + e) / 2, -(s + n) / 2, Math.min(k, 40));
}

async function loadCells() {
  const params = filters();
  map.cellSize = cellSize();
  params.set("cell", map.cellSize);
  const found = await getJSON("/api/map", params);
  drawCells(found.cells);
}

function radius(c, most) {
  return 4 + 14 * Math.sqrt(c.events / most);
}

function pie(g, c, r) {
  // The circle split by quad class, clockwise from twelve o'clock.
  el("circle", { r, class: "disc" }, g);
  let angle = -Math.PI / 2;
  for (const q of [1, 2, 3, 4]) {
    const share = c["q" + q] / c.events;
    if (!share) continue;
    if (share > 0.999) { el("circle", { r: r - 0.5, fill: QUAD_COLOURS[q] }, g); break; }
    const next = angle + 2 * Math.PI * share;
    const [x1, y1, x2, y2] = [Math.cos(angle), Math.sin(angle), Math.cos(next), Math.sin(next)].map((v) => v * (r - 0.5));
    el("path", { d: `M0,0L${x1},${y1}A${r - 0.5},${r - 0.5} 0 ${share > 0.5 ? 1 : 0} 1 ${x2},${y2}Z`,
      fill: QUAD_COLOURS[q] }, g);
    angle = next;
  }
  if (r >= 9) el("text", { y: 3.5, class: "count" }, g).textContent = c.events > 999 ? Math.round(c.events / 100) / 10 + "k" : c.events;
}

function drawCells(cells) {
  const group = document.getElementById("cells");
  group.replaceChildren();
  const most = Math.max(1, ...cells.map((c) => c.events));
  // Largest first, so the smaller circles lie on top and stay clickable.
  map.cells = [...cells].sort((a, b) => b.events - a.events).map((c) => ({ ...c, r: radius(c, most) }));
  for (const c of map.cells) {
    c.node = el("g", { class: "cell", "data-country": c.country || "", "data-events": c.events,
      "data-place": c.place || "" }, group);
    pie(c.node, c, c.r);
  }
  placeCells();
  group.dataset.count = cells.length;
}

function placeCells() {
  const u = unitsPerPixel();
  for (const c of map.cells) c.node.setAttribute("transform", `translate(${c.lon},${-c.lat}) scale(${u})`);
  const areaScale = `scale(${u})`;
  for (const g of document.querySelectorAll("#areas g")) {
    g.setAttribute("transform", g.getAttribute("transform").replace(/scale\([^)]*\)/, areaScale));
  }
}

function cellAt(point) {
  // The circle whose centre is nearest the pointer, among those the pointer is inside.
  const u = unitsPerPixel();
  let best = null;
  let bestDistance = Infinity;
  for (const c of map.cells) {
    const d = Math.hypot(c.lon - point[0], -c.lat - point[1]);
    if (d <= c.r * u && d < bestDistance) { best = c; bestDistance = d; }
  }
  return best;
}

function cellLines(c) {
  const lines = [`${c.place || c.country || "unnamed place"}${c.country ? " (" + c.country + ")" : ""}: ` +
    `${c.events.toLocaleString("en")} events`];
  for (const q of [1, 2, 3, 4]) if (c["q" + q]) lines.push(`${QUAD_NAMES[q]}: ${c["q" + q]}`);
  if (c.top_types) lines.push("top types: " + c.top_types.map((t) => `${t.type} ${t.events}`).join(", "));
  return lines;
}

async function loadTypes(c, event) {
  // The cell's commonest types, asked for once per circle when the pointer first rests on it.
  if (c.top_types || c.asking) return;
  c.asking = true;
  const params = filters();
  params.set("cell", map.cellSize);
  params.set("lat", c.lat);
  params.set("lon", c.lon);
  try {
    c.top_types = (await getJSON("/api/map/types", params)).types;
    if (map.hovered === c) showTip(cellLines(c), event);
  } catch (_) { /* the tip keeps its counts */ }
}

function mapInteractions() {
  let drag = null;
  mapSvg.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoomAt(event.deltaY < 0 ? 1.5 : 1 / 1.5, toMap(event));
  }, { passive: false });
  mapSvg.addEventListener("dblclick", (event) => { event.preventDefault(); zoomAt(2, toMap(event)); });
  // Pointer events with capture: the drag follows the pointer (mouse, pen or finger) even
  // when it leaves the map, and a press never starts a text selection or a native drag.
  mapSvg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    mapSvg.setPointerCapture(event.pointerId);
    drag = { x: event.clientX, y: event.clientY, cx: map.cx, cy: map.cy, moved: false };
  });
  mapSvg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const [dx, dy] = [event.clientX - drag.x, event.clientY - drag.y];
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (drag.moved) {
      const u = unitsPerPixel();
      setView(drag.cx - dx * u, drag.cy - dy * u, map.k);
    }
  });
  const endDrag = () => { setTimeout(() => { drag = null; }, 0); };
  mapSvg.addEventListener("pointerup", endDrag);
  mapSvg.addEventListener("pointercancel", endDrag);
  mapSvg.addEventListener("click", (event) => {
    if (drag && drag.moved) return;
    const hit = cellAt(toMap(event));
    if (hit && hit.country) { setField("country", hit.country); refresh(); }
  });
  mapSvg.addEventListener("mousemove", (event) => {
    if (drag && drag.moved) { hideTip(); return; }
    const hit = cellAt(toMap(event));
    map.hovered = hit;
    mapSvg.style.cursor = hit ? "pointer" : "grab";
    if (hit) { showTip(cellLines(hit), event); loadTypes(hit, event); } else hideTip();
  });
  mapSvg.addEventListener("mouseleave", hideTip);
  document.getElementById("zoom-in").addEventListener("click", () => zoomAt(2));
  document.getElementById("zoom-out").addEventListener("click", () => zoomAt(0.5));
  document.getElementById("zoom-reset").addEventListener("click", () => { map.zoomedTo = null; setView(0, 0, 1); });
}

// --- the timeline ----------------------------------------------------------------------

function byQuad(rows) {
  const periods = new Map();
  for (const row of rows) {
    const counts = periods.get(row.period) || { 1: 0, 2: 0, 3: 0, 4: 0 };
    counts[typeQuads[row.type] || 1] += row.events;
    periods.set(row.period, counts);
  }
  return [...periods.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function addPeriod(day, by) {
  // The last day of the period that starts on `day`.
  const d = new Date(day + "T00:00:00Z");
  if (by === "week") d.setUTCDate(d.getUTCDate() + 6);
  if (by === "month") { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

function dayMs(day) { return Date.parse(day + "T00:00:00Z"); }

function niceStep(top) {
  const raw = top / 4;
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return Math.max(1, step);
}

function drawTimeline(rows, by) {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const data = byQuad(rows);
  const [W, H, left, right, bottom, topPad] = [900, 200, 44, 10, 22, 10];
  if (!data.length) {
    el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" }, svg).textContent = "no dated events";
    svg.dataset.count = 0;
    return;
  }
  const totals = data.map(([, c]) => c[1] + c[2] + c[3] + c[4]);
  const step = niceStep(Math.max(...totals));
  const top = Math.ceil(Math.max(...totals) / step) * step;
  const y = (v) => H - bottom - ((H - bottom - topPad) * v) / top;
  for (let v = 0; v <= top; v += step) {
    el("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: "grid" }, svg);
    el("text", { x: left - 4, y: y(v) + 3, "text-anchor": "end", class: "axis tick" }, svg).textContent =
      v.toLocaleString("en");
  }
  // Time runs left to right: each period is one bar in its own slot; empty periods stay empty.
  const t0 = dayMs(data[0][0]);
  const t1 = dayMs(addPeriod(data[data.length - 1][0], by)) + 86400000;
  const x = (t) => left + ((W - left - right) * (t - t0)) / (t1 - t0);
  const slots = data.map(([period]) => [x(dayMs(period)), x(dayMs(addPeriod(period, by)) + 86400000)]);
  data.forEach(([period, counts], i) => {
    const [a, b] = slots[i];
    const width = Math.max(1, Math.min((b - a) * 0.85, 48));
    const bx = (a + b) / 2 - width / 2;
    let base = y(0);
    const g = el("g", { class: "bar", "data-period": period, "data-events": totals[i] }, svg);
    for (const q of [1, 2, 3, 4]) {
      const height = y(0) - y(counts[q]);
      if (height > 0) el("rect", { x: bx, y: base - height, width, height, fill: QUAD_COLOURS[q] }, g);
      base -= height;
    }
    const lines = [`${period}${by === "day" ? "" : " to " + addPeriod(period, by)}: ${totals[i].toLocaleString("en")} events`];
    for (const q of [1, 2, 3, 4]) if (counts[q]) lines.push(`${QUAD_NAMES[q]}: ${counts[q]}`);
    const hover = el("rect", { x: a, y: topPad, width: Math.max(b - a, 1), height: H - bottom - topPad, class: "hover" }, g);
    el("title", {}, hover).textContent = lines.join("\n");
    hover.addEventListener("mousemove", (event) => { showTimelineTip(lines, event); });
    hover.addEventListener("mouseleave", () => { document.getElementById("timeline-tip").hidden = true; });
  });
  el("line", { x1: left, x2: W - right, y1: y(0), y2: y(0), class: "baseline" }, svg);
  el("text", { x: left, y: H - 6, class: "axis" }, svg).textContent = data[0][0];
  el("text", { x: W - right, y: H - 6, class: "axis", "text-anchor": "end" }, svg).textContent =
    addPeriod(data[data.length - 1][0], by);
  svg.dataset.count = data.length;
  brush(svg, data.map(([p]) => p), slots, by);
}

function showTimelineTip(lines, event) {
  let box = document.getElementById("timeline-tip");
  if (!box) {
    box = document.createElement("div");
    box.id = "timeline-tip";
    box.className = "tip";
    document.querySelector(".timeline-panel").appendChild(box);
  }
  box.textContent = lines.join("\n");
  box.hidden = false;
  const panel = box.parentElement.getBoundingClientRect();
  box.style.left = Math.min(event.clientX - panel.left + 12, panel.width - 220) + "px";
  box.style.top = event.clientY - panel.top + 12 + "px";
}

function brush(svg, periods, slots, by) {
  const box = el("rect", { class: "brush", y: 0, height: 178, width: 0, x: 0 }, svg);
  let start = null;
  const toX = (event) => {
    const point = svg.createSVGPoint();
    point.x = event.clientX; point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse()).x;
  };
  const index = (x) => {
    let best = 0;
    slots.forEach(([a, b], i) => { if (Math.abs((a + b) / 2 - x) < Math.abs((slots[best][0] + slots[best][1]) / 2 - x)) best = i; });
    return best;
  };
  svg.onmousedown = (event) => { start = toX(event); box.setAttribute("x", start); box.setAttribute("width", 0); };
  svg.onmousemove = (event) => {
    if (start === null) return;
    const x = toX(event);
    box.setAttribute("x", Math.min(start, x));
    box.setAttribute("width", Math.abs(x - start));
  };
  svg.onmouseup = (event) => {
    if (start === null) return;
    const end = toX(event);
    const moved = Math.abs(end - start) > 2;
    const [a, b] = [index(Math.min(start, end)), index(Math.max(start, end))];
    start = null;
    if (!moved) { box.setAttribute("width", 0); return; }
    setField("since", periods[a]);
    setField("until", addPeriod(periods[b], by));
    refresh();
  };
}

// --- the dyad network ------------------------------------------------------------------

function scoreColour(score) {
  const t = Math.max(-1, Math.min(1, (score || 0) / 8));
  return t < 0 ? `rgb(222,${Math.round(45 + 180 * (1 + t))},${Math.round(38 + 180 * (1 + t))})`
    : `rgb(${Math.round(220 - 177 * t)},${Math.round(220 - 80 * t)},${Math.round(220 - 30 * t)})`;
}

function layout(names, edges, W, H) {
  // A small force-directed layout (repulsion between nodes, springs along edges), started from
  // a circle so the same data always lands the same way.
  const n = names.length;
  const index = new Map(names.map((name, i) => [name, i]));
  const pos = names.map((_, i) => [Math.cos((2 * Math.PI * i) / n) * 100, Math.sin((2 * Math.PI * i) / n) * 100]);
  const ideal = Math.sqrt((W * H) / Math.max(n, 1)) * 0.6;
  for (let step = 0, heat = 40; step < 300; step++, heat *= 0.985) {
    const move = pos.map(() => [0, 0]);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const [dx, dy] = [pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]];
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        const f = (ideal * ideal) / d / d;
        move[i][0] += dx * f; move[i][1] += dy * f; move[j][0] -= dx * f; move[j][1] -= dy * f;
      }
    }
    for (const e of edges) {
      const [i, j] = [index.get(e.source), index.get(e.target)];
      if (i === j) continue;
      const [dx, dy] = [pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]];
      const d = Math.max(Math.hypot(dx, dy), 0.01);
      const f = d / ideal;
      move[i][0] -= dx * f; move[i][1] -= dy * f; move[j][0] += dx * f; move[j][1] += dy * f;
    }
    for (let i = 0; i < n; i++) {
      move[i][0] -= pos[i][0] * 0.3; move[i][1] -= pos[i][1] * 0.3;  // gravity keeps separate clusters near
      const d = Math.max(Math.hypot(...move[i]), 0.01);
      pos[i][0] += (move[i][0] / d) * Math.min(d, heat);
      pos[i][1] += (move[i][1] / d) * Math.min(d, heat);
    }
  }
  // Fit into the drawing, leaving room for labels at the sides.
  const xs = pos.map((p) => p[0]);
  const ys = pos.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [mx, my] = [110, 24];
  const fitted = names.map((_, i) => [
    x1 > x0 ? mx + ((W - 2 * mx) * (pos[i][0] - x0)) / (x1 - x0) : W / 2,
    y1 > y0 ? my + ((H - 2 * my) * (pos[i][1] - y0)) / (y1 - y0) : H / 2,
  ]);
  // Then push apart nodes closer than a label's height, so a dense cluster stays legible.
  const gap = 30;
  for (let round = 0; round < 60; round++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const [dx, dy] = [fitted[j][0] - fitted[i][0], fitted[j][1] - fitted[i][1]];
        const d = Math.hypot(dx, dy);
        if (d >= gap) continue;
        const [ux, uy] = d > 0.01 ? [dx / d, dy / d] : [Math.cos(i + j), Math.sin(i + j)];
        const push = (gap - d) / 2;
        fitted[i][0] -= ux * push; fitted[i][1] -= uy * push; fitted[j][0] += ux * push; fitted[j][1] += uy * push;
        moved = true;
      }
    }
    for (const p of fitted) { p[0] = Math.max(mx / 2, Math.min(W - mx / 2, p[0])); p[1] = Math.max(my, Math.min(H - my, p[1])); }
    if (!moved) break;
  }
  return new Map(names.map((name, i) => [name, fitted[i]]));
}

function drawNetwork(edges, level) {
  const svg = document.getElementById("network");
  svg.replaceChildren();
  const [W, H] = [600, 460];
  if (!edges.length) {
    el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" }, svg).textContent =
      "no coded actor and recipient in these events";
    svg.dataset.count = 0;
    return;
  }
  const names = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
  const at = layout(names, edges, W, H);
  const weight = new Map(names.map((n) => [n, 0]));
  for (const e of edges) { weight.set(e.source, weight.get(e.source) + e.events); weight.set(e.target, weight.get(e.target) + e.events); }
  const most = Math.max(1, ...edges.map((e) => e.events));
  const heaviest = Math.max(1, ...weight.values());
  const lines = el("g", { class: "edges" }, svg);
  for (const e of edges) {
    const [[x1, y1], [x2, y2]] = [at.get(e.source), at.get(e.target)];
    const width = 1 + 7 * Math.sqrt(e.events / most);
    let d;
    let arrow = null;
    if (e.source === e.target) {
      d = `M${x1},${y1}c-18,-30 18,-30 0,0`;
    } else {
      // Curved to the right of the direction of travel, so A->B and B->A stay apart.
      const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
      const [nx, ny] = [-(y2 - y1) * 0.15, (x2 - x1) * 0.15];
      const [cx, cy] = [mx + nx, my + ny];
      d = `M${x1},${y1}Q${cx},${cy} ${x2},${y2}`;
      const t = 0.62;
      const px = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t * t * x2;
      const py = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t * t * y2;
      const [tx, ty] = [2 * (1 - t) * (cx - x1) + 2 * t * (x2 - cx), 2 * (1 - t) * (cy - y1) + 2 * t * (y2 - cy)];
      const len = Math.max(Math.hypot(tx, ty), 0.01);
      const [ux, uy] = [tx / len, ty / len];
      const s = 4 + width;
      arrow = `M${px + ux * s},${py + uy * s}L${px - uy * s * 0.6},${py + ux * s * 0.6}L${px + uy * s * 0.6},${py - ux * s * 0.6}Z`;
    }
    const g = el("g", { class: "edge", "data-source": e.source, "data-target": e.target, "data-events": e.events }, lines);
    el("path", { d, stroke: scoreColour(e.mean_score), "stroke-width": width, fill: "none", class: "line" }, g);
    if (arrow) el("path", { d: arrow, fill: scoreColour(e.mean_score), class: "arrow" }, g);
    const hit = el("path", { d, class: "hit" }, g);
    const text = `${e.source} → ${e.target}: ${e.events} events, mean score ${e.mean_score}`;
    el("title", {}, hit).textContent = text;
    g.addEventListener("click", () => { setField("dyad", `${level}:${e.source} > ${e.target}`); refresh(); });
  }
  const nodes = el("g", { class: "nodes" }, svg);
  const placed = [];
  for (const name of [...names].sort((a, b) => weight.get(b) - weight.get(a))) {
    const [x, y] = at.get(name);
    const g = el("g", { class: "node", "data-name": name }, nodes);
    el("circle", { cx: x, cy: y, r: 3 + 5 * Math.sqrt(weight.get(name) / heaviest) }, g);
    const label = name.length > 26 ? name.slice(0, 25) + "…" : name;
    const width = 6.2 * label.length;
    // Labels point away from the middle, unless that would run off the drawing.
    const rightSide = x >= W / 2 ? x + 8 + width <= W : x - 8 - width < 0;
    let ly = y + 4;
    const span = [rightSide ? x + 8 : x - 8 - width, rightSide ? x + 8 + width : x - 8];
    // Nudge a label down past any label it would overlap (heaviest nodes keep their place).
    for (let tries = 0; tries < 6 && placed.some((p) => Math.abs(p.y - ly) < 12 && p.a < span[1] && span[0] < p.b); tries++) ly += 12;
    placed.push({ y: ly, a: span[0], b: span[1] });
    const t = el("text", { x: rightSide ? x + 8 : x - 8, y: ly, "text-anchor": rightSide ? "start" : "end" }, g);
    t.textContent = label;
    el("title", {}, g).textContent = `${name}: ${weight.get(name)} events in these edges`;
  }
  svg.dataset.count = edges.length;
}

function showDyad(dyad) {
  const chip = document.getElementById("dyad-chip");
  chip.hidden = !dyad;
  document.getElementById("dyad-text").textContent = dyad ? dyad.replace(/^[a-z]+:/, "").replace(" > ", " → ") : "";
}

// --- wiring ----------------------------------------------------------------------------

form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
form.addEventListener("change", (event) => { if (event.target.tagName === "SELECT") refresh(); });
for (const id of ["by", "level", "top"]) document.getElementById(id).addEventListener("change", () => refresh());
document.getElementById("clear-dates").addEventListener("click", () => {
  setField("since", ""); setField("until", ""); refresh();
});
document.getElementById("clear-dyad").addEventListener("click", () => { setField("dyad", ""); refresh(); });
for (const button of document.querySelectorAll("#events th button")) {
  button.addEventListener("click", () => sortBy(button.dataset.sort));
}
document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); refresh(false); });
document.getElementById("next").addEventListener("click", () => { offset += PAGE; refresh(false); });
mapInteractions();
drawOutlines("110m").catch(() => {}).finally(() => refresh());
