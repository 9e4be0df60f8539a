"""The search engines, one module each behind one interface:

    search(params: SearchParams, backend) -> SearchOutcome
    suggest(words: list[str], limit: int, backend) -> [article ids]

`database` (SQLite FTS5, or any database Wagtail's database backend serves), `postgres` and
`elasticsearch`. Each is handed a page within MAX_RESULT_WINDOW; `search.service` picks the
engine for the configured backend (`engine_for`) and applies the rules every engine shares.
"""
