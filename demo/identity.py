"""Generators of well-formed identity numbers for demo and benchmark data. The numbers are
made up and carry valid check digits so that the same validators as real input accept them."""

from __future__ import annotations

import datetime as dt
import random

from stdnum.cn import ric, uscc

_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code_check(body: str) -> str:
    """GB 11714 organisation code check character over 8 body characters."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_uscc(rng: random.Random, region: str) -> str:
    """A code for an enterprise registered by market supervision (9) as a company (1)."""
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    head = "91" + region + body + _org_code_check(body)
    return head + uscc.calc_check_digit(head)


def make_id_number(rng: random.Random, region: str, born: dt.date) -> str:
    head = region + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    # stdnum expects the number with a placeholder check digit on the end.
    return head + ric.calc_check_digit(head + "0")
