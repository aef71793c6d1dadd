// crimestats portal page: the filters, a time-series chart, a breakdown chart and the data table,
// drawn from the page's observations (window.CRIMESTATS_DATA, shared by both languages) and its
// wording and code names (the page-config JSON). No third-party code.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("page-config").textContent);
  const data = window.CRIMESTATS_DATA;
  const t = config.text;
  const FIELDS = data.fields;
  const DIMS = ["area", "sex", "age", "attempt", "citizenship", "status"];
  const FLAG_LETTERS = { confidential: "c", suppressed: "s" };
  const PALETTE = ["#0b6bb0", "#c24e00", "#007a5e", "#7b3294", "#8c510a", "#b0186f", "#01665e"];
  const MAX_LINES = 1 + PALETTE.length;
  const SVG_NS = "http://www.w3.org/2000/svg";

  const rows = data.rows.map(function (r) {
    const n = FIELDS.length;
    const row = { year: r[n], value: r[n + 1], flag: data.flags[r[n + 2]], notes: data.notes[r[n + 3]] };
    FIELDS.forEach(function (f, i) { row[f] = data.codes[f][r[i]]; });
    return row;
  });
  const form = document.getElementById("filters");
  const state = Object.assign({}, config.defaults);
  new URLSearchParams(window.location.hash.slice(1)).forEach(function (v, k) { state[k] = v; });
  let tableUrl = null;

  // ---- wording and numbers ----
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return k in values ? values[k] : ""; });
  }
  function label(field, code) {
    const names = config.labels[field] || {};
    if (field === "dataset") return (config.datasets[code] || {}).title || code;
    return names[code] || String(code);
  }
  function digits(measure, value) {
    if (measure === "count") return [0, 1];
    if (measure === "PT") return [1, 1];
    return Math.abs(value) >= 100 ? [1, 1] : [2, 2];
  }
  function number(value, measure) {
    if (value === null || value === undefined) return "";
    const d = digits(measure, value);
    return new Intl.NumberFormat(config.locale, { minimumFractionDigits: d[0], maximumFractionDigits: d[1] }).format(value);
  }
  function percent(share) {
    return new Intl.NumberFormat(config.locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(share));
  }
  function flagLetter(flag) { return FLAG_LETTERS[flag] || flag; }
  function shown(row) {
    return row.value === null ? t.not_published + (row.flag ? " (" + flagLetter(row.flag) + ")" : "") : number(row.value, row.measure);
  }

  // ---- selection ----
  function ordered(field, codes) {
    const order = (config.order || {})[field];
    const seen = Array.from(new Set(codes));
    if (field === "dataset") {
      const keys = Object.keys(config.datasets);
      return seen.sort(function (a, b) { return keys.indexOf(a) - keys.indexOf(b); });
    }
    if (!order) return seen.sort();
    return seen.sort(function (a, b) {
      const i = order.indexOf(a), j = order.indexOf(b);
      if (i < 0 || j < 0) return i < 0 && j < 0 ? (a < b ? -1 : 1) : (i < 0 ? 1 : -1);
      return i - j;
    });
  }
  function parentOf(code) { return ((config.iccs || {})[code] || {}).parent || ""; }
  function choose(field, options, fallback) {
    if (options.indexOf(state[field]) < 0) {
      state[field] = options.indexOf(fallback) >= 0 ? fallback : options[0];
    }
  }
  function fill(field, options, names) {
    const select = form.elements[field];
    if (!select) return;
    const key = options.join("\u0001") + "\u0002" + (names ? names.join("\u0001") : "");
    if (select.dataset.key !== key) {
      select.textContent = "";
      options.forEach(function (code, i) {
        const option = document.createElement("option");
        option.value = code;
        option.textContent = names ? names[i] : label(field, code);
        select.appendChild(option);
      });
      select.dataset.key = key;
    }
    select.value = state[field];
    select.closest(".field").hidden = options.length < 2;
  }

  // Settle the state against the data: every choice must exist in the rows above it.
  function settle() {
    choose("dataset", ordered("dataset", rows.map(function (r) { return r.dataset; })), config.defaults.dataset);
    const inDataset = rows.filter(function (r) { return r.dataset === state.dataset; });
    const measures = ordered("measure", inDataset.map(function (r) { return r.measure; }));
    choose("measure", measures, "count");
    const offences = ordered("iccs_code", inDataset.map(function (r) { return r.iccs_code; }));
    choose("iccs_code", offences, config.defaults.iccs_code);
    const upstream = inDataset.filter(function (r) { return r.measure === state.measure; });
    const children = upstream.some(function (r) { return parentOf(r.iccs_code) === state.iccs_code; });
    const dims = (config.datasets[state.dataset] || {}).dims || [];
    const byOptions = (children ? ["iccs_code"] : []).concat(dims);
    choose("by", byOptions.length ? byOptions : ["iccs_code"], config.defaults.by);
    const options = {};
    const here = upstream.filter(function (r) { return r.iccs_code === state.iccs_code; });
    DIMS.forEach(function (dim) {
      options[dim] = dims.indexOf(dim) >= 0 ? ordered(dim, here.map(function (r) { return r[dim]; })) : [];
      if (options[dim].length) choose(dim, options[dim], "_T"); else state[dim] = "_T";
    });
    fill("dataset", ordered("dataset", rows.map(function (r) { return r.dataset; })));
    fill("measure", measures);
    fill("iccs_code", offences, offences.map(function (code) {
      const depth = Math.max(0, (((config.iccs || {})[code] || {}).level || 1) - 1);
      return "\u00a0\u00a0\u00a0".repeat(depth) + label("iccs_code", code);
    }));
    DIMS.forEach(function (dim) {
      fill(dim, options[dim]);
      if (dim === state.by) form.elements[dim].closest(".field").hidden = true;
    });
    fill("by", byOptions.length ? byOptions : ["iccs_code"], (byOptions.length ? byOptions : ["iccs_code"]).map(function (b) { return config.dims[b]; }));
    form.elements.by.closest(".field").hidden = byOptions.length < 2;
  }

  // The rows of the table: every category of the breakdown (its total first) in every year.
  function selection() {
    const by = state.by;
    const picked = rows.filter(function (r) {
      if (r.dataset !== state.dataset || r.measure !== state.measure) return false;
      if (by === "iccs_code") {
        if (r.iccs_code !== state.iccs_code && parentOf(r.iccs_code) !== state.iccs_code) return false;
      } else if (r.iccs_code !== state.iccs_code) return false;
      return DIMS.every(function (dim) { return dim === by || r[dim] === state[dim]; });
    });
    const total = by === "iccs_code" ? state.iccs_code : "_T";
    const categories = ordered(by, picked.map(function (r) { return r[by]; }));
    categories.sort(function (a, b) { return (a === total ? 0 : 1) - (b === total ? 0 : 1); });
    const years = Array.from(new Set(picked.map(function (r) { return r.year; }))).sort();
    const cells = {};
    picked.forEach(function (r) { cells[r[by] + "|" + r.year] = r; });
    return { by: by, total: total, categories: categories, years: years, cells: cells, rows: picked };
  }

  // ---- SVG drawing ----
  function svg(tag, attrs, parent) {
    const el = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }
  function text(parent, x, y, content, attrs) {
    const el = svg("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    el.textContent = content;
    return el;
  }
  // Axis top and step: 1, 2, 2.5 or 5 times a power of ten, about four steps to the top.
  function niceScale(max) {
    if (!(max > 0)) return { top: 1, step: 0.25 };
    const raw = max / 4;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(function (m) { return m * power; }).find(function (v) { return v >= raw; });
    return { top: Math.ceil(max / step - 1e-9) * step, step: step };
  }
  function tick(value, step) {
    const power = Math.floor(Math.log10(step) + 1e-9);
    const halves = Math.abs(step / Math.pow(10, power) - 2.5) < 1e-9 ? 1 : 0;
    const decimals = Math.max(0, halves - power);
    return new Intl.NumberFormat(config.locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
  }
  // Charts are drawn at the width they are shown, so their text keeps its size on a phone.
  function chartWidth(holder) {
    return Math.max(280, Math.min(720, Math.round(holder.clientWidth || 520)));
  }
  function chartRoot(holder, width, height, summary) {
    holder.textContent = "";
    const id = holder.id + "-desc";
    const root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-describedby": id, focusable: "false" }, holder);
    root.setAttribute("aria-labelledby", holder.previousElementSibling.id);
    const desc = svg("desc", { id: id }, root);
    desc.textContent = summary;
    return root;
  }

  function lineChart(holder, sel) {
    const measure = state.measure;
    let series = sel.categories.slice();
    if (series.length > MAX_LINES) {
      const last = sel.years[sel.years.length - 1];
      const rest = series.slice(1).sort(function (a, b) {
        return ((sel.cells[b + "|" + last] || {}).value || 0) - ((sel.cells[a + "|" + last] || {}).value || 0);
      });
      series = [series[0]].concat(rest.slice(0, MAX_LINES - 1));
    }
    const summary = series.map(function (c) {
      return label(sel.by, c) + ": " + sel.years.map(function (y) {
        const cell = sel.cells[c + "|" + y];
        return y + " " + (cell ? shown(cell) : "–");
      }).join(", ");
    }).join("; ");
    const W = chartWidth(holder), H = 310, L = 60, R = 20, T = 30, B = 36;
    const root = chartRoot(holder, W, H, summary);
    text(root, 4, 14, label("measure", measure), { class: "tick unit" });
    const values = sel.rows.filter(function (r) { return series.indexOf(r[sel.by]) >= 0 && r.value !== null; }).map(function (r) { return r.value; });
    const scale = niceScale(Math.max.apply(null, values.concat([0])));
    const top = scale.top;
    const y = function (v) { return H - B - (v / top) * (H - B - T); };
    const x = function (i) { return sel.years.length < 2 ? (L + W - R) / 2 : L + 24 + i * (W - L - R - 48) / (sel.years.length - 1); };
    for (let k = 0; k * scale.step <= top + 1e-9; k++) {
      const v = k * scale.step;
      svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: k ? "grid" : "axis" }, root);
      text(root, L - 8, y(v) + 4, tick(v, scale.step), { "text-anchor": "end", class: "tick" });
    }
    sel.years.forEach(function (year, i) { text(root, x(i), H - B + 22, String(year), { "text-anchor": "middle", class: "tick" }); });
    series.forEach(function (category, s) {
      const color = category === sel.total ? "" : PALETTE[(s - 1 + PALETTE.length) % PALETTE.length];
      const group = svg("g", { class: category === sel.total ? "series total" : "series" }, root);
      let path = "";
      let pen = false;
      sel.years.forEach(function (year, i) {
        const cell = sel.cells[category + "|" + year];
        if (!cell || cell.value === null) { pen = false; return; }
        path += (pen ? " L " : " M ") + x(i).toFixed(1) + " " + y(cell.value).toFixed(1);
        pen = true;
      });
      if (path) svg("path", color ? { d: path, class: "line", stroke: color } : { d: path, class: "line" }, group);
      sel.years.forEach(function (year, i) {
        const cell = sel.cells[category + "|" + year];
        if (!cell) return;
        if (cell.value === null) {
          // Not drawn as a point: the letter of the flag, in the series' colour, stacked above the axis.
          const mark = text(group, x(i) + (i === sel.years.length - 1 && sel.years.length > 1 ? -12 : 12), H - B - 8 - s * 16, flagLetter(cell.flag), { "text-anchor": "middle", class: "hidden-mark", style: "fill:" + (color || "#1b1b1b") });
          svg("title", {}, mark).textContent = label(sel.by, category) + ", " + year + ": " + shown(cell);
          return;
        }
        const dot = svg("circle", color ? { cx: x(i), cy: y(cell.value), r: 4.5, class: "dot", fill: color } : { cx: x(i), cy: y(cell.value), r: 5.5, class: "dot" }, group);
        svg("title", {}, dot).textContent = label(sel.by, category) + ", " + year + ": " + shown(cell);
      });
    });
    const legend = document.getElementById("legend");
    legend.textContent = "";
    series.forEach(function (category, s) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = category === sel.total ? "swatch total" : "swatch";
      if (category !== sel.total) swatch.style.background = PALETTE[(s - 1 + PALETTE.length) % PALETTE.length];
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(label(sel.by, category)));
      legend.appendChild(item);
    });
    legend.hidden = series.length < 2;
    const note = document.getElementById("legend-note");
    note.textContent = series.length < sel.categories.length ? format(t.chart_top, { n: series.length - 1 }) : "";
  }

  // A label in at most three lines of about `width` characters (the last one cut with an ellipsis).
  function wrap(words, width) {
    const lines = [""];
    words.split(" ").forEach(function (word) {
      const line = lines[lines.length - 1];
      if (line && (line + " " + word).length > width) lines.push(word);
      else lines[lines.length - 1] = line ? line + " " + word : word;
    });
    if (lines.length <= 3) return lines;
    const third = lines.slice(2).join(" ");
    return [lines[0], lines[1], third.slice(0, width - 1) + "…"];
  }

  function barChart(holder, sel, year) {
    const measure = state.measure;
    const bars = sel.categories.filter(function (c) { return c !== sel.total; }).map(function (c) {
      return { category: c, label: label(sel.by, c), cell: sel.cells[c + "|" + year] || null };
    });
    const figure = holder.closest("figure");
    figure.hidden = bars.length === 0;
    if (!bars.length) return;
    const summary = bars.map(function (b) { return b.label + ": " + (b.cell ? shown(b.cell) : "–"); }).join("; ");
    const W = chartWidth(holder), L = Math.min(200, Math.round(W * 0.42)), R = 60, T = 8;
    const wrapped = bars.map(function (b) { return wrap(b.label, Math.floor(L / 7.6)); });
    const most = Math.max.apply(null, wrapped.map(function (lines) { return lines.length; }));
    const rowH = Math.max(36, most * 15 + 10);
    const H = T * 2 + bars.length * rowH;
    const root = chartRoot(holder, W, H, summary);
    const top = niceScale(Math.max.apply(null, bars.map(function (b) { return (b.cell && b.cell.value) || 0; }).concat([0]))).top;
    svg("line", { x1: L, x2: L, y1: T, y2: H - T, class: "axis" }, root);
    bars.forEach(function (b, i) {
      const y0 = T + i * rowH;
      const lines = wrapped[i];
      lines.forEach(function (line, k) {
        text(root, L - 8, y0 + rowH / 2 + 4 + (k - (lines.length - 1) / 2) * 14, line, { "text-anchor": "end", class: "bar-label" });
      });
      const tip = b.label + ", " + year + ": " + (b.cell ? shown(b.cell) : "–");
      if (!b.cell) return;
      if (b.cell.value === null) {
        const box = svg("rect", { x: L + 1, y: y0 + rowH / 2 - 10, width: 48, height: 20, class: "hidden-bar" }, root);
        svg("title", {}, box).textContent = tip;
        text(root, L + 58, y0 + rowH / 2 + 4, flagLetter(b.cell.flag) + " · " + t.not_published, { class: "bar-value hidden-text" });
        return;
      }
      const w = Math.max(1, (b.cell.value / top) * (W - L - R));
      const bar = svg("rect", { x: L + 1, y: y0 + rowH / 2 - 11, width: w, height: 22, class: "bar" }, root);
      svg("title", {}, bar).textContent = tip;
      text(root, L + w + 6, y0 + rowH / 2 + 4, number(b.cell.value, measure), { class: "bar-value" });
    });
  }

  // ---- the table ----
  function cellContent(td, cell) {
    if (!cell) { td.textContent = "–"; td.dataset.missing = "1"; return; }
    td.dataset.value = cell.value === null ? "" : String(cell.value);
    td.dataset.flag = cell.flag;
    td.dataset.notes = cell.notes;
    if (cell.value === null) {
      const flag = document.createElement("span");
      flag.className = "flag";
      flag.textContent = flagLetter(cell.flag);
      flag.setAttribute("aria-hidden", "true");
      const said = document.createElement("span");
      said.className = "visually-hidden";
      said.textContent = t[cell.flag] || cell.flag;
      td.appendChild(flag);
      td.appendChild(said);
    } else {
      td.appendChild(document.createTextNode(number(cell.value, cell.measure)));
      if (cell.flag) {
        const flag = document.createElement("span");
        flag.className = "flag";
        flag.textContent = " " + flagLetter(cell.flag);
        td.appendChild(flag);
      }
    }
    cell.notes.split(";").filter(Boolean).forEach(function (id) {
      const sup = document.createElement("sup");
      sup.className = "fn";
      sup.textContent = id;
      td.appendChild(sup);
    });
  }

  function selectionWords() {
    const words = config.kind === "section" ? [label("iccs_code", state.iccs_code)] : [];
    words.push(label("measure", state.measure).toLowerCase());
    DIMS.forEach(function (dim) {
      if (dim !== state.by && state[dim] !== "_T" && ((config.datasets[state.dataset] || {}).dims || []).indexOf(dim) >= 0) {
        words.push(label(dim, state[dim]));
      }
    });
    return words.join(", ");
  }

  function table(sel) {
    const tableEl = document.getElementById("data-table");
    const head = tableEl.querySelector("thead");
    const body = tableEl.querySelector("tbody");
    head.textContent = "";
    body.textContent = "";
    document.getElementById("table-caption").textContent = format(t.table_caption, {
      what: label("dataset", state.dataset), selection: selectionWords(), dim: config.dimsLower[sel.by],
    });
    const tr = document.createElement("tr");
    [config.dims[sel.by]].concat(sel.years.map(String)).forEach(function (name, i) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      if (i) th.className = "num";
      tr.appendChild(th);
    });
    head.appendChild(tr);
    sel.categories.forEach(function (category) {
      const row = document.createElement("tr");
      row.dataset.code = category;
      if (category === sel.total) row.className = "total";
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label(sel.by, category);
      row.appendChild(th);
      sel.years.forEach(function (year) {
        const td = document.createElement("td");
        td.className = "num";
        td.dataset.year = String(year);
        cellContent(td, sel.cells[category + "|" + year]);
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    document.getElementById("status").textContent = sel.categories.length ? "" : t.no_data;
  }

  function csvOf(sel) {
    const quote = function (v) { const s = v === null || v === undefined ? "" : String(v); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    const header = FIELDS.concat(["year", "value", "flag", "footnotes"]);
    const lines = [header.join(",")];
    sel.categories.forEach(function (category) {
      sel.years.forEach(function (year) {
        const cell = sel.cells[category + "|" + year];
        if (!cell) return;
        lines.push(FIELDS.map(function (f) { return quote(cell[f]); }).concat([cell.year, cell.value === null ? "" : cell.value, quote(cell.flag), quote(cell.notes)]).join(","));
      });
    });
    return lines.join("\n") + "\n";
  }

  function downloads(sel) {
    const files = (config.datasets[state.dataset] || {}).downloads || {};
    [["dl-csv", files.csv], ["dl-xml", files.xml], ["dl-sdmx-csv", files.sdmx_csv]].forEach(function (pair) {
      const link = document.getElementById(pair[0]);
      link.parentElement.hidden = !pair[1];
      if (pair[1]) link.setAttribute("href", pair[1]);
    });
    const link = document.getElementById("dl-table");
    link.parentElement.hidden = false;
    if (tableUrl) URL.revokeObjectURL(tableUrl);
    tableUrl = URL.createObjectURL(new Blob([csvOf(sel)], { type: "text/csv" }));
    link.href = tableUrl;
    link.setAttribute("download", [state.dataset, state.iccs_code, state.by].join("_") + ".csv");
  }

  function metadata() {
    const entry = config.datasets[state.dataset] || {};
    document.getElementById("meta-unit").textContent = entry.unit || "";
    document.getElementById("meta-coverage").textContent = entry.coverage || "";
    document.getElementById("meta-source").textContent = entry.source || "";
    const holder = document.getElementById("definition");
    const offence = (config.iccs || {})[state.iccs_code];
    if (!holder || !offence) return;
    holder.textContent = "";
    const lead = document.createElement("p");
    const name = document.createElement("strong");
    name.textContent = label("iccs_code", state.iccs_code);
    lead.appendChild(name);
    if (offence.description) lead.appendChild(document.createTextNode(": " + offence.description));
    holder.appendChild(lead);
    [["includes", offence.includes], ["excludes", offence.excludes]].forEach(function (pair) {
      if (!pair[1] || !pair[1].length) return;
      const p = document.createElement("p");
      p.textContent = config.text[pair[0]] + ": " + pair[1].join("; ") + ".";
      holder.appendChild(p);
    });
  }

  function headline(sel) {
    const el = document.getElementById("headline");
    const last = sel.years[sel.years.length - 1];
    const cell = sel.cells[sel.total + "|" + last];
    if (!cell) { el.textContent = t.no_data; return; }
    const what = config.kind === "section" ? label("iccs_code", state.iccs_code) : state.dataset;
    let said = format(t.headline, { what: what, value: shown(cell), year: last });
    const before = sel.years.length > 1 ? sel.cells[sel.total + "|" + sel.years[sel.years.length - 2]] : null;
    if (before && before.value && cell.value !== null) {
      const change = (cell.value - before.value) / before.value;
      const key = Math.abs(change) < 0.0005 ? "change_same" : change > 0 ? "change_up" : "change_down";
      said += ", " + format(t[key], { pct: percent(change), year: before.year });
    }
    if (cell.value === null) {
      const published = sel.years.slice().reverse().map(function (y) { return sel.cells[sel.total + "|" + y]; })
        .find(function (c) { return c && c.value !== null; });
      if (published) said += "; " + format(t.latest_published, { value: number(published.value, published.measure), year: published.year });
    }
    el.textContent = said + ".";
  }

  function remember() {
    const params = new URLSearchParams();
    ["dataset", "iccs_code", "measure", "by", "year"].concat(DIMS).forEach(function (k) {
      if (state[k] !== undefined && state[k] !== "" && !(DIMS.indexOf(k) >= 0 && state[k] === "_T")) params.set(k, state[k]);
    });
    const hash = "#" + params.toString();
    history.replaceState(null, "", hash);
    const other = document.getElementById("lang-switch");
    other.setAttribute("href", other.getAttribute("href").split("#")[0] + hash);
  }

  let drawn = null;
  function charts(sel) {
    lineChart(document.getElementById("chart-series"), sel);
    barChart(document.getElementById("chart-by"), sel, state.year);
    drawn = { sel: sel, width: document.getElementById("chart-series").clientWidth };
  }

  function render() {
    settle();
    const sel = selection();
    const years = sel.years.slice().reverse();
    if (years.indexOf(Number(state.year)) < 0) state.year = years[0];
    state.year = Number(state.year);
    fill("year", years);
    const figure = document.getElementById("by-caption");
    figure.textContent = format(t.by_year, { dim: config.dimsLower[sel.by], year: state.year });
    headline(sel);
    charts(sel);
    table(sel);
    downloads(sel);
    metadata();
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("change", function (event) {
    const field = event.target.name;
    state[field] = field === "year" ? Number(event.target.value) : event.target.value;
    render();
    remember();
  });
  let pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      if (drawn && drawn.width !== document.getElementById("chart-series").clientWidth) charts(drawn.sel);
    }, 150);
  });
  render();
})();
