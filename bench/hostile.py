"""Hostile tenants (issue 16): what the worst that a seller can send us costs.

Each group of figures is one function below (FIGURE_GROUPS), printing its figures and returning its
lines of summary; `--only NAME` runs one group.

- parser: parse_worst_ms_per_mb (goal 300). Every shape of bench/hostile_corpus.py (script and style
  tags by the hundred thousand, unclosed tags, deep MIME nesting, thousands of parts and headers,
  giant headers and parameters, long and empty lines, pathological quoted-printable, base64,
  uuencode and charsets, combining marks, thousands of order ids and addresses...) at 64 kB, 1 MB
  and the receiver's 10 MB, parsed by optouts.parser in a child process (the median of three
  parses, each email with a deadline): the slowest email's milliseconds per megabyte.
- templates: render_worst_ms (goal 150) and render_peak_mb (goal 64). Every template of
  bench/hostile_templates.py (bytes bombs, guarded or not, string and list multiplication, power
  towers, huge ranges and nested loops, recursive and hoarding macros, huge widths for filters,
  attribute walks, sorts and joins of big lists...) rendered for the synthetic order through the
  render pool, the path every send takes: the slowest render's wall time and the most resident
  memory one render added (each killed render is held to its budget by the OS).
- pending: pending_resolve_peak_mb (goal 100). A notice (1 MB of raw mail) naming 10,000 orders that
  never sync, recorded as pending rows as the notice flow did before notices were capped at 20
  orders; the periodic pass (notices_resolve over every seller) in a child process: its peak
  resident memory over its resident memory before.
"""

import argparse

from benchlib import figure, setup_django
from hostile_corpus import KB, MB, RECEIVER_LIMIT
from hostile_measure import measure_parse, measure_resolve_peak_mb

BENCH = "hostile"
PARSE_GOAL_MS_PER_MB = 300
PARSE_SIZES = (64 * KB, MB, RECEIVER_LIMIT)
RENDER_GOAL_MS = 150
RENDER_GOAL_MB = 64
RESOLVE_GOAL_MB = 100
RESOLVE_ORDERS = 10_000
RESOLVE_RAW_BYTES = MB


def parser_figures(args) -> list[str]:
    results = measure_parse(PARSE_SIZES, timeout_s=args.parse_timeout)
    worst = max(results, key=lambda result: result["ms_per_mb"])
    figure(
        BENCH,
        "parse_worst_ms_per_mb",
        worst["ms_per_mb"],
        "ms/MB",
        PARSE_GOAL_MS_PER_MB,
        worst["ms_per_mb"] <= PARSE_GOAL_MS_PER_MB,
    )
    slowest = sorted(results, key=lambda result: result["ms_per_mb"], reverse=True)[:5]
    largest = [result for result in results if result["bytes"] > MB]
    return [
        f"parser: {len(results)} hostile emails ({len(results) // len(PARSE_SIZES)} shapes x "
        f"{', '.join(f'{size // KB} kB' for size in PARSE_SIZES)}); slowest per MB:",
        *(
            f"  {result['name']}: {result['ms']:.1f} ms, {result['ms_per_mb']:.0f} ms/MB ({result['reason'][:90]})"
            for result in slowest
        ),
        f"  the slowest 10 MB email: {max(result['ms'] for result in largest):.0f} ms" if largest else "",
    ]


def pending_figures(args) -> list[str]:
    result = measure_resolve_peak_mb(args.orders, raw_bytes=RESOLVE_RAW_BYTES)
    figure(
        BENCH, "pending_resolve_peak_mb", result["peak_mb"], "MB", RESOLVE_GOAL_MB, result["peak_mb"] <= RESOLVE_GOAL_MB
    )
    return [
        f"pending: {result['rows']:,} pending orders of one {result['raw_mb']:.1f} MB notice, none synced: "
        f"the pass over every seller took {result['seconds']:.2f} s and {result['peak_mb']:.1f} MB "
        f"(resolved {result['resolved']})."
    ]


def template_figures(args) -> list[str]:
    from hostile_templates import TEMPLATES

    from campaigns import templating

    templating.render_many([templating.synthetic_job("{{ order_id }}")])  # start the pool first
    names = list(TEMPLATES)
    results = templating.render_many([templating.synthetic_job(TEMPLATES[name]) for name in names], measure=True)
    worst = max(results, key=lambda result: result.ms)
    peak_mb = max((result.peak_kb or 0) for result in results) / 1024
    figure(BENCH, "render_worst_ms", worst.ms, "ms", RENDER_GOAL_MS, worst.ms <= RENDER_GOAL_MS)
    figure(BENCH, "render_peak_mb", peak_mb, "MB", RENDER_GOAL_MB, peak_mb <= RENDER_GOAL_MB)
    ranked = sorted(zip(names, results, strict=True), key=lambda pair: pair[1].ms, reverse=True)
    return [
        f"templates: {len(names)} hostile templates through the render pool; slowest:",
        *(
            f"  {name}: {result.ms:.1f} ms, {(result.peak_kb or 0) / 1024:.1f} MB, "
            f"{'rendered' if result.ok else result.error[:80]}"
            for name, result in ranked[:6]
        ),
    ]


FIGURE_GROUPS = {"parser": parser_figures, "templates": template_figures, "pending": pending_figures}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", choices=sorted(FIGURE_GROUPS), action="append", help="run this group of figures only (repeatable)"
    )
    parser.add_argument("--orders", type=int, default=RESOLVE_ORDERS, help="pending orders for pending_resolve_peak_mb")
    parser.add_argument("--parse-timeout", type=float, default=60.0, help="seconds one email may take to parse")
    args = parser.parse_args()
    # A database of its own: the pending group writes to it; the parser needs none but the settings.
    setup_django("bench_hostile")
    summary = []
    for name, group in FIGURE_GROUPS.items():
        if not args.only or name in args.only:
            summary += group(args)
    print("\n" + "\n".join(line for line in summary if line))


if __name__ == "__main__":
    main()
