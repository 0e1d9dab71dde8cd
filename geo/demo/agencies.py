"""The demo's seizing agencies: which agency of a country seizes, and how each numbers its cases.

:mod:`geo.demo.generator` draws from these tables; nothing here draws at random.
"""

from __future__ import annotations

# Seizing country -> (lead drug agency, customs service or None). Customs take a share of
# the seizures at ports, airports and border posts, as they do in real registers.
AGENCIES: dict[str, tuple[str, str | None]] = {
    "SEN": ("sen-ocrtis", "sen-douanes"), "MLI": ("mli-ocs", None), "NER": ("ner-ocrtis", None),
    "BFA": ("bfa-cnlat", "bfa-douanes"), "CIV": ("civ-dpsd", None), "GIN": ("gin-ocad", None),
    "NGA": ("nga-ndlea", "nga-ncs"), "GHA": ("gha-nacob", None), "BEN": ("ben-ocertid", None),
    "TGO": ("tgo-ocrtidb", None), "GNB": ("gnb-pj", None), "CPV": ("cpv-pj", None),
    "MRT": ("mrt-ocrtis", None), "GMB": ("gmb-dlea", None), "SLE": ("sle-tocu", None),
    "LBR": ("lbr-ldea", None), "TCD": ("tcd-ocrtis", None), "DZA": ("dza-gn", None),
    "CMR": ("cmr-dgsn", None),
}
# How each agency numbers its cases: (prefix, year first?, digits).
REF_STYLE: dict[str, tuple[str, bool, int]] = {
    "nga-ndlea": ("NDLEA/", True, 5), "nga-ncs": ("NCS/SEIZ/", True, 5), "gha-nacob": ("NACOB/", True, 4),
    "sle-tocu": ("TOCU/", True, 4), "lbr-ldea": ("LDEA-", True, 4), "gmb-dlea": ("DLEAG/", True, 4),
    "gnb-pj": ("Proc. ", False, 4), "cpv-pj": ("NUIPC ", False, 5), "sen-douanes": ("BAD ", True, 4),
    "bfa-douanes": ("PV-D ", True, 4), "dza-gn": ("GN ", False, 4),
}
DEFAULT_REF_STYLE = ("PV ", True, 4)
