"""Stage 4: verdicts rendered for people (``console``, rich) and programs (``json_verdict``)."""
