// incidentkg graph page: a small force layout drawn in SVG, with pan, zoom, search and a
// fact panel. Hand-written, no dependencies, so the page works offline. MIT licence, as
// incidentkg. URL fragment: #search=NAME highlights and selects the first match.
"use strict";

const DATA = JSON.parse(document.getElementById("graph-data").textContent);
const SVG_NS = "http://www.w3.org/2000/svg";
const ROLE = new Set(["perpetrator", "victim", "target", "mastermind", "conductedBy",
  "participant", "personKilled", "personInjured"]);
const RELATION_NAMES = { perpetrator: "perpetrator", victim: "victim", target: "target",
  mastermind: "mastermind", conductedBy: "conducted by", participant: "participant",
  personKilled: "killed", personInjured: "injured", hasPlace: "took place in",
  containedInPlace: "is in", memberOf: "member of", affiliatedWith: "affiliated with" };
// The same relations read from the other end (shown on the actor's or place's panel).
const INVERSE_NAMES = { perpetrator: "perpetrator of", victim: "victim of", target: "target of",
  mastermind: "mastermind of", conductedBy: "conducted", participant: "took part in",
  personKilled: "killed in", personInjured: "injured in", hasPlace: "place of",
  containedInPlace: "contains", memberOf: "has member", affiliatedWith: "has affiliate" };

const svg = document.getElementById("graph");
const viewport = document.getElementById("viewport");
const nodes = DATA.nodes.map((n, i) => Object.assign({ index: i, x: 0, y: 0, vx: 0, vy: 0 }, n));
const byId = new Map(nodes.map((n) => [n.id, n]));
const edges = DATA.edges.map((e) => Object.assign({}, e, { s: byId.get(e.source), t: byId.get(e.target) }));
for (const n of nodes) n.degree = 0;
for (const e of edges) { e.s.degree += 1; e.t.degree += 1; }
const view = { x: 0, y: 0, k: 1 };

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function radius(n) { return (n.kind === "place" ? 6 : 8) + 2.2 * Math.sqrt(n.degree); }

// --- layout: many-body repulsion, springs, gravity and label boxes, cooled like d3-force
// and run to rest at load, so the first picture is already settled (and deterministic).
function layout(iterations) {
  const golden = Math.PI * (3 - Math.sqrt(5));
  nodes.forEach((n, i) => { const r = 40 * Math.sqrt(i + 1); n.x = r * Math.cos(i * golden); n.y = r * Math.sin(i * golden); });
  for (const n of nodes) n.width = radius(n) + 8 + 7 * n.label.length;
  // role edges carry a label of their own, so they get more room than place links
  for (const e of edges) e.length = e.relations.some((r) => ROLE.has(r)) ? 120 : 70;
  for (let it = 0; it < iterations; it++) {
    const alpha = Math.pow(1 - it / iterations, 1.5);
    repel(alpha); pull(alpha); gravity(alpha);
    for (const n of nodes) { n.vx *= 0.55; n.vy *= 0.55; n.x += n.vx; n.y += n.vy; }
    if (it > iterations / 3) separateLabels();
  }
}
function repel(alpha) {
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i], b = nodes[j];
      let dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy);
      if (d < 1) { dx = 1; dy = (i % 2) - 0.5; d = 1; }
      if (d > 350) continue;
      const f = alpha * 320 / Math.max(d, 20);
      a.vx -= dx / d * f; a.vy -= dy / d * f; b.vx += dx / d * f; b.vy += dy / d * f;
    }
  }
}
function pull(alpha) {
  for (const e of edges) {
    const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
    const f = alpha * (d - e.length) * 0.3 / Math.min(e.s.degree, e.t.degree);
    e.s.vx += dx / d * f; e.s.vy += dy / d * f; e.t.vx -= dx / d * f; e.t.vy -= dy / d * f;
  }
}
function gravity(alpha) { for (const n of nodes) { n.vx -= n.x * 0.035 * alpha; n.vy -= n.y * 0.035 * alpha; } }
// A node and its label form a box (the label is to the right); overlapping boxes are
// pushed apart vertically, which is what keeps the labels legible.
function separateLabels() {
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i], b = nodes[j], gap = Math.max(radius(a), radius(b)) + 10;
      const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x - radius(a), b.x - radius(b));
      const dy = b.y - a.y;
      if (overlapX <= 0 || Math.abs(dy) >= 2 * gap) continue;
      const push = (2 * gap - Math.abs(dy)) / 2 * 0.5, sign = dy >= 0 ? 1 : -1;
      a.y -= sign * push; b.y += sign * push;
    }
  }
}

// --- drawing ---
function edgeClass(e) {
  if (e.relations.some((r) => ROLE.has(r))) return "edge role";
  if (e.relations.some((r) => r === "memberOf" || r === "affiliatedWith")) return "edge member";
  return "edge place";
}
function shape(n, g) {
  const r = radius(n), c = DATA.colours[n.type] || "#ccc";
  if (n.kind === "event") el("rect", { class: "shape", x: -r, y: -r, width: 2 * r, height: 2 * r, rx: 3, fill: c }, g);
  else if (n.kind === "place") el("rect", { class: "shape", x: -r * 0.8, y: -r * 0.8, width: 1.6 * r, height: 1.6 * r, fill: c, transform: "rotate(45)" }, g);
  else el("circle", { class: "shape", r: r, fill: c }, g);
  el("circle", { class: "halo", r: r + 6 }, g);
}
function draw() {
  const eg = document.getElementById("edges"), lg = document.getElementById("edge-labels"), ng = document.getElementById("nodes");
  for (const e of edges) {
    e.line = el("line", { class: edgeClass(e), "marker-end": "url(#arrow)" }, eg);
    const roles = e.relations.filter((r) => ROLE.has(r));
    if (roles.length) { e.label = el("text", { class: "edge-label", "text-anchor": "middle" }, lg); e.label.textContent = roles.map((r) => RELATION_NAMES[r]).join(", "); }
  }
  for (const n of nodes) {
    n.g = el("g", { class: `node ${n.kind}`, "data-id": n.id, "data-label": n.label }, ng);
    shape(n, n.g);
    const t = el("text", { x: radius(n) + 4, y: 4 }, n.g);
    t.textContent = n.label;
    n.text = t;
    el("title", {}, n.g).textContent = `${n.label} (${DATA.typeNames[n.type] || n.type})`;
    n.g.addEventListener("click", (ev) => { ev.stopPropagation(); if (!n.dragged) select(n); });
    n.g.addEventListener("pointerdown", (ev) => startNodeDrag(ev, n));
  }
  measure();
  untangle(400);
  position();
}
// The box a node takes with its label, relative to the node, as the browser drew the text.
function measure() {
  for (const n of nodes) {
    const r = radius(n), b = n.text.getBBox();
    n.box = { x0: -r - 2, x1: Math.max(r, b.x + b.width) + 2, y0: Math.min(-r, b.y) - 1, y1: Math.max(r, b.y + b.height) + 1 };
  }
}
// After the force layout: push apart any two nodes whose boxes (shape and label) still
// overlap, along the axis where they overlap least, until none do ("Bombing in Abbas Town,
// 2013" used to lie over "Pakistan"). Bounded, so a huge graph still loads.
function untangle(passes) {
  for (let pass = 0; pass < passes; pass++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        const ox = Math.min(a.x + a.box.x1, b.x + b.box.x1) - Math.max(a.x + a.box.x0, b.x + b.box.x0);
        const oy = Math.min(a.y + a.box.y1, b.y + b.box.y1) - Math.max(a.y + a.box.y0, b.y + b.box.y0);
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        if (oy <= ox) { const s = b.y > a.y || (b.y === a.y && j % 2) ? 1 : -1; a.y -= s * (oy / 2 + 0.5); b.y += s * (oy / 2 + 0.5); }
        else { const s = b.x > a.x ? 1 : -1; a.x -= s * (ox / 2 + 0.5); b.x += s * (ox / 2 + 0.5); }
      }
    }
    if (!moved) return pass;
  }
  return passes;
}
function position() {
  for (const e of edges) {
    const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1, rt = radius(e.t) + 3;
    e.line.setAttribute("x1", e.s.x); e.line.setAttribute("y1", e.s.y);
    e.line.setAttribute("x2", e.t.x - dx / d * rt); e.line.setAttribute("y2", e.t.y - dy / d * rt);
    if (e.label) { e.label.setAttribute("x", (e.s.x + e.t.x) / 2); e.label.setAttribute("y", (e.s.y + e.t.y) / 2 - 3); }
  }
  for (const n of nodes) n.g.setAttribute("transform", `translate(${n.x},${n.y})`);
}
function applyView() { viewport.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`); }
function fit() {
  // the whole of every label, not just the nodes, must be in view
  const box = svg.getBoundingClientRect(), pad = 16;
  const minX = Math.min(...nodes.map((n) => n.x + n.box.x0)) - pad, maxX = Math.max(...nodes.map((n) => n.x + n.box.x1)) + pad;
  const minY = Math.min(...nodes.map((n) => n.y + n.box.y0)) - pad, maxY = Math.max(...nodes.map((n) => n.y + n.box.y1)) + pad;
  view.k = Math.min(box.width / (maxX - minX), box.height / (maxY - minY), 2);
  view.x = (box.width - (maxX + minX) * view.k) / 2; view.y = (box.height - (maxY + minY) * view.k) / 2;
  applyView();
}
function centreOn(n) {
  const box = svg.getBoundingClientRect();
  view.k = Math.max(view.k, 1);
  view.x = box.width / 2 - n.x * view.k; view.y = box.height / 2 - n.y * view.k;
  applyView();
}

// --- pan, zoom, drag ---
let pan = null;
svg.addEventListener("pointerdown", (ev) => { if (ev.target.closest(".node")) return; pan = { x: ev.clientX - view.x, y: ev.clientY - view.y, moved: false }; svg.classList.add("panning"); });
window.addEventListener("pointermove", (ev) => {
  if (pan) { view.x = ev.clientX - pan.x; view.y = ev.clientY - pan.y; pan.moved = true; applyView(); }
  if (drag) { const p = toGraph(ev); drag.n.x = p.x; drag.n.y = p.y; drag.n.dragged = true; position(); }
});
window.addEventListener("pointerup", () => { if (pan && !pan.moved) clearSelection(); pan = null; drag = null; svg.classList.remove("panning"); });
svg.addEventListener("wheel", (ev) => {
  ev.preventDefault();
  const box = svg.getBoundingClientRect(), mx = ev.clientX - box.left, my = ev.clientY - box.top;
  const k = Math.min(6, Math.max(0.2, view.k * Math.exp(-ev.deltaY * 0.0015)));
  view.x = mx - (mx - view.x) * k / view.k; view.y = my - (my - view.y) * k / view.k; view.k = k;
  applyView();
}, { passive: false });
let drag = null;
function startNodeDrag(ev, n) { ev.stopPropagation(); n.dragged = false; drag = { n }; }
function toGraph(ev) { const box = svg.getBoundingClientRect(); return { x: (ev.clientX - box.left - view.x) / view.k, y: (ev.clientY - box.top - view.y) / view.k }; }

// --- selection and the fact panel ---
function neighbours(n) {
  const out = [];
  for (const e of edges) {
    if (e.s === n) for (const r of e.relations) out.push([RELATION_NAMES[r] || r, e.t]);
    if (e.t === n) for (const r of e.relations) out.push([INVERSE_NAMES[r] || `${r} of`, e.s]);
  }
  return out;
}
function h(tag, text, attrs) { const x = document.createElement(tag); if (text !== undefined) x.textContent = text; for (const [k, v] of Object.entries(attrs || {})) x.setAttribute(k, v); return x; }
function detailsFor(n) {
  const box = document.getElementById("details");
  box.replaceChildren(h("h2", n.label));
  const type = h("span", DATA.typeNames[n.type] || n.type, { class: "type" });
  type.style.background = DATA.colours[n.type] || "#999";
  box.append(type, h("div", n.id, { class: "iri" }));
  if (n.facts.length) {
    box.append(h("h3", "Facts"));
    const table = h("table");
    for (const [k, v] of n.facts) { const tr = h("tr"); tr.append(h("td", k), h("td", v)); table.append(tr); }
    box.append(table);
  }
  const links = neighbours(n);
  if (links.length) {
    box.append(h("h3", "Linked to"));
    const ul = h("ul");
    for (const [rel, other] of links) { const li = h("li", `${rel}: `); const a = h("a", other.label); a.onclick = () => { select(other); centreOn(other); }; li.append(a); ul.append(li); }
    box.append(ul);
  }
  if (n.sources.length) {
    box.append(h("h3", `Sources (${n.sources.length})`));
    const list = h("ul", undefined, { class: "sources" });
    for (const [article, title, url] of n.sources) {
      const li = h("li");
      const name = title ? `${article}: ${title}` : article;
      if (/^https?:\/\//i.test(url)) li.append(h("a", name, { href: url, target: "_blank", rel: "noopener noreferrer", class: "url" }), h("div", url, { class: "src" }));
      else li.append(h("span", name));
      list.append(li);
    }
    box.append(list);
  }
  box.append(h("h3", `Source sentences (${n.n_sentences})`));
  const ul = h("ul", undefined, { class: "sentences" });
  for (const [article, sentence] of n.sentences) { const li = h("li", sentence); li.append(h("span", article, { class: "src" })); ul.append(li); }
  if (n.n_sentences > n.sentences.length) ul.append(h("li", `… and ${n.n_sentences - n.sentences.length} more`));
  box.append(ul);
}
function select(n) {
  clearSelection();
  n.g.classList.add("selected");
  const near = new Set([n]);
  for (const e of edges) if (e.s === n || e.t === n) { near.add(e.s); near.add(e.t); e.line.classList.add("near"); if (e.label) e.label.classList.add("near"); }
  for (const m of near) m.g.classList.add("near");
  svg.classList.add("focused");
  document.body.dataset.selected = n.label;
  detailsFor(n);
}
function clearSelection() {
  svg.classList.remove("focused");
  for (const x of svg.querySelectorAll(".selected, .near")) x.classList.remove("selected", "near");
  delete document.body.dataset.selected;
}

// --- search ---
function matches(query) {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return nodes.filter((n) => n.label.toLowerCase().includes(q) || n.facts.some(([k, v]) => k === "also called" && v.toLowerCase().includes(q)));
}
function search(query, pick) {
  const found = matches(query);
  for (const n of nodes) n.g.classList.toggle("match", found.includes(n));
  svg.classList.toggle("searching", query.trim() !== "" && !pick);
  document.body.dataset.highlighted = found.map((n) => n.label).join("; ");
  status(found.length ? `${found.length} match(es)` : query.trim() ? "no match" : "");
  if (pick && found.length) { select(found[0]); centreOn(found[0]); }
  return found;
}
function status(extra) {
  const counts = { event: 0, actor: 0, place: 0 };
  for (const n of nodes) counts[n.kind] += 1;
  const base = `${counts.event} events, ${counts.actor} people and organisations, ${counts.place} places` +
    (DATA.notDrawn ? ` (${DATA.notDrawn} mentioned without a role not drawn)` : "");
  document.getElementById("status").textContent = extra ? `${base} · ${extra}` : base;
}
const input = document.getElementById("search");
input.addEventListener("input", () => search(input.value, false));
input.addEventListener("keydown", (ev) => { if (ev.key === "Enter") search(input.value, true); });
function fromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const q = params.get("search");
  if (q !== null) { input.value = q; search(q, true); }
}
window.addEventListener("hashchange", fromFragment);

// --- legend ---
function legend() {
  const box = document.getElementById("legend");
  const used = [...new Set(nodes.map((n) => n.type))];
  const order = Object.keys(DATA.colours);
  used.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const type of used) {
    const kind = nodes.find((n) => n.type === type).kind;
    const item = h("div"), sw = h("span", undefined, { class: `swatch ${kind === "event" ? "square" : kind === "place" ? "diamond" : "circle"}` });
    sw.style.background = DATA.colours[type];
    item.append(sw, document.createTextNode(DATA.typeNames[type] || type));
    box.append(item);
  }
  box.append(h("div", "Lines: solid = role in an event (arrow to the actor), dashed = place, dotted = membership.", { class: "lines" }));
}

layout(600);
draw();
legend();
status("");
fit();
fromFragment();
document.body.dataset.rendered = String(nodes.length);
