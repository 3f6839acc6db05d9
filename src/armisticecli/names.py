"""Name resolution: any form of a person's name -> the person, and why.

Normalisation makes "Kim Il-sung", "KIM IL SUNG" and "Kimilsung" one key;
"P'eng" and "Peng" one key; "I.V. Stalin" and "Stalin I.V." one key; and drops
honorifics and ranks ("Cde.", "Gen.", "Marshal").  An editorial bracket, as
in "Filippov [Stalin]", is an explicit link to the name inside it.

Matching runs in this order and reports the step that matched:

1. ``alias``   an exact alias of any kind (pseudonym, transliteration,
   native script, birth name, spelling), or the display name;
2. ``part``    one word of a name ("Stalin", "Peng"); shared words
   ("Pak") give every holder, reported as ambiguous;
3. ``role``    a title held on a date: "Chairman of the USSR Council of
   Ministers" on 1953-07-03 is Georgy Malenkov;
4. ``fuzzy``   rapidfuzz over every alias form, for typos ("Pheng Dehuai").

A role is tried before fuzzy matching because an exact title is a stronger
signal than a near-spelling.  No typer or rich here; rapidfuzz is imported
only when an exact step fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal, NamedTuple

from armisticecli.dates import PartialDate, parse_iso
from armisticecli.model import Person, Role, date_text, first_date, last_date
from armisticecli.text import words, words_each

if TYPE_CHECKING:
    from armisticecli.errors import NotFoundError

FUZZY_THRESHOLD = 83.0
"""Lowest rapidfuzz ratio (0-100) accepted as a typo of a known form.

Chosen from the table of true and false pairs in tests/test_names.py: the
weakest true pair there scores 83.3 (one letter changed in a six-letter name,
"Stalyn" for "Stalin"), the next 84.2 ("Krasovskii"); the closest false pairs
score 80.0 ("Stalinist" is not "Stalin", "Il Sung" alone is not "Kim Il Sung").
"""
AMBIGUITY_MARGIN = 3.0
"""Two people whose fuzzy scores are this close are reported together."""
MIN_FUZZY_LENGTH = 4
"""Shorter keys are too easily one edit away from another name."""
SUGGESTION_FLOOR = 65.0
"""A name is suggested for an unknown one from this token-sort similarity: "Malenkof"
gives Malenkov (88), "Kim Jong Il" Kim Il Sung; "Ridgway" (Beria, 50) and "Premier"
(Rhee, 55) get no suggestion, which would be noise."""

HONORIFICS = frozenset(
    """cde cdes comrade comrades com tov tovarishch товарищ gen general lt lieutenant
    maj major col colonel marshal adm admiral vice chairman premier president mr mrs
    dr ambassador minister generalissimo great leader dear the of aviation""".split()
)
"""Words dropped from the ends of a name before matching: courtesy and rank."""
PART_STOPWORDS = frozenset({"of", "the", "and", "de", "dze", "von", "van"})
"""Words of a name that never identify a person on their own."""
SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})
OPENERS = "[("
CLOSERS = "])"

KIND_ORDER = (
    "name", "pseudonym", "transliteration", "native", "spelling", "birth_name", "earlier_name",
    "full_name",
    "initials", "courtesy_name", "pen_name", "nickname", "honorific",
)  # fmt: skip
"""When forms of one person share a key, the first kind here explains the match."""
KIND_LABELS = {"name": "display name"}
MatchStep = Literal["alias", "bracket", "part", "role", "fuzzy"]
"""How a name matched: an exact form, an editorial bracket, one word of a name,
a title held on a date, or a near spelling."""
STEP_SCORES: dict[MatchStep, float] = {"alias": 100.0, "bracket": 100.0, "part": 90.0, "role": 95.0}


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Where the editorial brackets of a name are: (start, end) of each, brackets included.

    A bracket opens with "[" or "(" and closes at the next "]" or ")", with at
    least one character between; it may hold other openers ("((a)" is one
    bracket around "(a").  The same spans as the pattern ``[\\[(]([^\\])]+)[\\])]``
    found, scanned once: that pattern, tried again at each of 60,000 "(" with
    no closer, took 44 seconds.  Each search for the next opener or closer is
    kept until the scan passes it, so each of the four searches reads a character once.
    """
    spans: list[tuple[int, int]] = []
    found = {mark: text.find(mark) for mark in OPENERS + CLOSERS}
    at = 0
    while True:
        for mark, where in found.items():  # refresh the searches the scan has passed
            if 0 <= where < at:
                found[mark] = text.find(mark, at)
        openers = [found[mark] for mark in OPENERS if found[mark] >= 0]
        if not openers:
            return spans
        start = min(openers)
        for mark in CLOSERS:
            if 0 <= found[mark] <= start:
                found[mark] = text.find(mark, start + 1)
        closers = [found[mark] for mark in CLOSERS if found[mark] >= 0]
        if not closers:
            return spans  # no closer after this opener, so none after any later one
        end = min(closers)
        if end == start + 1:
            at = start + 1  # "()": nothing inside, so no bracket opens here
            continue
        spans.append((start, end + 1))
        at = end + 1


def unbracket(text: str) -> str:
    """``text`` with each editorial bracket (and what it holds) replaced by a space."""
    if "[" not in text and "(" not in text:
        return text
    kept: list[str] = []
    at = 0
    for start, end in bracket_spans(text):
        kept += (text[at:start], " ")
        at = end
    kept.append(text[at:])
    return "".join(kept)


def words_of(text: str) -> list[str]:
    """Folded words of a name, apostrophes dropped ("P'eng" -> "peng"), dots split initials."""
    return words(text)


def strip_courtesy(words: Sequence[str]) -> list[str]:
    """Drop honorifics and ranks from the front and suffixes such as "Jr." from the end."""
    start = 0
    while start < len(words) - 1 and words[start] in HONORIFICS:
        start += 1
    end = len(words)
    while end > start + 1 and words[end - 1] in SUFFIXES:
        end -= 1
    return list(words[start:end])


def key_of(words: Sequence[str]) -> str:
    """The comparison key: full words run together, then initials ("stalin|iv").

    Spacing and hyphens vanish ("kim il sung" = "kimilsung"), and initials
    compare the same before or after the surname.
    """
    full = [w for w in words if len(w) > 1 or not w.isascii()]
    initials = [w for w in words if len(w) == 1 and w.isascii()]
    if not full:
        return "".join(initials)
    return "".join(full) + ("|" + "".join(initials) if initials else "")


def normalise(text: str) -> str:
    """The comparison key of a name, with courtesy and brackets removed."""
    return key_of(strip_courtesy(words_of(unbracket(text))))


class Form(NamedTuple):
    """One indexed form of a person's name (a named tuple: an authority file of 100,000
    people has 300,000 forms, and a tuple is made several times faster than a frozen
    dataclass)."""

    person_id: str
    name: str
    kind: str
    system: str | None = None
    inferred: bool = False
    """The form is our identification, not a source's (Stepan Akimovich Krasovsky)."""


@dataclass(frozen=True)
class Match:
    """A person that a query resolved to, with the step and form that matched."""

    person: Person
    score: float
    step: MatchStep
    form: str
    kind: str
    detail: str = ""
    query: str = ""
    inferred: bool = False
    """Matched through a form that is our identification, not a source's."""

    @property
    def person_id(self) -> str:
        return self.person.id

    def held_on(self, date: str) -> bool:
        """For a title match: whether the person held that title on a catalogue date."""
        on = parse_iso(date)
        return any(
            role_held_on(role, on)
            for role in self.person.roles
            if self.form in (role.title, *role.also)
        )

    @property
    def why(self) -> str:
        """A short reason: "Filippov → Joseph Stalin (pseudonym)"."""
        if self.step == "role":
            inferred = ", an inferred identification" if self.inferred else ""
            return f"{self.form} → {self.person.name} ({self.detail}{inferred})"
        label = KIND_LABELS.get(self.kind, self.kind.replace("_", " "))
        if self.kind == "honorific":
            label = f"as in {self.form!r}"
            if normalise(self.query) in words_of(self.person.name):
                label = "surname"
        if self.step == "fuzzy":
            label = f"close to {self.form!r}: {label}, {self.score:.0f}%"
        elif self.step == "part":
            label = f"part of {self.form!r}"
        elif self.step == "bracket":
            label = f"editorial bracket names {self.form!r}"
        elif self.detail:
            label = f"{label}, {self.detail}"
        if self.inferred:
            label += ", an inferred identification"
        return f"{self.query} → {self.person.name} ({label})"


@dataclass
class Resolution:
    """Every person a query could mean, best first."""

    query: str
    matches: list[Match] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        """True when two or more people are equally good answers."""
        if len(self.matches) < 2:
            return False
        first, second = self.matches[0], self.matches[1]
        if first.step != second.step:
            return False
        return first.score - second.score < AMBIGUITY_MARGIN

    @property
    def best(self) -> Match | None:
        """The one person meant, or None when nothing or several match."""
        if not self.matches or self.ambiguous:
            return None
        return self.matches[0]

    @property
    def tied(self) -> list[Match]:
        """The matches that share the top (one when unambiguous)."""
        if not self.matches:
            return []
        top = self.matches[0]
        return [
            m for m in self.matches if m.step == top.step and top.score - m.score < AMBIGUITY_MARGIN
        ]


def _as_date(on: PartialDate | str | None) -> PartialDate | None:
    if on is None or isinstance(on, PartialDate):
        return on
    return parse_iso(on)


def role_held_on(role: Role, on: PartialDate) -> bool:
    """Whether a role was held at any time in the date's period (open ends unbounded).

    For a day this is "held that day"; for "1953-03" both Stalin and Malenkov
    held the chairmanship, so both are returned and reported as ambiguous.
    """
    # A disputed end is taken at its widest: held on any day some source allows.
    if role.from_ is not None and parse_iso(first_date(role.from_)).first_day() > on.last_day():
        return False
    return not (role.to is not None and parse_iso(last_date(role.to)).last_day() < on.first_day())


def _role_period(role: Role) -> str:
    return f"{date_text(role.from_)} to {date_text(role.to)}"


class AuthorityIndex:
    """Every form of every person's name, keyed for exact and fuzzy lookup."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.people: dict[str, Person] = {}
        self.forms: dict[str, list[Form]] = {}
        self.roles: dict[str, list[tuple[Person, Role, str]]] = {}
        forms: list[Form] = []
        for person in people:
            self.people[person.id] = person
            forms.append(Form(person.id, person.name, "name"))
            # A form is listed once: the same name given twice for a person would only
            # repeat the same key and parts (ids are unique, so this is enough).
            names = {person.name}
            for alias in person.aliases:
                if alias.name not in names:
                    names.add(alias.name)
                    forms.append(
                        Form(person.id, alias.name, alias.kind, alias.system, alias.inferred)
                    )
            for role in person.roles:
                for title in (role.title, *role.also):
                    key = _role_key(title)
                    if key:
                        self.roles.setdefault(key, []).append((person, role, title))
        self._part_sources: list[tuple[Form, list[str]]] = []
        """Forms of two or more full words, with them: the parts are indexed on first use."""
        # Each different text is read once: many people share a name (a thousand Kim
        # Chol-su), and the forms of one person often differ only in hyphens.  This runs
        # for 300,000 forms, so the common form (no courtesy, no initials) skips
        # strip_courtesy() and key_of(), giving what they give.
        texts = [unbracket(form.name) for form in forms]
        distinct = list(dict.fromkeys(texts))
        read: dict[str, tuple[str, list[str]]] = {}
        for text, folded in zip(distinct, words_each(distinct), strict=True):
            if folded and (folded[0] in HONORIFICS or folded[-1] in SUFFIXES):
                folded = strip_courtesy(folded)
            full = [w for w in folded if len(w) > 1 or not w.isascii()]
            key = "".join(full) if full and len(full) == len(folded) else key_of(folded)
            read[text] = (key, full)
        index, sources = self.forms, self._part_sources
        for form, text in zip(forms, texts, strict=True):
            key, full = read[text]
            if not key:
                continue
            bucket = index.get(key)
            if bucket is None:
                index[key] = [form]
            else:
                bucket.append(form)
            if len(full) > 1:
                sources.append((form, full))

    @cached_property
    def parts(self) -> dict[str, list[Form]]:
        """The first and last full word of each form of two or more ("stalin", "kim"),
        with the forms that have it there.  Built when a name is not an exact form: a
        list of everyone is dear when 100,000 people share the surname Kim."""
        parts: dict[str, list[Form]] = {}
        for form, full in self._part_sources:
            for word in {full[0], full[-1]}:
                if len(word) >= 2 and word not in HONORIFICS and word not in PART_STOPWORDS:
                    parts.setdefault(word, []).append(form)
        return parts

    @cached_property
    def _fuzzy_choices(self) -> list[str]:
        return [key for key in self.forms if len(key) >= MIN_FUZZY_LENGTH]

    def resolve(self, query: str, on: PartialDate | str | None = None) -> Resolution:
        """Every person ``query`` may name (on the date ``on``, for titles), best first."""
        date = _as_date(on)
        text = query.strip()
        resolution = Resolution(text)
        if not text or len(text) > 500:
            return resolution
        bracketed = [text[start + 1 : end - 1] for start, end in bracket_spans(text)]
        for inner in bracketed:
            linked = self._exact(inner, query=text)
            if linked:
                resolution.matches = [
                    Match(m.person, 100.0, "bracket", m.form, m.kind, "", text, m.inferred)
                    for m in linked
                ]
                return resolution
        for finder in (self._exact, self._part):
            found = finder(text, query=text)
            if found:
                resolution.matches = found
                return resolution
        found = self._role(text, date)
        if found or _role_key(text) in self.roles:
            # A title no one held on that date names no one: "Marshal" in July 1953
            # is the rank (Peng's from 1955), not a misspelt "Marshall".
            resolution.matches = found
            return resolution
        resolution.matches = self._fuzzy(text)
        return resolution

    def _exact(self, text: str, query: str) -> list[Match]:
        key = normalise(text)
        return self._matches(self.forms.get(key, []), "alias", query, typed=text)

    def _part(self, text: str, query: str) -> list[Match]:
        words = strip_courtesy(words_of(unbracket(text)))
        full = [w for w in words if len(w) > 1 or not w.isascii()]
        if len(full) != 1:
            return []
        return self._matches(self.parts.get(full[0], []), "part", query)

    def _matches(
        self, forms: Sequence[Form], step: MatchStep, query: str, typed: str = ""
    ) -> list[Match]:
        # Forms that share a key explain the match best when they are what was typed.
        literal = _literal(typed)
        written = _spaced(typed)

        def rank(form: Form) -> tuple[bool, bool, int]:
            return (
                _literal(form.name) != literal,
                _spaced(form.name) != written,
                _form_rank(form),
            )

        # Nothing typed to compare with (a part: "Kim", shared by 100,000 forms): no
        # form is what was typed, so the kind alone ranks them, without reading each.
        order = sorted(forms, key=rank if typed else _form_rank)
        best: dict[str, Match] = {}
        for form in order:
            if form.person_id in best:
                continue
            detail = form.system or ""
            best[form.person_id] = Match(
                self.people[form.person_id],
                STEP_SCORES[step],
                step,
                form.name,
                form.kind,
                detail,
                query,
                form.inferred,
            )
        return list(best.values())

    def _role(self, text: str, on: PartialDate | None) -> list[Match]:
        key = _role_key(text)
        holders = self.roles.get(key, [])
        if not holders:
            return []
        matches: list[Match] = []
        for person, role, title in holders:
            if on is not None and not role_held_on(role, on):
                continue
            when = f"on {on.iso()}, " if on is not None else ""
            detail = f"{when}held {_role_period(role)}"
            matches.append(
                Match(
                    person, STEP_SCORES["role"], "role", title, "role", detail, text, role.inferred
                )
            )
        if on is None and len(matches) > 1:
            # Without a date every holder is a candidate: most recent first.
            matches.sort(key=lambda m: m.detail, reverse=True)
        unique: dict[str, Match] = {}
        for match in matches:  # one entry a person, even for two terms in office
            unique.setdefault(match.person_id, match)
        return list(unique.values())

    def _fuzzy(self, text: str) -> list[Match]:
        key = normalise(text)
        if len(key) < MIN_FUZZY_LENGTH:
            return []
        from rapidfuzz import fuzz, process

        scored = process.extract(
            key,
            self._fuzzy_choices,
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD,
            limit=20,
        )
        best: dict[str, Match] = {}
        for choice, score, _ in scored:
            for form in self.forms[choice]:
                current = best.get(form.person_id)
                if current is None or score > current.score:
                    best[form.person_id] = Match(
                        self.people[form.person_id],
                        float(score),
                        "fuzzy",
                        form.name,
                        form.kind,
                        form.system or "",
                        text,
                        form.inferred,
                    )
        return sorted(best.values(), key=lambda m: -m.score)

    def not_found(self, text: str, field: str) -> NotFoundError:
        """The error for a name nobody has: the near names, or plainly that none is near."""
        from armisticecli.errors import NotFoundError
        from armisticecli.text import clean

        titled = self.titled(text)
        if titled:  # "Premier" alone: a courtesy word, which names nobody by itself
            shown = clean(text.strip())[:80]
            return NotFoundError(
                f"no person matches {shown!r} alone, a title or rank; with a name or in"
                f" full: {', '.join(titled)}",
                field=field,
            )
        near = self.suggestions(text)
        hint = f"; nearest: {', '.join(near)}" if near else ""
        if not near:
            hint = f"; no name of the {len(self.people)} people is near it"
            hint += " (`korea people` lists them)"
        return NotFoundError(f"no person matches {clean(text.strip())[:80]!r}{hint}", field=field)

    def titled(self, text: str, limit: int = 4) -> list[str]:
        """Names and role titles that hold ``text`` when it is only courtesy words.

        "Premier" gives "Premier Zhou (Zhou Enlai)" and "Premier of the PRC (a
        title: add --on DATE)"; a text with a real name in it gives nothing.
        """
        wanted = words_of(text)
        if not wanted or any(word not in HONORIFICS for word in wanted):
            return []
        found: list[str] = []
        for person in self.people.values():
            for form in (person.name, *(alias.name for alias in person.aliases)):
                if _holds(words_of(form), wanted):
                    found.append(f"{form} ({person.name})" if form != person.name else form)
                    break
        titles = sorted(
            {
                role.title
                for person in self.people.values()
                for role in person.roles
                if _holds(words_of(role.title), wanted)
            },
            key=len,
        )
        found += [f'"{title}" --on DATE' for title in titles]
        return found[:limit]

    def suggestions(self, text: str, limit: int = 3) -> list[str]:
        """The display names near ``text`` (above :data:`SUGGESTION_FLOOR`), nearest first."""
        query = " ".join(strip_courtesy(words_of(text)))
        if not query:
            return []
        from rapidfuzz import fuzz, process

        spaced, owners = self._spaced_forms
        names: list[str] = []
        for _, _, position in process.extract(
            query, spaced, scorer=fuzz.token_sort_ratio, limit=20, score_cutoff=SUGGESTION_FLOOR
        ):
            name = self.people[owners[position]].name
            if name not in names:
                names.append(name)
        return names[:limit]

    @cached_property
    def _spaced_forms(self) -> tuple[list[str], list[str]]:
        """Every form as spaced words ("kim il sung"), and the id of its person."""
        spaced: list[str] = []
        owners: list[str] = []
        for forms in self.forms.values():
            for form in forms:
                spaced.append(" ".join(strip_courtesy(words_of(form.name))))
                owners.append(form.person_id)
        return spaced, owners


def resolve_person(
    index: AuthorityIndex,
    text: str,
    on: PartialDate | str | None = None,
    *,
    field: str = "person",
) -> list[Match]:
    """The person(s) ``text`` names, or NotFoundError / AmbiguousError said of ``field``.

    A title without a date ("Chairman of the USSR Council of Ministers")
    returns every holder: each document's own date then picks one.
    """
    from armisticecli.errors import AmbiguousError, UsageError
    from armisticecli.text import clean

    if not text.strip():
        raise UsageError("empty name", field=field)
    resolution = index.resolve(text, on)
    shown = repr(clean(text.strip())[:80])
    if not resolution.matches:
        raise index.not_found(text, field)
    tied = resolution.tied
    if len(tied) > 1 and tied[0].step != "role":
        raise AmbiguousError(
            f"{shown} could be {len(tied):,} people",
            [(m.person.id, m.person.name, f"{m.score:.0f}", m.why) for m in tied],
            hint=f"give more of the name, or an id such as {tied[0].person.id}",
            field=field,
        )
    return tied


def _literal(text: str) -> str:
    """A form as written, but for case and spacing ("Kim Ir-sen" stays apart from "Kim Ir Sen")."""
    return " ".join(text.casefold().split())


def _spaced(text: str) -> str:
    return " ".join(strip_courtesy(words_of(unbracket(text))))


def _form_rank(form: Form) -> int:
    return KIND_ORDER.index(form.kind) if form.kind in KIND_ORDER else len(KIND_ORDER)


def _role_key(title: str) -> str:
    words = words_of(title)
    while words and words[0] in {"the", "a"}:
        words = words[1:]
    return " ".join(words)


def _holds(words: list[str], wanted: list[str]) -> bool:
    """``wanted`` appears in ``words`` as consecutive words."""
    size = len(wanted)
    return any(words[i : i + size] == wanted for i in range(len(words) - size + 1))
