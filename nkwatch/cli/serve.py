"""`nkwatch serve`: the dashboard and JSON API on this machine (docs/web.md)."""

from __future__ import annotations

import typer

from nkwatch.cli.common import db_option, fail


def serve(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
          port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port."),
          database: str = db_option()) -> None:
    """Serve the dashboard and the JSON API (reading is open; writing needs a signed-in analyst)."""
    import uvicorn

    from nkwatch import settings
    from nkwatch.errors import StoreError
    from nkwatch.web.app import create_app

    try:
        app = create_app(database or settings.database_url())
    except StoreError as exc:
        fail(str(exc))
    typer.echo(f"nkwatch dashboard: http://{host}:{port}/  (API: http://{host}:{port}/api/, "
               f"schema: /openapi.json)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
