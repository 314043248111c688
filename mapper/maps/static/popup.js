/* Popups of border-incident-mapper's map: the incidents at a spot, each as a list of sections.
 *
 * Report text, titles and URLs are untrusted: they reach the page only through textContent and
 * through href after an http(s) check, never through innerHTML (see core.js).
 */
(function () {
  "use strict";

  var C = window.MapperCore, Incidents = C.Incidents, el = C.el, safeUrl = C.safeUrl;
  var dateText = C.dateText, casualtyText = C.casualtyText;

  /* Reports often name the same place: markers there lie on top of each other, so the popup
     of one lists every incident at that spot that is shown (the clicked one first). */
  Incidents.prototype.popupAt = function (i) {
    var d = this.data, mask = this.mask, rows = [i], seen = {}, max = 10, self = this;
    if (this.eventOf(i) >= 0) { return this.eventPopup(this.eventOf(i)); }
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
      // an event's rows belong to the event's own marker
      if (!seen[d.i[j]] && (!mask || mask[j]) && self.eventOf(j) < 0) {
        seen[d.i[j]] = true;
        rows.push(j);
      }
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

  /* The account of one incident at one place. Sections are plain functions of (root, row) in
     `Incidents.sections`, so more (e.g. other accounts of the same event) can be added. */
  Incidents.prototype.popup = function (i) {
    var root = el(null, "div", "mi-popup"), self = this;
    Incidents.sections.forEach(function (section) { section.call(self, root, i); });
    return root;
  };

  /* "Source: " and the report's title (a link only for an http(s) URL) and outlet. */
  Incidents.prototype.sourceLine = function (root, inc) {
    var d = this.data, str = this.str, src = el(root, "div", "mi-source");
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
  };

  Incidents.sections = [
    function head(root, i) {
      var d = this.data, inc = d.i[i], type = this.opts.types[d.t[i]];
      var head = el(root, "div", "mi-head");
      el(head, "span", "mi-swatch").style.background = type.color;
      el(head, "strong", "mi-type", type.label);
      el(head, "span", "mi-date", dateText(d.ds[inc], d.de[inc], d.dp[inc]));
    },
    function place(root, i) {
      var d = this.data, str = this.str;
      var box = el(root, "div", "mi-place");
      el(box, "strong", "mi-place-name", str(d.pl[i]) || "unnamed place");
      el(box, "span", "mi-role", " (" + this.opts.roles[d.r[i]] + ")");
      var where = [str(d.di[i]), str(d.co[i])].filter(function (x) { return x; }).join(", ");
      if (where) { el(root, "div", "mi-district", where); }
      if (d.p[i] >= 3) {
        el(root, "div", "mi-approx", "Approximate: " + (this.opts.precision[d.p[i]] || "area"));
      }
      if (d.bk[i] !== null) { el(root, "div", "mi-border", d.bk[i] + " km from the border"); }
    },
    function claim(root, i) {
      var d = this.data, inc = d.i[i], str = this.str;
      var cas = casualtyText(d.k[inc], d.w[inc]);
      if (cas) { el(root, "div", "mi-casualties", "Casualties: " + cas); }
      if (d.c[inc] >= 0) { el(root, "div", "mi-claimant", "Claimed by: " + str(d.c[inc])); }
      this.sourceLine(root, inc);
    },
    function snippet(root, i) {
      var d = this.data, snip = this.str(d.sn[i]);
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
      var inc = d.i[i];
      el(root, "div", "mi-id", this.str(d.iid[inc]) || this.str(d.rid[inc]) || "");
    }
  ];

})();
