"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent with ``trademark_ids`` after the transaction that added, imported or changed the marks
# commits (the similarity index and the protected-mark watch follow them).
trademarks_changed = Signal()
# Sent with ``trademark_ids`` inside that transaction, so that a receiver's writes (the index's
# change log, which every machine follows) commit or roll back with the marks.
trademarks_written = Signal()
