"""The docker / docker compose command model: argv → what each word means."""
