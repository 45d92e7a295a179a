"""The rule profiles: ``official`` follows what Claude Code itself accepts and loads; ``plugin-dev`` adds the stricter
style rules of Anthropic's plugin-dev toolkit; ``directory`` adds what the public plugin directory requires."""

PROFILES = ("official", "plugin-dev", "directory")
