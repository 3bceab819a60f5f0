"""The language server: pygls wiring over the analysis core. Each module turns core results
into one kind of LSP answer; no analysis logic lives here."""
