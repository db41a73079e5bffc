"""The Slack front end: mentions, DMs, `/tutor` and thread follow-ups, over HTTP or Socket Mode."""
