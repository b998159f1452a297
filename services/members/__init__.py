"""Members as the server sees them: the profile the desk publishes for the member phone pages."""
