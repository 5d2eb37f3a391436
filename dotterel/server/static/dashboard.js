// dotterel dashboard: the server renders the page; this script draws the map, timeline and
// network from the JSON API and keeps every view (and the URL) on the same filters.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUAD_COLOURS = { 1: "#2b8cbe", 2: "#31a354", 3: "#fd8d3c", 4: "#de2d26" };
const PAGE = 50;
const form = document.getElementById("filters");
const typeQuads = JSON.parse(document.getElementById("type-quads").textContent);
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
  const response = await fetch(path + "?" + params.toString());
  if (!response.ok) throw new Error((await response.json()).detail || response.statusText);
  return response.json();
}

function setField(name, value) {
  form.elements[name].value = value || "";
}

async function refresh(resetPage = true) {
  if (resetPage) offset = 0;
  const params = filters();
  history.replaceState(null, "", "/?" + params.toString());
  document.body.dataset.state = "loading";
  const by = document.getElementById("by").value;
  const page = new URLSearchParams(params);
  page.set("limit", PAGE);
  page.set("offset", offset);
  const cell = new URLSearchParams(params);
  cell.set("cell", params.get("country") ? 0.5 : 2);
  const series = new URLSearchParams(params);
  series.set("by", by);
  try {
    const [events, timeline, cells, net] = await Promise.all([
      getJSON("/api/events", page), getJSON("/api/series", series),
      getJSON("/api/map", cell), getJSON("/api/network", params),
    ]);
    drawTable(events);
    drawTimeline(timeline.series, by);
    drawCells(cells.cells);
    drawNetwork(net.edges);
    highlightCountry(params.get("country"));
    document.body.dataset.state = "ready";
  } catch (error) {
    document.getElementById("total").textContent = "error: " + error.message;
    document.body.dataset.state = "error";
  }
}

function cellText(value) {
  return value === null || value === undefined ? "" : String(value);
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
    link.textContent = e.type + (e.mode ? "/" + e.mode : "");
    row.insertCell().appendChild(link);
    for (const key of ["modality", "actor", "recipient", "place"]) row.insertCell().textContent = cellText(e[key]);
    row.insertCell().textContent = cellText(e.n_reports || 1);
    const evidence = row.insertCell();
    evidence.className = "evidence";
    evidence.textContent = cellText(e.evidence);
  }
  const last = Math.min(data.offset + data.events.length, data.total);
  document.getElementById("page").textContent =
    `${data.total ? data.offset + 1 : 0}–${last} of ${data.total.toLocaleString("en")}`;
  document.getElementById("prev").disabled = data.offset === 0;
  document.getElementById("next").disabled = last >= data.total;
}

async function drawCountries() {
  const response = await fetch("/basemap.json");
  const group = document.getElementById("countries");
  for (const c of await response.json()) {
    const path = el("path", { d: c.d, "data-iso": c.iso }, group);
    el("title", {}, path).textContent = c.name;
  }
  highlightCountry(filters().get("country"));
}

function highlightCountry(iso) {
  for (const path of document.querySelectorAll("#countries path")) {
    path.classList.toggle("selected", !!iso && path.dataset.iso === iso.toUpperCase());
  }
}

function drawCells(cells) {
  const group = document.getElementById("cells");
  group.replaceChildren();
  const most = Math.max(1, ...cells.map((c) => c.events));
  for (const c of cells) {
    const dot = el("circle", {
      cx: c.lon, cy: -c.lat, r: 0.8 + 5 * Math.sqrt(c.events / most),
      fill: QUAD_COLOURS[c.quad] || "#888", "data-country": c.country || "",
    }, group);
    el("title", {}, dot).textContent =
      `${c.place || c.country || ""}: ${c.events} events (${c.q1}/${c.q2}/${c.q3}/${c.q4} by quad)`;
    dot.addEventListener("click", () => {
      if (c.country) { setField("country", c.country); refresh(); }
    });
  }
  group.dataset.count = cells.length;
}

function byQuad(rows) {
  const periods = new Map();
  for (const row of rows) {
    const counts = periods.get(row.period) || { 1: 0, 2: 0, 3: 0, 4: 0 };
    counts[typeQuads[row.type] || 1] += row.events;
    periods.set(row.period, counts);
  }
  return [...periods.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function drawTimeline(rows, by) {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const data = byQuad(rows);
  const [W, H, left, bottom] = [600, 180, 30, 20];
  if (!data.length) {
    el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" }, svg).textContent = "no dated events";
    svg.dataset.count = 0;
    return;
  }
  const top = Math.max(...data.map(([, c]) => c[1] + c[2] + c[3] + c[4]));
  const step = (W - left) / data.length;
  data.forEach(([period, counts], i) => {
    let y = H - bottom;
    for (const q of [1, 2, 3, 4]) {
      const h = ((H - bottom - 10) * counts[q]) / top;
      if (h > 0) el("rect", { x: left + i * step, y: y - h, width: Math.max(step - 1, 0.5), height: h,
        fill: QUAD_COLOURS[q], "data-period": period }, svg);
      y -= h;
    }
  });
  el("text", { x: 2, y: 12, class: "axis" }, svg).textContent = top.toLocaleString("en");
  el("text", { x: left, y: H - 4, class: "axis" }, svg).textContent = data[0][0];
  el("text", { x: W, y: H - 4, class: "axis", "text-anchor": "end" }, svg).textContent = data[data.length - 1][0];
  svg.dataset.count = data.length;
  brush(svg, data.map(([p]) => p), left, step, by);
}

function addPeriod(day, by) {
  const d = new Date(day + "T00:00:00Z");
  if (by === "day") d.setUTCDate(d.getUTCDate());
  if (by === "week") d.setUTCDate(d.getUTCDate() + 6);
  if (by === "month") { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

function brush(svg, periods, left, step, by) {
  const box = el("rect", { class: "brush", y: 0, height: 160, width: 0, x: 0 }, svg);
  let start = null;
  const toX = (event) => {
    const point = svg.createSVGPoint();
    point.x = event.clientX; point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse()).x;
  };
  const index = (x) => Math.max(0, Math.min(periods.length - 1, Math.floor((x - left) / step)));
  svg.onmousedown = (event) => { start = toX(event); box.setAttribute("x", start); box.setAttribute("width", 0); };
  svg.onmousemove = (event) => {
    if (start === null) return;
    const x = toX(event);
    box.setAttribute("x", Math.min(start, x));
    box.setAttribute("width", Math.abs(x - start));
  };
  svg.onmouseup = (event) => {
    if (start === null) return;
    const [a, b] = [index(Math.min(start, toX(event))), index(Math.max(start, toX(event)))];
    start = null;
    setField("since", periods[a]);
    setField("until", addPeriod(periods[b], by));
    refresh();
  };
}

function scoreColour(score) {
  const t = Math.max(-1, Math.min(1, (score || 0) / 8));
  return t < 0 ? `rgb(222,${Math.round(45 + 180 * (1 + t))},${Math.round(38 + 180 * (1 + t))})`
    : `rgb(${Math.round(220 - 177 * t)},${Math.round(220 - 80 * t)},${Math.round(220 - 30 * t)})`;
}

function drawNetwork(edges) {
  const svg = document.getElementById("network");
  svg.replaceChildren();
  const names = [...new Set(edges.flatMap((e) => [e.actor, e.recipient]))];
  const [W, H, R] = [600, 420, 170];
  const at = new Map(names.map((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(names.length, 1);
    return [n, [W / 2 + R * Math.cos(a), H / 2 + R * Math.sin(a)]];
  }));
  const most = Math.max(1, ...edges.map((e) => e.events));
  for (const e of edges) {
    const [[x1, y1], [x2, y2]] = [at.get(e.actor), at.get(e.recipient)];
    const line = el("line", { x1, y1, x2, y2, stroke: scoreColour(e.mean_score),
      "stroke-width": 0.5 + 6 * Math.sqrt(e.events / most), "stroke-opacity": 0.8 }, svg);
    el("title", {}, line).textContent = `${e.actor} → ${e.recipient}: ${e.events} events, mean score ${e.mean_score}`;
  }
  for (const [name, [x, y]] of at) {
    const g = el("g", { class: "node" }, svg);
    el("circle", { cx: x, cy: y, r: 3, fill: "#1f3a4d" }, g);
    const label = el("text", { x: x + (x < W / 2 ? -5 : 5), y: y + 3, "text-anchor": x < W / 2 ? "end" : "start" }, g);
    label.textContent = name.length > 22 ? name.slice(0, 21) + "…" : name;
  }
  svg.dataset.count = edges.length;
}

form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
form.addEventListener("change", (event) => { if (event.target.tagName === "SELECT") refresh(); });
document.getElementById("by").addEventListener("change", () => refresh());
document.getElementById("clear-dates").addEventListener("click", () => {
  setField("since", ""); setField("until", ""); refresh();
});
document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); refresh(false); });
document.getElementById("next").addEventListener("click", () => { offset += PAGE; refresh(false); });
drawCountries();
refresh();
