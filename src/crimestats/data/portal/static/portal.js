// crimestats portal: filters, an SVG time series, an SVG breakdown chart and the table alternative.
(function () {
  "use strict";
  var page = JSON.parse(document.getElementById("page-data").textContent);
  var t = page.text;
  var rows = page.rows;
  var form = document.getElementById("filters");
  var FIELDS = ["dataset", "measure", "iccs_code", "area", "sex", "age", "attempt", "citizenship", "status", "year"];

  function unique(field, list) {
    var seen = {}, out = [];
    list.forEach(function (r) { if (!(r[field] in seen)) { seen[r[field]] = 1; out.push(r[field]); } });
    return out.sort(function (a, b) { return a === "_T" ? -1 : b === "_T" ? 1 : String(a) < String(b) ? -1 : 1; });
  }
  function label(field, code) {
    if (field === "dataset") return page.datasets[code] || code;
    if (field === "iccs_code") return code + " " + (page.iccs[code] || "");
    return (page.codes[field] && page.codes[field][code]) || String(code);
  }
  function current(field) { var el = form.elements[field]; return el ? el.value : null; }
  function fill(field, options, keep) {
    var el = form.elements[field];
    if (!el) return;
    var before = keep || el.value;
    el.innerHTML = "";
    options.forEach(function (code) {
      var o = document.createElement("option");
      o.value = code; o.textContent = label(field, code);
      el.appendChild(o);
    });
    if (options.indexOf(before) >= 0) el.value = before;
    else if (options.indexOf("_T") >= 0) el.value = "_T";
    el.parentElement.hidden = options.length < 2 && field !== "dataset";
  }
  function matching(except) {
    return rows.filter(function (r) {
      return FIELDS.every(function (f) {
        if (f === except || f === "year" || !form.elements[f]) return true;
        return String(r[f]) === String(current(f));
      });
    });
  }
  function refreshOptions() {
    FIELDS.forEach(function (f) {
      if (f === "year" || !form.elements[f]) return;
      var upstream = rows.filter(function (r) {
        return FIELDS.slice(0, FIELDS.indexOf(f)).every(function (g) {
          return g === "year" || !form.elements[g] || String(r[g]) === String(current(g));
        });
      });
      fill(f, unique(f, upstream));
    });
    fill("year", unique("year", rows).reverse());
  }
  function fmt(v, measure) {
    if (v === null || v === undefined) return "";
    var d = measure === "rate" ? 2 : (Math.abs(v - Math.round(v)) > 1e-9 ? 1 : 0);
    return Number(v).toLocaleString(page.lang, {minimumFractionDigits: d, maximumFractionDigits: d});
  }
  function flagText(r) { return r.flag ? t[r.flag] : ""; }
  function svg(tag, attrs, parent) {
    var el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }
  function text(parent, x, y, s, anchor) {
    var el = svg("text", {x: x, y: y, "text-anchor": anchor || "middle"}, parent);
    el.textContent = s;
    return el;
  }
  function lineChart(holder, points, measure) {
    holder.innerHTML = "";
    var W = 480, H = 260, L = 70, B = 40, T = 20;
    var s = svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-labelledby": holder.id + "-title"}, holder);
    var title = svg("title", {id: holder.id + "-title"}, s);
    title.textContent = t.series + ": " + points.map(function (p) { return p.year + " " + (p.value === null ? t.notshown : fmt(p.value, measure)); }).join(", ");
    var vals = points.filter(function (p) { return p.value !== null; }).map(function (p) { return p.value; });
    var max = Math.max.apply(null, vals.concat([1])) * 1.1;
    svg("line", {x1: L, y1: H - B, x2: W - 10, y2: H - B, class: "axis"}, s);
    svg("line", {x1: L, y1: T, x2: L, y2: H - B, class: "axis"}, s);
    [0, 0.5, 1].forEach(function (f) { text(s, L - 6, H - B - f * (H - B - T) + 4, fmt(max * f, measure), "end"); });
    var step = points.length > 1 ? (W - L - 40) / (points.length - 1) : 0;
    var d = "";
    points.forEach(function (p, i) {
      var x = L + 20 + i * step;
      text(s, x, H - B + 18, String(p.year));
      if (p.value === null) { text(s, x, H - B - 8, t.notshown); return; }
      var y = H - B - (p.value / max) * (H - B - T);
      d += (d ? " L " : "M ") + x + " " + y;
      svg("circle", {cx: x, cy: y, r: 4, class: "dot"}, s);
      text(s, x, y - 8, fmt(p.value, measure));
    });
    if (d) svg("path", {d: d, class: "line"}, s);
  }
  function barChart(holder, bars, measure) {
    holder.innerHTML = "";
    var W = 480, rowH = 26, L = 150, H = Math.max(60, bars.length * rowH + 20);
    var s = svg("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-labelledby": holder.id + "-title"}, holder);
    var title = svg("title", {id: holder.id + "-title"}, s);
    title.textContent = bars.map(function (b) { return b.label + " " + (b.value === null ? t.notshown : fmt(b.value, measure)); }).join(", ");
    var max = Math.max.apply(null, bars.map(function (b) { return b.value || 0; }).concat([1]));
    bars.forEach(function (b, i) {
      var y = 10 + i * rowH;
      text(s, L - 6, y + 15, b.label.length > 24 ? b.label.slice(0, 23) + "…" : b.label, "end");
      if (b.value === null) {
        svg("rect", {x: L, y: y + 3, width: 60, height: rowH - 8, class: "hidden-bar"}, s);
        text(s, L + 66, y + 16, t.notshown, "start");
      } else {
        var w = (b.value / max) * (W - L - 70);
        svg("rect", {x: L, y: y + 3, width: Math.max(1, w), height: rowH - 8, class: "bar"}, s);
        text(s, L + w + 4, y + 16, fmt(b.value, measure), "start");
      }
    });
  }
  function render() {
    var measure = current("measure");
    var series = matching("year").sort(function (a, b) { return a.year - b.year; });
    lineChart(document.getElementById("chart-series"), series.map(function (r) { return {year: r.year, value: r.value}; }), measure);
    var by = form.elements.by.value;
    var year = Number(current("year"));
    var split = rows.filter(function (r) {
      return r.year === year && r[by] !== "_T" && FIELDS.every(function (f) {
        return f === by || f === "year" || !form.elements[f] || String(r[f]) === String(current(f));
      });
    });
    if (by === "iccs_code") {
      var parent = current("iccs_code");
      split = rows.filter(function (r) {
        return r.year === year && page.parents[r.iccs_code] === parent && FIELDS.every(function (f) {
          return f === "iccs_code" || f === "year" || !form.elements[f] || String(r[f]) === String(current(f));
        });
      });
    }
    document.getElementById("by-caption").textContent = t.by + " " + t.dims[by] + ", " + year;
    barChart(document.getElementById("chart-by"), split.map(function (r) { return {label: label(by, r[by]), value: r.value}; }), measure);
    var body = document.querySelector("#data-table tbody");
    body.innerHTML = "";
    var shown = series.concat(split);
    shown.forEach(function (r) {
      var tr = document.createElement("tr");
      [r.year, label("area", r.area), label("iccs_code", r.iccs_code), label("sex", r.sex), label("age", r.age)].forEach(function (v) {
        var td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
      });
      var tv = document.createElement("td"); tv.className = "num"; tv.textContent = fmt(r.value, measure); tr.appendChild(tv);
      var tf = document.createElement("td"); tf.className = "flag"; tf.textContent = flagText(r); tr.appendChild(tf);
      var tn = document.createElement("td"); tn.textContent = (r.footnotes || "").split(";").filter(Boolean).join(", "); tr.appendChild(tn);
      body.appendChild(tr);
    });
    document.getElementById("status").textContent = t.showing + " " + shown.length;
  }
  form.addEventListener("change", function (e) {
    if (e.target.name !== "by" && e.target.name !== "year") refreshOptions();
    render();
  });
  refreshOptions();
  render();
})();
