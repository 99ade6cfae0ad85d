// The page's translations come from /jsi18n/ (Django's JavaScript catalogue, loaded just
// before this script). Should it fail to load, these stand in for it and the English
// texts are shown, so the other scripts can always call gettext, ngettext and interpolate.
(function () {
  "use strict";
  window.gettext = window.gettext || function (s) { return s; };
  window.ngettext = window.ngettext || function (singular, plural, n) { return n === 1 ? singular : plural; };
  window.interpolate = window.interpolate || function (fmt, obj, named) {
    if (named) return fmt.replace(/%\(\w+\)s/g, function (m) { return String(obj[m.slice(2, -2)]); });
    var i = 0;
    return fmt.replace(/%s/g, function () { return String(obj[i++]); });
  };
})();
