"""Entry point for `python -m quoteline`."""

import sys

from quoteline.cli import main

sys.exit(main())
