"""The Import page's settings in a real browser: a customs monthly aggregate needs a value mapping, a country for
every row and its fiscal year's first month before every row is accepted; the dry run says so, nothing written."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.test_real_registers import monthly_register

pytestmark = pytest.mark.browser


def pick(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    # the box's input shows the choice once the page has it
    expect(page.get_by_label(label, exact=True)).to_have_value(re.compile(re.escape(option)), timeout=60_000)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)


def test_values_a_constant_and_the_fiscal_year_set_on_the_page_make_every_row_accepted(signed_in_app, page, tmp_path):
    frame = monthly_register(rows=40).replace({"Drug Type": {"Marijuana": "Zamal"}})
    local = int((frame["Drug Type"] == "Zamal").sum())
    register = tmp_path / "nationwide-drug-seizures.csv"
    register.write_text("Nationwide Drug Seizures by Fiscal Year and Month\n" + frame.to_csv(index=False),
                        encoding="utf-8")
    page.goto(signed_in_app)
    page.get_by_role("button", name="Se connecter").click(timeout=90_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Importer").click(timeout=90_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(register))
    expect(page.get_by_role("heading", name="Valeurs à faire correspondre")).to_be_visible(timeout=90_000)
    page.get_by_role("button", name="Vérifier sans importer").click()
    rows = len(frame)
    expect(page.get_by_text(f"lignes lues {rows} = acceptées {rows - local} + en quarantaine {local}")).to_be_visible(
        timeout=60_000)

    pick(page, f"« Zamal » : {local} ligne(s)", "Herbe de cannabis")
    pick(page, "Pays", "États-Unis")
    pick(page, "Premier mois de l'exercice", "octobre")
    page.get_by_role("button", name="Vérifier sans importer").click()
    expect(page.get_by_text(f"lignes lues {rows} = acceptées {rows} + en quarantaine 0")).to_be_visible(timeout=60_000)
    screenshot(page, "import-settings-fr")
    assert page.console.errors == []
    assert page.console.external_requests == []
