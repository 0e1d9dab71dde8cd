"""Run the Couloirs command line: ``python -m geo --help``."""

import gc
import sys

from geo.cli import main

status = main()
# The process ends here: without this, the interpreter's exit walks every object still alive (pandas, matplotlib,
# the records read) in its last garbage collections, ~0.3 s of CPU of each command (issue 16). Frozen objects
# are left to the exit, as objects still alive at exit are anyway.
gc.freeze()
sys.exit(status)
