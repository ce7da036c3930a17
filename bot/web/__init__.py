"""The group web pages: signed /dashboard links (links.py), pages (app.py), SVG charts (svg.py)."""
