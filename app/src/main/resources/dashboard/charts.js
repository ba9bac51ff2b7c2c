// Small SVG line charts for the dashboard, written here so the page needs nothing from the internet.
// One function: SafeflowCharts.lineChart(container, spec) replaces the container's content with a chart.
"use strict";

const SafeflowCharts = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  // Okabe–Ito colours: distinguishable with the common kinds of colour blindness.
  const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
  const DASHES = { true: "6 4", dotted: "2 3" };
  const HEIGHT = 240;
  const MARGIN = { top: 12, right: 18, bottom: 34, left: 52 };

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }

  // Round step (1, 2 or 5 times a power of ten) giving about `count` ticks between min and max.
  function niceStep(span, count) {
    const raw = span / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const m = raw / power;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
  }

  // Time ticks fall on whole seconds, minutes or hours so labels read naturally.
  const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400]
    .map((s) => s * 1000);

  function ticks(min, max, count, time) {
    const span = max - min;
    const step = time
      ? (TIME_STEPS.find((s) => span / s <= count) || niceStep(span, count))
      : niceStep(span, count);
    const out = [];
    for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(v);
    return out;
  }

  function formatTime(ms) {
    const d = new Date(ms);
    return d.toISOString().substring(11, 19);
  }

  function formatNumber(v) {
    if (v === 0) return "0";
    const a = Math.abs(v);
    if (a >= 1000 || a < 0.01) return v.toExponential(1);
    return String(Math.round(v * 100) / 100);
  }

  // flatPad: how far to widen a single point or a flat line, so it sits inside the plot, not on an edge.
  function domain(values, fixedMin, fixedMax, flatPad) {
    let lo = fixedMin !== undefined ? fixedMin : Math.min(...values);
    let hi = fixedMax !== undefined ? Math.max(fixedMax, ...values) : Math.max(...values);
    if (hi === lo) {
      const pad = flatPad || (Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1);
      lo = fixedMin !== undefined ? lo : lo - pad;
      hi = hi + pad;
    }
    return [lo, hi];
  }

  /**
   * spec: { title, series: [{ name, points: [{ x, y }], dashed (true or "dotted"), group }], xLabel, yLabel,
   *         xTime (x is epoch ms), yMin, yMax (the axis reaches at least this), yUnit }
   */
  function lineChart(container, spec) {
    container.textContent = "";
    const series = spec.series.filter((s) => s.points.length > 0);
    const width = Math.max(320, container.clientWidth || 640);
    const xs = series.flatMap((s) => s.points.map((p) => p.x));
    const ys = series.flatMap((s) => s.points.map((p) => p.y));
    const [x0, x1] = domain(xs, undefined, undefined, spec.xTime ? 30000 : 1);
    const [y0, yTop] = domain(ys, spec.yMin, spec.yMax);
    // Round the top up to a tick, so the highest gridline is labelled and the data never touches the frame.
    const yStep = niceStep(yTop - y0, 5);
    const y1 = Math.ceil(yTop / yStep - 1e-9) * yStep;
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const sx = (x) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
    const sy = (y) => MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH;

    const svg = el("svg", {
      viewBox: `0 0 ${width} ${HEIGHT}`, width: "100%", height: HEIGHT, role: "img",
      "aria-label": summary(spec, series), "data-chart": spec.id || "", class: "chart-svg",
    }, container);
    el("title", {}, svg).textContent = spec.title;

    const grid = el("g", { class: "grid" }, svg);
    for (const t of ticks(y0, y1, 5, false)) {
      el("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: sy(t), y2: sy(t) }, grid);
      el("text", { x: MARGIN.left - 6, y: sy(t) + 4, "text-anchor": "end", class: "tick" }, grid)
        .textContent = formatNumber(t) + (spec.yUnit || "");
    }
    for (const t of ticks(x0, x1, Math.max(3, Math.floor(plotW / 80)), spec.xTime)) {
      el("line", { x1: sx(t), x2: sx(t), y1: MARGIN.top, y2: MARGIN.top + plotH, class: "vgrid" }, grid);
      el("text", { x: sx(t), y: HEIGHT - MARGIN.bottom + 16, "text-anchor": "middle", class: "tick" }, grid)
        .textContent = spec.xTime ? formatTime(t) : formatNumber(t);
    }
    el("text", { x: MARGIN.left + plotW / 2, y: HEIGHT - 4, "text-anchor": "middle", class: "axis-label" }, svg)
      .textContent = spec.xLabel;
    el("text", { x: 12, y: MARGIN.top + plotH / 2, "text-anchor": "middle", class: "axis-label",
      transform: `rotate(-90 12 ${MARGIN.top + plotH / 2})` }, svg).textContent = spec.yLabel;

    const colour = colours(series);
    series.forEach((s) => {
      const g = el("g", { class: "series", "data-series": s.name }, svg);
      const pts = [...s.points].sort((a, b) => a.x - b.x);
      const d = pts.map((p, j) => `${j === 0 ? "M" : "L"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
      el("path", { d, class: "series-line", stroke: colour(s), "stroke-dasharray": DASHES[s.dashed] || "none" }, g);
      for (const p of pts) {
        const c = el("circle", { cx: sx(p.x), cy: sy(p.y), r: 3.5, fill: colour(s), class: "series-point",
          "data-x": p.x, "data-y": p.y }, g);
        el("title", {}, c).textContent =
          `${s.name}: ${formatNumber(p.y)}${spec.yUnit || ""} at ${spec.xTime ? formatTime(p.x) : spec.xLabel + " " + p.x}`;
      }
    });
    container.appendChild(legend(series, colour));
  }

  // Series of one group (one run, one source) share a colour across charts; dashes tell figures apart.
  function colours(series) {
    const groups = [...new Set(series.map((s) => s.group || s.name))].sort();
    return (s) => PALETTE[groups.indexOf(s.group || s.name) % PALETTE.length];
  }

  function legend(series, colour) {
    const list = document.createElement("ul");
    list.className = "legend";
    series.forEach((s) => {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch" + (s.dashed === "dotted" ? " dotted" : s.dashed ? " dashed" : "");
      swatch.style.borderColor = colour(s);
      swatch.setAttribute("aria-hidden", "true");
      item.append(swatch, document.createTextNode(s.name));
      list.appendChild(item);
    });
    return list;
  }

  // Screen readers get the latest value of every series instead of a picture.
  function summary(spec, series) {
    const latest = series.map((s) => {
      const last = s.points.reduce((a, b) => (b.x > a.x ? b : a));
      return `${s.name} ${formatNumber(last.y)}${spec.yUnit || ""}`;
    });
    return `${spec.title}: ${series.length} series; latest ${latest.join(", ")}`;
  }

  return { lineChart, ticks, formatTime };
})();
