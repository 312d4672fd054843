"""Signals of the registry for the apps above it.

`initiatives_written` is sent after a bulk write (an import) that bypassed the models'
`save()`, with the programme and the time the write began: the initiatives changed are
those of the programme updated since then. The project database re-indexes them.
"""

from django.dispatch import Signal

initiatives_written = Signal()
