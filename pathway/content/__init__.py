"""Content of the app (roadmap, requirements, skills, learn pages) as validated, typed data."""

from pathway.content.loader import ContentError, load_content
from pathway.content.models import Content

__all__ = ["Content", "ContentError", "load_content"]
