"""What reviewers read, mark and sign, generated from the pathway files.

:mod:`~decision_aid.review.checklist` writes ``docs/review.md``; :mod:`~decision_aid.review.pack`
is the offline reviewer pack (CSV or HTML) and :mod:`~decision_aid.review.marks` reads a marked
pack back in as sign-off records; :mod:`~decision_aid.review.ipdas` checks the IPDAS record in
``docs/ipdas.md`` against what the aid shows. Whether a sign-off still holds is a content rule
(:mod:`decision_aid.rules.signoff`).
"""
