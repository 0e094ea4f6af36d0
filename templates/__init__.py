"""Message templates: one folder per message, one folder per language inside it (subject, text, HTML)."""
