"""The testing kit that ``tests/`` and ``bench/`` share (as pre-commit keeps its own ``testing/``).

- :mod:`testing.answers`: the answers a walk gives (``candidates``, ``safe_answer``,
  ``emergency_answer``).
- :mod:`testing.strategies`: the hypothesis strategy of valid answers (``valid_value``).
- :mod:`testing.apptest`: driving ``app.py`` with Streamlit's AppTest, keyed by question id, and
  the component-scan patch every AppTest test uses.
- :mod:`testing.server`: a free port and a Streamlit server started, waited for and stopped.
- :mod:`testing.protocol`: the Streamlit WebSocket client (the app driven without a browser).
- :mod:`testing.browser`: the Playwright patient (the app driven in Chromium) and its answers.
- :mod:`testing.nginx`: deploy/nginx in front of app servers, in a folder of its own.
- :mod:`testing.resume_corpus`: the hostile saved-answers files.
- :mod:`testing.signoff`: a copy of the pathways signed through the reviewer pack.
- :mod:`testing.nodes`: test ids named in the docs, and the tests a file defines.

Nothing here is a test; nothing here imports from ``tests/`` or ``bench/``.
"""
