"""``python -m newsclean``: the same CLI as the ``newsclean`` command."""

import sys

from newsclean.pipeline import main

if __name__ == "__main__":
    sys.exit(main())
