"""Ctrl-C while korea starts: how often does a traceback reach the user, and from where?

Sends SIGINT to `korea list` after 0, 0.5, 1, ... ms (up to --until ms) and sorts
what it printed: a quiet exit, a finished run, or a traceback, split by whether
the traceback runs through korea's code (armisticecli, typer, rich: a bug) or
only through Python's start-up and the first line of pip's script (`import re`),
which run before any code of korea's can catch the signal.

    python benchmarks/sigint.py [KOREA] [--runs 200] [--until 100]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import time

OURS = (b"sys.exit(main())", b"/armisticecli/", b"/typer/", b"/rich/", b"/click/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("korea", nargs="*", default=[shutil.which("korea") or "korea"])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--until", type=float, default=100.0, help="last delay, in ms")
    options = parser.parse_args()
    counts = {
        "quiet exit 130": 0,
        "finished": 0,
        "traceback in korea's code": 0,
        "traceback before korea's code": 0,
        "killed before Python's handler": 0,
    }
    for i in range(options.runs):
        proc = subprocess.Popen(
            [*options.korea, "list", "--format", "tsv"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(options.until / 1000 * i / max(options.runs - 1, 1))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate()
        if b"Traceback" in err:
            ours = any(mark in err for mark in OURS)
            counts["traceback in korea's code" if ours else "traceback before korea's code"] += 1
        elif proc.returncode == 0:
            counts["finished"] += 1
        elif proc.returncode < 0:
            counts["killed before Python's handler"] += 1
        else:
            counts["quiet exit 130"] += 1
    print(f"{' '.join(options.korea)}: {options.runs} runs, SIGINT after 0-{options.until:g} ms")
    for what, count in counts.items():
        print(f"  {count:4d}  {what}")


if __name__ == "__main__":
    main()
