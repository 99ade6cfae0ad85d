"""The small shared kernel every app may import: the domain error, the view adapter, text
cleaning, e-mail on commit, absolute links and demo-seeding limits. It imports no app."""
