"""Static files are linked under fingerprinted names that browsers may cache for a year."""

import re
from pathlib import Path

from quizapp.static_files import fingerprinted_name

LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def test_pages_link_fingerprinted_files_cached_for_a_year(client, app):
    links = LINK.findall(client.get("/auth/login").text)
    assert {"css/app", "js/app"} <= {link.split(".")[0].removeprefix("/static/") for link in links}
    for link in links:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", link), link
        real = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", link.removeprefix("/static/"))
        with client.get(link) as response:
            assert response.status_code == 200
            assert response.data == (Path(app.static_folder) / real).read_bytes()
            cache = response.headers["Cache-Control"]
        assert "max-age=31536000" in cache and "immutable" in cache


def test_a_stale_or_plain_name_is_served_but_never_cached_as_immutable(client):
    for url in ("/static/css/app.css", "/static/css/app.000000000000.css"):
        with client.get(url) as response:
            assert response.status_code == 200 and b"body" in response.data
            assert "immutable" not in response.headers.get("Cache-Control", "")


def test_nothing_outside_the_static_folder(client):
    for url in (
        "/static/../pyproject.toml",
        "/static/..%2Fpyproject.toml",
        "/static/..%2Fpyproject.000000000000.toml",
        "/static/css/missing.000000000000.css",
    ):
        with client.get(url) as response:
            assert response.status_code == 404, url


def test_the_name_changes_with_the_content(tmp_path):
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "site.css"
    sheet.write_text("a { color: red }")
    first = fingerprinted_name(str(tmp_path), "css/site.css")
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", first)
    assert fingerprinted_name(str(tmp_path), "css/site.css") == first
    sheet.write_text("a { color: blue }")
    assert fingerprinted_name(str(tmp_path), "css/site.css") != first
    assert fingerprinted_name(str(tmp_path), "css/none.css") == "css/none.css"
