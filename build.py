#!/usr/bin/env python3
"""Build the job board: `python build.py --help`."""

import sys

from jobboard.cli import main

if __name__ == "__main__":
    sys.exit(main())
