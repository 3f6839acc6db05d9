"""The one sanitising path for catalogue text bound for a human reader.

Catalogue text is data.  Before it reaches a terminal (or a TSV line that a
terminal may show) it loses every character that could drive the terminal:
C0 and C1 controls (so ESC, CSI and OSC sequences are broken), DEL, and the
Unicode bidirectional overrides and isolates that can reorder what is shown.
Tabs and line breaks become spaces so that one record stays one line.  Rich
markup is a separate concern: renderers pass text to rich as ``Text`` objects,
never as markup strings.  JSON output keeps the data exact and lets the JSON
encoder escape it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_BIDI = (
    "\u061c\u200e\u200f"  # Arabic letter mark, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)
_LINE_BREAKS = "\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029"
C1_AND_BIDI = "".join(map(chr, range(0x80, 0xA0))) + _BIDI
"""Characters that JSON may carry raw but a terminal acts on (CSI, OSC and NEL are one
character each in C1; the BiDi marks reorder a line): JSON output writes them as
``\\u`` escapes, :func:`clean` removes them."""
JSON_ESCAPED = C1_AND_BIDI + "\u2028\u2029"
"""What every JSON writer escapes: :data:`C1_AND_BIDI`, and the Unicode line and
paragraph separators, which end a line for readers that split on every line break
(Python's ``str.splitlines``, many JSONL tools): raw, they cut a JSON Lines record in
two.  (NEL, the other such break, is in C1.)"""

_TABLE: dict[int, str | None] = {}
for _code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
    _TABLE[_code] = None
for _char in _BIDI:
    _TABLE[ord(_char)] = None
for _char in _LINE_BREAKS:
    _TABLE[ord(_char)] = " "

_TABLE_KEEP_NEWLINES = dict(_TABLE)
_TABLE_KEEP_NEWLINES[ord("\n")] = "\n"


def clean(text: str) -> str:
    """One line of printable text: controls and BiDi overrides removed, breaks as spaces.

    A lone surrogate (a byte of a file name or argument that is not UTF-8, as
    Python hands it on) becomes U+FFFD, so the text can always be written.
    """
    # isprintable() is False for every character changed here (Cc, Cf or Cs),
    # so the common case costs one C-level scan.
    if text.isprintable():
        return text
    return _SURROGATE.sub("\ufffd", text.translate(_TABLE))


def clean_block(text: str) -> str:
    """Like :func:`clean`, but keeps newlines (for a summary shown in full)."""
    return _SURROGATE.sub("\ufffd", text.translate(_TABLE_KEEP_NEWLINES))


_SURROGATE = re.compile("[\ud800-\udfff]")


def fold(text: str) -> str:
    """Lower-case, accent-free form for comparisons: "Ŏ" -> "o", "é" -> "e"."""
    if text.isascii():  # the common case, and a hundred times cheaper
        return text.lower()
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Only non-ASCII characters can be combining marks: test those alone, so that a
    # long summary with one dash in it costs a regex scan, not a loop over every letter.
    return _NON_ASCII.sub(_without_marks, decomposed)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: re.Match[str]) -> str:
    return _marks_removed(run[0])


@lru_cache(maxsize=4096)
def _marks_removed(run: str) -> str:
    """A run of non-ASCII characters without its combining marks (runs repeat: the
    syllables of Korean names, the accented letters of a language)."""
    import unicodedata

    return "".join(c for c in run if not unicodedata.combining(c))


APOSTROPHES = "'’‘ʼʻ`´"
"""Marks inside a word that are not word breaks: "P'eng", "Chŏng’an", "Hawaiʻi" fold to one word."""
_NOT_WORD = re.compile(r"[\W_]+")
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)
"""ASCII bytes as :func:`words` reads them: letters lowered, digits kept, all else a space."""
_ASCII_FOLDED = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256))
"""The same for text :func:`fold` has read already: letters kept as they are."""


def words(text: str) -> list[str]:
    """The one definition of a word, for search, names, places and titles alike.

    Folded (:func:`fold`), apostrophes dropped ("P'eng" -> "peng"), split on
    everything that is not a letter or digit (underscores included).
    """
    if not text.isascii():
        text = fold(_drop_apostrophes(text))
        if not text.isascii():
            return _NOT_WORD.sub(" ", text).split()
        # Folded already (and kept as folding left it: "™" folds to "TM").
        return text.encode("ascii").translate(_ASCII_FOLDED).decode("ascii").split()
    # ASCII (as most text is once folded): a byte table does in one C pass what a regex
    # does word by word: lower, drop the apostrophes, and make all but letters and
    # digits a space (a page of full text in 130 microseconds instead of 450).
    return text.encode("ascii").translate(_ASCII_WORDS, b"'`").decode("ascii").split()


def words_each(texts: Sequence[str]) -> list[list[str]]:
    """:func:`words` of each text, folded together in one pass.

    The same lists as ``[words(t) for t in texts]``, several times faster for
    many texts (the 300,000 forms of 100,000 names, the titles of a catalogue
    being indexed): the texts are read joined by newlines and split again, so
    that folding and splitting run once, in C, instead of once per text.  ASCII
    texts and the others are read apart, so that one accented name does not
    send a whole batch down the slower path.
    """
    texts, plain = _ascii_apart(texts)
    if all(plain):
        return _ascii_words_each(texts)
    ascii_words = iter(_ascii_words_each([t for t, a in zip(texts, plain, strict=True) if a]))
    other_words = iter(_folded_words_each([t for t, a in zip(texts, plain, strict=True) if not a]))
    return [next(ascii_words) if a else next(other_words) for a in plain]


def folded_lines(texts: Sequence[str]) -> list[str]:
    """Each text as :func:`words` reads it: its words with spaces between them (one or
    more), on one line (no newline inside); ``line.split() == words(text)``.

    What a search without postings looks in (:class:`armisticecli.store.ScanStore`).
    ASCII texts (most, once typographic apostrophes are gone) are translated all at
    once, in C, and never split: no object is made for each of their words.
    """
    texts, plain = _ascii_apart(texts)
    ascii_lines = iter(_ascii_lines([t for t, a in zip(texts, plain, strict=True) if a]))
    others = _folded_words_each([t for t, a in zip(texts, plain, strict=True) if not a])
    other_lines = iter(map(" ".join, others))
    return [next(ascii_lines) if a else next(other_lines) for a in plain]


def _ascii_apart(texts: Sequence[str]) -> tuple[Sequence[str], list[bool]]:
    """The texts, those not ASCII without their typographic apostrophes, and which of
    them are ASCII now: most are ("Kim Il Sung’s"), and are read as ASCII."""
    plain = list(map(str.isascii, texts))
    if all(plain):
        return texts, plain
    changed = list(texts)
    others = [n for n, is_ascii in enumerate(plain) if not is_ascii]
    for n, text in zip(others, _without_apostrophes([changed[n] for n in others]), strict=True):
        changed[n] = text
        plain[n] = text.isascii()
    return changed, plain


def _without_apostrophes(texts: list[str]) -> list[str]:
    """The texts without the marks :func:`words` drops inside words (all at once)."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return [_drop_apostrophes(text) for text in texts]
    return _drop_apostrophes(joined).split("\n")


def _drop_apostrophes(text: str) -> str:
    """The text without the marks :func:`words` drops inside words."""
    for mark in APOSTROPHES:  # replace() is many times faster than translate() here
        if mark in text:
            text = text.replace(mark, "")
    return text


def _joined(texts: Sequence[str]) -> str:
    """The texts joined by newlines, a newline inside one read as the space it is to
    :func:`words` (a word break)."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        joined = "\n".join([text.replace("\n", " ") for text in texts])
    return joined


def _ascii_words_each(texts: Sequence[str]) -> list[list[str]]:
    return list(map(str.split, _ascii_lines(texts)))


def _ascii_lines(texts: Sequence[str]) -> list[str]:
    if not texts:
        return []
    # As words() reads ASCII: lowered, apostrophes dropped, all but letters and digits
    # a space; but the newlines between the texts are kept.
    read = _joined(texts).encode("ascii").translate(_ASCII_WORDS_LINES, b"'`").decode("ascii")
    return read.split("\n")


def _folded_words_each(texts: Sequence[str]) -> list[list[str]]:
    if not texts:
        return []
    joined = _drop_apostrophes(_joined(texts))
    # What is neither a word nor a space becomes a space: then each line's split()
    # gives the words words() finds, without a regex call per text.  (Spaces are left
    # alone: replacing each one would be most of the work.)
    folded = fold(joined).replace("_", " ")
    lines = _NOT_WORD_NOR_SPACE.sub(" ", folded).split("\n")
    if len(lines) == len(texts):
        return [line.split() for line in lines]
    return [words(text) for text in texts]  # folding made a newline: read one by one


_ASCII_WORDS_LINES = _ASCII_WORDS[:10] + b"\n" + _ASCII_WORDS[11:]
_NOT_WORD_NOR_SPACE = re.compile(r"[^\w\s]+")


def find_runs(text: str, groups: Sequence[Sequence[Sequence[str]]]) -> list[tuple[int, int, int]]:
    """Where the words of each group stand in ``text``, as :func:`words` reads it: a
    group is a list of runs (one word, or a phrase's words), any of which counts.
    Returns (start, end, group), ordered by start.

    The spans are of ``text`` itself, for showing a passage with the words marked.
    ASCII text is searched by one regex per group over a same-length copy read as
    :func:`words` reads it (apostrophes kept as a mark inside words); other text
    word by word, each run of non-spaces read by :func:`words` (and marked whole).
    """
    wanted = [[tuple(run) for run in runs if run] for runs in groups]
    if not text or not any(wanted):
        return []
    if text.isascii() and all(w.isascii() for runs in wanted for run in runs for w in run):
        return _find_runs_ascii(text, wanted)
    spans: list[tuple[int, int]] = []
    tokens: list[str] = []
    for chunk in _NON_SPACE.finditer(text):
        for word in words(chunk[0]):  # a whitespace never folds into a word
            spans.append(chunk.span())
            tokens.append(word)
    first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for group, runs in enumerate(wanted):
        for run in runs:
            first.setdefault(run[0], []).append((group, run))
    found: list[tuple[int, int, int]] = []
    for place, token in enumerate(tokens):
        for group, run in first.get(token, ()):
            if tuple(tokens[place : place + len(run)]) == run:
                found.append((spans[place][0], spans[place + len(run) - 1][1], group))
    return found


_NON_SPACE = re.compile(r"\S+")
_MARK = 1
"""An apostrophe, in the copy :func:`_find_runs_ascii` searches: part of a word, no letter."""
_ASCII_MARKED = bytes(
    _MARK if chr(code) in APOSTROPHES else byte for code, byte in enumerate(_ASCII_WORDS)
)  # letters lowered, digits kept, apostrophes marked, all else a space


def holds_run(text: str, run: Sequence[str]) -> bool:
    """Whether the words of ``run`` stand in ``text`` one after another, as :func:`words`
    reads it.  The text is read as :func:`words` reads it, into one string of words
    and spaces, and searched by one regex: not split into a list of words."""
    if not run:
        return False
    if text.isascii():
        spaced = text.encode("ascii").translate(_ASCII_WORDS, b"'`").decode("ascii")
    else:
        text = fold(_drop_apostrophes(text))
        if text.isascii():
            spaced = text.encode("ascii").translate(_ASCII_FOLDED).decode("ascii")
        else:
            spaced = _NOT_WORD.sub(" ", text)
    # A pattern that begins with the words themselves is searched for them as a literal
    # (fast); whether they are whole words is checked at the few places found.
    end = len(spaced)
    for found in _run_pattern(tuple(run)).finditer(spaced):
        start, stop = found.span()
        if (not start or spaced[start - 1] == " ") and (stop == end or spaced[stop] == " "):
            return True
    return False


@lru_cache(maxsize=256)
def _run_pattern(run: tuple[str, ...]) -> re.Pattern[str]:
    """The words of ``run`` in a string of words and spaces."""
    return re.compile(" +".join(map(re.escape, run)))


def _pattern(runs: Sequence[tuple[str, ...]]) -> re.Pattern[str]:
    """A regex for any of ``runs`` in the copy :data:`_ASCII_MARKED` makes (group 1)."""
    mark = re.escape(chr(_MARK))
    between = f"[ {mark}]* [ {mark}]*"
    edge = f"[a-z0-9{mark}]"

    def word(term: str) -> str:  # a word, with apostrophes anywhere in it
        return f"{mark}*".join(re.escape(char) for char in term)

    longest_first = sorted(runs, key=lambda run: -len(" ".join(run)))
    alternatives = "|".join(between.join(word(w) for w in run) for run in longest_first)
    return re.compile(f"(?<!{edge}){mark}*({alternatives}){mark}*(?!{edge})")


def _find_runs_ascii(
    text: str, groups: Sequence[Sequence[tuple[str, ...]]]
) -> list[tuple[int, int, int]]:
    """:func:`find_runs` for ASCII text: a regex pass per group, over a copy as long as
    the text."""
    copy = text.encode("ascii").translate(_ASCII_MARKED).decode("ascii")
    found: list[tuple[int, int, int]] = []
    for group, runs in enumerate(groups):
        if runs:
            pattern = _pattern(runs)
            found += [(*match.span(1), group) for match in pattern.finditer(copy)]
    found.sort()
    return found
