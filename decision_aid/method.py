"""How the evidence was chosen, in words a patient can read (the About page shows it).

The developers' version, with the rules the lints enforce, is ``docs/content.md``; this is the
same method said once for people. ``tests/test_about_method.py`` keeps it at or below grade 8.
"""

from __future__ import annotations

TITLE = "How we chose the evidence"

EVIDENCE_METHOD = """
- We started with advice from national health bodies: NICE in England, the World Health
  Organization (WHO) and the American College of Physicians. These groups look at all the
  research on a topic before they give advice.
- Next we used reviews that pool the results of many studies, such as Cochrane reviews. We used
  single studies only for numbers that the reviews do not give.
- We link to the first place a fact was published, never to a copy of it.
- We use the words of the researchers for how sure they are. When the research is weak, or is
  about low back pain and not mid-back pain, we say so.
- We did not search all the research ourselves, and we did not score the studies ourselves.
- Each number, and each choice we made where the sources do not say, must be checked and signed
  by a named clinician. Until then, this guide is marked as a draft.
""".strip()
"""Markdown (a list), the same for every pathway."""
