#!/usr/bin/env python3
"""Fails when an #include crosses a layer the wrong way (DESIGN.md §3, §2).

Each source file belongs to the layer of the longest matching path prefix
below; a quoted include ("dir/file.hpp") must name a file of a layer that
layer may use. System and library includes (<...>) are not checked.

  proto/          -> proto only (wire contracts depend on JSON alone)
  lib/            -> lib only (shared infrastructure knows nothing above it)
  server/domain   -> lib
  server/store    -> server/store, server/domain, lib except lib/http
  server/events, server/git -> themselves, lib except lib/http
  server/runtime  -> server/runtime, server/domain, lib (its Docker client uses lib/http)
  server/forge    -> server/forge, lib (its pull-request clients use lib/http)
  server/service  -> proto, server/{domain,store,events,git,runtime,forge,service}, lib except lib/http
  server/auth, server/api -> proto, lib, server except the app and the CLI
  server/ (app, cli)      -> anything of server, proto, lib
  proxy/          -> proxy, lib (never server/ or agent/)
  agent/          -> agent, proto, lib
  agent-api/      -> agent-api, proto, lib (never server/)

Usage: check-layers.py [ROOT]   (default: the repository this script is in)
"""
import pathlib
import re
import sys

SOURCE_DIRS = ["proto", "lib", "server", "proxy", "agent", "agent-api"]
SUFFIXES = {".hpp", ".cpp", ".h", ".cc", ".in"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)

LIB = ["lib/"]
LIB_NO_HTTP = [("lib/", ["lib/http/"])]

# layer prefix -> allowed include prefixes; an entry (prefix, [excluded prefixes]) allows
# the prefix except the excluded ones.
RULES = {
    "proto/": ["proto/"],
    "lib/": LIB,
    "server/domain/": LIB,
    "server/store/": ["server/store/", "server/domain/"] + LIB_NO_HTTP,
    "server/events/": ["server/events/"] + LIB_NO_HTTP,
    "server/git/": ["server/git/"] + LIB_NO_HTTP,
    "server/runtime/": ["server/runtime/", "server/domain/"] + LIB,
    "server/forge/": ["server/forge/"] + LIB,
    "server/service/": ["proto/", "server/domain/", "server/store/", "server/events/", "server/git/",
                        "server/runtime/", "server/forge/", "server/service/"] + LIB_NO_HTTP,
    "server/auth/": ["proto/", ("server/", ["server/app", "server/cli/"])] + LIB,
    "server/api/": ["proto/", ("server/", ["server/app", "server/cli/"])] + LIB,
    "server/": ["proto/", "server/"] + LIB,
    "proxy/": ["proxy/"] + LIB,
    "agent/": ["agent/", "proto/"] + LIB,
    "agent-api/": ["agent-api/", "proto/"] + LIB,
}


def layer_of(path):
    matches = [prefix for prefix in RULES if path.startswith(prefix)]
    return max(matches, key=len) if matches else None


def allowed(layer, include):
    for rule in RULES[layer]:
        prefix, excluded = rule if isinstance(rule, tuple) else (rule, [])
        if include.startswith(prefix) and not any(include.startswith(e) for e in excluded):
            return True
    return False


def project_include(root, include):
    """True for an include of one of the project's own source folders."""
    return include.split("/", 1)[0] in SOURCE_DIRS and (root / include).exists()


def violations(root):
    found = []
    for top in SOURCE_DIRS:
        for path in sorted((root / top).rglob("*")) if (root / top).is_dir() else []:
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            layer = layer_of(relative)
            for include in INCLUDE.findall(path.read_text(errors="replace")):
                if project_include(root, include) and not allowed(layer, include):
                    found.append(f"{relative}: includes \"{include}\", which layer {layer} may not use")
    return found


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    problems = violations(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check-layers: {len(problems)} include(s) cross a layer the wrong way (see the rules in {__file__})",
              file=sys.stderr)
        return 1
    print("check-layers: every include respects the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
