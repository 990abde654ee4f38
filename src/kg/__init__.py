"""Evidence knowledge graph on MSC injections for knee osteoarthritis.

The data path is one line: graph/ sources → `kg.build` (validated dump) → `kg.store`
(embedded or remote SPARQL) → `kg.queries` (named queries) → CLI and HTTP API.
"""

__version__ = "0.1.0"
