"""``python -m desktop`` starts the app (or a CLI sub-command)."""

import sys

from desktop.cli import main

sys.exit(main())
