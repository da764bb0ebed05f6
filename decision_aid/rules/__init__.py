"""Content rules: what a pathway file must satisfy, each rule a small named function.

Two runners, one shape (issues located by key path, printed as file:line:column):

- :data:`decision_aid.rules.checks.CHECKS` run at load and must pass (``load`` refuses the file);
- :data:`decision_aid.rules.lint.LINTS` run at ``validate``
  (:func:`~decision_aid.rules.lint.run_lints`), each issue an error or a warning.

The lints are grouped by what they guard: :mod:`~decision_aid.rules.lint` (plain language, no
directions, the one walk over patient-facing text and its reading grade),
:mod:`~decision_aid.rules.evidence_lint` (sources and drafting notes),
:mod:`~decision_aid.rules.figure_lint` (one place for every number, balanced pictures) and
:mod:`~decision_aid.rules.signoff` (a sign-off holds only while the content it signed is
unchanged). :mod:`~decision_aid.rules.report` measures the same rules for ``validate --report``.
"""
