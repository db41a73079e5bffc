"""Answer plans: each turns the retrieved candidates into the sentences an answer quotes."""
