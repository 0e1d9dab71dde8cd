"""The app's Streamlit helpers, shared by app.py and the page scripts in pages/ (geo/ never imports them).

``common``: opening a page (role check, language), the store and the cached queries, always as the session's
viewer. ``identity``: who is signed in, the sign-in screens, audited downloads. ``map_state``: the map's filters,
their URL and the timeline's slider (shared by the Map, Trends and Briefing pages). ``keys``: every widget and
session-state key, defined once per page.

They live outside pages/ on purpose: Streamlit's legacy multipage mode lists every ``pages/*.py`` as a page.
"""
