// The viewer's time zone, from the browser, stored once on their account (sellers.preferences), so
// that lists show times on the viewer's clock. Pages that need it carry [data-time-zone-unknown].
(function () {
  "use strict";
  const marker = document.querySelector("[data-time-zone-unknown]");
  if (!marker || !window.fetch) return;
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  // Once per zone and tab: a zone the server refuses is not offered again and again.
  if (!zone || sessionStorage.getItem("time-zone-offered") === zone) return;
  sessionStorage.setItem("time-zone-offered", zone);
  fetch(marker.dataset.url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": marker.dataset.csrf, "X-Requested-With": "fetch" },
    body: new URLSearchParams({ time_zone: zone }),
  }).then(function (response) {
    if (response.status === 204) window.location.reload();
  });
})();
