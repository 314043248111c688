/* The page of border-incident-mapper: builds the layers and controls, keeps the filters
 * (dates, event types, roles, claimants, contested events), and makes every layer, count and the list follow
 * them. The view and the filters live in the URL's hash, so a link reopens the same map.
 */
(function () {
  "use strict";

  var C = window.MapperCore, S = window.MapperShapes, P = window.MapperPanel, el = C.el;
  var FIT = { padding: [30, 30], maxZoom: 11, animate: false };
  var PHONE = "(max-width: 640px)";

  L.Control.MapperShowAll = L.Control.extend({
    options: { position: "topleft" },
    initialize: function (bounds, outside, options) {
      L.setOptions(this, options);
      this._bounds = L.latLngBounds(bounds);
      this._outside = outside;
    },
    onAdd: function (map) {
      var box = el(null, "div", "leaflet-bar mapper-showall"), self = this;
      var a = el(box, "a", null, "\u2922");
      a.href = "#";
      a.setAttribute("role", "button");
      a.title = "Show all places (" + this._outside + " outside the first view)";
      a.setAttribute("aria-label", a.title);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.on(a, "click", function (e) {
        L.DomEvent.preventDefault(e);
        map.fitBounds(self._bounds, { padding: [30, 30], maxZoom: 11 });
      });
      return box;
    }
  });

  function App(map, opts) {
    this.map = map;
    this.opts = opts;
    var body = document.body;
    body.classList.add("mapper-app");
    this.still = !!window.mapperStill;
    body.classList.toggle("mapper-still", this.still);
    this.phone = !this.still && window.matchMedia(PHONE).matches;
    body.classList.toggle("mapper-phone", this.phone);
    body.classList.toggle("mapper-panel-open", !this.phone && !this.still);
    map.invalidateSize({ pan: false });
    map.attributionControl.addAttribution(opts.attribution);
    var hash = this._readHash();
    if (hash.view) {
      map.setView([hash.view[1], hash.view[2]], hash.view[0], { animate: false });
    } else if (opts.view) {
      map.fitBounds(opts.view, FIT);
    }
    this._hash = hash;
    this._layers(opts);
    this._controls(opts);
  }

  App.prototype._layers = function (opts) {
    var map = this.map, pane = C.pane;
    this.base = L.featureGroup([], { pane: pane(map, "mapperLand", 150) });
    this.base.addTo(map);
    var bases = { "Map (bundled, works offline)": this.base };
    if (opts.tiles) {
      bases[opts.tiles.name] = L.tileLayer(opts.tiles.url, {
        attribution: opts.tiles.attribution, maxZoom: 18
      });
    }
    pane(map, "mapperZone", 390, true);
    pane(map, "mapperBorders", 410);
    pane(map, "mapperLabels", 450, true);
    this.inc = new C.Incidents(map, opts);
    this.districtGroup = L.featureGroup().addTo(map);
    this.zoneGroup = L.featureGroup().addTo(map);
    this.borderGroup = L.featureGroup().addTo(map);
    this.labelGroup = L.featureGroup().addTo(map);
    var overlays = {};
    overlays["Place names"] = this.labelGroup;
    overlays["Districts by incident count"] = this.districtGroup;
    overlays["Near-border zone (" + opts.nearKm + " km)"] = this.zoneGroup;
    overlays["International border"] = this.borderGroup;
    overlays["Fire from origin to target"] = this.inc.arrows;
    overlays["Incidents"] = this.inc.markers;
    if (opts.heat && this.inc.heat) { overlays["Heat map"] = this.inc.heat; }
    if (opts.arrowsOn) { this.inc.arrows.addTo(map); }
    this.inc.markers.addTo(map);
    this.layerControl = L.control.layers(bases, overlays, { collapsed: false, position: "topright" });
    var self = this;
    map.on("baselayerchange", function (e) {
      var bundled = e.layer === self.base;
      if (self.labels) {
        self.labels.showTowns = bundled;
        self.labels.showCountries = bundled;
        self.labels.redraw();
      }
    });
    map.on("mapper:controls", function () { if (self.labels) { self.labels.redraw(); } });
  };

  App.prototype._controls = function (opts) {
    var map = this.map, self = this;
    this.title = new L.Control.MapperTitle(opts.title);
    this.title.addTo(map);
    map.zoomControl.remove();
    map.zoomControl.addTo(map);  // under the title
    if (opts.all && opts.outside > 0) {
      this.showAll = new L.Control.MapperShowAll(opts.all, opts.outside).addTo(map);
    }
    this.panelButton = new L.Control.MapperPanelButton(this).addTo(map);
    this.layerControl.addTo(map);
    this.legend = new L.Control.MapperLegend(opts.legend).addTo(map);
    if (opts.range) { this.timeline = new L.Control.MapperTimeline(opts.range, this).addTo(map); }
    this.panel = new P.Panel(this, opts);
    P.layout(this, this.phone);
    if (!this.still) {
      window.matchMedia(PHONE).addEventListener("change", function (e) {
        self.phone = e.matches;
        document.body.classList.toggle("mapper-panel-open", !e.matches);
        P.layout(self, e.matches);
        self.panelButton.sync();
      });
    }
    map.on("moveend", function () { self._writeHash(); });
    window.addEventListener("hashchange", function () {
      if (location.hash !== self._lastHash) { self._applyHash(self._readHash(), true); }
    });
  };

  /* Screen boxes of the markers shown (when few and unclustered): names keep clear of them. */
  App.prototype._markerRects = function () {
    var inc = this.inc, map = this.map, out = [];
    if (!this.mask || inc._clustered || !map.hasLayer(inc.markers)) { return out; }
    inc.markers.eachLayer(function (m) {
      if (out.length > 3000) { return; }
      var p = map.latLngToContainerPoint(m.getLatLng()), r = m.getRadius() + 1;
      out.push([p.x - r, p.y - r, p.x + r, p.y + r]);
    });
    return out;
  };

  App.prototype.openPanel = function (open) {
    document.body.classList.toggle("mapper-panel-open", !!open);
    if (this.panelButton) { this.panelButton.sync(); }
    if (!this.phone) { this.map.invalidateSize({ pan: false }); }
    this.map.fire("mapper:controls");
    if (open) {
      this.panel.renderList();
      if (this.timeline) { this.timeline.redraw(); }
    }
  };

  /* ---- data ------------------------------------------------------------------------- */
  App.prototype.setData = function (payload) {
    var d = this.data = payload.d, sh = payload.sh, opts = this.opts, map = this.map;
    S.land(sh.land, "mapperLand").addTo(this.base);
    this.districts = new S.Districts(sh.districts, opts.districtBins || [], "overlayPane");
    this.districts.layer.addTo(this.districtGroup);
    if (sh.zone) { S.zone(sh.zone, "#6a51a3", "mapperZone").addTo(this.zoneGroup); }
    this.borders = new S.Borders(sh.borders, { near: opts.borderNear, other: "#3a3a3a" },
      opts.nearKm, "mapperBorders");
    this.borders.layer.addTo(this.borderGroup);
    this.borders.near.addTo(this.borderGroup);
    this.labels = new L.MapperLabels(sh.places, sh.land, sh.towns);
    this.labels.markerRects = this._markerRects.bind(this);
    this.labels.addTo(this.labelGroup);
    this.inc.setData(d);
    this._markerList = this.inc._markerList;
    this.markers = this.inc.markers;
    this.arrows = this.inc.arrows;
    this._index(d);
    this._applyHash(this._hash, false);
    var mask = this.compute();
    var self = this;
    return new Promise(function (resolve) {
      self.inc.load(mask, function () { self._after(mask); resolve(self); });
    });
  };

  /* Rows of each incident, and each incident's claimant as a chip of the claimant filter. */
  App.prototype._index = function (d) {
    var n = d.lat.length, nInc = d.ds.length, k;
    this.nInc = nInc;
    var start = new Int32Array(nInc + 1);
    for (k = 0; k < n; k++) { start[d.i[k] + 1]++; }
    for (k = 0; k < nInc; k++) { start[k + 1] += start[k]; }
    var fill = start.slice(0, nInc), rows = new Int32Array(n);
    for (k = 0; k < n; k++) { rows[fill[d.i[k]]++] = k; }
    this.incStart = start;
    this.incRows = rows;
    this.fired = new Uint8Array(n);
    for (k = 0; k < n; k++) { this.fired[k] = (d.r[k] === 0 || d.r[k] === 1) && d.p[k] <= 5 ? 1 : 0; }
    var count = {}, order = [];
    for (k = 0; k < nInc; k++) {
      var c = d.c[k];
      if (count[c] === undefined) { count[c] = 0; order.push(c); }
      count[c]++;
    }
    order.sort(function (a, b) { return count[b] - count[a] || a - b; });
    var chipOf = {};
    order.forEach(function (c, j) { chipOf[c] = j; });
    this.incClaim = new Int32Array(nInc);
    for (k = 0; k < nInc; k++) { this.incClaim[k] = chipOf[d.c[k]]; }
    this.claimNames = order.map(function (c) { return c >= 0 ? d.s[c] : null; });
    this.panel.setClaimants(this.claimNames, order.map(function (c) { return count[c]; }));
    var events = {}, contested = {};
    for (k = 0; k < nInc; k++) {
      if (d.ev && d.ev[k] >= 0) {
        events[d.ev[k]] = 1;
        if (d.ct[k] === 1) { contested[d.ev[k]] = 1; }
      }
    }
    this.panel.setEvents(Object.keys(events).length, Object.keys(contested).length);
    this.state = this._defaults();
  };

  App.prototype._defaults = function () {
    var r = this.opts.range;
    return {
      lo: r ? r[0] : 0, hi: r ? r[1] : 0, undated: true,
      types: (1 << this.opts.types.length) - 1, roles: (1 << this.opts.roles.length) - 1,
      claimOff: {}, contested: false
    };
  };

  /* ---- filters ---------------------------------------------------------------------- */
  /* The rows shown: 1 where the incident passes every filter and the place's role is on. */
  App.prototype.compute = function () {
    var d = this.data, st = this.state, n = d.lat.length, nInc = this.nInc;
    var pass = new Uint8Array(nInc), timeOk, k;
    for (k = 0; k < nInc; k++) {
      var s = d.ds[k], e = d.de[k] === null ? s : d.de[k];
      timeOk = s === null ? st.undated : (s <= st.hi && e >= st.lo);
      pass[k] = (d.tm[k] & st.types) && !st.claimOff[this.incClaim[k]] &&
        (!st.contested || (d.ct && d.ct[k] === 1)) ? (timeOk ? 2 : 1) : 0;
    }
    var mask = new Uint8Array(n), hasRole = new Uint8Array(nInc);
    for (k = 0; k < n; k++) {
      if (!(st.roles & (1 << d.r[k]))) { continue; }
      var p = pass[d.i[k]];
      if (p) { hasRole[d.i[k]] = 1; }
      if (p === 2) { mask[k] = 1; }
    }
    this.pass = pass;
    this.hasRole = hasRole;
    this.mask = mask;
    return mask;
  };

  App.prototype.toggle = function (what, k, on) {
    var st = this.state;
    if (what === "contested") {
      st.contested = !!on;
    } else if (what === "claimants") {
      if (on) { delete st.claimOff[k]; } else { st.claimOff[k] = true; }
    } else if (on) { st[what] |= (1 << k); } else { st[what] &= ~(1 << k); }
    this.refresh();
  };

  App.prototype.setTime = function (lo, hi, undated) {
    this.state.lo = lo;
    this.state.hi = hi;
    this.state.undated = undated;
    if (this.data) { this.refresh(); }
  };

  App.prototype.resetFilters = function () {
    this.state = this._defaults();
    if (this.timeline) { this.timeline.stop(); this.timeline.setRange(this.state.lo, this.state.hi, true); }
    this.refresh();
  };

  App.prototype.refresh = function () {
    if (!this.data) { return; }
    var mask = this.compute();
    this.inc.show(mask);
    this._after(mask);
  };

  /* Everything that follows the filters besides the markers: shading, borders, counts, list. */
  App.prototype._after = function (mask) {
    var d = this.data, opts = this.opts, k, j;
    this.districts.update(d, mask, this.fired);
    this.borders.update(d, mask);
    var shown = new Uint8Array(this.nInc), typeCounts = opts.types.map(function () { return 0; });
    var roleSeen = {}, roleCounts = opts.roles.map(function () { return 0; }), places = 0;
    for (k = 0; k < mask.length; k++) {
      if (!mask[k]) { continue; }
      places++;
      shown[d.i[k]] = 1;
      var key = d.r[k] + ":" + d.i[k];
      if (!roleSeen[key]) { roleSeen[key] = 1; roleCounts[d.r[k]]++; }
    }
    var items = [], days = [];
    for (k = 0; k < this.nInc; k++) {
      if (this.pass[k] && this.hasRole[k] && d.ds[k] !== null) { days.push(d.ds[k]); }
      if (!shown[k]) { continue; }
      for (j = 0; j < opts.types.length; j++) { if (d.tm[k] & (1 << j)) { typeCounts[j]++; } }
      items.push(this._item(k));
    }
    items.sort(function (a, b) { return (b.day === null ? -1e9 : b.day) - (a.day === null ? -1e9 : a.day) || a.inc - b.inc; });
    this.panel.sync(this.state, typeCounts, roleCounts);
    this.panel.setList(items, this.nInc);
    this.title.setCount(items.length + " of " + this.nInc + " incidents, " + places + " places");
    if (this.timeline) { this.timeline.setCounts(days); }
    this.shownIncidents = items.length;
    this._writeHash();
  };

  App.prototype._item = function (inc) {
    var d = this.data, opts = this.opts, names = [[], [], [], []], seen = {};
    for (var j = this.incStart[inc]; j < this.incStart[inc + 1]; j++) {
      var row = this.incRows[j], name = d.pl[row] >= 0 ? d.s[d.pl[row]] : null;
      if (!this.mask[row] || name === null || seen[name]) { continue; }
      seen[name] = 1;
      names[d.p[row] >= 6 ? 3 : d.r[row]].push(name);
    }
    var all = names[0].concat(names[1], names[2]);
    if (!all.length) { all = names[3]; }
    var t = d.t[this.incRows[this.incStart[inc]]];
    return {
      inc: inc, day: d.ds[inc],
      date: C.listDate(d.ds[inc], d.de[inc], d.dp[inc]),
      kind: opts.types[t].label, color: opts.types[t].color,
      places: all.slice(0, 3).join(", ") + (all.length > 3 ? " \u2026" : ""),
      casualties: C.casualtyText(d.k[inc], d.w[inc]),
      contested: !!(d.ct && d.ct[inc] === 1)
    };
  };

  /* Pan to an incident's places and open its popup (from the list). */
  App.prototype.focusIncident = function (inc) {
    var d = this.data, rows = [], best = -1, map = this.map;
    for (var j = this.incStart[inc]; j < this.incStart[inc + 1]; j++) {
      var row = this.incRows[j];
      if (!this.mask[row]) { continue; }
      rows.push(row);
      if (best < 0 || (d.p[row] < 6 && (d.p[best] >= 6 || d.r[row] < d.r[best]))) { best = row; }
    }
    if (best < 0) { return; }
    var pts = rows.filter(function (r) { return d.p[r] < 6; });
    if (!pts.length) { pts = rows; }
    var bounds = L.latLngBounds(pts.map(function (r) { return [d.lat[r], d.lon[r]]; }));
    if (this.phone) { this.openPanel(false); }
    if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
      map.setView(bounds.getCenter(), Math.max(map.getZoom(), 9), { animate: false });
    } else {
      map.fitBounds(bounds, { padding: [60, 60], maxZoom: 10, animate: false });
    }
    this.inc.openPopup(best);
    this.focused = inc;
  };

  window.MapperApp = {
    App: App,
    start: function (map, packed, opts) {
      var app = new App(map, opts);
      window.mapperMaps = window.mapperMaps || [];
      window.mapperMaps.push(app);
      app.ready = C.unpack(packed).then(function (payload) {
        performance.mark("mapper-unpacked");
        return app.setData(payload);
      }).then(function () {
        performance.mark("mapper-built");
        requestAnimationFrame(function () {
          requestAnimationFrame(function () {
            window.mapperReadyAt = performance.now();
            window.mapperReady = true;
            document.documentElement.setAttribute("data-mapper-ready", "1");
          });
        });
        return app;
      });
      app.ready.catch(function (err) {
        var box = el(map.getContainer(), "div", "mapper-error",
          "The map data could not be read: " + err);
        box.setAttribute("role", "alert");
      });
      return app;
    }
  };
})();
