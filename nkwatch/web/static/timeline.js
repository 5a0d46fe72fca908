// The timeline page: events per month (/api/timeline, by type or by sector) drawn with uPlot.
// Dragging across the chart picks a period and lists its events (/api/events) below; the small
// since/until form does the same without a mouse. Event texts come from third-party documents,
// so the list is built from DOM nodes with textContent, never from markup.
(function () {
  "use strict";
  var holder = document.getElementById("timeline");
  if (!holder || typeof uPlot === "undefined") { return; }
  var bySelect = document.getElementById("timeline-by");
  var listBox = document.getElementById("timeline-events");
  var periodForm = document.getElementById("timeline-period");
  var sinceInput = document.getElementById("timeline-since");
  var untilInput = document.getElementById("timeline-until");
  var LIMIT = 200;

  // Sector colours as on the map (map.js); event types take colours from a fixed cycle.
  var SECTORS = {
    military: "#c0392b", light_industry: "#e67e22", heavy_industry: "#7f4f24", mining: "#6d6875",
    energy: "#f1c40f", housing: "#2e86de", tourism: "#16a085", health: "#e84393",
    agriculture: "#27ae60", fisheries: "#00a8b5", transport: "#34495e",
    science_education: "#8e44ad", trade: "#b8860b", other: "#7f8c8d"
  };
  var CYCLE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
               "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39",
               "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363"];

  function colourOf(by, name, i) {
    if (by === "sector" && Object.prototype.hasOwnProperty.call(SECTORS, name)) { return SECTORS[name]; }
    return CYCLE[i % CYCLE.length];
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  var status = el("p", null, "meta");
  status.setAttribute("role", "status");
  holder.parentNode.insertBefore(status, holder);
  function say(node, text, isError) {
    node.textContent = text;
    node.classList.toggle("error", Boolean(isError));
  }

  // -- months <-> timestamps (uPlot's x is seconds; months are taken in UTC) -----------------

  function monthToTs(m) {
    var parts = m.split("-");
    return Date.UTC(Number(parts[0]), Number(parts[1]) - 1, 1) / 1000;
  }
  function tsToMonth(ts) {
    var d = new Date(ts * 1000);
    var mm = d.getUTCMonth() + 1;
    return d.getUTCFullYear() + "-" + (mm < 10 ? "0" : "") + mm;
  }

  // -- the chart ---------------------------------------------------------------------------

  var chart = null;
  var xs = [];

  function width() { return Math.max(320, holder.clientWidth || 800); }

  // The months whose points lie inside the dragged span; a span between two points takes the
  // nearest month.
  function brushed(u) {
    var sel = u.select;
    if (!sel || sel.width < 2 || !xs.length) { return null; }
    var from = u.posToVal(sel.left, "x");
    var to = u.posToVal(sel.left + sel.width, "x");
    var inside = xs.filter(function (x) { return x >= from && x <= to; });
    if (!inside.length) {
      var mid = (from + to) / 2;
      inside = [xs.reduce(function (best, x) { return Math.abs(x - mid) < Math.abs(best - mid) ? x : best; })];
    }
    return { since: tsToMonth(inside[0]), until: tsToMonth(inside[inside.length - 1]) };
  }

  function draw(data, by) {
    if (chart) { chart.destroy(); chart = null; }
    holder.replaceChildren();
    var months = data.months || [];
    var names = Object.keys(data.series || {});
    if (!months.length || !names.length) {
      say(status, "No dated events yet.");
      return;
    }
    xs = months.map(monthToTs);
    var series = [{ label: "month", value: function (u, v) { return v == null ? "--" : tsToMonth(v); } }];
    var columns = [xs];
    names.forEach(function (name, i) {
      var c = colourOf(by, name, i);
      series.push({ label: name.replace(/_/g, " "), stroke: c, width: 2,
                    points: { show: true, size: 6, fill: c }, value: function (u, v) { return v == null ? "--" : v; } });
      columns.push(data.series[name]);
    });
    var total = 0;
    names.forEach(function (n) { data.series[n].forEach(function (v) { total += v || 0; }); });
    var opts = {
      width: width(),
      height: 300,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
      cursor: { drag: { x: true, y: false, setScale: false } },
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      axes: [{
        // One tick per month (every k-th month when they do not fit), labelled YYYY-MM.
        splits: function (u) {
          var room = Math.max(1, Math.floor(u.bbox.width / (window.devicePixelRatio || 1) / 64));
          var k = Math.max(1, Math.ceil(xs.length / room));
          return xs.filter(function (x, i) { return i % k === 0; });
        },
        values: function (u, splits) { return splits.map(tsToMonth); }
      }, { label: "events", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] }],
      series: series,
      hooks: {
        setSelect: [function (u) {
          var period = brushed(u);
          if (!period) { return; }
          if (sinceInput) { sinceInput.value = period.since; }
          if (untilInput) { untilInput.value = period.until; }
          listEvents(period.since, period.until);
        }]
      }
    };
    chart = new uPlot(opts, columns, holder);
    say(status, total + (total === 1 ? " dated event" : " dated events") + " over " + months.length +
        (months.length === 1 ? " month" : " months") + ", by " + by + ".");
  }

  var chartSeq = 0;
  function loadChart() {
    var by = bySelect && bySelect.value === "sector" ? "sector" : "type";
    var mine = ++chartSeq;
    delete document.body.dataset.timelineReady;
    say(status, "Loading…");
    return fetch("/api/timeline?by=" + encodeURIComponent(by), { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error("timeline: HTTP " + r.status); }
        return r.json();
      })
      .then(function (data) {
        if (mine !== chartSeq) { return; }
        draw(data, by);
        document.body.dataset.timelineReady = "1";
      })
      .catch(function (err) {
        if (mine !== chartSeq) { return; }
        say(status, String(err.message || err), true);
      });
  }

  if (bySelect) { bySelect.addEventListener("change", loadChart); }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (chart) { chart.setSize({ width: width(), height: 300 }); } }, 100);
  });

  // -- the events of a period ------------------------------------------------------------------

  function placeText(place) {
    if (!place) { return ""; }
    return [place.county, place.province].filter(Boolean).join(", ");
  }

  function renderList(events, since, until) {
    var head = el("h2");
    var span = since && until ? (since === until ? since : since + " to " + until)
      : since ? "from " + since : until ? "until " + until : "all dates";
    head.textContent = (events.length >= LIMIT ? "The first " + LIMIT : events.length) +
      (events.length === 1 ? " event, " : " events, ") + span;
    var nodes = [head];
    if (events.length) {
      var table = el("table", null, "timeline-table");
      var thead = el("thead");
      var hr = el("tr");
      ["date", "type", "place", "facility"].forEach(function (h) { hr.appendChild(el("th", h)); });
      thead.appendChild(hr);
      table.appendChild(thead);
      var tbody = el("tbody");
      events.forEach(function (e) {
        var tr = el("tr");
        tr.appendChild(el("td", e.date || "undated"));
        tr.appendChild(el("td", String(e.type || "").replace(/_/g, " ")));
        tr.appendChild(el("td", placeText(e.place)));
        var td = el("td");
        var a = el("a", e.facility || "(no facility)");
        a.href = "/events/" + encodeURIComponent(e.id);
        td.appendChild(a);
        tr.appendChild(td);
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      nodes.push(table);
    }
    listBox.replaceChildren.apply(listBox, nodes);
  }

  var listSeq = 0;
  function listEvents(since, until) {
    if (!listBox) { return Promise.resolve(); }
    var mine = ++listSeq;
    delete document.body.dataset.listReady;
    var q = new URLSearchParams();
    if (since) { q.set("since", since); }
    if (until) { q.set("until", until); }
    q.set("limit", String(LIMIT));
    return fetch("/api/events?" + q.toString(), { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error("events: HTTP " + r.status); }
        return r.json();
      })
      .then(function (events) {
        if (mine !== listSeq) { return; }
        renderList(events || [], since, until);
        document.body.dataset.listReady = "1";
      })
      .catch(function (err) {
        if (mine !== listSeq) { return; }
        var p = el("p", null, "error");
        say(p, String(err.message || err), true);
        listBox.replaceChildren(p);
      });
  }

  if (periodForm) {
    periodForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var since = sinceInput ? sinceInput.value.trim() : "";
      var until = untilInput ? untilInput.value.trim() : "";
      if (chart) { chart.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false); }
      listEvents(since, until);
    });
  }

  loadChart();
}());
