"""Where the graph is queried from: one small interface, interchangeable backends.

Everything above the store speaks SPARQL through `Store.query`, so the embedded store and a
remote SPARQL endpoint give the same answers to the same named queries.
"""

from kg.store.base import Bindings, QueryResult, Store, solutions, triples
from kg.store.embedded import EmbeddedStore, open_built_store
from kg.store.remote import RemoteStore

__all__ = [
    "Bindings",
    "EmbeddedStore",
    "QueryResult",
    "RemoteStore",
    "Store",
    "open_built_store",
    "solutions",
    "triples",
]
