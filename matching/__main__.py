"""``python -m matching``: the engine without the app."""

import sys

from matching.cli import main

sys.exit(main())
