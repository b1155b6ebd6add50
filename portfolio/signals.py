"""Signals other apps listen to. Sent after the transaction that changed the marks commits."""

from django.dispatch import Signal

# Sent with ``trademark_ids``: marks added, imported or changed (the similarity index and the
# protected-mark watch follow them).
trademarks_changed = Signal()
