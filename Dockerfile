# The decision aid as a container: slim Python, a non-root user, a health check.
# Build: docker build -t decision-aid .    Run: docker run --rm -p 8501:8501 decision-aid
#
# The base image is pinned by digest: the multi-platform index of python:3.11-slim (Python
# 3.11.15 on Debian trixie, built 2026-08-05) as the registry published it, recorded in
# docker-library/repo-info (repos/python/remote/3.11-slim.md, commit 2477d553d2fd). It was not
# pulled here (no Docker engine on the build machines). To move to a newer base, read the
# current digest with `docker buildx imagetools inspect python:3.11-slim` and replace it.
FROM python:3.11-slim@sha256:90744cff8f32887f075c47d747a173ff333e9e98801667af93c357fa9f5e28ff

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # textstat's syllable dictionary is cached here (see decision_aid/rules/lint.py); /tmp can be an
    # emptyDir when the root filesystem is read-only.
    XDG_CACHE_HOME=/tmp/cache

WORKDIR /app
# Every package, direct or not, at the version and with the hashes in the lock file (`make lock`).
COPY requirements.lock ./
RUN pip install --no-compile --no-deps --require-hashes -r requirements.lock \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin app

# Code and content are owned by root and read-only for the app user.
COPY app.py ./
COPY .streamlit/config.toml .streamlit/config.toml
COPY decision_aid/ decision_aid/
COPY decision_aid_ui/ decision_aid_ui/
COPY pathways/ pathways/
COPY docs/privacy.md docs/privacy.md

USER app
# A broken pathway fails the build here instead of showing a notice to patients.
RUN python -m decision_aid validate pathways/

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]

# The launcher switches off Streamlit's look-ups of this machine's public address (offline.py).
CMD ["python", "-m", "decision_aid_ui", "--server.port=8501", "--server.address=0.0.0.0"]
