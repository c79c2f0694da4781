import sys

from places.cli import main

sys.exit(main())
