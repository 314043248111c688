/* Place names on border-incident-mapper's basemap: the incidents' places first, then country
 * names, then towns by population. After every move the names are placed again, most
 * important first; one that would overlap a name already placed, a marker or a control on
 * the map is left out. A country's name goes where the most of it is on screen and clear:
 * the screen is sampled on a grid, each sample given to the country holding it, and the name
 * written at the sample deepest inside that country's visible part. Names are text nodes.
 */
(function () {
  "use strict";

  var el = window.MapperCore.el;
  var MAX_LABELS = 400, STEP = 36;

  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]) { return true; }
    }
    return false;
  }

  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  /* Polygons of a GeoJSON (Multi)Polygon, each with its lon/lat box. */
  function polygons(geom) {
    var list = geom.type === "Polygon" ? [geom.coordinates] :
      geom.type === "MultiPolygon" ? geom.coordinates : [];
    return list.map(function (rings) {
      var b = [Infinity, Infinity, -Infinity, -Infinity];
      rings[0].forEach(function (c) {
        b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]);
        b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
      });
      return { rings: rings, box: b };
    });
  }

  function contains(polys, x, y) {
    for (var k = 0; k < polys.length; k++) {
      var p = polys[k], b = p.box;
      if (x < b[0] || x > b[2] || y < b[1] || y > b[3] || !inRing(x, y, p.rings[0])) { continue; }
      var hole = false;
      for (var h = 1; h < p.rings.length && !hole; h++) { hole = inRing(x, y, p.rings[h]); }
      if (!hole) { return true; }
    }
    return false;
  }

  L.MapperLabels = L.Layer.extend({
    options: { pane: "mapperLabels" },

    /* places: [lat, lon, name, incidents, most hurt]; land: the basemap's features (name n,
       lab 1 to write it); towns: [lat, lon, name, min zoom] */
    initialize: function (places, land, towns, options) {
      L.setOptions(this, options);
      this._places = places || [];
      this._towns = towns || [];
      this._countries = (land && land.features || []).filter(function (f) {
        return f.properties.lab && f.properties.n;
      }).map(function (f) { return { name: f.properties.n, polys: polygons(f.geometry) }; });
      this.showTowns = true;
      this.showCountries = true;
      this.markerRects = null;  // set by the page: markers that other names keep clear of
    },

    onAdd: function (map) {
      this._box = el(null, "div", "mapper-labels leaflet-zoom-hide");
      map.getPane(this.options.pane).appendChild(this._box);
      map.on("moveend zoomend resize", this.redraw, this);
      this.redraw();
    },

    onRemove: function (map) {
      map.off("moveend zoomend resize", this.redraw, this);
      this._box.remove();
    },

    /* Rectangles (container pixels) that the map's controls cover. */
    _covered: function () {
      var map = this._map, box = map.getContainer().getBoundingClientRect(), out = [];
      var nodes = map.getContainer().querySelectorAll(".leaflet-control");
      for (var i = 0; i < nodes.length; i++) {
        var r = nodes[i].getBoundingClientRect();
        if (r.width && r.height) {
          out.push([r.left - box.left - 4, r.top - box.top - 4,
            r.right - box.left + 4, r.bottom - box.top + 4]);
        }
      }
      return out;
    },

    /* For each country on screen: sample points inside it, deepest first. */
    _countrySpots: function () {
      var map = this._map, size = map.getSize(), countries = this._countries;
      var nx = Math.ceil(size.x / STEP), ny = Math.ceil(size.y / STEP);
      var owner = new Int32Array(nx * ny).fill(-1), ix, iy, k;
      var view = map.getBounds().pad(0.05);
      var visible = [];
      countries.forEach(function (c, ci) {
        var hit = c.polys.some(function (p) {
          return !(p.box[0] > view.getEast() || p.box[2] < view.getWest() ||
                   p.box[1] > view.getNorth() || p.box[3] < view.getSouth());
        });
        if (hit) { visible.push(ci); }
      });
      if (!visible.length) { return []; }
      for (iy = 0; iy < ny; iy++) {
        for (ix = 0; ix < nx; ix++) {
          var ll = map.containerPointToLatLng([(ix + 0.5) * STEP, (iy + 0.5) * STEP]);
          for (k = visible.length - 1; k >= 0; k--) {  // later shapes (finer) on top
            if (contains(countries[visible[k]].polys, ll.lng, ll.lat)) {
              owner[iy * nx + ix] = visible[k];
              break;
            }
          }
        }
      }
      // depth: steps to the nearest sample of another country or the screen's edge
      var depth = new Int32Array(nx * ny), big = 1 << 20, changed = true;
      for (k = 0; k < nx * ny; k++) {
        ix = k % nx; iy = (k - ix) / nx;
        var edge = ix === 0 || iy === 0 || ix === nx - 1 || iy === ny - 1 ||
          owner[k - 1] !== owner[k] || owner[k + 1] !== owner[k] ||
          owner[k - nx] !== owner[k] || owner[k + nx] !== owner[k];
        depth[k] = edge ? 0 : big;
      }
      for (var pass = 0; pass < 2 * Math.max(nx, ny) && changed; pass++) {
        changed = false;
        for (k = 0; k < nx * ny; k++) {
          if (!depth[k]) { continue; }
          var m = Math.min(depth[k - 1], depth[k + 1], depth[k - nx], depth[k + nx]) + 1;
          if (m < depth[k]) { depth[k] = m; changed = true; }
        }
      }
      var spots = {};
      for (k = 0; k < nx * ny; k++) {
        if (owner[k] < 0) { continue; }
        (spots[owner[k]] = spots[owner[k]] || []).push(k);
      }
      return Object.keys(spots).map(function (ci) {
        var cells = spots[ci].sort(function (a, b) { return depth[b] - depth[a]; });
        return {
          name: countries[ci].name, size: cells.length,
          points: cells.slice(0, 12).filter(function (c) { return depth[c] > 0 || cells.length < 4; })
            .map(function (c) { return [(c % nx + 0.5) * STEP, (Math.floor(c / nx) + 0.5) * STEP]; })
        };
      }).filter(function (s) { return s.size >= 3; })
        .sort(function (a, b) { return b.size - a.size; });
    },

    redraw: function () {
      if (!this._map) { return; }
      var map = this._map, size = map.getSize(), zoom = map.getZoom();
      var taken = this._covered(), frag = document.createDocumentFragment(), n = 0;

      function put(x, y, name, cls, w, h, dx, dot) {
        var x0 = x + dx, y0 = y - h / 2;
        var rect = [x0 - 2, y0 - 1, x0 + w + 2, y0 + h + 1];
        if (rect[0] < 0 || rect[1] < 0 || rect[2] > size.x || rect[3] > size.y) { return false; }
        if (overlaps(rect, taken)) { return false; }
        taken.push(rect);
        var span = el(frag, "span", "mapper-label " + cls, name);
        L.DomUtil.setPosition(span, map.containerPointToLayerPoint([x0, y0]));
        if (dot) {
          L.DomUtil.setPosition(el(frag, "span", "mapper-town-dot"),
            map.containerPointToLayerPoint([x, y]));
        }
        n++;
        return true;
      }

      function at(lat, lon) { return map.latLngToContainerPoint([lat, lon]); }

      this._places.forEach(function (p) {
        // clear of the largest marker there (markers grow with the killed and wounded)
        var r = 9 + Math.min(9, 2.2 * Math.sqrt(Math.min(p[4] || 0, 400))), q = at(p[0], p[1]);
        var w = p[2].length * 7 + 4;
        // right of the marker, else left of it (at the screen's right edge, say)
        if (n < MAX_LABELS && !put(q.x, q.y, p[2], "mapper-label-place", w, 15, r, false)) {
          put(q.x, q.y, p[2], "mapper-label-place", w, 15, -r - w, false);
        }
      });
      taken = taken.concat(this.markerRects ? this.markerRects() : []);
      if (this.showCountries) {
        this._countrySpots().forEach(function (c) {
          var w = c.name.length * 9.5 + 6;
          for (var k = 0; k < c.points.length; k++) {
            var q = c.points[k];
            if (put(q[0], q[1], c.name, "mapper-country-label", w, 16, -w / 2, false)) { break; }
          }
        });
      }
      if (this.showTowns) {
        this._towns.forEach(function (t) {
          if (zoom >= t[3] && n < MAX_LABELS) {
            var q = at(t[0], t[1]);
            put(q.x, q.y, t[2], "mapper-label-town", t[2].length * 6.3 + 4, 13, 6, true);
          }
        });
      }
      this._box.textContent = "";
      this._box.appendChild(frag);
      this._count = n;
    }
  });
})();
