"""Close the sidebar after a page is chosen on a narrow screen, where it covers the page.

Streamlit closes it by itself only when the browser's user agent names a phone; a narrow window,
a tablet or a phone browser asking for the desktop site keeps it open over three quarters of
the screen. A small script, the same text on every run and holding no user text, closes it on
those screens too, at Streamlit's own phone breakpoint.
"""

from __future__ import annotations

import streamlit as st

NARROW_SCREEN_PX = 768
"""Streamlit's `md` breakpoint: at or below it the sidebar lays itself over the page."""

_CLOSE_AFTER_NAVIGATION = f"""
<script>
if (!window.maPathwayClosesSidebar) {{
  window.maPathwayClosesSidebar = true;
  document.addEventListener("click", (event) => {{
    const link = event.target.closest('[data-testid="stSidebarNavLink"]');
    if (!link || window.innerWidth > {NARROW_SCREEN_PX}) return;
    // After Streamlit's own handler has started the page change.
    setTimeout(() => {{
      const sidebar = document.querySelector('[data-testid="stSidebar"]');
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (sidebar && sidebar.getAttribute("data-collapsed") === "false" && close) close.click();
    }}, 0);
  }}, true);
}}
</script>
"""


def close_sidebar_after_navigation() -> None:
    """Install, once per browser tab, the script that closes the sidebar after a page is chosen."""
    st.html(_CLOSE_AFTER_NAVIGATION, unsafe_allow_javascript=True)
