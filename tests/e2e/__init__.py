"""End-to-end tests: the real server in headless Chromium."""
