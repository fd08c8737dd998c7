"""Customers' questions as vectors: the first message of each ticket, embedded once.

Two readers use them: the agent's suggestions on a ticket (the solved tickets that asked
the same, `similar.py`) and the FAQ candidates (questions asked again and again,
`clusters.py`). The sentence embedder of the search (`search/embedders.py`) makes them;
without one, `HashedWords` does, so both still work on questions worded alike.
"""
