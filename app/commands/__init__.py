"""One module per group of commands, each a thin wrapper over a library function."""
