/* Incident layers of border-incident-mapper: markers, arrows, heat map and popups.
 *
 * The map receives one compact, column-oriented payload (see mapper/maps/payload.py). Report
 * text, titles and URLs are untrusted: they reach the page only through textContent and
 * through href after an http(s) check, never through innerHTML, so a report holding <script>
 * or onerror= markup shows as text.
 */
(function () {
  "use strict";

  var DAY = 86400000;

  function el(parent, tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function safeUrl(u) {
    return typeof u === "string" && /^https?:\/\/[^\s<>"']+$/i.test(u) ? u : null;
  }

  function isoDay(d) {
    return new Date(d * DAY).toISOString().slice(0, 10);
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function shortDay(d) {
    var t = new Date(d * DAY);
    return t.getUTCDate() + " " + MONTHS[t.getUTCMonth()] + " " + t.getUTCFullYear();
  }

  /* The date as precisely as the report gives it (date_prec: 1 day ... 5 year). */
  function dateText(ds, de, prec) {
    if (ds === null || ds === undefined) { return "date unknown"; }
    var t = new Date(ds * DAY);
    if (prec === 4) { return MONTHS[t.getUTCMonth()] + " " + t.getUTCFullYear(); }
    if (prec === 5) { return String(t.getUTCFullYear()); }
    var text = (de === null || de === undefined || de === ds) ? isoDay(ds) :
      isoDay(ds) + " \u2013 " + isoDay(de);
    if (prec === 2 || prec === 3) { text = "around " + text; }
    return text;
  }

  /* A short date for the list: "2 Mar 2025", "2 – 3 Mar 2025", "~Mar 2025" when approximate. */
  function listDate(ds, de, prec) {
    if (ds === null || ds === undefined) { return "undated"; }
    var a = new Date(ds * DAY), mark = prec >= 2 ? "~" : "";
    if (prec === 4) { return mark + MONTHS[a.getUTCMonth()] + " " + a.getUTCFullYear(); }
    if (prec === 5) { return mark + a.getUTCFullYear(); }
    if (de === null || de === undefined || de === ds) { return mark + shortDay(ds); }
    var b = new Date(de * DAY);
    if (a.getUTCFullYear() === b.getUTCFullYear() && a.getUTCMonth() === b.getUTCMonth()) {
      return mark + a.getUTCDate() + "\u2013" + shortDay(de);
    }
    return mark + shortDay(ds) + " \u2013 " + shortDay(de);
  }

  /* Casualties only where the report gives some: "0 killed" is no news to print in red. */
  function casualtyText(k, w) {
    var parts = [];
    if (k) { parts.push(k + " killed"); }
    if (w) { parts.push(w + " wounded"); }
    return parts.length ? parts.join(", ") : null;
  }

  function pane(map, name, z, noPointer) {
    var p = map.getPane(name) || map.createPane(name);
    p.style.zIndex = z;
    if (noPointer) { p.style.pointerEvents = "none"; }
    return name;
  }

  /* The payload arrives as base64 of gzipped JSON: a third of the size of the JSON, and no
     character in it can end the script element. The browser unpacks it with no library. */
  function unpack(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  function Incidents(map, opts) {
    this.map = map;
    this.opts = opts;
    this._panes = {
      heat: pane(map, "mapperHeat", 420),
      arrows: pane(map, "mapperArrows", 440),
      markers: pane(map, "mapperMarkers", 460)
    };
    this.n = 0;
    this._styles = {};
    this._markerList = [];
    this._arrowList = [];
    this._clustered = !!(opts.cluster && L.markerClusterGroup);
    if (this._clustered) {
      // MarkerCluster builds a grid for every zoom level from the map's minimum up, fixed when
      // it joins the map: levels far below the incidents' view cost time at 100,000 markers
      var floor = map.getZoom() - 3;
      if (opts.all) { floor = Math.min(floor, map.getBoundsZoom(L.latLngBounds(opts.all))); }
      if (floor > map.getMinZoom()) { map.setMinZoom(floor); }
    }
    this.markers = this._clustered ? L.markerClusterGroup({
      chunkedLoading: true, chunkInterval: 300, chunkDelay: 1, showCoverageOnHover: false,
      maxClusterRadius: 45, spiderfyOnMaxZoom: true, disableClusteringAtZoom: 13
    }) : L.featureGroup();
    this.arrows = L.featureGroup();
    var heatOpts = L.extend({ pane: this._panes.heat }, opts.heat || {});
    this.heat = L.MapperHeat ? new L.MapperHeat([], [], heatOpts) : null;
    this.mask = null;
    this._bindEvents();
  }

  Incidents.prototype.setData = function (data) {
    var s = data.s;
    this.data = data;
    this.str = function (i) { return i >= 0 ? s[i] : null; };
    this.n = data.lat.length;
    this._buildMarkers();
    this._buildArrows();
    if (this.heat) { this.heat.setPoints(data.lat, data.lon); }
  };

  /* One click handler per group, not one popup per marker: 100,000 markers stay cheap. */
  Incidents.prototype._bindEvents = function () {
    var self = this, map = this.map;
    this.markers.on("click", function (e) {
      if (e.layer && e.layer._mi !== undefined) { self.openPopup(e.layer._mi); }
    });
    var tip = L.tooltip({ sticky: true, direction: "top", offset: [0, -6] });
    this.arrows.on("mouseover mousemove", function (e) {
      if (!e.layer || !e.layer._pairs) { return; }
      tip.setLatLng(e.latlng).setContent(self.arrowText(e.layer));
      if (!map.hasLayer(tip)) { map.openTooltip(tip); }
    });
    this.arrows.on("mouseout", function () { map.closeTooltip(tip); });
  };

  Incidents.prototype.openPopup = function (i) {
    // an event's accounts stand side by side: its popup may be wider
    var wide = this.eventOf(i) >= 0;
    L.popup({ maxWidth: wide ? 660 : 380, minWidth: 240, maxHeight: wide ? 460 : 380,
      className: "mi-popup-wrap" })
      .setLatLng(this._markerList[i].getLatLng()).setContent(this.popupAt(i)).openOn(this.map);
  };

  /* Killed and wounded of the row's incident, 0 when the report gives none. */
  Incidents.prototype.casualties = function (i) {
    var inc = this.data.i[i];
    return (this.data.k[inc] || 0) + (this.data.w[inc] || 0);
  };

  Incidents.prototype._style = function (t, r, approx, hurt) {
    var key = t + ":" + r + ":" + approx + ":" + hurt, st = this._styles[key];
    if (st) { return st; }
    var color = this.opts.types[t].color, role = this.opts.roles[r];
    st = {
      color: color, weight: 2, opacity: 1, fillColor: color, fillOpacity: 0.9, radius: 6,
      pane: this._panes.markers
    };
    if (role === "origin") {
      st.fillColor = "#ffffff"; st.fillOpacity = 1; st.weight = 3.5; st.radius = 5;
    } else if (role === "location") {
      st.fillOpacity = 0.35; st.weight = 1.5; st.radius = 4;
    } else {
      st.color = "#222222"; st.weight = 1.5;
    }
    if (approx) { st.dashArray = "3 3"; st.radius += 2; }
    // area grows with the killed and wounded: radius by the square root, capped
    st.radius += Math.min(9, 2.2 * Math.sqrt(hurt));
    this._styles[key] = st;
    return st;
  };

  /* One marker per place of an incident; places that stand for a whole country (or sea) share
     one ring per spot, so country centres do not pile up dozens of markers. */
  Incidents.prototype._buildMarkers = function () {
    var d = this.data, list = new Array(this.n), spots = {};
    this._spotOf = new Int32Array(this.n).fill(-1);
    this._spotList = [];
    for (var i = 0; i < this.n; i++) {
      if (d.p[i] >= 6) {
        var key = d.lat[i] + "," + d.lon[i], spot = spots[key];
        if (spot === undefined) {
          spot = spots[key] = this._spotList.length;
          var ring = L.circleMarker([d.lat[i], d.lon[i]], {
            color: "#555", weight: 2, dashArray: "4 3", fillColor: "#fff", fillOpacity: 0.5,
            radius: 11, pane: this._panes.markers
          });
          ring._mi = i;
          ring._spot = true;
          this._spotList.push(ring);
        }
        this._spotOf[i] = spot;
        list[i] = this._spotList[spot];
        continue;
      }
      var hurt = Math.min(this.casualties(i), 400);
      var m = L.circleMarker([d.lat[i], d.lon[i]],
        this._style(d.t[i], d.r[i], d.p[i] >= 3 ? 1 : 0, hurt));
      m._mi = i;
      list[i] = m;
    }
    this._groupEvents(list);  // events told by several reports: one marker each (events.js)
    this._markerList = list;
  };

  /* One arrow per origin, target and event type: incidents between the same two places share
     it, and it grows thicker with their number. */
  Incidents.prototype._buildArrows = function () {
    var d = this.data, pairs = d.a || [], list = [], byKey = {};
    // SVG while there are few: a canvas over the map takes every hover and click from the
    // districts and borders beneath it. Past a few thousand, a canvas (arrows then start off).
    var renderer = pairs.length / 2 <= 3000 ?
      L.svg({ padding: 0.5, pane: this._panes.arrows }) :
      L.canvas({ padding: 0.5, pane: this._panes.arrows });
    for (var k = 0; k + 1 < pairs.length; k += 2) {
      var o = pairs[k], t = pairs[k + 1];
      // an account of a linked event: coloured and dashed by its claimant's side
      var side = this.sideOf(d.i[t]);
      var key = [d.lat[o], d.lon[o], d.lat[t], d.lon[t], d.t[t], side ? side.key : "-"].join(",");
      var line = byKey[key];
      if (!line) {
        var a = L.latLng(d.lat[o], d.lon[o]), b = L.latLng(d.lat[t], d.lon[t]);
        line = byKey[key] = L.polyline([[a, b], this._head(a, b)], {
          color: side ? side.color : this.opts.types[d.t[t]].color, weight: 2.5, opacity: 0.85,
          dashArray: side && side.dash ? side.dash : null, renderer: renderer
        });
        line._side = side;
        line._pair = [o, t];
        line._pairs = [];
        list.push(line);
      }
      line._pairs.push(o, t);
    }
    this._arrowList = list;
    this._weigh(null);
  };

  /* Arrow width by the number of incidents it stands for among those shown. */
  Incidents.prototype._weigh = function (mask) {
    this._arrowList.forEach(function (l) {
      var n = 0, p = l._pairs;
      for (var j = 0; j < p.length; j += 2) {
        if (!mask || (mask[p[j]] && mask[p[j + 1]])) { n++; }
      }
      l._shown = n;
      var w = 2.5 + (n > 1 ? Math.min(5, Math.log2(n)) : 0);
      if (l.options.weight !== w) { l.setStyle({ weight: w }); }
    });
  };

  /* An arrow head drawn in map units, a quarter of the line long, so it scales with the line. */
  Incidents.prototype._head = function (a, b) {
    var dx = b.lng - a.lng, dy = b.lat - a.lat;
    var k = Math.cos(b.lat * Math.PI / 180);
    var x = dx * k, y = dy, len = Math.sqrt(x * x + y * y);
    if (len === 0) { return [b]; }
    var h = Math.min(len * 0.25, 0.05), ang = Math.atan2(y, x), spread = 0.45;
    var p1 = [b.lat - h * Math.sin(ang - spread), b.lng - h * Math.cos(ang - spread) / k];
    var p2 = [b.lat - h * Math.sin(ang + spread), b.lng - h * Math.cos(ang + spread) / k];
    return [p1, b, p2];
  };

  Incidents.prototype.arrowText = function (line) {
    var d = this.data, o = line._pair[0], t = line._pair[1], inc = d.i[t];
    var n = line._shown === undefined ? line._pairs.length / 2 : line._shown;
    var txt = (this.str(d.pl[o]) || "?") + " \u2192 " + (this.str(d.pl[t]) || "?");
    txt += " \u00b7 " + this.opts.types[d.t[t]].label + " \u00b7 ";
    txt += n > 1 ? n + " incidents" : dateText(d.ds[inc], d.de[inc], d.dp[inc]);
    if (line._side) { txt += " \u00b7 as " + line._side.label + " claims it"; }
    return el(null, "span", "mi-arrow-tip", txt);
  };

  /* Show the markers, arrows and heat points of the rows in `mask` (1 = shown). */
  Incidents.prototype.show = function (mask) {
    var n = this.n, shown = [], spotOn = new Uint8Array(this._spotList.length);
    for (var i = 0; i < n; i++) {
      if (!mask[i]) { continue; }
      var s = this._spotOf[i];
      if (s < 0) { shown.push(this._markerList[i]); } else if (!spotOn[s]) {
        spotOn[s] = 1;
        shown.push(this._spotList[s]);
      }
    }
    this.mask = mask;
    this.map.closePopup();
    var group = this.markers;
    group.clearLayers();
    if (group.addLayers) { group.addLayers(shown); } else {
      for (var k = 0; k < shown.length; k++) { group.addLayer(shown[k]); }
    }
    var arrows = this.arrows;
    arrows.clearLayers();
    this._weigh(mask);
    this._arrowList.forEach(function (line) { if (line._shown) { arrows.addLayer(line); } });
    if (this.heat) { this.heat.setMask(mask); }
    return shown.length;
  };

  /* Put every marker on the map once; `done` runs when the clusters are made. */
  Incidents.prototype.load = function (mask, done) {
    var self = this;
    if (this._clustered && this.markers._map) {
      var called = false;
      this.markers.options.chunkProgress = function (processed, total) {
        if (processed >= total && !called) { called = true; done(); }
      };
      if (!this.show(mask)) { called = true; done(); }
      setTimeout(function () { if (!called) { called = true; done(); } }, 60000);
    } else {
      self.show(mask);
      done();
    }
  };

  window.MapperCore = {
    Incidents: Incidents,
    el: el,
    safeUrl: safeUrl,
    isoDay: isoDay,
    shortDay: shortDay,
    dateText: dateText,
    listDate: listDate,
    casualtyText: casualtyText,
    pane: pane,
    unpack: unpack,
    DAY: DAY
  };
})();
