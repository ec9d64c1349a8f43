#!/usr/bin/env python3
"""Fails when a Swift target imports a module its Package.swift entry does not declare.

Reads the package as `swift package dump-package` describes it (so the KEYSHARE_FUZZ and
KEYSHARE_BENCH targets are checked when those variables are set) and every `import` of each target's
sources. The toolchain's own modules need no declaration; CYaml is the C module behind the Yams
product, which Yams does not export as a product of its own, so it cannot be declared.
"""
import json
import os
import re
import subprocess
import sys

TOOLCHAIN = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Darwin", "Dispatch",
    "Synchronization", "Testing", "XCTest", "_Concurrency", "Observation", "RegexBuilder",
}
UNDECLARABLE = {"CYaml": "Yams"}
IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:package\s+|public\s+|internal\s+)?import\s+"
    r"(?:struct\s+|enum\s+|class\s+|func\s+|protocol\s+|typealias\s+)?(\w+)")


def main() -> int:
    dump = subprocess.run(["swift", "package", "dump-package"], capture_output=True, text=True, check=True)
    package = json.loads(dump.stdout)
    problems = []
    for target in package["targets"]:
        if target["type"] in ("system", "binary", "plugin"):
            continue
        name = target["name"]
        path = target.get("path") or (("Tests/" if target["type"] == "test" else "Sources/") + name)
        declared = set()
        for dependency in target.get("dependencies", []):
            for kind, value in dependency.items():
                if kind in ("byName", "product", "target"):
                    declared.add(value[0])
        for root, _, files in os.walk(path):
            for file in sorted(files):
                if not file.endswith(".swift"):
                    continue
                source = os.path.join(root, file)
                with open(source, encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        match = IMPORT.match(line)
                        if not match:
                            continue
                        module = match.group(1)
                        if module in TOOLCHAIN or module == name or module in declared:
                            continue
                        if UNDECLARABLE.get(module) in declared:
                            continue
                        problems.append(f"{source}:{number}: imports {module}, which target {name} does not declare")
    for problem in problems:
        print(problem)
    if problems:
        print("add each module to its target's dependencies in Package.swift", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
