// The map page: province outlines (Natural Earth, shipped in the package) and one circle per
// place and sector from /api/map, sized by the number of events and coloured by sector.
// No tile layer (there is no tile server). Event texts come from third-party documents, so
// every piece of data goes into the page through textContent or attributes, never as markup.
(function () {
  "use strict";
  var container = document.getElementById("map");
  if (!container || typeof L === "undefined") { return; }
  var form = document.getElementById("map-filters");
  var list = document.getElementById("map-list");

  // One fixed colour per sector of nkwatch.model.SECTORS (the timeline uses the same colours).
  var PALETTE = {
    military: "#c0392b",
    light_industry: "#e67e22",
    heavy_industry: "#7f4f24",
    mining: "#6d6875",
    energy: "#f1c40f",
    housing: "#2e86de",
    tourism: "#16a085",
    health: "#e84393",
    agriculture: "#27ae60",
    fisheries: "#00a8b5",
    transport: "#34495e",
    science_education: "#8e44ad",
    trade: "#b8860b",
    other: "#7f8c8d"
  };
  var FALLBACK = "#95a5a6";
  var NK_BOUNDS = L.latLngBounds([37.6, 124.2], [43.0, 130.7]);

  function colour(sector) {
    return Object.prototype.hasOwnProperty.call(PALETTE, sector) ? PALETTE[sector] : FALLBACK;
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function swatch(sector) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", "12");
    svg.setAttribute("height", "12");
    svg.setAttribute("class", "nk-swatch");
    svg.setAttribute("aria-hidden", "true");
    var dot = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    dot.setAttribute("cx", "6");
    dot.setAttribute("cy", "6");
    dot.setAttribute("r", "5");
    dot.setAttribute("fill", colour(sector));
    svg.appendChild(dot);
    return svg;
  }

  var map = L.map(container, {
    zoomSnap: 0.25, minZoom: 5, maxZoom: 12, attributionControl: true,
    maxBounds: NK_BOUNDS.pad(0.6)
  });
  map.attributionControl.setPrefix("Leaflet");
  map.createPane("nk-provinces").style.zIndex = "350";
  map.createPane("nk-markers").style.zIndex = "450";
  map.fitBounds(NK_BOUNDS);
  window.addEventListener("resize", function () { map.invalidateSize(); });

  var markers = L.layerGroup().addTo(map);
  var status = el("p", null, "map-status meta");
  status.setAttribute("role", "status");
  container.parentNode.insertBefore(status, container);

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  // -- province outlines ---------------------------------------------------------------------

  var outlines = fetch("/static/geo/prk_admin1.geojson", { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) { throw new Error("province outlines: HTTP " + r.status); }
      return r.json();
    })
    .then(function (geo) {
      L.geoJSON(geo, {
        pane: "nk-provinces",
        style: function () {
          return { color: "#8a97a6", weight: 1, fillColor: "#ffffff", fillOpacity: 1, className: "nk-province" };
        },
        onEachFeature: function (feature, layer) {
          var name = feature.properties && feature.properties.name;
          if (name) { layer.bindTooltip(el("span", name), { sticky: true }); }
        }
      }).addTo(map);
      map.attributionControl.addAttribution("Outlines: Natural Earth");
    })
    .catch(function (err) { say(String(err.message || err), true); });

  // -- markers ------------------------------------------------------------------------------

  function radius(count) {
    return Math.min(40, 4 + 3.5 * Math.sqrt(Math.max(1, count)));
  }

  function eventLink(ev) {
    var a = el("a");
    a.href = "/events/" + encodeURIComponent(ev.id);
    var bits = [ev.date || "undated", (ev.type || "event").replace(/_/g, " ")];
    a.textContent = bits.join(" · ");
    var li = el("li");
    li.appendChild(a);
    if (ev.facility) { li.appendChild(el("span", " — " + ev.facility, "meta")); }
    return li;
  }

  function popupContent(props) {
    var box = el("div", null, "nk-popup");
    var head = el("div", null, "nk-popup-head");
    head.appendChild(swatch(props.sector));
    head.appendChild(el("strong", " " + String(props.sector || "other").replace(/_/g, " ")));
    head.appendChild(el("span", " · " + props.count + (props.count === 1 ? " event" : " events"), "meta"));
    box.appendChild(head);
    var ul = el("ul", null, "nk-popup-events");
    (props.events || []).forEach(function (ev) { ul.appendChild(eventLink(ev)); });
    box.appendChild(ul);
    var shown = (props.events || []).length;
    if (props.count > shown) { box.appendChild(el("p", "… and " + (props.count - shown) + " more", "meta")); }
    return box;
  }

  function sectorClass(sector) {
    return "nk-sector-" + String(sector || "other").toLowerCase().replace(/[^a-z0-9_-]/g, "");
  }

  function listItem(props, latlng, marker) {
    var li = el("li");
    li.appendChild(swatch(props.sector));
    var button = el("button", String(props.sector || "other").replace(/_/g, " ") + " · " + props.count,
                    "link-button");
    button.type = "button";
    button.title = latlng.lat.toFixed(3) + ", " + latlng.lng.toFixed(3);
    button.addEventListener("click", function () {
      map.setView(latlng, Math.max(map.getZoom(), 8));
      marker.openPopup();
    });
    li.appendChild(button);
    var ul = el("ul");
    (props.events || []).forEach(function (ev) { ul.appendChild(eventLink(ev)); });
    li.appendChild(ul);
    return li;
  }

  function draw(geo) {
    markers.clearLayers();
    if (list) { list.replaceChildren(); }
    var features = (geo && geo.features) || [];
    // Biggest first, so the smaller circles at the same place stay on top and clickable.
    features = features.filter(function (f) {
      return f && f.geometry && f.geometry.type === "Point" && f.geometry.coordinates;
    }).sort(function (a, b) { return (b.properties.count || 0) - (a.properties.count || 0); });
    var total = 0;
    features.forEach(function (f) {
      var p = f.properties || {};
      var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      var c = colour(p.sector);
      var marker = L.circleMarker(latlng, {
        pane: "nk-markers", radius: radius(p.count || 1), color: "#ffffff", weight: 1.5,
        fillColor: c, fillOpacity: 0.8, className: "nk-marker " + sectorClass(p.sector)
      });
      marker.bindPopup(function () { return popupContent(p); }, { maxWidth: 360 });
      marker.bindTooltip(el("span", String(p.sector || "other").replace(/_/g, " ") + ": " + (p.count || 0)));
      markers.addLayer(marker);
      if (list) { list.appendChild(listItem(p, latlng, marker)); }
      total += p.count || 0;
    });
    say(features.length ? total + (total === 1 ? " event" : " events") + " at " + features.length +
        (features.length === 1 ? " place" : " places") + " (by sector)"
        : "No located events for these filters.");
  }

  function params() {
    var out = new URLSearchParams();
    if (!form) { return out; }
    ["type", "sector", "since", "until"].forEach(function (name) {
      var input = form.elements.namedItem(name);
      var value = input && input.value ? input.value.trim() : "";
      if (value) { out.set(name, value); }
    });
    return out;
  }

  var seq = 0;
  function load() {
    var mine = ++seq;
    delete document.body.dataset.mapReady;
    var query = params();
    say("Loading…");
    var data = fetch("/api/map?" + query.toString(), { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error("map data: HTTP " + r.status); }
        return r.json();
      });
    return Promise.all([data, outlines]).then(function (got) {
      if (mine !== seq) { return; }  // a newer filter won
      draw(got[0]);
      document.body.dataset.mapReady = "1";
    }).catch(function (err) {
      if (mine !== seq) { return; }
      say(String(err.message || err), true);
    });
  }

  if (form) {
    // Filters from the address (a link to /map?sector=health), and back into it on submit.
    var initial = new URLSearchParams(window.location.search);
    ["type", "sector", "since", "until"].forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && initial.get(name)) { input.value = initial.get(name); }
    });
    var sectorInput = form.elements.namedItem("sector");
    if (sectorInput && !sectorInput.getAttribute("list")) {
      var datalist = el("datalist");
      datalist.id = "map-sectors";
      Object.keys(PALETTE).forEach(function (s) {
        var o = el("option");
        o.value = s;
        datalist.appendChild(o);
      });
      form.appendChild(datalist);
      sectorInput.setAttribute("list", "map-sectors");
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = params().toString();
      window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : ""));
      load();
    });
  }

  // Legend: one swatch per sector.
  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var box = el("div", null, "nk-legend");
    Object.keys(PALETTE).forEach(function (s) {
      var row = el("div");
      row.appendChild(swatch(s));
      row.appendChild(el("span", " " + s.replace(/_/g, " ")));
      box.appendChild(row);
    });
    return box;
  };
  legend.addTo(map);

  load();
}());
