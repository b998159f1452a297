"""Web pages: the member inbox and the admin page (signed links, CSRF and rate limits are the shared
server.links, server.csrf and server.ratelimit; templates are in server/templates/)."""
