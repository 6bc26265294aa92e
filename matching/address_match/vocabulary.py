"""Words that address text is made of: abbreviations, floors, flat markers and place names.

Reviewed lists, kept as data so they are easy to read and extend. Street-type abbreviations
come from ``matching.addresses``; the rest follow the forms seen in council extracts and in
the open ``uk_address_matcher`` (RD, GDNS, FLT, GND FLR, LHS...).
"""

from __future__ import annotations

from matching.addresses import ABBREVIATIONS as STREET_ABBREVIATIONS

#: Abbreviation -> full word. "ST" is handled separately (a saint or a street).
ABBREVIATIONS: dict[str, str] = {
    **{k: v for k, v in STREET_ABBREVIATIONS.items() if k != "ST"},
    "APT": "FLAT", "APARTMENT": "FLAT", "APPT": "FLAT", "FLT": "FLAT",
    "GND": "GROUND", "GRD": "GROUND", "GRND": "GROUND", "FLR": "FLOOR", "BSMT": "BASEMENT",
    "BST": "BASEMENT", "RM": "ROOM", "MANS": "MANSIONS", "CTG": "COTTAGE", "COTT": "COTTAGE",
    "CNR": "CORNER", "APP": "APPROACH", "BDWY": "BROADWAY",
    "EMB": "EMBANKMENT", "GDNS": "GARDENS", "HTS": "HEIGHTS", "LWR": "LOWER", "UPR": "UPPER",
    "NTH": "NORTH", "STH": "SOUTH", "WST": "WEST", "TWR": "TOWER",
    "VLS": "VILLAS", "YD": "YARD", "WY": "WAY", "RDGE": "RIDGE", "CRT": "COURT",
    "SAINT": "ST", "LHS": "LEFT", "RHS": "RIGHT", "RR": "REAR", "FRT": "FRONT",
}
#: Two-letter codes for floors standing for a whole phrase: "GF" = ground floor.
FLOOR_CODES: dict[str, str] = {"GF": "GROUND FLOOR", "FF": "FIRST FLOOR", "SF": "SECOND FLOOR",
                               "TF": "TOP FLOOR", "LGF": "LOWER GROUND FLOOR"}
#: Floor words and the short code a flat on that floor is known by.
FLOORS: dict[str, str] = {
    "BASEMENT": "B", "LOWER GROUND": "LGF", "UPPER GROUND": "UGF", "GROUND": "GF",
    "FIRST": "1F", "1ST": "1F", "SECOND": "2F", "2ND": "2F", "THIRD": "3F", "3RD": "3F",
    "FOURTH": "4F", "4TH": "4F", "FIFTH": "5F", "5TH": "5F", "TOP": "TOP", "GARDEN": "GDN",
}
#: Words saying the next token names a flat, room or unit ("FLAT 3", "ROOM 4", "UNIT B").
FLAT_MARKERS = frozenset({"FLAT", "UNIT", "ROOM", "STUDIO", "MAISONETTE", "BEDSIT", "SUITE",
                          "APARTMENT"})
#: Words that carry no information about which property it is.
STOP_WORDS = frozenset({"THE", "OF", "AND", "NO", "NUMBER", "FLAT", "FLOOR", "UK",
                        "ENGLAND", "UNITED", "KINGDOM", "GB"})
#: Words that end a street name: after one of them, the rest of a line is usually a place.
STREET_TYPES = frozenset({
    "ROAD", "STREET", "AVENUE", "LANE", "GARDENS", "GROVE", "CLOSE", "PLACE", "SQUARE",
    "TERRACE", "CRESCENT", "DRIVE", "WAY", "WALK", "HILL", "PARADE", "MEWS", "ROW", "COURT",
    "YARD", "GREEN", "PARK", "RISE", "VALE", "APPROACH", "BROADWAY", "EMBANKMENT", "WHARF",
    "VILLAS", "GATE", "CHASE", "PATH", "END", "HIGHWAY", "BRIDGE",
})

#: London and its boroughs: trailing place names that say little once there is a street.
LONDON_PLACES: tuple[str, ...] = (
    "LONDON", "GREATER LONDON", "CITY OF LONDON", "BARKING AND DAGENHAM", "BARKING",
    "DAGENHAM", "BARNET", "BEXLEY", "BRENT", "BROMLEY", "CAMDEN", "CROYDON", "EALING", "ENFIELD",
    "GREENWICH", "HACKNEY", "HAMMERSMITH AND FULHAM", "HAMMERSMITH", "FULHAM", "HARINGEY",
    "HARROW", "HAVERING", "HILLINGDON", "HOUNSLOW", "ISLINGTON", "KENSINGTON AND CHELSEA",
    "KENSINGTON", "CHELSEA", "KINGSTON UPON THAMES", "KINGSTON", "LAMBETH", "LEWISHAM",
    "MERTON", "NEWHAM", "REDBRIDGE", "RICHMOND UPON THAMES", "RICHMOND", "SOUTHWARK", "SUTTON",
    "TOWER HAMLETS", "WALTHAM FOREST", "WANDSWORTH", "WESTMINSTER", "MIDDLESEX", "ESSEX",
    "SURREY", "KENT", "ILFORD", "ROMFORD",
)

#: Classification codes (AddressBase / LLPG) that are not homes people are registered at:
#: parent shells of flats, garages, car parking spaces, ancillary buildings, streets.
NON_RESIDENTIAL_CLASSES: tuple[str, ...] = ("PP", "RG", "RC", "RB", "PS")
#: Text at the start of an address that marks a garage or parking space, whatever the class.
NON_RESIDENTIAL_TEXT: tuple[str, ...] = ("GARAGE", "CAR PARK", "PARKING SPACE", "PARKING BAY")
