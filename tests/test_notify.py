"""`build.py notify`: the offer URLs added, changed or closed since the deployed build,
sent with IndexNow to a local endpoint on 127.0.0.1 (no network)."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jobboard.cli import main
from tests.conftest import SITE_YAML

KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
BASE = "https://emplois.example/offres/"


class Endpoint:
    """A stand-in IndexNow endpoint: records each request, answers `status`."""

    def __init__(self, status: int = 200, delay: float = 0.0):
        self.requests: list[dict] = []
        self.status, self.delay = status, delay
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                endpoint.requests.append({"path": self.path,
                                          "type": self.headers["Content-Type"],
                                          "json": json.loads(body)})
                time.sleep(endpoint.delay)
                self.send_response(endpoint.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/indexnow"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    server = Endpoint()
    yield server
    server.close()


@pytest.fixture
def deployed(fixture_site):
    """A site with an IndexNow key, built and 'deployed' on 2026-02-01: its state kept."""
    fixture_site.write("site.yaml", SITE_YAML + f"indexnow_key: {KEY}\n")
    fixture_site.offer("inchangee", deadline="2026-03-01")
    fixture_site.offer("modifiee", deadline="2026-03-01")
    fixture_site.offer("a-clore", deadline="2026-03-01")
    fixture_site.offer("supprimee", deadline="2026-03-01")
    fixture_site.offer("expire", deadline="2026-02-02")
    fixture_site.offer("deja-close", deadline="2026-01-20")
    assert fixture_site.build("2026-02-01") == 0
    shutil.copy(fixture_site.out / "offres-etat.json", fixture_site.root / "previous.json")
    return fixture_site


def next_day_edits(site) -> None:
    site.offer("modifiee", deadline="2026-03-15")  # deadline extended
    site.offer("a-clore", deadline="2026-03-01", extra="closed: 2026-02-03\n")
    (site.content / "offers/supprimee.md").unlink()
    site.offer("nouvelle", published="2026-02-03", deadline="2026-03-10")
    site.offer("deja-close", deadline="2026-01-20", body="Texte corrigé.\n")  # still closed
    assert site.build("2026-02-03") == 0  # "expire" closed on its deadline, 02-02


def notify(site, *args) -> int:
    return main(["notify", "--out", str(site.out), "--previous",
                 str(site.root / "previous.json"), *args])


def test_notify_sends_exactly_the_urls_added_changed_and_closed(deployed, endpoint, capsys):
    assert (deployed.out / f"{KEY}.txt").read_text() == KEY  # the key file is published
    next_day_edits(deployed)
    capsys.readouterr()
    assert notify(deployed, "--endpoint", endpoint.url) == 0
    (request,) = endpoint.requests
    assert request["path"] == "/indexnow"
    assert request["type"] == "application/json; charset=utf-8"
    assert request["json"] == {
        "host": "emplois.example", "key": KEY,
        "keyLocation": f"https://emplois.example/{KEY}.txt",
        "urlList": [BASE + s + "/" for s in
                    ("a-clore", "expire", "modifiee", "nouvelle", "supprimee")]}
    out = capsys.readouterr().out
    assert f"added {BASE}nouvelle/\nchanged {BASE}modifiee/\n" in out
    assert f"closed {BASE}a-clore/\nclosed {BASE}expire/\nclosed {BASE}supprimee/\n" in out
    assert out.endswith(f"Sent 5 URLs (1 added, 1 changed, 3 closed) to {endpoint.url}.\n")


def test_nothing_changed_sends_nothing(deployed, endpoint, capsys):
    # the next day, the same content: days left changed on the pages, not the offers
    assert deployed.build("2026-02-02") == 0
    assert notify(deployed, "--endpoint", endpoint.url) == 0
    assert endpoint.requests == []
    assert "Nothing to notify" in capsys.readouterr().out


def test_dry_run_prints_the_list_and_sends_nothing(deployed, endpoint, capsys):
    next_day_edits(deployed)
    capsys.readouterr()
    assert notify(deployed, "--endpoint", endpoint.url, "--dry-run") == 0
    assert endpoint.requests == []
    out = capsys.readouterr().out
    assert out.count(BASE) == 5
    assert out.endswith("Dry run: 5 URLs (1 added, 1 changed, 3 closed) not sent.\n")


def test_a_first_deployment_sends_every_open_offer(deployed, endpoint):
    (deployed.root / "previous.json").write_text("{}")
    assert notify(deployed, "--endpoint", endpoint.url) == 0
    (request,) = endpoint.requests
    assert request["json"]["urlList"] == [BASE + s + "/" for s in
                                          ("a-clore", "expire", "inchangee", "modifiee",
                                           "supprimee")]


def test_the_previous_site_folder_is_a_previous_state(deployed, endpoint):
    shutil.copytree(deployed.out, deployed.root / "deployed")
    next_day_edits(deployed)
    assert main(["notify", "--out", str(deployed.out), "--previous",
                 str(deployed.root / "deployed"), "--endpoint", endpoint.url]) == 0
    assert len(endpoint.requests[0]["json"]["urlList"]) == 5


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_is_a_clear_error(deployed, capsys):
    next_day_edits(deployed)
    capsys.readouterr()
    code = notify(deployed, "--endpoint", f"http://127.0.0.1:{closed_port()}/indexnow")
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.startswith("build.py notify: error: http://127.0.0.1:")
    assert "cannot reach the endpoint" in err and "--dry-run prints the list" in err


def test_a_slow_endpoint_times_out(deployed, capsys):
    slow = Endpoint(delay=2.0)
    try:
        next_day_edits(deployed)
        capsys.readouterr()
        started = time.monotonic()
        code = notify(deployed, "--endpoint", slow.url, "--timeout", "0.3")
        assert time.monotonic() - started < 1.5
    finally:
        slow.close()
    assert code == 1 and "cannot reach the endpoint (timed out)" in capsys.readouterr().err


@pytest.mark.parametrize("status, meaning", [(403, "the key is not valid"),
                                             (422, "not on the site's host"),
                                             (429, "too many requests")])
def test_a_refusal_says_what_it_means(deployed, capsys, status, meaning):
    refusing = Endpoint(status=status)
    try:
        next_day_edits(deployed)
        capsys.readouterr()
        assert notify(deployed, "--endpoint", refusing.url) == 1
    finally:
        refusing.close()
    err = capsys.readouterr().err
    assert f"refused with HTTP {status}" in err and meaning in err


def test_usage_errors(deployed, endpoint, capsys):
    assert main(["notify", "--out", str(deployed.out), "--previous",
                 str(deployed.root / "absent.json")]) == 2
    assert "absent.json: not found (fetch it from the deployed site" in capsys.readouterr().err
    (deployed.root / "previous.json").write_text("<html>")
    assert notify(deployed) == 2
    assert "cannot read this state file" in capsys.readouterr().err
    # no key: the list can be printed, not sent
    deployed.write("site.yaml", SITE_YAML)
    (deployed.root / "previous.json").write_text("{}")
    assert deployed.build("2026-02-01") == 0
    assert not (deployed.out / f"{KEY}.txt").exists()
    assert notify(deployed, "--endpoint", endpoint.url) == 2
    assert "no IndexNow key: add indexnow_key to content/site.yaml" in capsys.readouterr().err
    assert notify(deployed, "--dry-run") == 0
    assert endpoint.requests == []


def test_a_bad_key_is_a_content_error(fixture_site, capsys):
    fixture_site.write("site.yaml", SITE_YAML + "indexnow_key: trop court\n")
    assert fixture_site.build("2026-02-01") == 1
    assert "indexnow_key: found 'trop court', expected 8 to 128 letters, digits or dashes" \
        in capsys.readouterr().err


def test_the_ci_templates_notify_command_finds_its_files(deployed, endpoint, monkeypatch):
    """GitHub Actions: the build job uploads notify/previous.json and
    site/offres-etat.json; the notify job downloads them into notify/."""
    import shlex

    import yaml

    from tests.conftest import ROOT
    github = yaml.safe_load((ROOT / "ci-templates/github-actions.yml").read_text())
    uploaded = next(s for s in github["jobs"]["build"]["steps"]
                    if s.get("with", {}).get("name") == "notify")["with"]["path"].split()
    assert uploaded == ["notify/previous.json", "site/offres-etat.json"]
    (command,) = [s["run"] for s in github["jobs"]["notify"]["steps"]
                  if "notify" in s.get("run", "")]
    next_day_edits(deployed)
    artifact = deployed.root / "job" / "notify"  # the download path
    for rel, source in [("notify/previous.json", deployed.root / "previous.json"),
                        ("site/offres-etat.json", deployed.out / "offres-etat.json")]:
        (artifact / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, artifact / rel)
    monkeypatch.chdir(deployed.root / "job")
    argv = shlex.split(command)
    assert argv[:3] == ["python", "build.py", "notify"]
    assert main(argv[2:] + ["--endpoint", endpoint.url]) == 0
    assert len(endpoint.requests[0]["json"]["urlList"]) == 5
