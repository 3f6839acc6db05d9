"""``python -m armisticecli`` runs the ``korea`` command."""

from armisticecli.cli import main

main()
