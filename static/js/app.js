// The frame every page shares. Without this script the navigation stays open
// (static/css/no-script.css) and wide tables still scroll; this adds the menu button and lets
// the keyboard reach what scrolls.
(function () {
  "use strict";

  // The menu button that opens the navigation on narrow screens (a disclosure: the focus stays
  // on the button, the menu follows it in the tab order, Escape closes it).
  var button = document.querySelector(".menu-button");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (menu) {
    var setOpen = function (open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    };
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // Pages show moments on the reader's clock: tell the server the browser's time zone
  // (common/timezones.py reads this cookie and falls back to UTC without it).
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && /^[A-Za-z0-9_+\/-]{1,64}$/.test(zone) && document.cookie.split("; ").indexOf("tz=" + zone) === -1) {
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
    }
  } catch (error) { /* an old browser without Intl: UTC it is */ }

  // A table wider than its card scrolls inside it; keyboard users scroll it once it has focus.
  var SCROLLERS = ".table, .table-scroll, pre, .mail-body, .message-sample";
  function focusableScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible";
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollFocus = "1";
      } else if (!scrolls && box.dataset.scrollFocus) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    });
  }
  focusableScrollers();
  window.addEventListener("resize", focusableScrollers);
  document.body.addEventListener("htmx:afterSettle", focusableScrollers);
})();
