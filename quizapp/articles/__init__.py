"""Articles teachers bring: read an upload (pure), lay it out with corrections (pure), and the
service that stores drafts and publishes them."""
