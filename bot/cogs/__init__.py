"""One extension per user-facing feature, loaded by `QuoteBot.setup_hook`."""
