"""Command-line commands, one module per command group. Each is thin: parse, build, call, print."""
