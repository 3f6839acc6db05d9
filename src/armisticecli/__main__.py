"""``python -m armisticecli`` runs the ``korea`` command."""

from armisticecli._start import main

main()
