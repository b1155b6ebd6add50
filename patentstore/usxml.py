"""US patent full-text XML (the USPTO bulk formats) to corpus rows.

Four families are read, as in the USPTO PatentPublicData samples:
- ``PATDOC``: the grant SGML of 1976–2004 converted to XML (ST.32 tags B110 number, B220
  filing date, B511/B512 IPC in fixed width "G06F 1516", B540 title, B721 inventors, B731
  assignees, SDOAB abstract, SDOCL claims);
- ``patent-application-publication``: pre-grant publications 2001–2004 (v1.5);
- ``us-patent-grant`` / ``us-patent-application``: the v4 formats since 2005 (IPC either as
  ``classification-ipc`` text "G06F015/00" or structured ``classification-ipcr``).

Entities of the external DTDs (&lsquo;, &minus;, …) are resolved from the HTML5 entity table.
"""

from __future__ import annotations

import datetime as dt
import html.entities
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any


class NotAPatentDocument(ValueError):
    pass


# ISO 8879 Greek entity names (ISOgrk1) that the old USPTO DTDs use and HTML5 does not know.
_GREEK_NAMES = (
    "agr bgr ggr dgr egr zgr eegr thgr igr kgr lgr mgr ngr xgr ogr pgr rgr sgr sfgr tgr ugr phgr khgr psgr ohgr"
)
_GREEK = dict(
    zip(
        _GREEK_NAMES.split(),
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        strict=True,
    )
)
_GREEK.update({name[0].upper() + name[1:]: char.upper() for name, char in _GREEK.items() if name != "sfgr"})
_XML_BUILTIN = {"amp", "lt", "gt", "quot", "apos"}
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")


def _entity(match: re.Match[bytes]) -> bytes:
    name = match[1].decode("ascii")
    if name in _XML_BUILTIN:
        return match[0]
    text = html.entities.html5.get(name + ";") or _GREEK.get(name) or f"[{name}]"
    return text.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8")


def _parse(path: Path) -> ET.Element:
    """Parse with the entities of the external DTDs resolved (HTML5 and ISO Greek names); an
    entity nobody knows stays visible as [name]."""
    data = _ENTITY.sub(_entity, Path(path).read_bytes())
    return ET.fromstring(data)  # noqa: S314 - a file the office chose to import


def _text(node: ET.Element | None) -> str:
    if node is None:
        return ""
    return re.sub(r"\s+", " ", "".join(node.itertext())).strip()


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not re.fullmatch(r"\d{8}", value):
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def fixed_ipc(value: str) -> str | None:
    """IPC in the USPTO fixed widths: "G06F 1516" (SGML), "G06F015/00" and "G06F017/60" (XML):
    subclass, main group, subgroup → "G06F15/16"."""
    text = value.strip().upper()
    value = value.strip("\n\r\t")
    match = re.fullmatch(r"([A-H]\d\d[A-Z])\s*0*(\d{1,3})/(\d{1,6})", text)
    if match:
        return f"{match[1]}{int(match[2])}/{match[3]}"
    match = re.fullmatch(r"([A-H]\d\d[A-Z])(.{3})(\d{0,6})\s*", value.upper().ljust(7))
    if match and match[2].strip().isdigit() and int(match[2]):
        return f"{match[1]}{int(match[2])}/{(match[3] or '00').ljust(2, '0')}"
    return None


def _region(country: str, state: str) -> str:
    country, state = country.strip().upper(), state.strip().upper()
    if state and country in ("", "US"):
        return f"US-{state}"
    return country


def _patdoc(root: ET.Element) -> dict[str, Any]:
    bib = root.find("SDOBI")
    if bib is None:
        raise NotAPatentDocument("PATDOC without SDOBI")
    number = _text(bib.find("B100/B110"))
    kind = _text(bib.find("B100/B130"))
    # The fixed-width IPC keeps its spaces ("B32B  302" is B32B 3/02).
    ipcs = [fixed_ipc("".join(n.itertext())) for n in bib.findall("B500/B510/B511") + bib.findall("B500/B510/B512")]
    assignees = bib.findall("B700/B730/B731/PARTY-US")
    inventors = bib.findall("B700/B720/B721/PARTY-US")
    holders = assignees or inventors

    def name(party: ET.Element) -> str:
        org = _text(party.find("NAM/ONM"))
        return org or " ".join(x for x in (_text(party.find("NAM/FNM")), _text(party.find("NAM/SNM"))) if x)

    first = holders[0] if holders else None
    design = number.upper().startswith("D") or kind.upper().startswith("S")
    claims = root.find("SDOCL")
    return {
        "country": "US",
        "application_number": _text(bib.find("B200/B210")),
        "publication_number": f"US{number}{kind}",
        "patent_type": "design" if design else "invention",
        "title": _text(bib.find("B500/B540")),
        "abstract": _text(root.find("SDOAB")),
        "claims": _text(claims),
        "applicants": "; ".join(name(p) for p in holders),
        "inventors": "; ".join(name(p) for p in inventors),
        "region": _region(_text(first.find("ADR/CTRY")), _text(first.find("ADR/STATE"))) if first is not None else "",
        "filing_date": _date(_text(bib.find("B200/B220"))),
        "publication_date": _date(_text(bib.find("B100/B140"))),
        "grant_date": _date(_text(bib.find("B100/B140"))),
        "status": "granted",
        "ipc_codes": [c for c in ipcs if c] if not design else [],
        "claims_count": int(_text(bib.find("B500/B570/B577")) or 0) or (len(claims.findall("CLM")) if claims else None),
        "citations": None,
    }


def _pap(root: ET.Element) -> dict[str, Any]:
    bib = root.find("subdoc-bibliographic-information")
    if bib is None:
        raise NotAPatentDocument("publication without bibliographic data")
    doc = bib.find("document-id")
    if doc is None:
        raise NotAPatentDocument("publication without document id")
    inventors = bib.findall("inventors/first-named-inventor") + bib.findall("inventors/inventor")

    def name(node: ET.Element) -> str:
        return " ".join(x for x in (_text(node.find("name/given-name")), _text(node.find("name/family-name"))) if x)

    assignees = [_text(n.find("organization-name")) for n in bib.findall("assignee")]
    first = inventors[0] if inventors else None
    residence = first.find("residence") if first is not None else None
    ipcs = [fixed_ipc(_text(n)) for n in bib.findall("technical-information/classification-ipc/*/ipc")]
    claims = root.find("subdoc-claims")
    return {
        "country": "US",
        "application_number": _text(bib.find("domestic-filing-data/application-number/doc-number")),
        "publication_number": f"US{_text(doc.find('doc-number'))}{_text(doc.find('kind-code'))}",
        "patent_type": "invention",
        "title": _text(bib.find("technical-information/title-of-invention")),
        "abstract": _text(root.find("subdoc-abstract")),
        "claims": _text(claims),
        "applicants": "; ".join([a for a in assignees if a] or [name(n) for n in inventors]),
        "inventors": "; ".join(name(n) for n in inventors),
        "region": _region(_text(residence.find(".//country-code")), _text(residence.find(".//state")))
        if residence is not None
        else "",
        "filing_date": _date(_text(bib.find("domestic-filing-data/filing-date"))),
        "publication_date": _date(_text(doc.find("document-date"))),
        "grant_date": None,
        "status": "pending",
        "ipc_codes": [c for c in ipcs if c],
        "claims_count": len(claims.findall("claim")) if claims is not None else None,
        "citations": None,
    }


def _v4(root: ET.Element) -> dict[str, Any]:
    grant = root.tag == "us-patent-grant"
    bib = root.find("us-bibliographic-data-grant" if grant else "us-bibliographic-data-application")
    if bib is None:
        raise NotAPatentDocument("v4 document without bibliographic data")
    pub = bib.find("publication-reference/document-id")
    if pub is None:
        raise NotAPatentDocument("v4 document without publication reference")
    app = bib.find("application-reference")
    ipcs: list[str | None] = []
    for node in bib.findall("classifications-ipcr/classification-ipcr"):
        ipcs.append(
            f"{_text(node.find('section'))}{_text(node.find('class'))}{_text(node.find('subclass'))}"
            f"{int(_text(node.find('main-group')) or 0)}/{_text(node.find('subgroup'))}"
        )
    for node in bib.findall("classification-ipc/main-classification") + bib.findall(
        "classification-ipc/further-classification"
    ):
        ipcs.append(fixed_ipc(_text(node)))
    assignees = bib.findall("assignees/assignee")
    applicants = bib.findall("us-parties/us-applicants/us-applicant") or bib.findall("parties/applicants/applicant")

    def name(node: ET.Element) -> str:
        org = _text(node.find(".//orgname"))
        return org or " ".join(x for x in (_text(node.find(".//first-name")), _text(node.find(".//last-name"))) if x)

    holders = assignees or applicants
    first = holders[0] if holders else None
    address = first.find(".//address") if first is not None else None
    if first is not None and (address is None or not _text(address.find("country"))):
        address = first.find(".//residence") or address
    claims = root.find("claims")
    count = _text(bib.find("number-of-claims"))
    design = (app.get("appl-type") if app is not None else "") == "design"
    return {
        "country": "US",
        "application_number": _text(app.find("document-id/doc-number")) if app is not None else "",
        "publication_number": f"US{_text(pub.find('doc-number'))}{_text(pub.find('kind'))}",
        "patent_type": "design" if design else "invention",
        "title": _text(bib.find("invention-title")),
        "abstract": _text(root.find("abstract")),
        "claims": _text(claims),
        "applicants": "; ".join(name(n) for n in holders),
        "inventors": "; ".join(name(n) for n in bib.findall(".//inventors/inventor")),
        "region": _region(_text(address.find("country")), _text(address.find("state"))) if address is not None else "",
        "filing_date": _date(_text(app.find("document-id/date"))) if app is not None else None,
        "publication_date": _date(_text(pub.find("date"))),
        "grant_date": _date(_text(pub.find("date"))) if grant else None,
        "status": "granted" if grant else "pending",
        "ipc_codes": list(dict.fromkeys(c for c in ipcs if c)),
        "claims_count": int(count) if count.isdigit() else (len(claims.findall("claim")) if claims else None),
        "citations": None,
    }


READERS = {
    "PATDOC": _patdoc,
    "patent-application-publication": _pap,
    "us-patent-grant": _v4,
    "us-patent-application": _v4,
}


def parse_us_xml(path: Path) -> dict[str, Any]:
    """One US patent document as a corpus row (see patentstore.schema for the columns)."""
    root = _parse(path)
    reader = READERS.get(root.tag)
    if reader is None:
        raise NotAPatentDocument(f"{root.tag} is not a US patent document")
    return reader(root)
