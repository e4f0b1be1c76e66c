/* Draws every <canvas data-chart="ID"> from the JSON the page embeds in <script id="ID"
   type="application/json"> (Django's json_script), with the vendored Chart.js. No inline script:
   the page holds data only. Each chart has a table with the same numbers next to it. */
(function () {
  "use strict";

  var INK = "#667085";
  var GRID = "#eef0f3";

  function number(value) {
    return Number(value).toLocaleString();
  }

  function stacked(spec) {
    return {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set) {
          return { label: set.label, data: set.values, backgroundColor: set.color, borderWidth: 0,
                   maxBarThickness: 40, categoryPercentage: 0.85, barPercentage: 0.9 };
        })
      },
      options: {
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom",
                    labels: { boxWidth: 12, boxHeight: 12, padding: 14 } },
          tooltip: {
            filter: function (item) { return item.raw > 0; },
            callbacks: {
              label: function (item) { return " " + item.dataset.label + ": " + number(item.raw); },
              footer: function (items) {
                var total = items.reduce(function (sum, item) { return sum + item.raw; }, 0);
                return items.length > 1 ? "Total: " + number(total) : "";
              }
            }
          }
        },
        scales: {
          x: { stacked: true, grid: { display: false },
               ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 12 } },
          y: { stacked: true, beginAtZero: true, grid: { color: GRID }, border: { display: false },
               ticks: { precision: 0, callback: number },
               title: { display: Boolean(spec.yTitle), text: spec.yTitle } }
        }
      }
    };
  }

  function funnel(spec) {
    var set = spec.datasets[0];
    return {
      type: "bar",
      data: { labels: spec.labels,
              datasets: [{ label: set.label, data: set.values, backgroundColor: set.colors, borderWidth: 0,
                           maxBarThickness: 44 }] },
      options: {
        indexAxis: "y",
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { return " " + number(item.raw) + " orders"; } } }
        },
        scales: {
          x: { beginAtZero: true, grid: { color: GRID }, border: { display: false },
               ticks: { precision: 0, callback: number },
               title: { display: Boolean(spec.xTitle), text: spec.xTitle } },
          y: { grid: { display: false }, ticks: { font: { weight: "600" } } }
        }
      }
    };
  }

  var BUILDERS = { stacked: stacked, funnel: funnel };

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var build = BUILDERS[spec.kind];
    if (!build) { return; }
    var config = build(spec);
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    config.options.animation = false;
    new window.Chart(canvas, config);
    canvas.setAttribute("data-drawn", "true");
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") { return; }
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.size = 12;
    window.Chart.defaults.color = INK;
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
