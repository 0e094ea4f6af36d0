"""The pure domain of the rent-to-own journey: standard library only, no I/O, no clock."""
