"""A district patent the landscape tests share: a granted battery invention of Bob's enterprise."""

from portfolio import actions as portfolio_actions

BATTERY_TITLE = "一种锂电池极片涂布装置"


def battery_patent(owner, **fields):
    values = {
        "title": BATTERY_TITLE,
        "abstract": "本发明公开了一种锂电池极片涂布装置，提高涂布均匀性。",
        "filing_date": "2020-01-01",
        "grant_date": "2022-06-01",
        "status": "granted",
        **fields,
    }
    return portfolio_actions.add_patent(actor=None, application_number="202010000004.5", owners=[owner], **values)
