// The visitor's clock: times we show (opening hours, when a person will answer) are
// written in the zone the browser reports, sent back as a cookie with the next request.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && /^[A-Za-z0-9_+\/-]+$/.test(zone)) {  // IANA names need no encoding
    document.cookie = "realdesk_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
  }
})();
