"""Sources into catalogues: one module a source, one merge step.

- :mod:`~armisticecli.importers.frus`: FRUS volumes (TEI, read by :mod:`armisticecli.frus`).
- :mod:`~armisticecli.importers.wilson`: Digital Archive pages saved as text.
- :mod:`~armisticecli.importers.references`: Zotero's CSL-JSON, RIS and BibTeX exports.
- :mod:`~armisticecli.importers.merge`: matching, merging and the one atomic write.
- :mod:`~armisticecli.importers.linking`: names through the name authority.
"""
