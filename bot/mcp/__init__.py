"""The MCP server: the tutor's tools and the corpus for Model Context Protocol hosts, over stdio
(`tutor mcp`) and streamable HTTP (/mcp on the HTTP app)."""
