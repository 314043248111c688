/* Linked events of border-incident-mapper's map. The incidents several reports tell of (one
 * event_id from `mapper extract --link`) draw as one marker at the place most accounts name;
 * each account's arrows take its claimant's side's colour and dash (core.js), and the event's
 * popup sets the accounts side by side. The payload (maps/events.py) gives per incident `ei`
 * (its event, -1 none) and `sd` (its claimant's side), and per event `E` (marker place, id,
 * what the accounts disagree on). Report text enters only through textContent.
 */
(function () {
  "use strict";

  var C = window.MapperCore, Incidents = C.Incidents, el = C.el;
  var UNKNOWN = { key: "", label: "side not known", color: "#555555", dash: "1 5" };
  var WHY = [[1, "who fired at whom"], [2, "the killed"], [4, "the wounded"]];

  function has(v) { return v !== null && v !== undefined; }

  /* Casualties as an account claims them: 0 is a claim too ("none"), a missing figure is not. */
  function claimed(k, w) {
    if (!has(k) && !has(w)) { return "no figure given"; }
    if (!k && !w) { return "none"; }
    var parts = [];
    if (has(k)) { parts.push(k + " killed"); }
    if (has(w)) { parts.push(w + " wounded"); }
    return parts.join(", ");
  }

  /* The event a row's incident is drawn with, -1 when it is drawn on its own. */
  Incidents.prototype.eventOf = function (i) {
    var d = this.data;
    return d.ei ? d.ei[d.i[i]] : -1;
  };

  /* The arrow style of an incident's claimant side; null outside linked events. */
  Incidents.prototype.sideOf = function (inc) {
    var d = this.data;
    if (!d.ei || d.ei[inc] < 0) { return null; }
    if (!this._sides) {
      var byKey = {};
      (this.opts.sides || []).forEach(function (s) { byKey[s.key] = s; });
      this._sides = byKey;
    }
    var key = d.sd[inc] >= 0 ? d.s[d.sd[inc]] : "";
    return this._sides[key] || this._sides[""] || UNKNOWN;
  };

  /* One marker per event, shared by every row of its incidents as a country-wide spot is:
     show() then draws it once when any of those rows passes the filters. */
  Incidents.prototype._groupEvents = function (list) {
    var d = this.data, E = d.E, i, k;
    this._evMarkers = [];
    this._evIncs = [];
    this._evRows = {};
    if (!E || !E.lat.length) { return; }
    for (k = 0; k < E.lat.length; k++) { this._evIncs.push([]); }
    for (k = 0; k < d.ei.length; k++) { if (d.ei[k] >= 0) { this._evIncs[d.ei[k]].push(k); } }
    for (i = 0; i < this.n; i++) {
      var inc = d.i[i];
      if (d.ei[inc] >= 0) { (this._evRows[inc] = this._evRows[inc] || []).push(i); }
    }
    var spotOf = [];
    for (var e = 0; e < E.lat.length; e++) {
      var incs = this._evIncs[e], first = this._evRows[incs[0]][0];
      var contested = incs.some(function (n) { return d.ct[n] === 1; });
      var m = L.circleMarker([E.lat[e], E.lon[e]], {
        color: contested ? this.opts.contestedColor : "#222222", weight: contested ? 3.5 : 3,
        fillColor: this.opts.types[d.t[first]].color, fillOpacity: 0.9, radius: 9,
        pane: this._panes.markers, className: contested ? "mi-event mi-event-contested" : "mi-event"
      });
      m._mi = first;
      m._ev = e;
      spotOf.push(this._spotList.length);
      this._spotList.push(m);
      this._evMarkers.push(m);
    }
    for (i = 0; i < this.n; i++) {
      var ev = d.ei[d.i[i]];
      if (ev >= 0) { list[i] = this._evMarkers[ev]; this._spotOf[i] = spotOf[ev]; }
    }
  };

  /* The event's popup: its dates and place, whether it is contested and on what, then one
     column per account. */
  Incidents.prototype.eventPopup = function (e) {
    var d = this.data, E = d.E, self = this, incs = this._evIncs[e];
    var lo = null, hi = null, prec = 5, contested = false;
    incs.forEach(function (inc) {
      var end = has(d.de[inc]) ? d.de[inc] : d.ds[inc];
      if (has(d.ds[inc]) && (lo === null || d.ds[inc] < lo)) { lo = d.ds[inc]; }
      if (has(end) && (hi === null || end > hi)) { hi = end; }
      prec = Math.min(prec, has(d.dp[inc]) ? d.dp[inc] : 1);
      if (d.ct[inc] === 1) { contested = true; }
    });
    var root = el(null, "div", "mi-popup mi-event-popup");
    var head = el(root, "div", "mi-head");
    el(head, "span", "mi-swatch").style.background =
      this.opts.types[d.t[this._evRows[incs[0]][0]]].color;
    el(head, "strong", "mi-type", "One event, " + incs.length + " reports");
    el(head, "span", "mi-date", C.dateText(lo, hi, prec));
    var place = el(root, "div", "mi-place");
    el(place, "strong", "mi-place-name", this.str(E.pl[e]) || "unnamed place");
    el(place, "span", "mi-role", " (the place most accounts name)");
    if (contested) {
      var why = WHY.filter(function (w) { return E.why[e] & w[0]; })
        .map(function (w) { return w[1]; });
      el(root, "div", "mi-contested mi-contested-head",
        "Contested: the accounts disagree" + (why.length ? " on " + why.join(", ") : ""));
    }
    var cols = el(root, "div", "mi-accounts");
    cols.style.gridTemplateColumns = "repeat(" + incs.length + ", minmax(150px, 1fr))";
    incs.forEach(function (inc) { self._account(cols, inc); });
    el(root, "div", "mi-id", this.str(E.id[e]) || "");
    return root;
  };

  /* One account: who claims it, where it was published, and who fired from where at what. */
  Incidents.prototype._account = function (parent, inc) {
    var d = this.data, str = this.str, opts = this.opts, rows = this._evRows[inc] || [];
    var side = this.sideOf(inc), col = el(parent, "div", "mi-account");
    col.style.borderTopColor = side.color;
    if (side.dash) { col.style.borderTopStyle = "dashed"; }
    el(col, "div", "mi-acc-side", side.key ? side.label + "\u2019s account" :
      "Account (" + side.label + ")");
    el(col, "strong", "mi-acc-claimant", d.c[inc] >= 0 ? str(d.c[inc]) : "claimant not said");
    this.sourceLine(col, inc);
    el(col, "div", "mi-acc-report", "Report: " + (str(d.rid[inc]) || "?"));
    el(col, "div", "mi-acc-date", C.dateText(d.ds[inc], d.de[inc], d.dp[inc]));
    var kinds = opts.types.filter(function (t, k) { return d.tm[inc] & (1 << k); })
      .map(function (t) { return t.label; });
    el(col, "div", "mi-acc-kind", kinds.join(", "));
    var names = { origin: [], target: [], location: [] }, quote = null;
    rows.forEach(function (i) {
      var role = opts.roles[d.r[i]], name = str(d.pl[i]);
      if (name && names[role].indexOf(name) < 0) { names[role].push(name); }
      if (quote === null && role !== "location") { quote = str(d.sn[i]); }
    });
    [["origin", "Fired from"], ["target", "At"], ["location", "Also named"]].forEach(function (r) {
      if (r[0] === "location" && !names.location.length) { return; }
      var line = el(col, "div", "mi-acc-role mi-acc-" + r[0]);
      el(line, "span", "mi-acc-key", r[1] + ": ");
      el(line, "span", null, names[r[0]].length ? names[r[0]].join(", ") : "not said");
    });
    el(col, "div", "mi-acc-casualties", "Casualties claimed: " + claimed(d.k[inc], d.w[inc]));
    if (quote) { el(col, "blockquote", "mi-snippet", quote); }
    var mask = this.mask;
    if (mask && !rows.some(function (i) { return mask[i]; })) {
      col.classList.add("mi-acc-hidden");
      el(col, "div", "mi-acc-note", "hidden by the filters");
    }
  };

  /* An incident linked to reports not on this map (or alone here): say so in its own popup. */
  function linked(root, i) {
    var d = this.data, inc = d.i[i];
    if (!d.ev || d.ev[inc] === undefined || d.ev[inc] < 0) { return; }
    if (!this._events) {  // incidents per event, counted once
      var n = {};
      d.ev.forEach(function (e) { if (e >= 0) { n[e] = (n[e] || 0) + 1; } });
      this._events = n;
    }
    var others = this._events[d.ev[inc]] - 1;
    var text = others > 0 ? "One of " + (others + 1) + " reports of the same event" :
      "Linked to an event";
    if (d.ct[inc]) { text += "; the accounts disagree"; }
    el(root, "div", d.ct[inc] ? "mi-linked mi-contested" : "mi-linked", text);
  }

  var at = Incidents.sections.length;
  Incidents.sections.forEach(function (f, k) { if (f.name === "snippet") { at = k; } });
  Incidents.sections.splice(at, 0, linked);
})();
