"""The engine and everything that touches the outside world: database, configuration, services."""
