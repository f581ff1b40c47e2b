from erbsim.cli import main

raise SystemExit(main())
