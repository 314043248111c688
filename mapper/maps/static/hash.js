/* The URL's hash of border-incident-mapper's page: the view and the filters, so that a copied
 * link reopens the same map (#map=zoom/lat/lon&dates=a..b&undated=0&types=..&roles=..
 * &claimants=..&contested=1). A hash is read as data only: names in it are compared, never shown as markup.
 */
(function () {
  "use strict";

  var C = window.MapperCore, App = window.MapperApp.App;

  App.prototype._readHash = function () {
    var out = {}, params;
    try { params = new URLSearchParams(location.hash.replace(/^#/, "")); } catch (e) { return out; }
    var view = (params.get("map") || "").split("/").map(Number);
    if (view.length === 3 && view.every(isFinite)) { out.view = view; }
    var dates = (params.get("dates") || "").split("..");
    if (dates.length === 2) {
      var a = Date.parse(dates[0]), b = Date.parse(dates[1]);
      if (isFinite(a) && isFinite(b)) { out.dates = [Math.round(a / C.DAY), Math.round(b / C.DAY)]; }
    }
    if (params.has("undated")) { out.undated = params.get("undated") !== "0"; }
    if (params.has("contested")) { out.contested = params.get("contested") === "1"; }
    ["types", "roles", "claimants"].forEach(function (k) {
      if (params.has(k)) { out[k] = params.get(k) === "" ? [] : params.get(k).split("|"); }
    });
    return out;
  };

  App.prototype._applyHash = function (h, refresh) {
    var st = this._defaults(), opts = this.opts;
    function bits(names, keys) {
      return names.reduce(function (m, n) { var k = keys.indexOf(n); return k < 0 ? m : m | (1 << k); }, 0);
    }
    if (h.types) { st.types = bits(h.types, opts.types.map(function (t) { return t.key; })); }
    if (h.roles) { st.roles = bits(h.roles, opts.roles); }
    if (h.claimants) {
      this.claimNames.forEach(function (name, k) {
        if (h.claimants.indexOf(name === null ? "-" : name) < 0) { st.claimOff[k] = true; }
      });
    }
    if (h.undated !== undefined) { st.undated = h.undated; }
    if (h.contested !== undefined) { st.contested = h.contested; }
    this.state = st;
    if (this.timeline) {
      var dates = h.dates || [st.lo, st.hi];
      this.timeline.lo = Math.max(st.lo, Math.min(dates[0], dates[1]));
      this.timeline.hi = Math.min(st.hi, Math.max(dates[0], dates[1]));
      this.timeline.undated = st.undated;
      this.timeline._cb.checked = st.undated;
      this.timeline._text();
      st.lo = this.timeline.lo;
      st.hi = this.timeline.hi;
    }
    if (refresh) {
      if (h.view) { this.map.setView([h.view[1], h.view[2]], h.view[0], { animate: false }); }
      this.refresh();
    }
  };

  App.prototype.hashText = function () {
    var map = this.map, c = map.getCenter(), st = this.state, opts = this.opts, def = this._defaults();
    var parts = [], params = {
      set: function (k, v) {
        parts.push(k + "=" + encodeURIComponent(v).replace(/%2F/g, "/").replace(/%7C/g, "|"));
      }
    };
    params.set("map", map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4));
    if (st && this.data) {
      if (st.lo !== def.lo || st.hi !== def.hi) { params.set("dates", C.isoDay(st.lo) + ".." + C.isoDay(st.hi)); }
      if (!st.undated) { params.set("undated", "0"); }
      if (st.contested) { params.set("contested", "1"); }
      if (st.types !== def.types) {
        params.set("types", opts.types.filter(function (t, k) { return st.types & (1 << k); })
          .map(function (t) { return t.key; }).join("|"));
      }
      if (st.roles !== def.roles) {
        params.set("roles", opts.roles.filter(function (r, k) { return st.roles & (1 << k); }).join("|"));
      }
      if (Object.keys(st.claimOff).length) {
        params.set("claimants", this.claimNames.filter(function (n, k) { return !st.claimOff[k]; })
          .map(function (n) { return n === null ? "-" : n; }).join("|"));
      }
    }
    return "#" + parts.join("&");
  };

  App.prototype._writeHash = function () {
    if (this.still) { return; }
    var self = this;
    clearTimeout(this._hashTimer);
    this._hashTimer = setTimeout(function () {
      var text = self.hashText();
      if (text === location.hash) { return; }
      self._lastHash = text;
      try { history.replaceState(null, "", text); } catch (e) { location.replace(text); }
    }, 150);
  };

})();
