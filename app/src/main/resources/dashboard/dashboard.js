// The dashboard page: renders /api/state, then every snapshot /api/events pushes.
// All text from the topics goes in with textContent, never as HTML: records are untrusted input.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function time(ms) {
    return ms ? new Date(ms).toISOString().replace("T", " ").substring(0, 19) + "Z" : "";
  }

  function chip(text, className) {
    const span = document.createElement("span");
    span.className = "chip " + (className || "");
    span.textContent = text;
    return span;
  }

  // Shows the panel's "waiting for data" line while it has nothing to show, and hides the empty widget.
  function waiting(id, empty) {
    const note = document.querySelector(`.waiting[data-for="${id}"]`);
    note.hidden = !empty;
    $(id).hidden = empty;
  }

  function renderFeed(feed) {
    const p = $("feed");
    p.dataset.status = feed.status;
    p.textContent = feed.message;
  }

  function renderRates(series) {
    waiting("rates-chart", series.length === 0);
    if (series.length === 0) return;
    SafeflowCharts.lineChart($("rates-chart"), {
      id: "rates", title: "Quarantine rate per source", xTime: true, xLabel: "window end (UTC)",
      yLabel: "quarantined %", yUnit: "%", yMin: 0, yMax: 10,
      series: series.map((s) => ({
        name: s.source + (s.blocked ? " (blocked)" : ""), group: s.source,
        points: s.points.map((p) => ({ x: p.windowEnd, y: p.rate * 100 })),
      })),
    });
  }

  // One series per run and figure, so an SFT run and a SAP run can be compared on the same axes.
  function perRun(checkpoints, field, label, dashed) {
    const runs = new Map();
    for (const c of checkpoints) {
      if (c[field] === null || c[field] === undefined || c.step === null) continue;
      if (!runs.has(c.runId)) runs.set(c.runId, []);
      runs.get(c.runId).push({ x: c.step, y: c[field] });
    }
    return [...runs].map(([run, points]) => ({ name: `${label} · ${run}`, points, dashed, group: run }));
  }

  function renderCheckpoints(checkpoints) {
    const loss = [...perRun(checkpoints, "taskLoss", "task loss", false),
      ...perRun(checkpoints, "contrastiveLoss", "contrastive loss", true)];
    waiting("loss-chart", loss.length === 0);
    if (loss.length > 0) {
      SafeflowCharts.lineChart($("loss-chart"), {
        id: "loss", title: "Training loss per checkpoint", xLabel: "step", yLabel: "loss", yMin: 0, series: loss,
      });
    }
    const safety = [...perRun(checkpoints, "harmful", "harmful score", false),
      ...perRun(checkpoints, "utility", "utility", true), ...perRun(checkpoints, "attack", "attack harmful score", "dotted")];
    waiting("safety-chart", safety.length === 0);
    if (safety.length > 0) {
      SafeflowCharts.lineChart($("safety-chart"), {
        id: "safety", title: "Harmful score and utility per checkpoint", xLabel: "step", yLabel: "percent",
        yUnit: "%", yMin: 0, yMax: 100, series: safety,
      });
    }
  }

  function renderBlocked(blocks) {
    const list = $("blocked-list");
    list.textContent = "";
    waiting("blocked-list", blocks.length === 0);
    for (const b of blocks) {
      const li = document.createElement("li");
      li.className = b.blocked ? "blocked" : "lifted";
      const name = document.createElement("strong");
      name.textContent = b.source;
      li.append(chip(b.blocked ? "blocked" : "unblocked", b.blocked ? "bad" : "ok"), " ", name,
        document.createTextNode(` — ${b.reason || "no reason given"} (${b.actor || "unknown"}, ${time(b.at)})`));
      list.appendChild(li);
    }
  }

  function renderAlerts(alerts) {
    const list = $("alerts-list");
    list.textContent = "";
    waiting("alerts-list", alerts.length === 0);
    for (const a of alerts) {
      const li = document.createElement("li");
      li.append(chip(a.severity, a.severity === "INFO" ? "ok" : "bad"), " ",
        document.createTextNode(`${a.message} (${a.kind}, ${a.subject}, ${time(a.createdAt)})`));
      list.appendChild(li);
    }
  }

  function renderDecisions(decisions) {
    const body = $("decisions-table").tBodies[0];
    body.textContent = "";
    waiting("decisions-table", decisions.length === 0);
    for (const d of decisions) {
      const tr = body.insertRow();
      tr.className = d.decision === "PROMOTED" ? "promoted" : "rejected";
      cell(tr, time(d.decidedAt), "nowrap");
      cell(tr, d.runId);
      cell(tr, d.checkpointId, "mono");
      cell(tr, "").appendChild(chip(d.decision, d.decision === "PROMOTED" ? "ok" : "bad"));
      cell(tr, d.reasons.join("; "));
      cell(tr, d.rollbackRequested ? `to ${d.rollbackTo || "last promoted"}` : "");
    }
  }

  function renderQuarantined(records) {
    const body = $("quarantined-table").tBodies[0];
    body.textContent = "";
    waiting("quarantined-table", records.length === 0);
    for (const r of records) {
      const tr = body.insertRow();
      cell(tr, time(r.auditedAt), "nowrap");
      cell(tr, r.source);
      const reasons = cell(tr, "");
      r.reasons.forEach((reason) => reasons.append(chip(reason, "bad"), " "));
      const turn = cell(tr, r.firstUserTurn || "(empty)", r.firstUserTurn ? "turn" : "turn empty");
      turn.title = r.id;
    }
  }

  function renderSeen(seen) {
    const parts = Object.entries(seen).map(([kind, n]) => `${kind} ${n}`);
    $("seen").textContent = parts.length ? "Records read: " + parts.join(" · ") : "No records read yet.";
  }

  function render(state) {
    renderFeed(state.feed);
    renderRates(state.quarantineRate);
    renderCheckpoints(state.checkpoints);
    renderBlocked(state.blockedSources);
    renderAlerts(state.alerts);
    renderDecisions(state.decisions);
    renderQuarantined(state.recentQuarantined);
    renderSeen(state.seen);
    // Lets tests (and curious people) see which snapshot the page shows.
    document.body.dataset.version = String(state.version);
  }

  function lost(message) {
    const p = $("feed");
    p.dataset.status = "disconnected";
    p.textContent = message;
  }

  async function poll() {
    try {
      const response = await fetch("/api/state", { cache: "no-store" });
      render(await response.json());
    } catch (e) {
      lost("Cannot reach the dashboard server; retrying. Is 'safeflow dashboard' still running?");
    }
  }

  // The first render comes from a plain request, so the page is complete even before the stream opens.
  poll().then(() => {
    if (!window.EventSource || new URLSearchParams(location.search).has("poll")) {
      setInterval(poll, 1000);
      return;
    }
    const events = new EventSource("/api/events");
    events.addEventListener("state", (e) => render(JSON.parse(e.data)));
    // EventSource reconnects by itself; the header says so meanwhile.
    events.onerror = () => lost("Lost the live connection to the dashboard server; reconnecting…");
  });
  window.addEventListener("resize", () => poll());
})();
