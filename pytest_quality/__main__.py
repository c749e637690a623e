from pytest_quality.cli import main

raise SystemExit(main())
