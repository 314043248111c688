/* Controls of border-incident-mapper's map: the title, a compact legend that folds, and the
 * panel beside the map with the filters (event type, role, claimant) and the list of the
 * incidents shown. On a phone every control folds into one button that opens the panel.
 */
(function () {
  "use strict";

  var C = window.MapperCore, el = C.el;
  var ROW_PX = 46;

  /* ---- title ------------------------------------------------------------------------ */
  L.Control.MapperTitle = L.Control.extend({
    options: { position: "topleft" },
    initialize: function (title, options) { L.setOptions(this, options); this._title = title; },
    onAdd: function () {
      var box = el(null, "div", "mapper-title");
      el(box, "h1", "mapper-title-text", this._title || "Border incidents");
      this._sub = el(box, "div", "mapper-title-sub", "");
      L.DomEvent.disableClickPropagation(box);
      return box;
    },
    setCount: function (text) { if (this._sub) { this._sub.textContent = text; } }
  });

  /* ---- legend ----------------------------------------------------------------------- */
  var SVGNS = "http://www.w3.org/2000/svg";

  function symbol(row, st) {
    var svg = document.createElementNS(SVGNS, "svg"), shape;
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "18");
    svg.setAttribute("class", "ml-sym");
    if (st.line) {
      shape = document.createElementNS(SVGNS, "line");
      [["x1", 1], ["y1", 9], ["x2", 19], ["y2", 9]].forEach(function (a) {
        shape.setAttribute(a[0], String(a[1]));
      });
      shape.setAttribute("stroke-width", String(st.weight || 3));
    } else if (st.box) {
      shape = document.createElementNS(SVGNS, "rect");
      [["x", 2], ["y", 3], ["width", 16], ["height", 12]].forEach(function (a) {
        shape.setAttribute(a[0], String(a[1]));
      });
      shape.setAttribute("fill", st.fill);
      shape.setAttribute("fill-opacity", String(st.fillOpacity === undefined ? 1 : st.fillOpacity));
    } else {
      shape = document.createElementNS(SVGNS, "circle");
      shape.setAttribute("cx", "10");
      shape.setAttribute("cy", "9");
      shape.setAttribute("r", String(st.radius || 6));
      shape.setAttribute("stroke-width", String(st.weight || 1.5));
      shape.setAttribute("fill", st.fill || "none");
      shape.setAttribute("fill-opacity", String(st.fillOpacity === undefined ? 1 : st.fillOpacity));
    }
    shape.setAttribute("stroke", st.stroke || "none");
    if (st.dash) { shape.setAttribute("stroke-dasharray", st.dash); }
    svg.appendChild(shape);
    row.appendChild(svg);
  }

  L.Control.MapperLegend = L.Control.extend({
    options: { position: "bottomright", folded: false },
    initialize: function (spec, options) { L.setOptions(this, options); this._spec = spec; },
    onAdd: function () {
      var spec = this._spec, box = el(null, "div", "mapper-legend"), self = this;
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var head = this._head = el(box, "button", "ml-title", "Legend");
      head.type = "button";
      head.addEventListener("click", function () { self.fold(!box.classList.contains("ml-folded")); });
      (spec.sections || []).forEach(function (sec) {
        var part = el(box, "div", "ml-section ml-" + sec.key);
        el(part, "div", "ml-head", sec.title);
        var items = el(part, "div", "ml-items");
        sec.items.forEach(function (it) {
          var row = el(items, "div", "ml-row");
          symbol(row, it.symbol);
          el(row, "span", "ml-label", it.label);
        });
      });
      if (spec.note) { el(box, "div", "ml-note", spec.note); }
      this._box = box;
      this.fold(this.options.folded);
      return box;
    },
    fold: function (folded) {
      this._box.classList.toggle("ml-folded", !!folded);
      this._head.setAttribute("aria-expanded", folded ? "false" : "true");
      if (this._map) { this._map.fire("mapper:controls"); }
    }
  });

  /* ---- the panel: filters and the list ------------------------------------------------ */
  function chip(parent, label, color, onChange) {
    var row = el(parent, "label", "mf-chip");
    var cb = el(row, "input");
    cb.type = "checkbox";
    cb.checked = true;
    cb.addEventListener("change", function () { onChange(cb.checked); });
    if (color) { el(row, "span", "mf-swatch").style.background = color; }
    el(row, "span", "mf-label", label);
    var count = el(row, "span", "mf-count", "");
    return { input: cb, count: count, row: row };
  }

  /* app: the page's app (filters, the incidents shown, focus); opts: the map's options */
  function Panel(app, opts) {
    var self = this;
    this.app = app;
    var root = this.root = el(document.body, "aside", "mapper-panel");
    root.setAttribute("aria-label", "Filters and incidents");
    var head = el(root, "div", "mp-head");
    el(head, "strong", null, "Filters");
    var reset = el(head, "button", "mp-reset", "show all");
    reset.type = "button";
    reset.addEventListener("click", function () { app.resetFilters(); });
    var close = el(head, "button", "mp-close", "\u2715");
    close.type = "button";
    close.setAttribute("aria-label", "Close the panel");
    close.addEventListener("click", function () { app.openPanel(false); });
    this.slotTime = el(root, "div", "mp-slot mp-slot-time");
    var f = el(root, "div", "mp-filters");
    el(f, "div", "mf-head", "Event type");
    var types = el(f, "div", "mf-group mf-types");
    this.typeChips = opts.types.map(function (t, k) {
      return chip(types, t.label, t.color, function (on) { app.toggle("types", k, on); });
    });
    el(f, "div", "mf-head", "Role of the place");
    var roles = el(f, "div", "mf-group mf-roles");
    var roleText = { target: "target (hit)", origin: "origin (fired from)", location: "mentioned" };
    this.roleChips = opts.roles.map(function (r, k) {
      return chip(roles, roleText[r] || r, null, function (on) { app.toggle("roles", k, on); });
    });
    el(f, "div", "mf-head", "Claimed by");
    this.claimBox = el(f, "div", "mf-group mf-claimants");
    // reports of one event (mapper extract --link): shown once the data has linked events
    this.eventBox = el(f, "div", "mf-events");
    this.eventBox.hidden = true;
    el(this.eventBox, "div", "mf-head", "Reports of one event");
    var contested = this.contested = chip(el(this.eventBox, "div", "mf-group"),
      "contested events only", null, function (on) { app.toggle("contested", 0, on); });
    contested.input.checked = false;
    contested.row.classList.add("mf-contested");
    var listHead = el(root, "div", "ml-list-head");
    this.listCount = el(listHead, "span", "ml-list-count", "");
    this.scroll = el(root, "div", "ml-scroll");
    this.scroll.setAttribute("role", "list");
    this.spacer = el(this.scroll, "div", "ml-spacer");
    this.scroll.addEventListener("scroll", function () { self.renderList(); });
    // on a phone the legend and the layers come last, under the list
    this.slotLegend = el(root, "div", "mp-slot mp-slot-legend");
    this.slotLayers = el(root, "div", "mp-slot mp-slot-layers");
    this.items = [];
  }

  /* Claimants: one chip each, most frequent first; `names[k]` is null for "no claimant". */
  Panel.prototype.setClaimants = function (names, counts) {
    var app = this.app, box = this.claimBox;
    box.textContent = "";
    this.claimChips = names.map(function (name, k) {
      var label = name === null ? "(not said)" : name;
      var c = chip(box, label, null, function (on) { app.toggle("claimants", k, on); });
      c.count.textContent = " " + counts[k];
      return c;
    });
  };

  /* Linked events in the data: how many, and how many contested (none: the filter hides). */
  Panel.prototype.setEvents = function (events, contested) {
    this.eventBox.hidden = !events;
    this.contested.count.textContent = " " + contested + " of " + events;
  };

  Panel.prototype.sync = function (state, typeCounts, roleCounts) {
    this.contested.input.checked = !!state.contested;
    this.typeChips.forEach(function (c, k) {
      c.input.checked = !!(state.types & (1 << k));
      c.count.textContent = " " + typeCounts[k];
      c.row.classList.toggle("mf-empty", !typeCounts[k]);
    });
    this.roleChips.forEach(function (c, k) {
      c.input.checked = !!(state.roles & (1 << k));
      c.count.textContent = " " + roleCounts[k];
    });
    (this.claimChips || []).forEach(function (c, k) { c.input.checked = !state.claimOff[k]; });
  };

  /* The list: one row per incident shown (newest first), drawn only where it is scrolled to. */
  Panel.prototype.setList = function (items, total) {
    this.items = items;
    this.listCount.textContent = items.length === total ?
      items.length + " incidents" : items.length + " of " + total + " incidents";
    this.spacer.style.height = (items.length * ROW_PX) + "px";
    this._drawn = null;
    this.renderList();
  };

  Panel.prototype.renderList = function () {
    var top = this.scroll.scrollTop, h = this.scroll.clientHeight || 400;
    var first = Math.max(0, Math.floor(top / ROW_PX) - 5);
    var last = Math.min(this.items.length, Math.ceil((top + h) / ROW_PX) + 5);
    var key = first + ":" + last;
    if (this._drawn === key) { return; }
    this._drawn = key;
    var app = this.app, frag = document.createDocumentFragment();
    for (var k = first; k < last; k++) {
      var it = this.items[k], row = el(frag, "button", "ml-item");
      row.type = "button";
      row.setAttribute("role", "listitem");
      row.style.top = (k * ROW_PX) + "px";
      row.dataset.incident = String(it.inc);
      var line1 = el(row, "span", "ml-line1");
      el(line1, "span", "mi-swatch").style.background = it.color;
      el(line1, "span", "ml-kind", it.kind);
      el(line1, "span", "ml-date", it.date);
      var line2 = el(row, "span", "ml-line2");
      el(line2, "span", "ml-places", it.places);
      if (it.casualties) { el(line2, "span", "ml-cas", " \u00b7 " + it.casualties); }
      if (it.contested) { el(line2, "span", "ml-contested", " \u00b7 contested"); }
      row.addEventListener("click", app.focusIncident.bind(app, it.inc));
    }
    Array.prototype.slice.call(this.scroll.querySelectorAll(".ml-item")).forEach(function (n) {
      n.remove();
    });
    this.scroll.appendChild(frag);
  };

  /* On a phone the controls move into the panel, on a wider screen back onto the map. */
  function layout(app, phone) {
    var map = app.map, corners = map._controlCorners, panel = app.panel;
    function place(ctl, slot, corner) {
      if (!ctl || !ctl.getContainer()) { return; }
      var c = ctl.getContainer();
      if (phone) { slot.appendChild(c); } else if (c.parentNode !== corners[corner]) {
        if (corner.indexOf("top") === 0) { corners[corner].appendChild(c); } else {
          corners[corner].insertBefore(c, corners[corner].firstChild);
        }
      }
    }
    place(app.timeline, panel.slotTime, "bottomleft");
    place(app.legend, panel.slotLegend, "bottomright");
    place(app.layerControl, panel.slotLayers, "topright");
    if (app.legend) { app.legend.fold(phone ? false : map.getSize().y < 640); }
    if (app.timeline) { app.timeline.redraw(); }
    document.body.classList.toggle("mapper-phone", phone);
    map.invalidateSize({ pan: false });
    map.fire("mapper:controls");
  }

  /* The one button that opens the panel (on a phone, the only control on the map). */
  L.Control.MapperPanelButton = L.Control.extend({
    options: { position: "topright" },
    initialize: function (app, options) { L.setOptions(this, options); this._app = app; },
    onAdd: function () {
      var app = this._app, box = el(null, "div", "leaflet-bar mapper-panel-button");
      var a = this._button = el(box, "button");
      a.type = "button";
      a.setAttribute("aria-label", "Filters, legend and the list of incidents");
      L.DomEvent.disableClickPropagation(box);
      a.addEventListener("click", function () {
        app.openPanel(!document.body.classList.contains("mapper-panel-open"));
      });
      this.sync();
      return box;
    },
    /* Beside the map the open panel can be hidden; on a phone the button only opens it. */
    sync: function () {
      var open = document.body.classList.contains("mapper-panel-open");
      var phone = document.body.classList.contains("mapper-phone");
      this._button.textContent = open && !phone ? "Hide list \u203A" : "\u2630 Filters & list";
      this._button.setAttribute("aria-expanded", open ? "true" : "false");
    }
  });

  window.MapperPanel = { Panel: Panel, layout: layout, ROW_PX: ROW_PX };
})();
