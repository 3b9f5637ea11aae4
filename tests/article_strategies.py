"""Hypothesis strategies that build hostile articles, and the fuzz settings profiles.

The strategies build inputs shaped like Markdown, HTML and plain-text articles (front
matter, nested lists and tags, links, entities, unclosed markup) out of prose that
makes the rules fire, sprinkled with the characters parsers trip on: control
characters, lone surrogates, bidi marks, zero-width joiners, combining marks, emoji.
Lines end in any mix of LF, CRLF and CR.

Short mode (the default, for CI) is derandomized, so a CI run is reproducible. The
long mode explores freshly: HEALTHLINT_FUZZ_EXAMPLES=N runs N examples per property.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

LONG_RUN_EXAMPLES = int(os.environ.get("HEALTHLINT_FUZZ_EXAMPLES") or 0)
_SLOW_INPUTS_ARE_THE_POINT = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("healthlint-fuzz-short", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=_SLOW_INPUTS_ARE_THE_POINT)
settings.register_profile("healthlint-fuzz-long", max_examples=max(LONG_RUN_EXAMPLES, 1), deadline=None,
                          suppress_health_check=_SLOW_INPUTS_ARE_THE_POINT)
FUZZ = settings.get_profile("healthlint-fuzz-long" if LONG_RUN_EXAMPLES else "healthlint-fuzz-short")

# Characters that parsers, tokenizers and offset maps trip on.
NASTY = (
    "\x00", "\x01", "\x07", "\x08", "\t", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
    b"\xff\xfe\x80".decode("utf-8", "surrogateescape"),  # lone surrogates, as undecodable bytes become
    "\ud800", "\udfff",
    "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",  # bidi marks and overrides
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width characters, soft hyphen
    "e\u0301", "\u0301", "\u0336" * 3, "\u0489",  # combining marks, alone and stacked
    "\U0001F469\u200d\u2695\ufe0f", "\U0001F600", "\U0001F1FA\U0001F1F8", "\U0001F44D\U0001F3FD",  # emoji
    "\u00a0", "\u3000", "\uff14\uff12\uff05", "\u0664\u0662%", "\u00bd", "\ufffd", "\uffff", "\U0010ffff",
)
# Prose that makes each built-in rule fire or stay quiet.
PHRASES = (
    "About 40% of adults sleep less than they should.", "1 in 5 adults", "16 million Americans",
    "twice as likely", "cuts the risk by a third", "7.1%", "3x the risk", "30,000 deaths",
    "According to the CDC,", "Studies show", "researchers at Stanford found", "(Smith et al., 2019)",
    "Suicidal thoughts are a medical emergency.", "overdose", "self-harm", "wanting to die",
    "call or text the 988 Suicide & Crisis Lifeline at 988", "Samaritans 116 123", "call 911",
    "1-800-273-8255", "use code SAVE20 for 20% off", "start your free trial", "plans start at $65 per week",
    "We earn a commission when you buy through links on this page.",
    "This article is for informational purposes only and is not a substitute for professional medical advice.",
    "Avocado", "Avocados", "Olive oil", "Headache", "Headaches", "Third-party tested", "Third party tested",
    "take 200 mg", "in 2019", "these 6 tips", "Dr. Jane Lee, a cardiologist, says",
)
URLS = ("https://amzn.to/3abc", "https://www.amazon.com/dp/B01?tag=site-20", "https://example.com/go/kit",
        "https://example.org/?ref=x&utm_medium=affiliate", "https://www.cdc.gov/sleep", "www.nih.gov",
        "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "", "<>", "http://[::1", "%zz")
ENTITIES = ("&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&copy", "&#52;", "&#x34;", "&#0;", "&#xD800;",
            "&#x110000;", "&#99999999999;", "&bogus;", "&", "&#", "&#x;", "&AMP", "&NotANamedEntity;")

nasty_chars = st.sampled_from(NASTY)
words = st.one_of(
    st.sampled_from(PHRASES),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.text(st.characters(), max_size=6),  # lone surrogates included
    nasty_chars,
    st.integers(-10**6, 10**12).map(str),
    st.sampled_from(ENTITIES),
)


@st.composite
def prose(draw, max_words: int = 12) -> str:
    """A run of words, phrases, figures and nasty characters, separated by spaces or not."""
    parts = draw(st.lists(words, max_size=max_words))
    separators = draw(st.lists(st.sampled_from([" ", " ", " ", "", "  ", "\t"]), min_size=len(parts),
                               max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, separators))


@st.composite
def enormous_line(draw) -> str:
    """One line long enough to stress tokenizers and regexes: a repeated word or a single huge token."""
    unit = draw(st.sampled_from(["word ", "a", "1", "40% of adults ", "\u200d", "[", "<b>", "*", "&amp;", "\U0001F600"]))
    return unit * draw(st.integers(2_000, 60_000 // len(unit)))


@st.composite
def with_line_endings(draw, lines: list[str]) -> str:
    """Join `lines` with a random mix of LF, CRLF and CR (the last line may lack one)."""
    endings = draw(st.lists(st.sampled_from(["\n", "\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)))
    if lines and draw(st.booleans()):
        endings[-1] = ""
    return "".join(line + end for line, end in zip(lines, endings))


# Markdown -------------------------------------------------------------------------

@st.composite
def md_inline(draw) -> str:
    text = draw(prose())
    url = draw(st.sampled_from(URLS))
    pieces = [text,
              f"*{text}*", f"**{text}**", f"_{text}", f"`{text}`", f"``{text}",
              f"[{text}]({url})", f'[{text}]({url} "t\\"itle")', f"[{text}][ref]", f"[{text}]", f"[{text}][]",
              f"<{url}>", f"![{text}]({url})", f"{text}[^1]", f"<sup>{text}</sup>",
              f'<a href="{url}" rel="sponsored">{text}</a>', f"<a href={url}>{text}", "</a>",
              f"<!-- {text}", f"<!-- {text} -->", "\\*", "\\", "[", "]", "](", "<", f"<span {text}>",
              f"{text}  ", f"{text}\\"]
    chosen = draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=5))
    return " ".join(chosen)


@st.composite
def item_texts(draw, item, count: int) -> list[str]:
    """`count` list item texts, some repeating an earlier one exactly or inflected."""
    texts: list[str] = []
    for _ in range(count):
        if texts and draw(st.integers(0, 2)) == 0:
            texts.append(draw(st.sampled_from(texts)) + draw(st.sampled_from(["", "s", ".", " ", "!"])))
        else:
            texts.append(draw(item))
    return texts


@st.composite
def md_list(draw, depth: int = 0) -> list[str]:
    lines = []
    marker = draw(st.sampled_from(["-", "*", "+", "1.", "1)", "42."]))
    indent = "  " * depth if marker in "-*+" else "   " * depth
    for text in draw(item_texts(md_inline(), draw(st.integers(1, 5)))):
        lines.append(f"{indent}{marker} {text}")
        if depth < 4 and draw(st.integers(0, 5)) == 0:
            lines.extend(draw(md_list(depth + 1)))
        if draw(st.integers(0, 4)) == 0:
            lines.append("")
    return lines


def _deep_md_list(depth: int) -> list[str]:
    return [f"{'  ' * level}- item {level % 7}" for level in range(depth)]


@st.composite
def md_front_matter(draw) -> list[str]:
    body = draw(st.sampled_from([
        ["title: Sleep", "disclaimer: true"], ["title: [a, b"], ["- just", "- a list"], ["x: 1", "x: 2"],
        ["disclaimer: This article is informational."], ["tags: {a: [b, {c: d}]}"], ["a: !!python/object:os.system x"],
        ["key: *alias"], ["%YAML 9.9"], ["title: \"\\ud800\""], [""], ["\t: tab"],
    ]))
    closing = draw(st.sampled_from(["---", "---", "...", "", "--- "]))
    return ["---", *body] + ([closing] if closing else [])


@st.composite
def md_block(draw) -> list[str]:
    kind = draw(st.integers(0, 13))
    if kind == 0:
        return [f"{'#' * draw(st.integers(1, 7))} {draw(md_inline())}"]
    if kind == 1:
        return draw(md_list())
    if kind == 2:
        return [f"{'>' * draw(st.integers(1, 60))} {draw(md_inline())}"]
    if kind == 3:
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        closed = draw(st.booleans())
        return [fence + "md", draw(prose())] + ([fence] if closed else [])
    if kind == 4:
        return [f"| {draw(prose(3))} | b |", "| --- | --- |", f"| {draw(md_inline())} | {draw(prose(3))} |"]
    if kind == 5:
        return [draw(st.sampled_from(["<div>", "<ul><li>", "<table><tr><td>", "<!--", "<script>", "<p hidden>"])),
                draw(prose()), draw(st.sampled_from(["</div>", "</li></ul>", "", "-->", "</script>"]))]
    if kind == 6:
        return [f"[ref]: {draw(st.sampled_from(URLS))} \"title\"", f"[^1]: {draw(prose())}"]
    if kind == 7:
        return [draw(st.sampled_from(["---", "***", "___", "===", "- - -"]))]
    if kind == 8:
        return _deep_md_list(draw(st.integers(10, 120)))
    if kind == 9:
        return ["[" * draw(st.integers(10, 3000)) + draw(prose(3)) + "]" * draw(st.integers(0, 3000))]
    if kind == 10:
        return [draw(enormous_line())]
    if kind == 11:
        return [f"    {draw(prose())}"]  # indented code
    if kind == 12:
        return [draw(prose()), draw(st.sampled_from(["===", "---"]))]  # setext heading
    return [draw(md_inline()) for _ in range(draw(st.integers(1, 3)))]


@st.composite
def markdown_articles(draw) -> str:
    lines = draw(md_front_matter()) if draw(st.integers(0, 3)) == 0 else []
    for _ in range(draw(st.integers(0, 7))):
        lines.extend(draw(md_block()))
        lines.append("")
    return draw(with_line_endings(lines))


# HTML -----------------------------------------------------------------------------

TAGS = ("p", "div", "ul", "ol", "li", "table", "tr", "td", "th", "h1", "h3", "a", "sup", "span", "b", "br",
        "img", "meta", "head", "title", "script", "style", "template", "textarea", "svg", "math", "noscript",
        "section", "footer", "dl", "dt", "dd", "pre", "blockquote", "html", "body", "menu", "select", "hr")


@st.composite
def html_attributes(draw) -> str:
    url = draw(st.sampled_from(URLS))
    return draw(st.sampled_from([
        "", f' href="{url}"', f" href='{url}' rel=sponsored", f" href={url}", " hidden", ' rel="nofollow sponsored"',
        ' onerror="alert(1)"', ' a="unclosed', " a='", ' "quoted"', " =x", ' charset="windows-1252"',
        f' title="{draw(prose(3))}"', " x=&amp;&#0;", "/",
    ]))


@st.composite
def html_node(draw, depth: int = 0) -> str:
    kind = draw(st.integers(0, 9 if depth < 6 else 3))
    if kind == 0:
        return draw(prose())
    if kind == 1:
        return draw(st.sampled_from(ENTITIES))
    if kind == 2:
        return draw(st.sampled_from(["<!--", "<!-- c -->", "<!---->", "<![CDATA[x]]>", "<!DOCTYPE html>", "<?php ?>",
                                     "</", "<", "<>", "</p>", "</li>", "</ul>", "</td></tr></table>", "<!", "--!>"]))
    if kind == 3:
        return draw(enormous_line()) if draw(st.integers(0, 9)) == 0 else draw(nasty_chars)
    if kind == 4 and draw(st.booleans()):
        items = draw(item_texts(prose(4), draw(st.integers(2, 6))))
        return "<ul>" + "".join(f"<li>{text}</li>" if draw(st.booleans()) else f"<li>{text}" for text in items)
    if kind == 4:
        tag = draw(st.sampled_from(["div", "ul", "li", "span", "table", "td", "b"]))
        depth_n = draw(st.integers(50, 600))
        return f"<{tag}>" * depth_n + draw(prose(3)) + f"</{tag}>" * draw(st.integers(0, depth_n))
    tag = draw(st.sampled_from(TAGS))
    children = "".join(draw(st.lists(html_node(depth + 1), max_size=4)))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", f"</{tag.upper()}>", "", f"</{tag} x>"]))
    return f"<{tag}{draw(html_attributes())}>{children}{close}"


@st.composite
def html_articles(draw) -> str:
    nodes = draw(st.lists(html_node(), max_size=8))
    page = "".join(nodes)
    if draw(st.booleans()):
        page = f"<html><head><title>{draw(prose(3))}</title></head><body>{page}</body></html>"
    return draw(with_line_endings(page.split("\n")))


# Plain text -----------------------------------------------------------------------

@st.composite
def text_line(draw) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return ""
    if kind == 1:
        bullet = draw(st.sampled_from(["•", "-", "*", "+", "·", "–", "1.", "12)", "999.", "1000."]))
        indent = draw(st.sampled_from(["", "  ", "\t"]))
        items = draw(item_texts(prose(), draw(st.integers(1, 4))))
        return "\n".join(f"{indent}{bullet} {text}" for text in items)
    if kind == 2:
        return draw(enormous_line()) if draw(st.integers(0, 9)) == 0 else draw(st.sampled_from(URLS))
    return draw(prose())


@st.composite
def text_articles(draw) -> str:
    return draw(with_line_endings(draw(st.lists(text_line(), max_size=20))))


ARTICLES = {"md": markdown_articles(), "html": html_articles(), "txt": text_articles()}


@st.composite
def articles_any_format(draw) -> tuple[str, str]:
    """(source, format); now and then the source of one format is read as another."""
    shape = draw(st.sampled_from(sorted(ARTICLES)))
    fmt = shape if draw(st.integers(0, 4)) else draw(st.sampled_from(sorted(ARTICLES)))
    return draw(ARTICLES[shape]), fmt
