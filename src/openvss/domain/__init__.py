"""Pure-Python rules of the domain: identifiers, QR formats, months and legal calculators.

Nothing in this package imports Django, so it is fast to test (with hypothesis) and can be
reused by a facility's offline verifier. User-facing messages are Vietnamese msgids marked
with ``N_`` and translated by the Django layer when shown.
"""
