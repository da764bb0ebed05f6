"""The plan as files a person keeps, and the files that come back in.

:mod:`~decision_aid.formats.summary` (Markdown, plain text, JSON; the summary page draws the same
words), :mod:`~decision_aid.formats.pdf`, :mod:`~decision_aid.formats.fhir` (a Questionnaire and
a QuestionnaireResponse) and :mod:`~decision_aid.formats.saved` (the 'save my answers' file,
which also opens a FHIR response through :mod:`~decision_aid.formats.fhir_read`, and carries
answers from an older pathway version over with :mod:`~decision_aid.formats.migrate`).
"""
