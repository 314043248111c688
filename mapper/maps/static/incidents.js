/* Incident layers of border-incident-mapper: markers, arrows, heat map, timeline, legend.
 *
 * The map receives one compact, column-oriented JSON payload (see mapper/_map_data.py) and
 * builds everything here, client side. Report text, titles and URLs are untrusted: they reach
 * the page only through textContent and through href after an http(s) check, never through
 * innerHTML, so a report holding <script> or onerror= markup shows as text.
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

  function dateText(ds, de) {
    if (ds === null || ds === undefined) { return "date unknown"; }
    if (de === null || de === undefined || de === ds) { return isoDay(ds); }
    return isoDay(ds) + " \u2013 " + isoDay(de);
  }

  function casualtyText(k, w) {
    var parts = [];
    if (k !== null && k !== undefined) { parts.push(k + " killed"); }
    if (w !== null && w !== undefined) { parts.push(w + " wounded"); }
    return parts.length ? parts.join(", ") : null;
  }

  /* Own panes keep the stacking right: district and border shapes (overlay pane, 400) under
     the heat map, the heat map under the arrows, the arrows under the markers. */
  function pane(map, name, z) {
    var p = map.getPane(name) || map.createPane(name);
    p.style.zIndex = z;
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
      // it joins the map (so: now): levels far below the incidents' view cost time at 100,000
      // markers and show nothing useful.
      var floor = map.getZoom() - (opts.zoomOutLevels || 3);
      // ...but never so high that some place cannot be brought on screen
      if (opts.all) { floor = Math.min(floor, map.getBoundsZoom(L.latLngBounds(opts.all))); }
      if (floor > map.getMinZoom()) { map.setMinZoom(floor); }
    }
    this.markers = this._clustered ? L.markerClusterGroup({
      chunkedLoading: true,
      chunkInterval: 300,
      chunkDelay: 1,
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      spiderfyOnMaxZoom: true,
      disableClusteringAtZoom: 13
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
      var m = e.layer;
      if (!m || m._mi === undefined) { return; }
      L.popup({ maxWidth: 380, minWidth: 240, maxHeight: 380, className: "mi-popup-wrap" })
        .setLatLng(m.getLatLng()).setContent(self.popupAt(m._mi)).openOn(map);
    });
    var tip = L.tooltip({ sticky: true, direction: "top", offset: [0, -6] });
    this.arrows.on("mouseover mousemove", function (e) {
      if (!e.layer || !e.layer._pairs) { return; }
      tip.setLatLng(e.latlng).setContent(self.arrowText(e.layer));
      if (!map.hasLayer(tip)) { map.openTooltip(tip); }
    });
    this.arrows.on("mouseout", function () { map.closeTooltip(tip); });
  };

  Incidents.prototype._style = function (t, r, approx) {
    var key = t + ":" + r + ":" + approx, st = this._styles[key];
    if (st) { return st; }
    var color = this.opts.types[t].color, role = this.opts.roles[r];
    st = {
      color: color, weight: 2, opacity: 1, fillColor: color, fillOpacity: 0.9, radius: 7,
      pane: this._panes.markers
    };
    if (role === "origin") {
      st.fillColor = "#ffffff";
      st.fillOpacity = 1;
      st.weight = 3.5;
      st.radius = 6;
    } else if (role === "location") {
      st.fillOpacity = 0.35;
      st.weight = 1.5;
      st.radius = 5;
    } else {
      st.color = "#222222";
      st.weight = 1.5;
    }
    if (approx) { st.dashArray = "3 3"; st.radius += 3; }
    this._styles[key] = st;
    return st;
  };

  Incidents.prototype._buildMarkers = function () {
    var d = this.data, list = new Array(this.n);
    for (var i = 0; i < this.n; i++) {
      var m = L.circleMarker([d.lat[i], d.lon[i]], this._style(d.t[i], d.r[i], d.p[i] >= 3 ? 1 : 0));
      m._mi = i;
      list[i] = m;
    }
    this._markerList = list;
  };

  /* One arrow per origin, target and event type: incidents between the same two places share
     it, and it grows thicker with their number. */
  Incidents.prototype._buildArrows = function () {
    var d = this.data, pairs = d.a || [], list = [], byKey = {};
    // SVG while there are few: a canvas over the map takes every hover and click from the
    // districts and borders beneath it. Tens of thousands of SVG paths are slow to draw, so
    // past that (arrows then start switched off) a canvas it is.
    var renderer = pairs.length / 2 <= 3000 ?
      L.svg({ padding: 0.5, pane: this._panes.arrows }) :
      L.canvas({ padding: 0.5, pane: this._panes.arrows });
    for (var k = 0; k + 1 < pairs.length; k += 2) {
      var o = pairs[k], t = pairs[k + 1];
      var key = [d.lat[o], d.lon[o], d.lat[t], d.lon[t], d.t[t]].join(",");
      var line = byKey[key];
      if (!line) {
        var a = L.latLng(d.lat[o], d.lon[o]), b = L.latLng(d.lat[t], d.lon[t]);
        line = byKey[key] = L.polyline([[a, b], this._head(a, b)], {
          color: this.opts.types[d.t[t]].color, weight: 2.5, opacity: 0.85, renderer: renderer
        });
        line._pair = [o, t];
        line._pairs = [];
        list.push(line);
      }
      line._pairs.push(o, t);
    }
    list.forEach(function (l) {
      var n = l._pairs.length / 2;
      if (n > 1) { l.setStyle({ weight: 2.5 + Math.min(5, Math.log2(n)) }); }
    });
    this._arrowList = list;
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
    var n = line._pairs.length / 2;
    var txt = (this.str(d.pl[o]) || "?") + " \u2192 " + (this.str(d.pl[t]) || "?");
    txt += " \u00b7 " + this.opts.types[d.t[t]].label + " \u00b7 ";
    txt += n > 1 ? n + " incidents" : dateText(d.ds[inc], d.de[inc]);
    return el(null, "span", "mi-arrow-tip", txt);
  };

  /* Reports often name the same place (a village, a district's centre): markers there lie on
     top of each other, so the popup of one lists every incident at that spot that is shown
     (the clicked one first, one entry per incident). */
  Incidents.prototype.popupAt = function (i) {
    var d = this.data, mask = this.mask, rows = [i], seen = {}, max = 10;
    if (!this._spots) {
      var spots = {};
      for (var j = 0; j < this.n; j++) {
        var key = d.lat[j] + "," + d.lon[j];
        (spots[key] = spots[key] || []).push(j);
      }
      this._spots = spots;
    }
    seen[d.i[i]] = true;
    this._spots[d.lat[i] + "," + d.lon[i]].forEach(function (j) {
      if (!seen[d.i[j]] && (!mask || mask[j])) { seen[d.i[j]] = true; rows.push(j); }
    });
    if (rows.length === 1) { return this.popup(i); }
    var root = el(null, "div", "mi-stack");
    el(root, "div", "mi-stack-head", rows.length + " incidents at this place");
    for (var k = 0; k < rows.length && k < max; k++) { root.appendChild(this.popup(rows[k])); }
    if (rows.length > max) {
      el(root, "div", "mi-stack-more", "and " + (rows.length - max) + " more here");
    }
    return root;
  };

  Incidents.prototype.popup = function (i) {
    var d = this.data, str = this.str, inc = d.i[i], type = this.opts.types[d.t[i]];
    var root = el(null, "div", "mi-popup");
    var head = el(root, "div", "mi-head");
    var sw = el(head, "span", "mi-swatch");
    sw.style.background = type.color;
    el(head, "strong", "mi-type", type.label);
    el(head, "span", "mi-date", dateText(d.ds[inc], d.de[inc]));

    var place = el(root, "div", "mi-place");
    el(place, "strong", "mi-place-name", str(d.pl[i]) || "unnamed place");
    el(place, "span", "mi-role", " (" + this.opts.roles[d.r[i]] + ")");
    var where = [str(d.di[i]), str(d.co[i])].filter(function (x) { return x; }).join(", ");
    if (where) { el(root, "div", "mi-district", where); }
    if (d.p[i] >= 3) {
      el(root, "div", "mi-approx", "Approximate: " + (this.opts.precision[d.p[i]] || "area"));
    }
    if (d.bk[i] !== null) { el(root, "div", "mi-border", d.bk[i] + " km from the border"); }

    var cas = casualtyText(d.k[inc], d.w[inc]);
    if (cas) { el(root, "div", "mi-casualties", "Casualties: " + cas); }
    if (d.c[inc] >= 0) { el(root, "div", "mi-claimant", "Claimed by: " + str(d.c[inc])); }

    var src = el(root, "div", "mi-source");
    el(src, "span", null, "Source: ");
    var url = safeUrl(str(d.u[inc])), title = str(d.ti[inc]), outlet = str(d.so[inc]);
    var label = title || outlet || url || str(d.rid[inc]) || "report";
    if (url) {
      var a = el(src, "a", "mi-link", label);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
    } else {
      el(src, "span", "mi-title", label);
    }
    if (outlet && label !== outlet) { el(src, "span", "mi-outlet", " (" + outlet + ")"); }

    var snip = str(d.sn[i]);
    if (snip) {
      var q = el(root, "blockquote", "mi-snippet");
      var h0 = d.h0[i], h1 = d.h1[i];
      if (h0 >= 0 && h1 > h0 && h1 <= snip.length) {
        q.appendChild(document.createTextNode(snip.slice(0, h0)));
        el(q, "mark", null, snip.slice(h0, h1));
        q.appendChild(document.createTextNode(snip.slice(h1)));
      } else {
        q.textContent = snip;
      }
    }
    el(root, "div", "mi-id", str(d.iid[inc]) || str(d.rid[inc]) || "");
    return root;
  };

  /* Keep the markers, arrows and heat points whose incident overlaps [lo, hi] (day numbers);
     undated incidents stay only while `undated` is true. */
  Incidents.prototype.filter = function (lo, hi, undated) {
    var d = this.data, n = this.n, mask = new Uint8Array(n), shown = [];
    for (var i = 0; i < n; i++) {
      var inc = d.i[i], s = d.ds[inc], e = d.de[inc];
      if (s === null) { mask[i] = undated ? 1 : 0; } else {
        if (e === null) { e = s; }
        mask[i] = (s <= hi && e >= lo) ? 1 : 0;
      }
      if (mask[i]) { shown.push(this._markerList[i]); }
    }
    this.mask = mask;
    this.map.closePopup();
    this.markers.clearLayers();
    this.markers.addLayers ? this.markers.addLayers(shown) : shown.forEach(function (m) {
      this.markers.addLayer(m);
    }, this);
    var arrows = this.arrows;
    arrows.clearLayers();
    this._arrowList.forEach(function (line) {
      var p = line._pairs;
      for (var j = 0; j < p.length; j += 2) {
        if (mask[p[j]] && mask[p[j + 1]]) { arrows.addLayer(line); return; }
      }
    });
    if (this.heat) { this.heat.setMask(mask); }
    return shown.length;
  };

  Incidents.prototype.load = function (done) {
    var list = this._markerList, arrows = this.arrows;
    this._arrowList.forEach(function (line) { arrows.addLayer(line); });
    if (this._clustered && this.markers._map) {
      this.markers.options.chunkProgress = function (processed, total) {
        if (processed >= total && done) { var f = done; done = null; f(); }
      };
      this.markers.addLayers(list);
      if (!list.length && done) { done(); }
    } else {
      if (this.markers.addLayers) { this.markers.addLayers(list); } else {
        for (var i = 0; i < list.length; i++) { this.markers.addLayer(list[i]); }
      }
      if (done) { done(); }
    }
  };

  /* ---- timeline control ------------------------------------------------------------- */
  L.Control.MapperTimeline = L.Control.extend({
    options: { position: "bottomleft" },
    initialize: function (incidents, range, options) {
      L.setOptions(this, options);
      this._inc = incidents;
      this._range = range;
    },
    onAdd: function () {
      var r = this._range, self = this;
      var box = el(null, "div", "leaflet-bar mapper-timeline");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      el(box, "div", "mt-title", "Dates shown");
      var lab = el(box, "div", "mt-label");
      var mk = function (value, cls) {
        var inp = el(box, "input", cls);
        inp.type = "range";
        inp.min = r[0];
        inp.max = r[1];
        inp.step = 1;
        inp.value = value;
        return inp;
      };
      var lo = this._lo = mk(r[0], "mt-from"), hi = this._hi = mk(r[1], "mt-to");
      var row = el(box, "label", "mt-undated");
      var cb = this._cb = el(row, "input");
      cb.type = "checkbox";
      cb.checked = true;
      el(row, "span", null, " undated (" + r[2] + ")");
      var count = el(box, "div", "mt-count");
      var update = function () {
        var a = +lo.value, b = +hi.value;
        if (a > b) { var t = a; a = b; b = t; }
        lab.textContent = isoDay(a) + " \u2013 " + isoDay(b);
        return [a, b];
      };
      var apply = function () {
        var ab = update();
        count.textContent = self._inc.filter(ab[0], ab[1], cb.checked) + " places shown";
      };
      lo.addEventListener("input", update);
      hi.addEventListener("input", update);
      lo.addEventListener("change", apply);
      hi.addEventListener("change", apply);
      cb.addEventListener("change", apply);
      update();
      var inc = this._inc;
      (inc.ready || Promise.resolve()).then(function () {
        count.textContent = inc.n + " places shown";
      });
      this._count = count;
      return box;
    },
    /* Set the range from script (tests, bookmarks): day numbers, inclusive. */
    setRange: function (a, b, undated) {
      this._lo.value = a;
      this._hi.value = b;
      if (undated !== undefined) { this._cb.checked = !!undated; }
      this._lo.dispatchEvent(new Event("change"));
    }
  });

  /* ---- "all places" button: the map opens on the densest cluster, this shows the rest -- */
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

  /* ---- legend ------------------------------------------------------------------------ */
  L.Control.MapperLegend = L.Control.extend({
    options: { position: "bottomright" },
    initialize: function (spec, options) {
      L.setOptions(this, options);
      this._spec = spec;
    },
    onAdd: function () {
      var spec = this._spec, box = el(null, "div", "mapper-legend");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      // the legend can be folded away by its title: on a small screen it covers the map
      var head = el(box, "button", "ml-title", spec.title || "Legend");
      head.type = "button";
      head.setAttribute("aria-expanded", "true");
      head.addEventListener("click", function () {
        var folded = box.classList.toggle("ml-folded");
        head.setAttribute("aria-expanded", folded ? "false" : "true");
      });
      if (this._map && this._map.getSize().y < 560) {
        box.classList.add("ml-folded");
        head.setAttribute("aria-expanded", "false");
      }
      var svgNS = "http://www.w3.org/2000/svg";
      var symbol = function (row, st) {
        var svg = document.createElementNS(svgNS, "svg");
        svg.setAttribute("width", "22");
        svg.setAttribute("height", "18");
        svg.setAttribute("class", "ml-sym");
        var shape;
        if (st.line) {
          shape = document.createElementNS(svgNS, "line");
          shape.setAttribute("x1", "1"); shape.setAttribute("y1", "9");
          shape.setAttribute("x2", "21"); shape.setAttribute("y2", "9");
          shape.setAttribute("stroke-width", st.weight || 3);
        } else if (st.box) {
          shape = document.createElementNS(svgNS, "rect");
          shape.setAttribute("x", "2"); shape.setAttribute("y", "3");
          shape.setAttribute("width", "18"); shape.setAttribute("height", "12");
          shape.setAttribute("stroke-width", "1");
          shape.setAttribute("fill", st.fill);
          shape.setAttribute("fill-opacity", st.fillOpacity === undefined ? 1 : st.fillOpacity);
        } else {
          shape = document.createElementNS(svgNS, "circle");
          shape.setAttribute("cx", "11"); shape.setAttribute("cy", "9");
          shape.setAttribute("r", st.radius || 6);
          shape.setAttribute("stroke-width", st.weight || 1.5);
          shape.setAttribute("fill", st.fill || "none");
          shape.setAttribute("fill-opacity", st.fillOpacity === undefined ? 1 : st.fillOpacity);
        }
        shape.setAttribute("stroke", st.stroke || "none");
        if (st.dash) { shape.setAttribute("stroke-dasharray", st.dash); }
        svg.appendChild(shape);
        row.appendChild(svg);
      };
      (spec.sections || []).forEach(function (sec) {
        el(box, "div", "ml-head", sec.title);
        sec.items.forEach(function (it) {
          var row = el(box, "div", "ml-row");
          symbol(row, it.symbol);
          el(row, "span", "ml-label", it.label);
        });
      });
      if (spec.note) { el(box, "div", "ml-note", spec.note); }
      return box;
    }
  });

  /* Entry point used by the map page. */
  window.MapperIncidents = {
    /* Make the (still empty) layers now, so the page can put them in its layer control, and
       fill them once the payload is unpacked; `ready` resolves then. */
    build: function (map, packed, opts) {
      var inc = new Incidents(map, opts);
      if (opts.all && opts.outside > 0) {
        inc.showAll = new L.Control.MapperShowAll(opts.all, opts.outside).addTo(map);
      }
      window.mapperMaps = window.mapperMaps || [];
      window.mapperMaps.push(inc);
      inc.ready = unpack(packed).then(function (data) {
        performance.mark("mapper-unpacked");
        inc.setData(data);
        performance.mark("mapper-built");
        return inc;
      });
      inc.ready.catch(function (err) {
        var box = el(map.getContainer(), "div", "mapper-error", "The map data could not be read: " + err);
        box.setAttribute("role", "alert");
      });
      return inc;
    },
    dateText: dateText,
    safeUrl: safeUrl
  };
})();
