// Saccade live view: renders the board's state (inlined in the page, then pushed over Server-Sent Events).
(function () {
  "use strict";
  const tiles = new Map();

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function stageClass(stage) {
    if (!stage) return "";
    if (stage.startsWith("focus")) return "stage-focus";
    return "stage-" + stage;
  }

  function fmt(v, digits) {
    return v === null || v === undefined ? "–" : Number(v).toFixed(digits);
  }

  function tileFor(s) {
    let t = tiles.get(s.streamId);
    if (t) return t;
    const root = el("article", "tile");
    root.id = "tile-" + s.streamId;
    root.dataset.stream = s.streamId;
    const head = el("div", "head");
    head.append(el("span", "sid", s.streamId));
    const meta = el("span", "meta");
    head.append(meta);
    const frame = el("div", "frame");
    const img = el("img");
    img.alt = "newest frame of " + s.streamId + " with its newest decision drawn over it";
    const nofr = el("div", "nofr", "no frame yet");
    frame.append(img, nofr);
    const caption = el("div", "caption");
    const label = el("span", "label", "…");
    const conf = el("span", "conf");
    const stage = el("span", "pill");
    caption.append(label, conf, stage);
    const extra = el("div", "extra");
    const strip = el("div", "strip");
    strip.title = "recent labels, oldest first";
    root.append(head, frame, caption, extra, strip);
    document.getElementById("tiles").append(root);
    t = { root, meta, img, nofr, label, conf, stage, extra, strip, shown: null, wanted: null, loading: false };
    img.addEventListener("load", () => { t.loading = false; nofr.style.display = "none"; load(t); });
    img.addEventListener("error", () => { t.loading = false; });
    tiles.set(s.streamId, t);
    return t;
  }

  // one snapshot request at a time per tile; when it lands, fetch the newest if the state moved on meanwhile
  function load(t) {
    if (t.loading || t.wanted === t.shown) return;
    t.shown = t.wanted;
    t.loading = true;
    t.img.src = "/api/streams/" + encodeURIComponent(t.root.dataset.stream) + "/snapshot.jpg?k=" + encodeURIComponent(t.shown);
  }

  function renderTile(s) {
    const t = tileFor(s);
    const e = s.lastEvent;
    t.meta.textContent = fmt(s.framesPerSecond, 1) + " fps · lag " + (s.lagMs === null ? "–" : (s.lagMs / 1000).toFixed(1) + " s")
      + " · " + s.events + " clips";
    if (s.lastFrameSequence !== null) {
      t.wanted = s.lastFrameSequence + "/" + (e ? e.clipId : "-");
      load(t);
    }
    if (e) {
      t.label.textContent = e.label;
      t.conf.textContent = fmt(e.confidence, 2);
      t.stage.textContent = e.stage + (e.degraded ? " (degraded)" : "");
      t.stage.className = "pill " + stageClass(e.stage);
      const bits = [e.clipId, "frames " + e.firstSequence + "–" + e.lastSequence,
        e.patches.length + " patch" + (e.patches.length === 1 ? "" : "es"),
        fmt(e.gmacs, 3) + " / " + fmt(e.denseGmacs, 3) + " GMACs"];
      if (e.patches.length && e.patches.some(p => p.level >= 0)) {
        bits.push("levels " + [...new Set(e.patches.filter(p => p.level >= 0).map(p => p.level))].sort().join(","));
      }
      const tiles = changedTiles(e.changedTiles);
      if (tiles !== null) bits.push(tiles + " changed tile" + (tiles === 1 ? "" : "s"));
      if (e.detections && e.detections.length) bits.push(e.detections.length + " detection" + (e.detections.length === 1 ? "" : "s"));
      if (e.counts && Object.keys(e.counts).length) bits.push(Object.entries(e.counts).map(([k, v]) => k + " " + v).join(", "));
      t.extra.textContent = bits.join(" · ");
    } else {
      t.label.textContent = "no decision yet";
    }
    t.strip.replaceChildren(...(s.recent || []).map(r => {
      const chip = el("span", stageClass(r.stage), r.label);
      chip.title = r.clipId + ": " + r.label + " " + r.confidence + " at " + r.stage;
      return chip;
    }));
  }

  // tiles that changed anywhere in the clip: the union of the per-frame bitmasks (base64 in the JSON)
  function changedTiles(ct) {
    if (!ct || !ct.frames) return null;
    const any = new Set();
    ct.frames.forEach(f => {
      const bytes = atob(f.changed);
      for (let t = 0; t < ct.columns * ct.rows && (t >> 3) < bytes.length; t++) {
        if (bytes.charCodeAt(t >> 3) & (1 << (t & 7))) any.add(t);
      }
    });
    return any.size;
  }

  function pills(container, counts, classer) {
    container.replaceChildren(...Object.entries(counts).map(([k, v]) => {
      const p = el("span", "pill " + (classer ? classer(k) : ""), k);
      p.append(el("b", null, String(v)));
      return p;
    }));
  }

  function render(state) {
    if (!state) return;
    const tot = state.totals;
    document.getElementById("t-streams").textContent = tot.streams;
    document.getElementById("t-events").textContent = tot.events;
    document.getElementById("t-fps").textContent = fmt(tot.framesPerSecond, 1);
    document.getElementById("t-gmacs").textContent = fmt(tot.gmacsPerClip, 3);
    document.getElementById("t-dense").textContent = fmt(tot.denseGmacsPerClip, 3);
    document.getElementById("t-saving").textContent = tot.saving ? "(" + tot.saving.toFixed(1) + "x less)" : "";
    const share = tot.denseGmacsPerClip > 0 ? Math.min(100, 100 * tot.gmacsPerClip / tot.denseGmacsPerClip) : 0;
    document.getElementById("t-gmacs-bar").style.width = Math.max(share, tot.gmacsPerClip > 0 ? 0.5 : 0) + "%";
    document.getElementById("t-dead").textContent = tot.deadLetters;
    document.getElementById("t-lag").textContent = tot.maxLagMs === null ? "–" : (tot.maxLagMs / 1000).toFixed(1) + " s";
    pills(document.getElementById("t-stages"), tot.eventsByStage, stageClass);
    pills(document.getElementById("t-labels"), tot.eventsByLabel);
    state.streams.forEach(renderTile);
    document.getElementById("empty").style.display = state.streams.length ? "none" : "block";
  }

  function connect() {
    const status = document.getElementById("connection");
    if (!window.EventSource) {
      status.textContent = "no Server-Sent Events in this browser: polling";
      setInterval(() => fetch("/api/state").then(r => r.json()).then(render), 1000);
      return;
    }
    const source = new EventSource("/api/live");
    source.addEventListener("state", m => {
      status.textContent = "live";
      status.className = "connection live";
      render(JSON.parse(m.data));
    });
    // the server ends each response after a few seconds and the browser reconnects by itself
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        status.textContent = "disconnected";
        status.className = "connection down";
      }
    });
  }

  render(window.SACCADE_STATE);
  connect();
})();
