/* Shapes of border-incident-mapper's map: bundled basemap, districts shaded by the incidents
 * shown, border lines with the stretches near targets and origins highlighted, and the
 * near-border band. Shading and highlights are redrawn whenever the filters change.
 */
(function () {
  "use strict";

  var C = window.MapperCore, el = C.el;

  function land(fc, pane) {
    return L.geoJSON(fc, {
      pane: pane, interactive: false,
      style: function () {
        return { color: "#a8a39a", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1 };
      }
    });
  }

  function zone(geom, color, pane) {
    return L.geoJSON(geom, {
      pane: pane, interactive: false,
      style: function () {
        return { color: color, weight: 1, dashArray: "4 4", fillColor: color, fillOpacity: 0.05 };
      }
    });
  }

  function tipRows(rows) {
    var box = el(null, "div", "mapper-tip");
    rows.forEach(function (r) {
      if (r[1] === null || r[1] === undefined || r[1] === "") { return; }
      var line = el(box, "div");
      el(line, "span", "mapper-tip-key", r[0] + ": ");
      el(line, "span", null, r[1]);
    });
    return box;
  }

  /* Districts: `counts` (incidents shown per district) picks each one's class colour. */
  function Districts(fc, bins, pane) {
    var self = this;
    this.bins = bins;
    this.counts = [];
    this.layer = L.geoJSON(fc, {
      pane: pane,
      style: function (f) { return self._style(f); },
      onEachFeature: function (f, layer) {
        f._k = self._n = (self._n || 0) + 1;
        layer.bindTooltip(function () {
          var p = f.properties;
          return tipRows([["District", p.n], ["Local name", p.l], ["Code", p.c],
            ["Country", p.co], ["Incidents shown", String(self.counts[f._k - 1] || 0)]]);
        }, { sticky: true });
        layer.on("mouseover", function () { layer.setStyle({ weight: 2.5, color: "#222" }); });
        layer.on("mouseout", function () { layer.setStyle(self._style(f)); });
      }
    });
  }

  Districts.prototype._color = function (n) {
    if (!n) { return null; }
    for (var k = 0; k < this.bins.length; k++) {
      if (n >= this.bins[k][0] && n <= this.bins[k][1]) { return this.bins[k][2]; }
    }
    return this.bins.length ? this.bins[this.bins.length - 1][2] : null;
  };

  Districts.prototype._style = function (f) {
    var fill = this._color(this.counts[f._k - 1] || 0);
    return {
      color: "#8a8a8a", weight: 0.6, fillColor: fill || "#ffffff", fillOpacity: fill ? 0.45 : 0
    };
  };

  /* Count the distinct incidents of the shown target and origin rows in each district. */
  Districts.prototype.update = function (data, mask, counted) {
    var counts = new Array(this._n || 0).fill(0), last = {};
    for (var i = 0; i < data.lat.length; i++) {
      var k = data.dx[i];
      if (k < 0 || !mask[i] || !counted[i]) { continue; }
      var key = k + ":" + data.i[i];
      if (!last[key]) { last[key] = 1; counts[k]++; }
    }
    this.counts = counts;
    var self = this;
    this.layer.eachLayer(function (layer) { layer.setStyle(self._style(layer.feature)); });
    return counts;
  };

  /* Border lines, and the stretches of them within reach of the shown targets and origins. */
  function Borders(fc, colors, nearKm, pane) {
    var self = this;
    this.fc = fc;
    this.nearKm = nearKm;
    this.colors = colors;
    this.counts = [];
    this.lines = fc.features.map(function (f) { return f.geometry.coordinates; });
    this.layer = L.geoJSON(fc, {
      pane: pane,
      style: function () { return { color: colors.other, weight: 2.2, opacity: 0.95 }; },
      onEachFeature: function (f, layer) {
        var k = self.lines.indexOf(f.geometry.coordinates);
        layer.bindTooltip(function () {
          var p = f.properties;
          return tipRows([["Border", p.n], ["Section", p.s],
            ["Length", p.km === null ? null : p.km + " km"],
            ["Incidents within " + nearKm + " km", String(self.counts[k] || 0)]]);
        }, { sticky: true });
      }
    });
    this.near = L.featureGroup([], { pane: pane });
  }

  /* Mark the segments each shown row's place reaches, join them into runs, draw the runs. */
  Borders.prototype.update = function (data, mask) {
    var lines = this.lines, on = lines.map(function (c) { return new Uint8Array(c.length); });
    var byLine = lines.map(function () { return {}; }), counts = new Array(lines.length).fill(0);
    var g, j, k;
    for (var i = 0; i < data.lat.length; i++) {
      g = data.bg[i];
      if (g < 0 || !mask[i]) { continue; }
      for (j = data.bgo[g]; j < data.bgo[g + 1]; j += 3) {
        var line = data.bgr[j], v0 = data.bgr[j + 1], v1 = data.bgr[j + 2];
        for (k = v0; k < v1; k++) { on[line][k] = 1; }
        var seen = byLine[line];
        if (!seen[data.i[i]]) { seen[data.i[i]] = 1; counts[line]++; }
      }
    }
    this.counts = counts;
    this.near.clearLayers();
    var self = this, runs = 0;
    on.forEach(function (segs, li) {
      var start = -1;
      for (var s = 0; s <= segs.length; s++) {
        if (s < segs.length && segs[s]) { if (start < 0) { start = s; } continue; }
        if (start >= 0) {
          self._run(li, start, s);
          runs++;
          start = -1;
        }
      }
    });
    return runs;
  };

  Borders.prototype._run = function (li, s0, s1) {
    var coords = this.lines[li].slice(s0, s1 + 1).map(function (c) { return [c[1], c[0]]; });
    var p = this.fc.features[li].properties, self = this;
    var run = L.polyline(coords, {
      color: this.colors.near, weight: 4.5, opacity: 0.95, pane: this.near.options.pane,
      className: "mapper-border-near"
    });
    run.bindTooltip(function () {
      return tipRows([["Border", p.n], ["Section", p.s],
        ["Incidents within " + self.nearKm + " km of this border", String(self.counts[li])]]);
    }, { sticky: true });
    this.near.addLayer(run);
  };

  window.MapperShapes = { land: land, zone: zone, Districts: Districts, Borders: Borders };
})();
