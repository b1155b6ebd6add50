"""Take screenshots of the running demo (make run) for the README and for review.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR] [USER:PATH ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "demo-Zhifu-2026"  # noqa: S105 - the demo district's published password
DEFAULT_SHOTS = ["clerk:/", "clerk:/registry/enterprises/", "ent_manager:/"]


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    shots = sys.argv[3:] or DEFAULT_SHOTS
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        for shot in shots:
            user, path = shot.split(":", 1)
            context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            page.goto(base + path)
            name = f"{user}{path.strip('/').replace('/', '-') or '-home'}.png".replace("--", "-")
            page.screenshot(path=str(out / name), full_page=False)
            print(out / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
