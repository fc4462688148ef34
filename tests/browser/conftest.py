"""Real-browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against
pytest-django's live server. Playwright's own browser downloads are never used."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django must accept ORM calls anyway.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason="Chromium absent (/usr/bin/chromium) : installez le paquet Debian « chromium » "
        "pour lancer les tests dans un vrai navigateur."
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The live server with the demo world in its database (rebuilt after each flush)."""
    from maillage.demo import registry

    if not registry.is_loaded():
        registry.build()
    return live_server.url


@pytest.fixture
def page_for(browser, demo_site):
    contexts = []

    def open_page(email=None, *, width=1280, height=800):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        contexts.append(context)
        page = context.new_page()
        if email:
            page.goto(f"{demo_site}/compte/connexion/")
            page.get_by_label("Adresse e-mail").fill(email)
            page.get_by_label("Mot de passe").fill("demo-maillage")
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url(f"{demo_site}/")
        return page

    yield open_page
    for context in contexts:
        context.close()
