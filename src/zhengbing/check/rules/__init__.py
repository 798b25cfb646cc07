"""The checker's rules, one module each; see :data:`zhengbing.check.registry.RULE_NAMES`."""
