import sys

from salesnb.cli import main

# only when run (python -m): importing the module, as doctest collection does, must not start the CLI
if __name__ == "__main__":
    sys.exit(main())
