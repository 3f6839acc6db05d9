"""Names in a source, linked to the catalogue's people through the name authority.

A name that resolves to one person, alive on the document's date, is linked;
the link is marked inferred, with its basis, when the source does not name the
person (a title held on the date, a lone surname).  A FRUS ``persName`` linked
to the volume's list of persons whom the catalogue does not know becomes a
new person, in the list's words; so does, for a Zotero export or a record
page, a named author or recipient no one in the catalogue answers to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from armisticecli.model import MAX_NAME_FORM, Identifier, Party, Person, first_date, last_date

if TYPE_CHECKING:
    from armisticecli import frus
    from armisticecli.names import AuthorityIndex, Match

PERSONS_URL = "https://history.state.gov/historicaldocuments/{volume}/persons"
SCHEME = "frus"
"""The scheme of a person's identifier in a FRUS volume's list: ``frus1951v07p2#p_AD1``."""
LINKED_STEPS = frozenset({"alias", "bracket", "part", "role"})
"""Name matches confident enough to link a sender or recipient; a near spelling is not
(a FRUS name is printed as the person wrote it, and a near one is another person)."""
GLOSS_STEPS = frozenset({"alias", "bracket", "role"})
"""A gloss ("the Secretary of State", "Joint Chiefs of Staff") names an office or a body:
never one word of someone's name."""
INVERTED = re.compile(r"^(?P<surname>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*)*), (?P<given>[^,]+)$")
"""A list of persons' "Surname, Given" ("Acheson, Dean"; "Day, Henry B."); a second comma
("Smith, John, Jr.") or a digit is not clearly that form, and is kept as it stands."""


class Linker:
    """Senders and recipients of one volume, linked to the catalogue's people.

    Each distinct (name, kind, link, date) is resolved once.  People added
    from the volume's list are indexed apart (a small index, rebuilt when one
    is added), so that a later "Acheson" finds the Dean Acheson added earlier.
    """

    def __init__(
        self, people: Sequence[Person], volume: frus.Volume | None, taken: set[str]
    ) -> None:
        from armisticecli.names import AuthorityIndex

        self.index = AuthorityIndex(people)
        self.volume = volume
        self.taken = set(taken) | {person.id for person in people}
        self.by_identifier = {
            ident.value: person.id
            for person in people
            for ident in person.identifiers
            if ident.scheme == SCHEME
        }
        self.added: list[Person] = []
        self._added_index: AuthorityIndex | None = None
        self._cache: dict[tuple[str, str, str | None, str], Party] = {}

    def party(self, party: frus.Party, day: str) -> Party:
        key = (party.name, party.kind, party.person_id, day)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._link(party, day)
        return found

    def named(
        self,
        name: str,
        day: str,
        *,
        new_from: str | None = None,
        url: str | None = None,
        family_first: str | None = None,
    ) -> Party:
        """A name a source gives (a Zotero author, a record page's author), linked as a
        FRUS sender is; with ``new_from`` (the source's name), a name no one in the
        catalogue answers to, not even nearly, becomes a person imported from it.

        ``family_first``: the same name with the family name first, when the source gave
        the parts apart (Zotero's family "Mao", given "Zedong"): it is tried when the
        reading order finds no one, and kept as the form when it finds the person.
        """
        from armisticecli import frus

        forms = [name] + ([family_first] if family_first and family_first != name else [])
        for form in forms:
            party = self.party(frus.Party(form, None, "person"), day)
            if party.person is not None:
                return party
        party = self.party(frus.Party(name, None, "person"), day)
        text = name.strip()
        if new_from is None or not personal(text):
            return party
        for form in forms:
            for index in (self.index, self._added()):
                found = index.resolve(form.strip(), on=day) if index is not None else None
                if found is not None and found.matches:
                    return party  # someone answers to it, if not surely: left as written
        person = Person(
            id=self._new_id(text),
            name=text,
            sources=(url,) if url else (),
            imported=new_from,
        )
        self.added.append(person)
        self.taken.add(person.id)
        self._added_index = None
        self._cache.clear()
        return Party(person=person.id, name=name)

    def _added(self) -> AuthorityIndex | None:
        from armisticecli.names import AuthorityIndex

        if self.added and self._added_index is None:
            self._added_index = AuthorityIndex(self.added)
        return self._added_index

    def _link(self, party: frus.Party, day: str) -> Party:
        if party.person_id is not None:
            listed = self._listed(party.person_id, day)
            if listed is not None:
                return Party(person=listed, name=party.name)
        match = self._confident(party.name, day, GLOSS_STEPS if party.kind == "gloss" else None)
        if match is None:
            return Party(name=party.name)
        basis = _basis(match, party.name, day)
        return Party(person=match.person_id, name=party.name, inferred=bool(basis), basis=basis)

    def _listed(self, person_id: str, day: str) -> str | None:
        """The catalogue person of an entry of the volume's list of persons: the one with
        its identifier, else the one its full name names, else a new one."""
        if self.volume is None:
            return None  # a link into a volume's list comes only with the volume
        value = f"{self.volume.id}#{person_id}"
        known = self.by_identifier.get(value)
        if known is not None:
            return known
        entry = self.volume.persons.get(person_id)
        if entry is None or not entry.name.strip() or len(entry.name) > MAX_NAME_FORM:
            return None
        name = display_name(entry.name)
        for form in dict.fromkeys((name, entry.name)):
            match = self._confident(form, day, frozenset({"alias", "bracket"}))
            if match is not None and not match.inferred:
                self.by_identifier[value] = match.person_id
                return match.person_id
        person = Person(
            id=self._new_id(name),
            name=name,
            note=entry.identification or None,
            sources=(PERSONS_URL.format(volume=self.volume.id),),
            identifiers=(Identifier(SCHEME, value),),
            imported=self.volume.id,
        )
        self.added.append(person)
        self.taken.add(person.id)
        self.by_identifier[value] = person.id
        self._added_index = None
        self._cache.clear()  # a name that found no one may find the new person
        return person.id

    def _new_id(self, name: str) -> str:
        from armisticecli.text import words

        base = "-".join(words(name)) or "person"
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _confident(self, text: str, day: str, steps: frozenset[str] | None) -> Match | None:
        """The one person ``text`` names on ``day``, by a step in ``steps``, who was alive."""
        from armisticecli.names import AuthorityIndex

        allowed = LINKED_STEPS if steps is None else steps
        if self.added and self._added_index is None:
            self._added_index = AuthorityIndex(self.added)
        best: list[Match] = []
        for index in (self.index, self._added_index):
            found = index.resolve(text, on=day) if index is not None else None
            if found is None or not found.matches or found.matches[0].step not in allowed:
                continue
            if found.best is None:
                return None  # several people, equally good
            best.append(found.best)
        people = {match.person_id for match in best}
        if len(people) != 1 or not _alive(best[0].person, day):
            return None
        return best[0]


def _basis(match: Match, name: str, day: str) -> str | None:
    """Why a link the document does not state is believed; None when it states it."""
    if match.step == "role":
        return f"held the title {match.form} on {day}"
    if match.step == "part":
        return f"the one {name} among the catalogue's people"
    if match.inferred:
        return f"{match.form!r} is an inferred form of {match.person.name}'s name"
    return None


def _alive(person: Person, day: str) -> bool:
    """A sender or recipient lives on the document's day, as far as the dates say."""
    if person.born is not None and first_date(person.born).ljust(10, "-") > day:
        return False
    return not (person.died is not None and last_date(person.died).ljust(10, "~") < day)


_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "al"})
_BODY_WORDS = frozenset(
    {"of", "the", "to", "for", "and", "in", "on", "at", "from"}
    | {"committee", "embassy", "ministry", "council", "party", "army", "government"}
    | {"department", "headquarters", "office", "staff", "bureau", "commission", "command"}
    | {"politburo", "presidium", "secretariat", "legation", "consulate", "mission", "agency"}
)


def personal(name: str) -> bool:
    """Whether a name reads as one person's ("Jakub Nowak", "Wu Xiuquan", "N. V. Roshchin")
    rather than a body's or an office's ("Embassy of the Polish Republic in Korea",
    "Soviet Chargé to the PRC"): two to five words, none of them "of", "the", "to"...,
    each capitalised but for a particle, no digits, and no word that names a body
    ("Committee", "Embassy", "Ministry"...).  Only a personal name becomes a person."""
    words = name.split()
    if not 2 <= len(words) <= 5 or len(name) > MAX_NAME_FORM:
        return False
    for word in words:
        bare = word.strip(".,'’()[]")
        if not bare or any(char.isdigit() for char in bare):
            return False
        if bare.lower() in _BODY_WORDS:
            return False
        if not bare[0].isupper() and bare not in _PARTICLES:
            return False
    return True


def display_name(listed: str) -> str:
    """A list of persons' name in reading order: "Acheson, Dean" -> "Dean Acheson".

    Only the plain "Surname, Given" form is turned; anything else ("Kim Il-sung",
    "Smith, John, Jr.") is kept as the list gives it.
    """
    found = INVERTED.match(listed.strip())
    if found is None:
        return listed.strip()
    return f"{found['given'].strip()} {found['surname']}"
