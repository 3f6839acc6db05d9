"""Test helpers that count work instead of timing it."""

from __future__ import annotations


class CountedId(str):
    """A person id that counts how often it is compared for equality (== and !=).

    Reset ``CountedId.compared = 0`` before the work to measure.
    """

    compared = 0

    def __eq__(self, other: object) -> bool:
        CountedId.compared += 1
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        CountedId.compared += 1
        return str.__ne__(self, other)

    __hash__ = str.__hash__
