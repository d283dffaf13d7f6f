"""Drive the system Chromium (Debian's ``chromium``) with Playwright, offline.

Used by ``tests/test_html.py`` and ``bench/html_bench.py``. Playwright's own
browser downloads are never used (``playwright install`` needs a host we
cannot reach): we launch ``/usr/bin/chromium``.

Every request of a page other than the page's own ``file://`` URL is
aborted and counted, so a page that tries to fetch anything fails the test
instead of silently loading from the network.

Run as a script to screenshot a page once it has settled::

    python tests/browser/harness.py exports/kg.html docs/kg-html.png
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class BrowserMissing(RuntimeError):
    pass


def check_tools() -> None:
    """Raise BrowserMissing with what to install when Chromium or Playwright is absent."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        raise BrowserMissing(f"Chromium not found at {CHROMIUM}: run `bash tests/setup.sh` "
                             "(apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise BrowserMissing("the Python package playwright is missing: run `bash tests/setup.sh` "
                             f"(pip install -e '.[test]'): {exc}") from exc


@contextmanager
def chromium():
    """A headless Chromium browser (Playwright ``Browser``)."""
    check_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """What a page asked for while loading and running."""
    page_url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def external(self) -> list[str]:
        return [u for u in self.requests if u != self.page_url and not u.startswith("data:")]


def open_page(browser, html: str | Path, width: int = 1400, height: int = 900, ready_timeout_ms: int = 120_000):
    """Open ``html`` from file:// with every other request blocked; wait until the network has settled.

    Returns ``(page, traffic, seconds)`` where ``seconds`` is the wall time
    from navigation to the page's ready signal (``window.kg.ready``: set
    when stabilisation ended and physics was turned off, or after the first
    drawing of a precomputed layout).
    """
    url = Path(html).resolve().as_uri()
    page = browser.new_page(viewport={"width": width, "height": height})
    traffic = Traffic(url)

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            traffic.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: traffic.requests.append(req.url))
    page.on("requestfailed", lambda req: traffic.failed.append(f"{req.url}: {req.failure}"))
    page.on("console", lambda msg: traffic.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: traffic.console_errors.append(f"page error: {exc}"))
    t0 = time.perf_counter()
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.kg && window.kg.ready === true", timeout=ready_timeout_ms)
    return page, traffic, time.perf_counter() - t0


def drawn_pixels(page) -> int:
    """How many pixels of the network canvas are not background (white or transparent)."""
    return page.evaluate("""() => {
        const c = document.querySelector('#net canvas');
        const ctx = c.getContext('2d');
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) n++;
        }
        return n;
    }""")


if __name__ == "__main__":
    # --panel: open the side panel of the most connected node, then show the whole graph
    panel = "--panel" in sys.argv
    argv = [a for a in sys.argv[1:] if a != "--panel"]
    if len(argv) != 2:
        sys.exit("usage: python tests/browser/harness.py [--panel] PAGE.html SHOT.png")
    sys.argv[1:] = argv
    with chromium() as b:
        pg, tr, secs = open_page(b, sys.argv[1])
        if panel:
            pg.evaluate("""() => {
                const ids = kg.nodes.getIds();
                const deg = id => kg.network.getConnectedEdges(id).length;
                const top = ids.reduce((a, b) => deg(b) > deg(a) || (deg(b) === deg(a) && b < a) ? b : a);
                kg.search(kg.nodes.get(top).label);
            }""")
            pg.wait_for_timeout(300)  # the canvas narrows for the panel; fit after that
            pg.evaluate("() => kg.network.fit({animation: false})")
            pg.wait_for_timeout(200)
        pg.screenshot(path=sys.argv[2])
        print(f"{sys.argv[2]}: ready in {secs:.2f} s; external requests {len(tr.external)}, "
              f"console errors {len(tr.console_errors)}")
