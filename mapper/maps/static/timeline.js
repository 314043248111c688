/* The time control of border-incident-mapper: a histogram of incidents over time (those the
 * other filters let through), a range to brush on it, a play button that moves the range
 * through time, and whether undated incidents are shown.
 */
(function () {
  "use strict";

  var C = window.MapperCore, el = C.el;
  var SVG = "http://www.w3.org/2000/svg";

  function svg(parent, tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }

  /* Bins of a day, a week or a month, as the span needs: [first day of each bin..., end]. */
  function binEdges(lo, hi) {
    var span = hi - lo + 1, edges = [], d;
    if (span <= 120) {
      for (d = lo; d <= hi + 1; d++) { edges.push(d); }
    } else if (span <= 3 * 366) {
      for (d = lo; d <= hi + 7; d += 7) { edges.push(d); }
    } else {
      var t = new Date(lo * C.DAY), y = t.getUTCFullYear(), m = t.getUTCMonth();
      do {
        d = Date.UTC(y, m, 1) / C.DAY;
        edges.push(d);
        m++;
        if (m > 11) { m = 0; y++; }
      } while (d <= hi);
    }
    return edges;
  }

  L.Control.MapperTimeline = L.Control.extend({
    options: { position: "bottomleft" },

    /* range: [first day, last day, undated rows]; app: the page's app (setTime, histogram) */
    initialize: function (range, app, options) {
      L.setOptions(this, options);
      this._range = range;
      this._app = app;
      this._edges = binEdges(range[0], range[1]);
      this.lo = range[0];
      this.hi = range[1];
      this.undated = true;
      this._timer = null;
    },

    onAdd: function () {
      var self = this, r = this._range;
      var box = this._box = el(null, "div", "leaflet-bar mapper-timeline");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var top = el(box, "div", "mt-top");
      var play = this._play = el(top, "button", "mt-play", "\u25B6");
      play.type = "button";
      play.title = "Play: move the dates shown through time";
      play.setAttribute("aria-label", play.title);
      play.addEventListener("click", function () { self.toggle(); });
      this._label = el(top, "span", "mt-label");
      var all = el(top, "button", "mt-all", "all dates");
      all.type = "button";
      all.addEventListener("click", function () { self.stop(); self.setRange(r[0], r[1]); });
      this._svg = svg(box, "svg", { "class": "mt-hist", height: "46", role: "img",
        "aria-label": "Incidents over time; drag to choose dates" });
      this._bars = svg(this._svg, "g");
      this._sel = svg(this._svg, "rect", { "class": "mt-sel", y: "0", height: "46" });
      var foot = el(box, "div", "mt-foot");
      el(foot, "span", "mt-first", C.shortDay(r[0]));
      var row = el(foot, "label", "mt-undated");
      var cb = this._cb = el(row, "input");
      cb.type = "checkbox";
      cb.checked = true;
      el(row, "span", null, " undated (" + r[2] + ")");
      cb.addEventListener("change", function () { self.undated = cb.checked; self._apply(); });
      el(foot, "span", "mt-last", C.shortDay(r[1]));
      this._brush();
      this._text();
      return box;
    },

    /* Day number at x (pixels from the histogram's left edge), snapped to a bin's start. */
    _dayAt: function (x, end) {
      var e = this._edges, w = this._width(), k = Math.floor(x / w * (e.length - 1));
      k = Math.max(0, Math.min(e.length - 2, k));
      return end ? e[k + 1] - 1 : e[k];
    },

    _width: function () { return this._svg.getBoundingClientRect().width || 300; },

    /* Draw again at the control's present width (it moves between the map and the panel). */
    redraw: function () { if (this._svg) { this._draw(); } },

    _brush: function () {
      var self = this, start = null, svgEl = this._svg;
      function x(ev) { return ev.clientX - svgEl.getBoundingClientRect().left; }
      svgEl.addEventListener("pointerdown", function (ev) {
        self.stop();
        start = x(ev);
        svgEl.setPointerCapture(ev.pointerId);
        self._setFromPixels(start, start);
      });
      svgEl.addEventListener("pointermove", function (ev) {
        if (start !== null) { self._setFromPixels(start, x(ev)); }
      });
      svgEl.addEventListener("pointerup", function (ev) {
        if (start === null) { return; }
        self._setFromPixels(start, x(ev));
        start = null;
        self._apply();
      });
    },

    _setFromPixels: function (a, b) {
      this.lo = this._dayAt(Math.min(a, b), false);
      this.hi = Math.min(this._dayAt(Math.max(a, b), true), this._range[1]);
      this._text();
    },

    _text: function () {
      this._label.textContent = C.shortDay(this.lo) + " \u2013 " + C.shortDay(this.hi);
      this._draw();
    },

    /* Bars: incidents per bin among those the other filters keep; the chosen range dark. */
    setCounts: function (days) {
      var e = this._edges, counts = new Array(e.length - 1).fill(0), k = 0;
      days.sort(function (a, b) { return a - b; });
      days.forEach(function (d) {
        while (k < counts.length - 1 && d >= e[k + 1]) { k++; }
        counts[k]++;
      });
      this._counts = counts;
      this._draw();
    },

    _draw: function () {
      if (!this._counts) { return; }
      var counts = this._counts, e = this._edges, w = this._width(), n = counts.length;
      var max = Math.max.apply(null, counts.concat([1])), bw = w / n, self = this;
      this._bars.textContent = "";
      counts.forEach(function (c, k) {
        if (!c) { return; }
        var h = Math.max(2, 42 * Math.sqrt(c / max));
        var inside = e[k] <= self.hi && e[k + 1] - 1 >= self.lo;
        svg(self._bars, "rect", { x: String(k * bw + 0.5), width: String(Math.max(1, bw - 1)),
          y: String(46 - h), height: String(h), "class": inside ? "mt-bar mt-in" : "mt-bar" });
      });
      var x0 = this._x(this.lo), x1 = this._x(this.hi + 1);
      this._sel.setAttribute("x", String(x0));
      this._sel.setAttribute("width", String(Math.max(2, x1 - x0)));
    },

    _x: function (day) {
      var e = this._edges, w = this._width(), n = e.length - 1;
      for (var k = 0; k < n; k++) {
        if (day < e[k + 1]) { return (k + (day - e[k]) / (e[k + 1] - e[k])) * w / n; }
      }
      return w;
    },

    _apply: function () {
      this._text();
      this._app.setTime(this.lo, this.hi, this.undated);
    },

    /* Set the range from script (tests, the URL): day numbers, inclusive. */
    setRange: function (a, b, undated) {
      this.lo = Math.max(this._range[0], Math.min(a, b));
      this.hi = Math.min(this._range[1], Math.max(a, b));
      if (undated !== undefined) { this.undated = !!undated; this._cb.checked = this.undated; }
      this._apply();
    },

    playing: function () { return this._timer !== null; },

    toggle: function () { if (this.playing()) { this.stop(); } else { this.play(); } },

    /* Move a window through time, one bin a step: the window is the range chosen, or a
       sixth of all dates when all are chosen. */
    play: function () {
      var r = this._range, e = this._edges, self = this;
      var width = this.hi - this.lo;
      if (this.lo <= r[0] && this.hi >= r[1]) { width = Math.max(0, Math.round((r[1] - r[0]) / 6)); }
      var step = Math.max(1, e[1] - e[0]);
      var lo = this.hi >= r[1] ? r[0] : this.lo;
      this._play.textContent = "\u23F8";
      this._play.classList.add("mt-playing");
      var tick = function () {
        self.setRange(lo, Math.min(r[1], lo + width));
        if (lo + width >= r[1]) { self.stop(); return; }
        lo += step;
        self._timer = setTimeout(tick, 700);
      };
      this._timer = setTimeout(tick, 0);
    },

    stop: function () {
      if (this._timer !== null) { clearTimeout(this._timer); }
      this._timer = null;
      if (this._play) {
        this._play.textContent = "\u25B6";
        this._play.classList.remove("mt-playing");
      }
    }
  });
})();
