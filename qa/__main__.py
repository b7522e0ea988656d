"""``python -m qa``: the same command line as the ``qa`` entry point."""

from .cli import main

if __name__ == "__main__":
    main()
