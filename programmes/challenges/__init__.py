"""Challenge rounds: calls, challenges, commission scoring, selection, teams, showcase."""
