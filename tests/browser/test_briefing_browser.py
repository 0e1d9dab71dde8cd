"""The Briefing page in a real browser: the one-pager's PDF, downloaded as a user does, in French then English.

Its first page opens on the headline sentence, no two of its words overlap, and the open demo's briefing
carries no classification banner (it sees records marked public only).
"""

import io
import re

import pdfplumber
import pytest
from playwright.sync_api import expect

from geo.briefs import marking
from tests.support.browser import screenshot
from tests.test_onepager import overlapping

pytestmark = pytest.mark.browser

# The headline reads "Cocaine: 9.2 t seized in 2025, −20 % on 2024", in French as in English.
HEADLINE = {"fr": re.compile(r"^\S.* : .+ (en|au|sur la période) .+, .*(par rapport à|contre aucune)"),
            "en": re.compile(r"^\S.*: .+ (in|over) .+, .*( on |against none)")}


def download_pdf(page, make: str, download: str) -> bytes:
    """Prepare the PDF and download it, as a click does."""
    page.get_by_role("button", name=make).click(timeout=120_000)
    button = page.get_by_role("button", name=download)
    expect(button).to_be_visible(timeout=240_000)
    with page.expect_download(timeout=240_000) as event:
        button.click()
    return open(event.value.path(), "rb").read()


def check_pdf(content: bytes, lang: str) -> None:
    with pdfplumber.open(io.BytesIO(content)) as document:
        assert len(document.pages) == 2
        first = document.pages[0]
        lines = first.extract_text().splitlines()
        headline = next(line for line in lines if ":" in line and not line.startswith(("Saisies de", "Drug")))
        assert HEADLINE[lang].search(headline), headline
        for page in document.pages:
            assert overlapping(page.extract_words(x_tolerance=1.0, y_tolerance=1.0)) == []
            assert not any(banner in page.extract_text() for banner in marking.BANNERS.values())


def test_the_one_pager_downloads_with_a_headline_and_no_overlap_in_both_languages(app_url, page):
    page.goto(app_url)  # the Map opens first (the store is seeded then); the Briefing is in the navigation
    expect(page.get_by_test_id("stSidebarNav").get_by_text("Note de synthèse")).to_be_visible(timeout=180_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Note de synthèse").click()
    expect(page.get_by_role("heading", name="Note de synthèse")).to_be_visible(timeout=90_000)
    expect(page.get_by_test_id("stImage").first).to_be_visible(timeout=240_000)  # the PNG preview
    screenshot(page, "briefing-fr")
    check_pdf(download_pdf(page, "Préparer le fichier", "Télécharger (PDF)"), "fr")

    page.get_by_test_id("stSidebar").locator("label").filter(has_text="English").click()
    expect(page.get_by_role("heading", name="Briefing")).to_be_visible(timeout=90_000)
    expect(page.get_by_test_id("stImage").first).to_be_visible(timeout=240_000)
    screenshot(page, "briefing-en")
    check_pdf(download_pdf(page, "Prepare the file", "Download (PDF)"), "en")
    assert page.console.errors == []
    assert page.console.external_requests == []
