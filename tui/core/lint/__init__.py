"""Layer 5: the rule registry, the context a rule gets, the engine that runs the rules, the incremental session,
configuration and suppression comments."""
