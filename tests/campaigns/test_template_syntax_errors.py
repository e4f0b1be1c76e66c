"""A broken template is explained in words a seller understands: what to change, with the line and
the column, never Jinja's own wording ("Expected an expression, got 'end of statement block'")."""

import pytest

from campaigns import templating
from campaigns.templating.validation import validate

# (template, line, column, the sentence the seller reads)
BROKEN = [
    ("Hello,\n\nyour order {{ order_id", 3, 12, "A {{ is never closed with }}."),
    ("Hello {{ order_id }\nBye", 1, 7, "A {{ is closed with a single }: end it with }}."),
    ("Hello {{ order_id %}", 1, 7, "A {{ is closed with %}: end it with }}."),
    ("Hi\n{%if ship_date}} shipped {% endif %}", 2, 1, "A {% is closed with }}: end it with %}."),
    (
        "Hi {{ order_id\nYour {{ product_title }}",
        1,
        4,
        "A {{ is never closed with }}.",
    ),
    ("Hello {{ }}", 1, 10, "{{ }} is empty: put a variable between the braces, such as {{ order_id }}."),
    ("Hello\n{% if %}x{% endif %}", 2, 1, "{% if %} needs something to check, such as {% if ship_date %}."),
    (
        "Hi\n{% if ship_date %}\nShipped.\n",
        2,
        1,
        "{% if %} is never closed: add {% endif %} after the text it shows or hides.",
    ),
    (
        "{% for p in products %}\n{{ p.title }}\n",
        1,
        1,
        "{% for %} is never closed: add {% endfor %} after the part it repeats.",
    ),
    ("Hi\nthere{% endif %}", 2, 6, "{% endif %} has no {% if … %} before it to close."),
    (
        "{% if ship_date %}\n{% for p in products %}{{ p.title }}\n{% endif %}",
        3,
        1,
        "{% endif %} comes while the {% for %} on line 2 is still open: close it with {% endfor %} first.",
    ),
    ("{% else %}x", 1, 1, "{% else %} belongs between {% if … %} and {% endif %}."),
    ("{% fi ship_date %}", 1, 1, "{% fi %} is not a tag we know. Did you mean {% if %}?"),
    ("{% endfi %}", 1, 1, "{% endfi %} is not a tag we know. Did you mean {% endif %}?"),
    ("{% %}", 1, 1, "{% %} is empty: write a tag such as {% if ship_date %}, or remove it."),
    (
        "{% for p products %}{% endfor %}",
        1,
        10,
        "A loop is written {% for product in products %}: the word “in” is missing.",
    ),
    (
        "{% if item_count = 1 %}one{% endif %}",
        1,
        18,
        "In “{% if item_count = 1 %}”, a single = sets a value: to compare, write ==.",
    ),
    (
        "Your {{ order id }}",
        1,
        15,
        "In “{{ order id }}”, “id” follows another word with nothing joining them. A variable is one word, "
        "such as order_id; to join texts, write ~ between them.",
    ),
    ("{{ 'Hello }}", 1, 4, "A quote (') is never closed: end the text with '."),
    ("{{ (item_count + 1 }}", 1, 4, "A “(” is never closed with “)”."),
    ("{{ item_count + 1) }}", 1, 18, "This “)” has no “(” before it to close."),
    ("{{ products[0 }}", 1, 12, "A “[” is never closed with “]”."),
    ("{{ order_total|money( }}", 1, 21, "A “(” is never closed with “)”."),
    ("{{ order_id| }}", 1, 14, "A | must be followed by the name of a filter, such as |date or |money."),
    ("{{ products[0]. }}", 1, 17, "A . must be followed by a name, such as product.title."),
    ("{{ item_count + }}", 1, 17, "“{{ item_count + }}” ends too early: something is missing before }}."),
    ("{{ € }}", 1, 4, "“€” cannot be used inside {{ }} or {% %}: write it in the text outside the braces."),
    ("{# a note for us", 1, 1, "A comment {# is never closed with #}."),
    ("{% raw %}{{ order_id }}", 1, 1, "{% raw %} is never closed: add {% endraw %} where the raw text ends."),
    ("{% set %}", 1, 1, "{% set %} needs a name and a value, such as {% set name = product_title %}."),
]


@pytest.mark.parametrize(("source", "line", "column", "sentence"), BROKEN, ids=[case[0] for case in BROKEN])
def test_a_broken_template_is_explained_in_plain_words(source, line, column, sentence):
    assert validate(source) == [templating.TemplateProblem(line, sentence, column)]


@pytest.mark.parametrize("source", [case[0] for case in BROKEN])
def test_no_explanation_repeats_jinjas_own_wording(source):
    [problem] = validate(source)

    for jinja_says in ("Expected an expression", "end of print statement", "end of statement block", "Jinja"):
        assert jinja_says not in problem.message


def test_the_line_and_column_read_as_the_seller_counts_them():
    problem = templating.TemplateProblem(3, "A {{ is never closed with }}.", 12)

    assert str(problem) == "Line 3, column 12: A {{ is never closed with }}."
    assert str(templating.TemplateProblem(3, "unknown variable 'x'")) == "Line 3: unknown variable 'x'"


def test_the_explanation_crosses_from_the_render_process_with_its_column():
    problems = templating.validate("Hello,\n\nyour order {{ order_id")

    assert problems == [templating.TemplateProblem(3, "A {{ is never closed with }}.", 12)]


def test_windows_line_endings_from_a_browser_keep_the_line_and_column():
    assert validate("Hello,\r\n\r\n{% if %}x{% endif %}") == [
        templating.TemplateProblem(3, "{% if %} needs something to check, such as {% if ship_date %}.", 1)
    ]


@pytest.mark.parametrize(
    "source",
    [
        "{{" * 5000,
        "{% if a %}" * 2000,
        "{{ " + "(" * 5000 + " }}",
        "{{ '" + "x" * 19_000,
        "{% endif %}" * 1800,
        "{#" * 9000,
    ],
    ids=["openers", "ifs", "brackets", "quote", "endifs", "comments"],
)
def test_any_broken_template_gets_one_sentence_quickly(source):
    [problem] = validate(source)

    assert problem.line >= 1 and problem.message
