"""The floor: the least a Python SPARQL endpoint can be, FastAPI + pyoxigraph in a few lines.

No limits, no negotiation beyond results-vs-graph, no error handling: what `kg serve` is
measured against in benchmarks/service.py. Not part of the product.

    python benchmarks/floor_server.py PORT FILE...
"""

import sys

import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

store = ox.Store()
for path in sys.argv[2:]:
    store.bulk_load(path=path, format=ox.RdfFormat.from_extension(path.rsplit(".", 1)[-1]))
app = FastAPI()


def run(query: str) -> tuple[bytes, str]:
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
        return body, "application/sparql-results+json"
    return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES), "application/n-triples"


@app.get("/sparql")
async def sparql(request: Request) -> Response:
    body, media = await run_in_threadpool(run, request.query_params["query"])
    return Response(body, media_type=media)


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
