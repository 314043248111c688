/* A small canvas heat map layer for border-incident-mapper (written for this project).
 *
 * Points are binned into screen cells on every move, each non-empty cell is drawn as one
 * blurred disc whose opacity grows with the square root of its count, and the grey-scale
 * result is coloured through a palette. Binning first keeps 100,000 points cheap to redraw.
 * It runs with no network, so the online and the offline map share one heat map.
 */
(function () {
  "use strict";

  function mercator(lat, lon) {
    var s = Math.sin(Math.max(-85.05, Math.min(85.05, lat)) * Math.PI / 180);
    return [(lon + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
  }

  L.MapperHeat = L.Layer.extend({
    options: {
      radius: 16,
      minOpacity: 0.12,
      opacity: 0.75,
      gradient: { 0.25: "#2b83ba", 0.5: "#abdda4", 0.7: "#ffffbf", 0.85: "#fdae61", 1.0: "#d7191c" },
      pane: "overlayPane"
    },

    initialize: function (lats, lons, options) {
      L.setOptions(this, options);
      this.setPoints(lats, lons);
    },

    setPoints: function (lats, lons) {
      var n = lats.length;
      this._mx = new Float64Array(n);
      this._my = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var m = mercator(lats[i], lons[i]);
        this._mx[i] = m[0];
        this._my[i] = m[1];
      }
      this._mask = null;
      if (this._map) { this._redraw(); }
      return this;
    },

    /* Show only the points whose mask entry is truthy (null shows all). */
    setMask: function (mask) {
      this._mask = mask;
      if (this._map) { this._redraw(); }
      return this;
    },

    onAdd: function (map) {
      var canvas = this._canvas = L.DomUtil.create("canvas", "mapper-heat leaflet-zoom-hide");
      canvas.style.opacity = this.options.opacity;
      canvas.style.pointerEvents = "none";
      this.getPane().appendChild(canvas);
      map.on("moveend resize", this._redraw, this);
      this._redraw();
    },

    onRemove: function (map) {
      map.off("moveend resize", this._redraw, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
    },

    _stamp: function (r) {
      if (this._stampCanvas && this._stampRadius === r) { return this._stampCanvas; }
      var c = document.createElement("canvas");
      c.width = c.height = 2 * r;
      var ctx = c.getContext("2d");
      var g = ctx.createRadialGradient(r, r, 0, r, r, r);
      g.addColorStop(0, "rgba(0,0,0,1)");
      g.addColorStop(0.45, "rgba(0,0,0,0.6)");
      g.addColorStop(1, "rgba(0,0,0,0)");
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, 2 * r, 2 * r);
      this._stampCanvas = c;
      this._stampRadius = r;
      return c;
    },

    _palette: function () {
      if (this._paletteData) { return this._paletteData; }
      var c = document.createElement("canvas");
      c.width = 256;
      c.height = 1;
      var ctx = c.getContext("2d");
      var g = ctx.createLinearGradient(0, 0, 256, 0);
      var stops = this.options.gradient;
      for (var k in stops) {
        if (Object.prototype.hasOwnProperty.call(stops, k)) { g.addColorStop(+k, stops[k]); }
      }
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, 256, 1);
      this._paletteData = ctx.getImageData(0, 0, 256, 1).data;
      return this._paletteData;
    },

    _redraw: function () {
      var map = this._map, canvas = this._canvas;
      if (!map || !canvas) { return; }
      var size = map.getSize();
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(canvas, topLeft);
      canvas.width = size.x;
      canvas.height = size.y;
      var ctx = canvas.getContext("2d");
      ctx.clearRect(0, 0, size.x, size.y);

      var r = this.options.radius, cell = Math.max(2, Math.round(r / 3));
      var scale = 256 * Math.pow(2, map.getZoom());
      var origin = map.getPixelOrigin().add(topLeft);
      var cols = Math.ceil((size.x + 2 * r) / cell), rows = Math.ceil((size.y + 2 * r) / cell);
      var grid = new Float32Array(cols * rows);
      var mx = this._mx, my = this._my, mask = this._mask, n = mx.length, max = 0;
      for (var i = 0; i < n; i++) {
        if (mask && !mask[i]) { continue; }
        var x = mx[i] * scale - origin.x + r, y = my[i] * scale - origin.y + r;
        if (x < 0 || y < 0 || x >= cols * cell || y >= rows * cell) { continue; }
        var j = Math.floor(y / cell) * cols + Math.floor(x / cell);
        grid[j] += 1;
        if (grid[j] > max) { max = grid[j]; }
      }
      if (max === 0) { return; }

      var stamp = this._stamp(r), minOp = this.options.minOpacity;
      for (var k = 0; k < grid.length; k++) {
        if (grid[k] === 0) { continue; }
        var cx = (k % cols) * cell + cell / 2 - r, cy = Math.floor(k / cols) * cell + cell / 2 - r;
        ctx.globalAlpha = Math.max(minOp, Math.sqrt(grid[k] / max));
        ctx.drawImage(stamp, cx - r, cy - r);
      }
      ctx.globalAlpha = 1;

      var img = ctx.getImageData(0, 0, size.x, size.y), px = img.data, pal = this._palette();
      for (var p = 3; p < px.length; p += 4) {
        var a = px[p];
        if (a === 0) { continue; }
        var q = a * 4;
        px[p - 3] = pal[q];
        px[p - 2] = pal[q + 1];
        px[p - 1] = pal[q + 2];
      }
      ctx.putImageData(img, 0, 0);
    }
  });
})();
