"""``python -m armisticecli`` runs the ``korea`` command."""

from armisticecli.process import main

main()
