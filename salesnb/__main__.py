import sys

from salesnb.cli import main

sys.exit(main())
