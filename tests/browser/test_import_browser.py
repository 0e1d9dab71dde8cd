"""The Import page in a real browser: sign in, a messy French register in, the sum and the quarantine download out."""

import re

import pytest
from playwright.sync_api import expect

from tests.support import FRENCH_ROWS, register_csv
from tests.support.browser import screenshot

pytestmark = pytest.mark.browser


def test_sign_in_then_import_a_french_register_and_download_its_quarantine(signed_in_app, page, tmp_path):
    register = tmp_path / "registre <b>2023.csv"  # a hostile-looking name is only ever text
    register.write_bytes(register_csv(FRENCH_ROWS))
    page.goto(signed_in_app)
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible(timeout=90_000)
    screenshot(page, "sign-in")
    page.get_by_role("button", name="Se connecter").click()  # st.login: to the provider and back
    expect(page.get_by_text("Connecté : Awa Diop · sen-ocrtis · analyste")).to_be_visible(timeout=90_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Importer").click()
    expect(page.get_by_role("heading", name="Importer")).to_be_visible(timeout=90_000)
    expect(page.get_by_text("Agence : sen-ocrtis")).to_be_visible()  # the analyst's own agency
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(register))
    expect(page.get_by_role("heading", name="Correspondance des colonnes")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile(r"Lu comme CSV · encodage cp1252 · séparateur « ; »"))).to_be_visible()
    screenshot(page, "import-fr-mapping")
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
    page.get_by_role("button", name="Se déconnecter").click()  # st.logout: through the provider's sign-out
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible(timeout=90_000)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert page.console.errors == []
    assert page.console.external_requests == []


def test_the_open_demo_has_no_import_page_even_by_url(app_url, page):
    page.goto(f"{app_url}/import")
    # the app's own page, in French (tests/browser/test_navigation_browser.py), not the Import page
    expect(page.get_by_role("heading", name="Connectez-vous pour importer")).to_be_visible(timeout=90_000)
    expect(page.get_by_test_id("stSidebarNav").get_by_text("Importer")).to_have_count(0)
    expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_have_count(0)
