"""One module per ``kg`` subcommand besides ``build``; each is a thin click
wrapper over a library function and is registered in :mod:`kg.cli`."""
