"""One Jinja2 environment for every page: templates from this package, autoescaped, so that
what a user pasted or the graph holds is shown, never run."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("kg.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a misspelt name in a template fails, not shows nothing
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context) -> str:
    """The page `template` with `context`; every page also gets `release` from its caller."""
    return environment().get_template(template).render(**context)
