"""Pages for people who don't write SPARQL (the `web` layer): Jinja2 templates rendered on
the server, readable without JavaScript, and the view models that turn the answers of ask,
check and the records into what a page shows. The routes are kg.api.pages."""
