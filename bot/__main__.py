"""`python -m bot`: start the Discord bot with settings from the environment and `.env`."""

from bot.app import main

raise SystemExit(main())
