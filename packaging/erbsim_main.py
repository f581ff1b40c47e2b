"""The bundle's entry point (packaging/erbsim.spec): the same as `erbsim` from a wheel."""

from erbsim.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
