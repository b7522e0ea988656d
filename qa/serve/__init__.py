"""qa for other programs: an HTTP JSON API (``app``) and a Model Context Protocol server (``mcp_server``).

Both share one ``IndexHolder`` (the live index, swapped when ``qa index`` publishes a new version)
and the JSON built by ``service``.  Only this package imports web and MCP libraries.
"""
