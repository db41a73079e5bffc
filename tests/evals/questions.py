"""A few tuning questions about two FAQ entries, for the out-of-fold fits' tests."""

from __future__ import annotations

PROCTORED = "faq-general/frequently-asked-questions-general/is-the-exam-proctored"
EXPIRE = "faq-general/frequently-asked-questions-general/does-the-certification-expire"
ANSWERABLE = [
    {"q": "is somebody watching while I sit it?", "expected": PROCTORED},
    {"q": "will a person keep an eye on me during the test?", "expected": PROCTORED},
    {"q": "does it run out after a while?", "expected": EXPIRE},
    {"q": "do I have to renew it someday?", "expected": EXPIRE},
]
