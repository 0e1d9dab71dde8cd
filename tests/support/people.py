"""Agencies, people and signed-in identities for role tests, and records that tell each viewer's view apart."""

from __future__ import annotations

from geo.access import Actor

ROOT_ACTOR = Actor("test-admin")  # who registers the agencies and people below
PEOPLE = {  # e-mail: (agency, role, clearance)
    "viewer@a.example": ("agency-a", "viewer", "confidential"),
    "analyst@a.example": ("agency-a", "analyst", "confidential"),
    "admin@a.example": ("agency-a", "admin", "confidential"),
    "analyst@b.example": ("agency-b", "analyst", "confidential"),
    "public@a.example": ("agency-a", "viewer", "public"),
}


def identity(email: str, **claims: object) -> dict:
    """What st.user holds for someone signed in through the provider (AppTest takes it as ``at.user``)."""
    return {"is_logged_in": True, "email": email, "sub": f"oidc|{email}", "name": email.split("@")[0].title(),
            **claims}


def register_people(store, people: dict = PEOPLE) -> None:
    """Register ``people`` (e-mail: (agency, role, clearance)) and their agencies in ``store``."""
    for agency in sorted({agency for agency, _, _ in people.values()}):
        store.save_agency(ROOT_ACTOR, agency, name=agency.upper())
    for email, (agency, role, clearance) in people.items():
        store.save_user(ROOT_ACTOR, email, agency, role, clearance=clearance)


def agency_records() -> list[dict]:
    """One record of each sensitivity for agencies A and B, plus a public report and a demo record.

    Each secret gets a substance nobody else has, so its name anywhere in a page or a file is a leak.
    """
    return [
        {"source_ref": "A-PUB", "agency": "agency-a", "sensitivity": "public", "substance": "cocaine",
         "date": "2022-02-01"},
        {"source_ref": "A-RES", "agency": "agency-a", "sensitivity": "restricted", "substance": "captagon",
         "quantity": 7100, "unit": "tablets", "date": "2022-05-01", "country": "NER", "lat": 13.5, "lon": 2.1,
         "origin": "LBY", "notes": "A restricted note"},
        {"source_ref": "A-CONF", "agency": "agency-a", "sensitivity": "confidential", "substance": "heroin",
         "quantity": 93.0, "date": "2023-03-01", "country": "MLI", "lat": 12.6, "lon": -8.0, "origin": "PAK",
         "notes": "A confidential note"},
        {"source_ref": "B-RES", "agency": "agency-b", "sensitivity": "restricted", "substance": "cannabis_resin",
         "quantity": 500.0, "date": "2022-07-01", "country": "SEN"},
        {"source_ref": "PUB-1", "agency": "press", "sensitivity": "public", "dataset": "public",
         "date": "2023-01-10", "country": "GIN", "lat": 9.5, "lon": -13.7},
        {"source_ref": "DEMO-1", "agency": "demo", "sensitivity": "restricted", "dataset": "demo",
         "source": "synthetic demo", "date": "2023-06-10", "country": "CIV", "lat": 5.3, "lon": -4.0},
    ]
