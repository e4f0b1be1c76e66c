"""Hostile message templates: every shape we could think of that might cost a render process time
or memory. The sandbox refuses most before they allocate; the render pool's OS limits hold the rest.
"""

BIG = 10**9

TEMPLATES: dict[str, str] = {
    "bytes_bomb": "{{ ((1).to_bytes(10000, 'big') * 10000)|length }}",
    "bytes_bomb_guarded": "{% if order_id != '113-0000000-0000000' %}{{ ((1).to_bytes(10000,'big') * 10000)|length }}{% endif %}",
    "encode_bomb": "{{ ('x' * 1000).encode() * 100000 }}",
    "string_multiply": f"{{{{ 'x' * {BIG} }}}}",
    "string_multiply_just_under": "{{ 'x' * 60000 }}{{ 'y' * 60000 }}",
    "power_tower": "{{ 9 ** 9 ** 9 }}",
    "big_int_string": "{{ (10 ** 100000)|string|length }}",
    "range_huge": f"{{% for i in range({BIG}) %}}x{{% endfor %}}",
    "nested_loops": "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}.{% endfor %}{% endfor %}{% endfor %}",
    "join_big_list": "{{ (range(100000)|list * 100)|join(',') }}",
    "list_multiply": "{{ ([1] * 10000000)|length }}",
    "dict_display_many": "{% set d = {" + ",".join(f"'{i}': '{'x' * 100}'" for i in range(2000)) + "} %}{{ d|length }}",
    "recursive_macro": "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}x{% endmacro %}{{ f(40) }}",
    "macro_hoarding": (
        "{% macro f(n) %}{% if n %}{% set s = 'x' * 10000 %}{{ f(n - 1) }}{{ s|length }}{% endif %}"
        "{% endmacro %}{{ f(5000) }}"
    ),
    "wordwrap_wide": "{{ 'x y '|wordwrap(" + str(BIG) + ") }}",
    "center_wide": "{{ 'x'|center(" + str(BIG) + ") }}",
    "format_width": "{{ '%0" + str(BIG) + "d'|format(1) }}",
    "replace_blowup": "{{ ('x' * 10000)|replace('x', 'y' * 10000) }}",
    "indent_blowup": "{{ ('x\\n' * 50000)|indent(10000) }}",
    "regex_free_loop": "{% for i in range(100000) %}{{ order_id|upper|lower|title|trim }}{% endfor %}",
    "set_chain": "{% set a = 'x' * 50000 %}{% set b = a ~ a %}{% set c = b ~ b %}{% set d = c ~ c %}{{ d|length }}",
    "filter_block": "{% filter upper %}{% for i in range(100000) %}{{ order_id }}{% endfor %}{% endfilter %}",
    "attribute_walk": "{{ order_id.__class__.__mro__[1].__subclasses__() }}",
    "format_attr": "{{ '{0.__class__}'.format(order_id) }}",
    "sum_big": "{{ range(10000000)|sum }}",
    "sort_big": "{{ (range(1000000)|list)|sort|first }}",
    "unique_big": "{{ (range(1000000)|list)|unique|list|length }}",
    "tojson_big": "{{ (range(1000000)|list)|tojson|length }}",
    "money_date_loop": "{% for i in range(20000) %}{{ total|money }}{{ purchase_date|date('long') }}{% endfor %}",
    "deep_nesting": "{% if true %}" * 200 + "x" + "{% endif %}" * 200,
    "long_source": "Hello {{ order_id }} " * 20000,
}
