"""The Import page in a real browser: a messy French register in, the sum and the quarantine download out."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.test_importer import FRENCH_ROWS, register_csv

pytestmark = pytest.mark.browser


def test_import_a_french_register_and_download_its_quarantine(app_url, page, tmp_path):
    register = tmp_path / "registre <b>2023.csv"  # a hostile-looking name is only ever text
    register.write_bytes(register_csv(FRENCH_ROWS))
    page.goto(app_url)
    page.get_by_test_id("stSidebarNav").get_by_text("Importer").click()
    expect(page.get_by_role("heading", name="Importer")).to_be_visible(timeout=90_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(register))
    expect(page.get_by_role("heading", name="Correspondance des colonnes")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile(r"Lu comme CSV · encodage cp1252 · séparateur « ; »"))).to_be_visible()
    screenshot(page, "import-fr-mapping")
    agency = page.get_by_role("textbox", name="Agence qui importe")
    agency.fill("sen-ocrtis")
    agency.press("Enter")
    page.get_by_role("button", name="Importer", exact=True).click()
    total = page.get_by_text("lignes lues 6 = acceptées 3 + en quarantaine 2 + doublons 1")
    expect(total).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Résultat de l'import : registre <b>2023.csv")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger les lignes en quarantaine (CSV)").click()
    saved = tmp_path / "quarantaine.csv"
    download.value.save_as(saved)
    text = saved.read_bytes().decode("utf-8-sig")
    assert "Motif de quarantaine" in text and "31/02/2023" in text and "Poudre blanche" in text
    page.mouse.wheel(0, 300)
    screenshot(page, "import-fr")
    assert page.console.errors == []
    assert page.console.external_requests == []
