"""The compose model: which services and containers the repository really defines."""
