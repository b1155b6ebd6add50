"""The corpus columns: what an import file may carry, and what the store keeps."""

from __future__ import annotations

import re

# Columns an import file may have (CSV header, JSON keys or Parquet columns). At least one of
# application_number / publication_number, and a title, must be filled on every row.
TEXT = ("country", "application_number", "publication_number", "title", "abstract", "claims", "keywords",
        "applicants", "inventors", "region")  # fmt: skip
DATES = ("filing_date", "publication_date", "grant_date", "expiry_date")
INTEGERS = ("claims_count", "citations")
FLAGS = ("is_pct", "has_foreign_family")
CODED = ("patent_type", "status", "ipc_codes")
COLUMNS = TEXT + DATES + INTEGERS + FLAGS + CODED
REQUIRED_ANY = ("application_number", "publication_number")
REQUIRED = ("title",)

PATENT_TYPES = {
    "invention": "invention",
    "发明": "invention",
    "utility_model": "utility_model",
    "实用新型": "utility_model",
    "design": "design",
    "外观设计": "design",
}
STATUSES = ("pending", "granted", "lapsed", "expired", "invalidated", "withdrawn")
TRUE = ("true", "t", "1", "yes", "y", "是")
FALSE = ("false", "f", "0", "no", "n", "否")
# An IPC (or CPC, which extends it) symbol: subclass, optionally main group / subgroup.
IPC_PATTERN = r"[A-H][0-9]{2}[A-Z]([0-9]{1,4}/[0-9]{1,6})?"
IPC_RE = re.compile(IPC_PATTERN)

# Term from filing under the Chinese Patent Law (invention 20 years, utility model 10, design 15,
# or 10 for designs filed before 1 June 2021), used when a file gives no expiry date.
TERM_SQL = (
    "CASE patent_type WHEN 'invention' THEN 20 WHEN 'utility_model' THEN 10 "
    "ELSE CASE WHEN filing_date >= DATE '2021-06-01' THEN 15 ELSE 10 END END"
)

# Problems a row can have (the Django side words them for people).
MISSING = "missing"
NOT_A_DATE = "not_a_date"
NOT_A_NUMBER = "not_a_number"
NOT_A_FLAG = "not_a_flag"
UNKNOWN_VALUE = "unknown_value"
BAD_IPC = "bad_ipc"
DUPLICATE = "duplicate"
BROKEN = "broken"
