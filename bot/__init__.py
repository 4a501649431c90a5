"""The Discord layer: answers members' questions by quoting the articles, via the core's API.

Run it with `python -m bot`. Nothing here does retrieval itself: it calls `index.Engine`
through `asyncio.to_thread`, and turns its records into messages with `bot.render`.
"""
