"""Match free-text addresses to a reference list (gazetteer) and give each record a UPRN.

Use it from Python::

    from matching import read_path
    from matching.address_match import match_addresses, decisions, suggest_address_config
    records, reference = read_path("electoral_register.csv"), read_path("gazetteer.csv")
    config = suggest_address_config(records, reference)
    result = match_addresses(records, reference, config)
    given = decisions(result)   # unique_id, uprn (null: none), match_weight, reason...

or from the command line: ``python -m matching address RECORDS REFERENCE --out DIR``.
"""

from matching.address_match.config import AddressMatchConfig, DecisionRule
from matching.address_match.results import decisions, output_table, summarise
from matching.address_match.run import AddressResult, match_addresses
from matching.address_match.suggest import suggest_address_config

__all__ = [
    "AddressMatchConfig",
    "AddressResult",
    "DecisionRule",
    "decisions",
    "match_addresses",
    "output_table",
    "suggest_address_config",
    "summarise",
]
