from zhengbing.cli import main

raise SystemExit(main())
