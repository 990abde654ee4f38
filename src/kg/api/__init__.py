"""HTTP interface: a thin FastAPI app over the query layer."""
