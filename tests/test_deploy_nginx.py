"""deploy/nginx/render.py: the proxy config is filled in completely and its CSP follows the code.

nginx itself runs in tests/browser/test_nginx.py, which proves the rendered config in a browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.nginx import render

ROOT = Path(__file__).resolve().parent.parent


def _sent(html: str) -> list[str]:
    """The inline scripts of what ``st.html`` sends for ``html`` (it dedents and strips)."""
    from streamlit.string_util import clean_text

    return render.inline_scripts(clean_text(html))


def _drawn_scripts() -> list[str]:
    """Every script the UI draws, with its data, as the browser receives it."""
    from decision_aid_ui import assets, page_scripts, warning_banner

    drawn = [page_scripts.page("a1b2", 3, "id.key", 1200), page_scripts.page("", None),
             warning_banner.scroll_html("warn_at_same_day_signs", 1),
             warning_banner.scroll_html("ws_unanswered", 12), assets.script("keep_focus")]
    return [s for html in drawn for s in _sent(html)]


def test_csp_allows_exactly_the_inline_scripts_the_page_runs() -> None:
    policy = render.default_csp()
    scripts = _drawn_scripts()
    assert len(set(scripts)) == 4  # the leave guard, the move to the heading, scroll, focus
    for script in scripts:
        assert render.sha256_source(script) in policy
    assert render.sha256_source("\n      window.prerenderReady = false\n    ") in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy


def test_the_csp_hashes_every_script_file_as_sent() -> None:
    """Each file in decision_aid_ui/assets is a script the policy allows, byte for byte as
    Streamlit sends it, and its data stays outside it."""
    from decision_aid_ui import assets

    policy = render.default_csp()
    files = sorted(assets.HERE.glob("*.js"))
    assert len(files) == 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        (sent,) = _sent(assets.with_data(path.stem, key="warn_at_x", n=7))
        assert sent == text  # Streamlit's dedent and strip leave the script as written
        assert render.sha256_source(text) in policy


def test_a_script_drawn_with_data_keeps_the_data_out_of_the_script() -> None:
    from decision_aid_ui import warning_banner

    html = warning_banner.scroll_html('k"><script>x()</script>', 3)
    assert _sent(html) == _sent(warning_banner.scroll_html("other", 4))
    assert 'data-aid-scroll="k&quot;&gt;&lt;script&gt;' in html


def test_inline_scripts_skips_external_ones() -> None:
    html = '<script src="a.js"></script><script type="module">go()</script>'
    assert render.inline_scripts(html) == ["go()"]


def test_site_fills_every_field_and_names_each_replica() -> None:
    text = render.site(["127.0.0.1:1", "127.0.0.1:2"], listen="127.0.0.1:3", policy="x")
    assert "{{" not in text
    assert "server 127.0.0.1:1 " in text and "server 127.0.0.1:2 " in text
    assert "Strict-Transport-Security" not in text  # HSTS only where TLS is terminated
    assert "; Secure" not in text
    tls = render.site(["a:1"], listen="443 ssl", tls=("c.pem", "k.pem"), policy="x")
    assert "ssl_certificate c.pem;" in tls and "Strict-Transport-Security" in tls
    assert "SameSite=Lax; Secure" in tls


def test_a_draining_replica_keeps_its_people_and_gets_no_new_ones() -> None:
    text = render.site(["10.0.0.3:8501"], draining=["10.0.0.1:8501"], policy="x")
    old, new = render.route_id("10.0.0.1:8501"), render.route_id("10.0.0.3:8501")
    new_people = text.split("upstream decision_aid {", 1)[1].split("}", 1)[0]
    assert "10.0.0.3:8501" in new_people and "10.0.0.1:8501" not in new_people
    assert f"    {old} aid_{old};" in text  # its route cookie still leads to it
    group = text.split(f"upstream aid_{old} {{", 1)[1].split("}", 1)[0]
    assert (
        "server 10.0.0.1:8501 " in group
        and f"server 10.0.0.3:8501 {render.MAX_FAILS} backup;" in group
    )
    assert render.route_id("10.0.0.1:8501") == old != new  # stable, and one per replica


def test_missing_fields_and_replicas_are_errors() -> None:
    with pytest.raises(KeyError, match="listen"):
        render.fill("{{listen}} {{x}}", {"x": "1"})
    with pytest.raises(ValueError, match="upstream"):
        render.site([], policy="x")


def test_standalone_writes_only_into_its_folder(tmp_path: Path) -> None:
    written = render.write(tmp_path, "site", standalone=True)
    assert sorted(p.name for p in written) == ["decision-aid.conf", "nginx.conf"]
    main = (tmp_path / "nginx.conf").read_text()
    for line in main.splitlines():  # every path nginx writes is relative to its -p prefix
        words = line.split()
        if words and words[0] in {"pid", "error_log", "access_log"} or "temp_path" in line:
            assert not words[1].startswith("/"), line


def _group(text: str, name: str) -> str:
    return text.split(f"upstream {name} {{", 1)[1].split("}", 1)[0]


def test_one_failed_request_never_takes_a_persons_replica_out() -> None:
    # Review H2: max_fails=1 took a replica out for 10 s on one reset keep-alive connection.
    a, b = "10.0.0.1:8501", "10.0.0.2:8501"
    text = render.site([a, b], policy="x")
    own = _group(text, f"aid_{render.route_id(a)}")
    assert f"server {a} max_fails=0;" in own  # never marked down for the people it holds
    # a failed request is tried on the same replica first, then (stopped) on the other
    assert f"server {a} max_fails=0 weight={render.RETRY_WEIGHT} backup;" in own
    assert f"server {b} {render.MAX_FAILS} backup;" in own and render.RETRY_WEIGHT >= 100
    timeout = int(own.split("keepalive_timeout ", 1)[1].split("s;", 1)[0])
    assert timeout < 5  # uvicorn closes idle connections after 5 s: nginx lets go first
    files = _group(text, f"aid_{render.route_id(a)}_files")
    assert b not in files and files.count(f"server {a} ") == 2  # the same replica, again
    assert f"    {render.route_id(a)} aid_{render.route_id(a)}_files;" in text


def test_only_a_new_person_or_their_websocket_sets_the_route_cookie() -> None:
    text = render.site(["10.0.0.1:8501"], policy="x")
    moves = text.split('map "$uri:$aid_upstream" $aid_moves_route {', 1)[1].split("}", 1)[0]
    assert '"~^/_stcore/stream:"  1;' in moves and '"~:decision_aid$"     1;' in moves
    assert "default               0;" in moves
    cookie = text.split('map "$aid_moves_route:$aid_answered" $aid_route_cookie {', 1)[1]
    assert '"~^0:"  "";' in cookie.split("}", 1)[0]


def test_the_access_log_names_routes_never_ids() -> None:
    # Review M3: /media/<id> and /_stcore/upload_file/<session id>/<file id> open answers.
    main = render.STANDALONE.read_text()
    fmt = next(line for line in main.splitlines() if "log_format" in line)
    assert "$aid_log_route" in fmt
    for leaky in ("$uri", "$request ", "$request_uri", "$args", "$query_string", "$http_"):
        assert leaky not in fmt.replace("$aid_log_route", "")
    text = render.site(["10.0.0.1:8501"], policy="x")
    routes = text.split("map $uri $aid_log_route {", 1)[1].split("}", 1)[0]
    assert '"~^/media/"                  "/media/*";' in routes
    assert '"~^/_stcore/upload_file/"    "/_stcore/upload_file/*";' in routes


def test_the_scheme_is_the_proxys_own_unless_told_otherwise() -> None:
    # Review L6: a client's X-Forwarded-Proto passed the WebSocket origin check.
    edge = render.site(["10.0.0.1:8501"], policy="x")
    scheme = edge.split("map $http_host $aid_scheme {", 1)[1].split("}", 1)[0]
    assert "default $scheme;" in scheme and "forwarded" not in scheme
    inner = render.site(["10.0.0.1:8501"], policy="x", behind_tls_proxy=True)
    assert "default $http_x_forwarded_proto;" in inner


def test_only_streamlits_own_static_files_are_passed_on() -> None:
    files = render.static_files()
    assert any(f.startswith("/static/js/index.") for f in files) and len(files) > 50
    text = render.site(["10.0.0.1:8501"], policy="x")
    known = text.split("map $uri $aid_static_known {", 1)[1].split("}", 1)[0]
    assert f"    {files[0]} 1;" in known and "default 0;" in known
    static = text.split("location /static/ {", 1)[1].split("proxy_pass", 1)[0]
    assert "if ($aid_static_known = 0)" in static and "return 404;" in static
