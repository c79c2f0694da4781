import sys

from recruitment.cli import main

sys.exit(main())
