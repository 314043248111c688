"""The online fallback against a real HTTP server on 127.0.0.1 speaking Nominatim's API."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
from urllib.parse import parse_qs, urlparse

import pytest

from mapper import settings
from mapper.errors import GeocoderError
from mapper.gazetteer import load_gazetteer
from mapper.geocoding import rank_candidates, resolve_spans
from mapper.geocoding.online import OnlineGeocoder, online_geocoder

ZARKEND = [{
    "place_id": 1, "lat": "40.2031", "lon": "45.9742", "name": "Zarkend",
    "display_name": "Zarkend, Kalbajar District, Azerbaijan", "addresstype": "village",
    "type": "village", "address": {"country_code": "az"},
}]  # fmt: skip


class _Nominatim(http.server.BaseHTTPRequestHandler):
    script: list[str] = []  # per request: "ok", "429", "slow"; the last one repeats
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        query = parse_qs(urlparse(self.path).query)
        self.seen.append(query.get("q", [""])[0])
        step = self.script[min(len(self.seen), len(self.script)) - 1]
        if step == "slow":
            time.sleep(1.0)
        if step == "429":
            self.send_response(429)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        body = json.dumps(ZARKEND if urlparse(self.path).path == "/search" else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # a client that timed out has left
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch, tmp_path):
    load_gazetteer().full()  # from the shared cache, before the cache folder moves
    _Nominatim.seen = []
    _Nominatim.script = ["ok"]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(settings, "cache_dir", tmp_path)
    monkeypatch.setattr(settings, "online_min_delay", 0.05)
    monkeypatch.setattr(settings, "online_timeout", 0.3)
    domain = f"127.0.0.1:{httpd.server_address[1]}"
    yield {"domain": domain, "scheme": "http"}
    httpd.shutdown()
    httpd.server_close()
    online_geocoder.cache_clear()


def test_second_call_is_a_cache_hit(server):
    geo = OnlineGeocoder(**server)
    first = geo.geocode("Zarkend")
    assert (first.name, first.country, first.kind, first.source) == (
        "Zarkend", "AZ", "settlement", "online")  # fmt: skip
    assert geo.geocode("Zarkend") == first
    assert _Nominatim.seen == ["Zarkend"]
    # the cache is on disk: a new geocoder (a new process) does not ask again
    assert OnlineGeocoder(**server).geocode("zarkend ") == first
    assert _Nominatim.seen == ["Zarkend"]


def test_429_then_success_is_retried(server):
    _Nominatim.script = ["429", "ok"]
    hit = OnlineGeocoder(**server).geocode("Zarkend")
    assert hit is not None and abs(hit.lat - 40.2031) < 1e-9
    assert _Nominatim.seen == ["Zarkend", "Zarkend"]


def test_timeout_gives_a_clear_error(server):
    _Nominatim.script = ["slow"]
    with pytest.raises(GeocoderError, match="timed out for 'Zarkend'"):
        OnlineGeocoder(max_retries=0, **server).geocode("Zarkend")


def test_fallback_is_used_only_when_switched_on(server, monkeypatch):
    text = "Shots were fired at Zarkend."
    assert resolve_spans(text, [(20, 27)]) == [None]
    assert _Nominatim.seen == []
    monkeypatch.setattr(settings, "online_geocoding", True)
    monkeypatch.setattr(settings, "online_args", server, raising=False)
    online_geocoder.cache_clear()
    [place] = resolve_spans(text, [(20, 27)])
    assert (place.name, place.country) == ("Zarkend", "AZ")
    assert rank_candidates("Zarkend")[0].source == "online"
    assert _Nominatim.seen == ["Zarkend"]  # the second look-up came from the cache


def test_no_user_agent_is_refused(monkeypatch, server):
    monkeypatch.setattr(settings, "user_agent", "")
    with pytest.raises(GeocoderError, match="user_agent"):
        OnlineGeocoder(**server)
