"""Run the Couloirs command line: ``python -m geo --help``."""

import gc
import sys

# A command is a short process that builds hundreds of thousands of objects (the libraries' modules, records,
# figures), nearly all alive to its end: with Python's default thresholds (700, 10, 10) the cyclic collector ran
# ~800 times during a briefing, walking them again and again (~0.3-0.4 s of CPU; issue 16). Collecting 30 times
# less often still frees what cycles a long command (an import) leaves.
gc.set_threshold(20_000, 20, 20)

from geo.cli import main  # noqa: E402 - after the thresholds: importing the libraries is most of the objects

status = main()
# The process ends here: without this, the interpreter's exit walks every object still alive (pandas, matplotlib,
# the records read) in its last garbage collections, ~0.3 s of CPU of each command (issue 16). Frozen objects
# are left to the exit, as objects still alive at exit are anyway.
gc.freeze()
sys.exit(status)
