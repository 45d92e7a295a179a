"""``plugin-tui rules [CODE]``: the rules, or one rule's explanation."""

from __future__ import annotations

import argparse

from .common import UsageError


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from ..core.lint.registry import all_rules, get_rule

    if args.code:
        r = get_rule(args.code)
        if r is None:
            from ..core.base.suggest import nearest_key

            code = args.code.strip().upper()
            prefixed = [x.code for x in all_rules() if x.code.startswith(code)] if code else []
            if prefixed:
                more = f" … ({len(prefixed)} rules)" if len(prefixed) > 4 else ""
                hint = f"; rules starting with it: {', '.join(prefixed[:4])}{more}"
            else:
                sug = nearest_key(code, [x.code for x in all_rules()])
                hint = f" (did you mean {sug}?)" if sug else ""
            raise UsageError(f"plugin-tui rules: no rule {args.code!r}{hint}; `plugin-tui rules` lists them")
        if args.format == "json":
            data = r.to_json()
            data["explanation"] = r.explanation
            print(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            print(
                f"{r.code} {r.name}  [{r.area}, {r.severity}, profiles: {', '.join(r.profiles)}"
                f"{', fixable' if r.fixable else ''}]"
            )
            print(f"sources: {', '.join(r.sources) or '-'}\n")
            print(r.explanation)
        return 0
    if args.profile is not None:
        from ..core.lint.config import ConfigError, check_profile

        try:
            check_profile(args.profile, "--profile")
        except ConfigError as exc:
            raise UsageError(f"plugin-tui rules: {exc}") from None
    rules = [r for r in all_rules() if args.profile is None or r.active(args.profile)]
    if args.format == "json":
        print(json.dumps([r.to_json() for r in rules], indent=2, ensure_ascii=False))
    else:
        for r in rules:
            flags = "*" if r.fixable else " "
            prof = ",".join(r.profiles) or "opt-in"
            print(f"{r.code:<8} {flags} {r.severity:<7} {prof:<10} {r.name:<40} {r.summary}")
        print(
            f"\n{len(rules)} rules; * = has a fix. `check --select` narrows a profile's rules; a rule of "
            "another profile or an opt-in one runs when --select names its full code. "
            "`plugin-tui rules CODE` explains one."
        )
    return 0
