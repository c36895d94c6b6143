"""Signals other parts of the app listen to, so that the code sending them needs no imports
of the listeners (LTI grade passback listens to submits)."""

from blinker import Namespace

_signals = Namespace()

# Sent once an attempt has been graded and committed; receivers get `attempt` as the sender.
attempt_submitted = _signals.signal("attempt-submitted")
