"""Hostile email for the notice parser: every shape we could think of that might cost it more
than linear time or memory, at any size up to the SMTP receiver's 10 MB limit.

A seller mails its own inbound address, so every byte here is something a tenant can make our
workers read. `SHAPES` maps a name to a function of a target size returning the raw message
(CRLF line ends, at most that many bytes); `emails(sizes)` yields (name, bytes) for every shape at
every size; `pending_notice` is a notice naming any number of orders. bench/hostile_measure.py
measures what they cost. Nothing but the standard library.
"""

import sys
from collections.abc import Callable, Iterator

KB = 1024
MB = 1024 * KB
RECEIVER_LIMIT = 10 * MB

SHAPES: dict[str, Callable[[int], bytes]] = {}
OPTOUT_SENTENCE = (
    b"We were unable to deliver the message you sent for order [114-3941689-8772232] because the "
    b"buyer has chosen to opt out of receiving unsolicited messages from sellers."
)


def shape(function):
    SHAPES[function.__name__] = function
    return function


def mail(
    body: bytes,
    *,
    content_type: bytes = b"text/plain; charset=utf-8",
    cte: bytes = b"8bit",
    headers: bytes = b"",
    sender: bytes = b'"Amazon.com" <auto-communication@amazon.com>',
    subject: bytes = b"Your message to a buyer could not be delivered",
) -> bytes:
    """A message from Amazon's notice address (so the parser reads it all) with this body."""
    return (
        b"From: "
        + sender
        + b"\r\nTo: token@inbound.localhost\r\nSubject: "
        + subject
        + b"\r\nMessage-ID: <hostile@example.com>\r\nMIME-Version: 1.0\r\n"
        + headers
        + b"Content-Type: "
        + content_type
        + b"\r\nContent-Transfer-Encoding: "
        + cte
        + b"\r\n\r\n"
        + body
    )


def fill(unit: bytes, size: int, *, head: bytes = b"", tail: bytes = b"", overhead: int = 400) -> bytes:
    """head + unit repeated + tail, about `size` bytes once wrapped in `mail` (which adds < overhead)."""
    room = max(len(unit), size - overhead - len(head) - len(tail))
    return head + unit * (room // len(unit)) + tail


def filled_mail(unit: bytes, size: int, *, head: bytes = b"", tail: bytes = b"", **options) -> bytes:
    return mail(fill(unit, size, head=head, tail=tail, overhead=400 + len(options.get("headers", b""))), **options)


HTML = {"content_type": b"text/html; charset=utf-8"}


# -- HTML markup ---------------------------------------------------------------------------------
@shape
def html_script_repeated(size):  # the case: each unclosed <script> used to scan to the end
    return filled_mail(b"<script>", size, **HTML)


@shape
def html_style_repeated(size):
    return filled_mail(b"<style>", size, **HTML)


@shape
def html_script_then_one_close(size):  # every opening tag finds the one closing tag at the very end
    return filled_mail(b"<script>a", size, tail=b"</script>" + OPTOUT_SENTENCE, **HTML)


@shape
def html_script_style_interleaved(size):
    return filled_mail(b"<script>x<style>y</scrip</styl", size, tail=b"</style>", **HTML)


@shape
def html_unclosed_angles(size):
    return filled_mail(b"<", size, **HTML)


@shape
def html_unclosed_tag_with_attributes(size):
    return filled_mail(b" a=b", size, head=b'<div class="', **HTML)


@shape
def html_huge_attribute(size):
    return filled_mail(b"x", size, head=b'<a href="mailto:', tail=b'@marketplace.amazon.com">buyer</a>', **HTML)


@shape
def html_break_tags(size):
    return filled_mail(b"<br   <br/ <  /p", size, **HTML)


@shape
def html_nested_elements(size):
    return filled_mail(b"<div><span><b>", size, tail=OPTOUT_SENTENCE, **HTML)


@shape
def html_entities(size):
    return filled_mail(b"&amp;&#x41;&#99999999999;&NotNestedGreaterGreater&", size, **HTML)


@shape
def html_long_entity_names(size):
    return filled_mail(b"a", size, head=b"&", **HTML)


@shape
def html_unclosed_comments(size):
    return filled_mail(b"<!--", size, **HTML)


# -- plain text: lines and the line-based patterns -------------------------------------------------
@shape
def text_one_long_line(size):
    return filled_mail(b"a", size)


@shape
def text_short_lines(size):
    return filled_mail(b"a\r\n", size)


@shape
def text_empty_lines(size):
    return filled_mail(b"\r\n", size)


@shape
def text_bare_cr(size):
    return filled_mail(b"a\r", size)


@shape
def text_cr_only(size):
    return filled_mail(b"\r", size)


@shape
def text_lf_only(size):
    return filled_mail(b"\n", size)


@shape
def text_quote_marker_lines(size):  # lines that stay "> " after tidying: a quote prefix spanning lines
    return filled_mail(b"\t>\r\n", size)


@shape
def text_quote_chain(size):
    return filled_mail(b"> ", size, tail=b"x")


@shape
def text_attribution_whitespace(size):  # "wrote" then whitespace the tidying keeps, then not the end
    return filled_mail(b"\x1f", size, head=b"Amazon wrote", tail=b"x")


@shape
def text_attribution_lines(size):
    return filled_mail(b"On Monday Amazon <auto-communication@amazon.com> wrote:\r\n", size)


@shape
def text_sender_lines(size):
    return filled_mail(b"From: Amazon <seller-notification@amazon.com>\r\n", size)


@shape
def text_sender_words(size):
    return filled_mail(b"de de : da von ", size)


@shape
def text_combining_marks(size):  # NFKC reorders marks of alternating classes: insertion sort
    return filled_mail("\u0301\u0316".encode(), size, head=b"a")


@shape
def text_nfkc_expansion(size):  # one character, eighteen after NFKC
    return filled_mail("\ufdfa".encode(), size)


@shape
def text_fullwidth(size):  # NFKC changes every character, one for one
    return filled_mail("ｗｒｏｔｅ：\r\n".encode(), size)


@shape
def text_unicode_spaces(size):
    return filled_mail("\u1680\x1f\u2028 ".encode(), size, tail=b"x")


@shape
def text_optout_sentence_repeated(size):
    return filled_mail(OPTOUT_SENTENCE + b"\r\n", size)


# -- order ids and addresses -------------------------------------------------------------------
@shape
def text_many_order_ids(size):
    count = max(1, (size - 600) // 20)
    ids = b" ".join(b"%03d-%07d-%07d" % (100 + n % 900, n, n * 7 % 10_000_000) for n in range(count))
    return mail(OPTOUT_SENTENCE + b"\r\n" + ids)


@shape
def text_order_id_lookalikes(size):
    return filled_mail(b"123-1234567-", size)


@shape
def text_digit_run(size):
    return filled_mail(b"1", size)


@shape
def text_many_addresses(size):
    return filled_mail(b"x@seller-notification.amazon.com ", size)


@shape
def text_long_local_parts(size):
    return filled_mail(b"a", size, tail=b"@amazon.com")


@shape
def text_many_relay_addresses(size):
    return filled_mail(b"w7q2m9x4k1z8p3r@marketplace.amazon.it ", size, head=OPTOUT_SENTENCE + b"\r\n")


@shape
def text_bracket_runs(size):
    return filled_mail(b"<[mailto:", size)


@shape
def text_domain_labels(size):
    return filled_mail(b"a.", size, head=b"x@")


# -- transfer encodings and charsets --------------------------------------------------------------
@shape
def qp_soft_breaks(size):
    return filled_mail(b"=\r\n", size, cte=b"quoted-printable")


@shape
def qp_equals(size):
    return filled_mail(b"=", size, cte=b"quoted-printable")


@shape
def qp_escapes(size):
    return filled_mail(b"=3D=E2=80", size, cte=b"quoted-printable")


@shape
def base64_invalid(size):
    return filled_mail(b"!!*=\r\n", size, cte=b"base64")


@shape
def base64_padding(size):
    return filled_mail(b"====", size, cte=b"base64")


@shape
def base64_text(size):
    import base64

    return mail(
        base64.encodebytes(fill(OPTOUT_SENTENCE + b"\r\n", int(size * 0.72))).replace(b"\n", b"\r\n"), cte=b"base64"
    )


@shape
def uuencode_lines(size):
    return filled_mail(b"M" + b"!" * 60 + b"\r\n", size, head=b"begin 644 x\r\n", cte=b"x-uuencode")


@shape
def charset_punycode(size):  # decoding punycode inserts one character at a time
    return filled_mail(b"a", size, head=b"-", content_type=b"text/plain; charset=punycode")


@shape
def charset_idna(size):
    return filled_mail(b"xn--a.", size, content_type=b"text/plain; charset=idna")


@shape
def charset_utf7(size):
    return filled_mail(b"+AAAA", size, content_type=b"text/plain; charset=utf-7")


@shape
def charset_utf16(size):
    return filled_mail("opt out ".encode("utf-16-le"), size, content_type=b"text/plain; charset=utf-16-le")


# -- headers ----------------------------------------------------------------------------------
@shape
def headers_many(size):
    return mail(b"body", headers=fill(b"X-A: b\r\n", size))


@shape
def headers_tiny(size):
    return mail(b"body", headers=fill(b"A:\r\n", size))


@shape
def headers_many_from(size):
    return mail(b"body", headers=fill(b"From: Amazon <auto-communication@amazon.com>\r\n", size))


@shape
def headers_punctuated_senders(size):  # email.utils.getaddresses costs the square of some runs of punctuation
    return mail(b"body", headers=fill(b"From: " + b"@" * 24 + b"a " * 140 + b"\r\n", size))


@shape
def headers_long_senders(size):
    return mail(b"body", headers=fill(b"Sender: " + b"a " * 500 + b"<x@amazon.com>\r\n", size))


@shape
def headers_many_notification_types(size):
    return mail(b"body", headers=fill(b"X-Space-Notification-Type: BUYER_OPTED_OUT_BSM_MESSAGES\r\n", size))


@shape
def header_giant_subject(size):
    return mail(b"body", subject=fill(b"a ", size))


@shape
def header_folded_lines(size):
    return mail(b"body", subject=fill(b" b\r\n", size, head=b"a\r\n", tail=b" c"))


@shape
def header_unterminated_encoded_words(size):  # email.header.decode_header scans to the line's end from each "=?"
    return mail(b"body", subject=fill(b"=?x?q?a ", size))


@shape
def header_encoded_words(size):
    return mail(b"body", subject=fill(b"=?utf-8?b?YWJj?= ", size))


@shape
def header_punycode_encoded_word(size):
    return mail(b"body", subject=fill(b"a", size, head=b"=?punycode?q?-", tail=b"?="))


@shape
def header_giant_from(size):
    return mail(b"body", headers=fill(b'"a" <b@amazon.com>, ', size, head=b"Reply-To: ", tail=b"x@amazon.com\r\n"))


@shape
def header_content_type_params(size):  # email.message._parseparam copies the rest at every ";"
    return mail(b"body", content_type=fill(b"; a", size, head=b"text/plain; charset=utf-8"))


@shape
def header_content_type_quotes(size):  # ...and counts quotes from the start at every ";" inside quotes
    return mail(b"body", content_type=fill(b";", size, head=b'text/plain; a="', tail=b'"'))


@shape
def header_rfc2231_continuations(size):
    params, n = [], 0
    while 600 + 24 * n < size:
        params.append(b"; a*%d*=utf-8''x" % n)
        n += 1
    params = b"".join(params)
    return mail(b"body", content_type=b"text/plain" + params)


@shape
def header_multipart_boundary_params(size):
    return mail(b"--b\r\n\r\nx\r\n--b--\r\n", content_type=fill(b'; boundary="b"', size, head=b"multipart/mixed"))


# -- MIME structure -----------------------------------------------------------------------------
def _multipart(parts: Iterator[bytes], size: int, boundary: bytes = b"b", subtype: bytes = b"mixed") -> bytes:
    chunks, used = [], 600
    for part in parts:
        piece = b"--" + boundary + b"\r\n" + part + b"\r\n"
        if used + len(piece) > size and chunks:
            break
        chunks.append(piece)
        used += len(piece)
    return mail(
        b"".join(chunks) + b"--" + boundary + b"--\r\n",
        content_type=b"multipart/" + subtype + b'; boundary="' + boundary + b'"',
    )


def _forever(part: bytes) -> Iterator[bytes]:
    while True:
        yield part


@shape
def mime_many_text_parts(size):
    return _multipart(_forever(b"Content-Type: text/plain\r\n\r\nx"), size)


@shape
def mime_many_html_parts(size):
    return _multipart(_forever(b"Content-Type: text/html\r\n\r\n<script>x"), size)


@shape
def mime_many_empty_parts(size):
    return _multipart(_forever(b""), size)


@shape
def mime_many_attached_notices(size):  # every one marked as Amazon's opt-out notice, from Amazon
    notice = (
        b"Content-Type: message/rfc822\r\n\r\nFrom: auto-communication@amazon.com\r\n"
        b"X-Space-Notification-Type: BUYER_OPTED_OUT_BSM_MESSAGES\r\nContent-Type: text/plain\r\n\r\n" + OPTOUT_SENTENCE
    )
    return _multipart(_forever(notice), size)


@shape
def mime_parts_with_senders(size):  # each attached message's From is read as an address
    return _multipart(
        _forever(
            b"Content-Type: message/rfc822\r\n\r\nFrom: "
            + b"a " * 150
            + b"<x@amazon.com>\r\nSender: "
            + b"<@," * 8
            + b"a" * 280
            + b"\r\n\r\nx"
        ),
        size,
    )


@shape
def mime_digest_parts(size):
    return _multipart(_forever(b"From: a@amazon.com\r\n\r\nx"), size, subtype=b"digest")


def _nested(
    size: int, opening: Callable[[int], bytes], closing: Callable[[int], bytes], inner: bytes, filler: bytes = b""
) -> bytes:
    openings, closings, used, depth = [], [], 600 + len(inner), 0
    while True:
        step = opening(depth)
        end = closing(depth)
        if used + len(step) + len(end) > size * (0.5 if filler else 1) and depth:
            break
        openings.append(step)
        closings.append(end)
        used += len(step) + len(end)
        depth += 1
    body = b"".join(openings) + inner + (fill(filler, size - used, overhead=0) if filler else b"")
    return mail(body + b"".join(reversed(closings)), content_type=b'multipart/mixed; boundary="b"')


def _multipart_level(depth: int) -> bytes:
    return b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (depth, depth + 1)


def _rfc822_level(depth: int) -> bytes:
    return (
        b"--b%d\r\nContent-Type: message/rfc822\r\n\r\nFrom: a@amazon.com\r\nContent-Type: multipart/mixed; "
        b'boundary="b%d"\r\n\r\n' % (depth, depth + 1)
    )


def _rename(body: bytes) -> bytes:
    return body.replace(b'boundary="b"', b'boundary="b0"', 1)


@shape
def mime_deep_multipart(size):
    return _rename(
        _nested(
            size,
            _multipart_level,
            lambda depth: b"\r\n--b%d--\r\n" % depth,
            b"--b_\r\nContent-Type: text/plain\r\n\r\nx\r\n",
        )
    )


@shape
def mime_deep_rfc822(size):
    return _rename(_nested(size, _rfc822_level, lambda depth: b"\r\n--b%d--\r\n" % depth, b""))


@shape
def mime_deep_then_short_lines(size):  # every line is checked against every open boundary
    return _rename(
        _nested(
            size,
            _multipart_level,
            lambda depth: b"\r\n--b%d--\r\n" % depth,
            b"--b_\r\nContent-Type: text/plain\r\n\r\n",
            filler=b"a\r\n",
        )
    )


@shape
def mime_deep_unclosed(size):
    levels = fill(b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n', size)
    return mail(b"--b\r\n" + levels, content_type=b'multipart/mixed; boundary="b"')


@shape
def mime_boundary_lookalike_lines(size):
    return mail(
        b"--b\r\nContent-Type: text/plain\r\n\r\n" + fill(b"--b-\r\n--bb\r\n", size) + b"--b--\r\n",
        content_type=b'multipart/mixed; boundary="b"',
    )


@shape
def mime_unterminated_multipart(size):
    return mail(
        b"--b\r\nContent-Type: text/plain\r\n\r\n" + fill(b"line\r\n", size),
        content_type=b'multipart/mixed; boundary="b"',
    )


# -- plain junk ---------------------------------------------------------------------------------
@shape
def binary_random(size):
    import random

    return random.Random(size).randbytes(size)


@shape
def binary_nul(size):
    return filled_mail(b"\x00", size)


def emails(sizes=(64 * KB, MB, RECEIVER_LIMIT), names=None) -> Iterator[tuple[str, bytes]]:
    """(name, raw message) for every shape (or those named) at every size."""
    for name in names or SHAPES:
        for size in sizes:
            yield f"{name}@{size // KB}k", SHAPES[name](size)


def pending_notice(order_count: int, *, raw_bytes: int = 0) -> tuple[bytes, list[str]]:
    """A notice naming `order_count` distinct order ids (padded to `raw_bytes`), and those ids."""
    ids = [f"{900 + n % 100:03d}-{n:07d}-{n * 7 % 10_000_000:07d}" for n in range(order_count)]
    body = OPTOUT_SENTENCE + b"\r\n" + " ".join(ids).encode() + b"\r\n"
    if raw_bytes > len(body):
        body += fill(b"padding padding padding\r\n", raw_bytes - len(body), overhead=400)
    return mail(body), ids


if __name__ == "__main__":
    for email_name, raw_email in emails(sizes=[int(size) for size in sys.argv[1:]] or [64 * KB]):
        print(email_name, len(raw_email))
