"""Showing user text safely: words from a corpus or a vector file are data, never markup.

Corpus words are letters, digits and apostrophes (the tokenizer guarantees it), but
words read from an uploaded vector file can be anything, so every label goes through
these helpers before it reaches Markdown, Plotly (which renders a subset of HTML in
labels) or LaTeX.
"""
import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")
# Streamlit's Markdown (GFM) turns www.x.y, http://x and a@b.c in text into links, escaped or
# not; an invisible WORD JOINER (U+2060) breaks exactly those patterns: after "www", before
# "://", before an "@" that follows a character. File names and numbers are left as typed.
_LINK_PARTS = re.compile(r"(?i)(?<=\bwww)(?=\.)|(?=://)|(?<=\S)(?=@)")
WORD_JOINER = "\u2060"
_TEX_SPECIAL = re.compile(r"([\\{}#$%&_^~])")


def md(text: str) -> str:
    """Escape Markdown (and the HTML Markdown would pass through) so it shows as typed, and
    keep a domain, URL or e-mail address in it from becoming a link.

    >>> md("<b>*hi*</b>")
    '\\\\<b\\\\>\\\\*hi\\\\*\\\\</b\\\\>'
    >>> md("www.evil.example") == "www\u2060\\\\.evil\\\\.example"
    True
    """
    return _MD_SPECIAL.sub(r"\\\1", _LINK_PARTS.sub(WORD_JOINER, str(text)))


def plot_label(text: str) -> str:
    """Escape a label for Plotly, which interprets <b>, <a href> and similar tags.

    >>> plot_label("<script>x</script>")
    '&lt;script&gt;x&lt;/script&gt;'
    """
    return html.escape(str(text), quote=False)


def tex_word(text: str) -> str:
    r"""A word inside LaTeX, as \text{...} with TeX's special characters neutralised.

    >>> tex_word("a_b")
    '\\text{a\\_b}'
    """
    return r"\text{" + _TEX_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) in "{}#$%&_"
                                        else " ", str(text)) + "}"
