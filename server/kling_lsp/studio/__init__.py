"""`kling studio`: a browser editor for .kling files, served with the language server by one
local process (see docs/studio.md)."""
