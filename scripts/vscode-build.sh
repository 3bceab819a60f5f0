#!/usr/bin/env bash
# Build the VS Code extension, clients/vscode/kling-lsp.vsix, with the language server inside.
#
#   bash scripts/vscode-build.sh
#
# 1. Installs the extension's build tools (clients/vscode/node_modules) from package-lock.json,
#    once per change of the lock file.
# 2. Copies grammar/kling.tmLanguage.json to clients/vscode/syntaxes/ (generated: edit the grammar
#    in grammar/, never the copy).
# 3. Bundles src/ into dist/extension.js (esbuild).
# 4. Installs this project and its dependencies into clients/vscode/bundled/libs (pip --target).
#    numpy (language detection) and PyYAML have compiled parts. They are installed for this
#    platform, for each CPython in KLING_VSCODE_PYTHONS (default "3.11 3.12 3.13 3.14"; the
#    extension modules of each version sit side by side), so the .vsix is platform-specific.
# 5. Packages clients/vscode/kling-lsp.vsix for this platform (vsce --target) and prints its size.
#
# Needs Node.js 20+ with npm, Python 3.11+ with pip (the project's .venv/bin/python when it
# exists), and the npm registry and PyPI (or their caches). Exit 2 when something is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
ext="$root/clients/vscode"

fail() {
  echo "vscode-build: $*" >&2
  exit 2
}

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || fail "the extension build needs Node.js 20 or newer and npm on PATH ('$tool' is missing)"
done
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || fail "the extension build needs Node.js 20 or newer (found $(node --version))"

if [ -x "$root/.venv/bin/python" ]; then
  py="$root/.venv/bin/python"
else
  command -v python3 >/dev/null 2>&1 || fail "the extension build needs Python 3.11 or newer as python3"
  py=python3
fi
"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || fail "$py is older than Python 3.11"
"$py" -m pip --version >/dev/null 2>&1 || fail "$py has no pip"

# vsce's name for this platform (linux-x64, darwin-arm64, win32-x64, alpine-x64, ...)
target="$(node -p '
  const arch = process.arch === "arm" ? "armhf" : process.arch;
  const musl = process.platform === "linux" && !process.report.getReport().header.glibcVersionRuntime;
  (musl ? "alpine" : process.platform) + "-" + arch')"

cd "$ext"

# 1. build tools, once per lock file
stamp=node_modules/.kling-vscode-installed
want="$(node -p 'require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex")')"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi

# 2. the grammar: one source, copied at build time
mkdir -p syntaxes
cp "$root/grammar/kling.tmLanguage.json" syntaxes/kling.tmLanguage.json

# 3. the client
rm -rf dist
npm run --silent build

# 4. the server
rm -rf bundled
mkdir -p bundled/libs
echo "vscode-build: installing the server into clients/vscode/bundled/libs with $py"
"$py" -m pip install --disable-pip-version-check --quiet --no-compile --no-warn-script-location \
  --target bundled/libs --only-binary=numpy,pyyaml,websockets "$root"
"$py" - "$ext/bundled" "$target" ${KLING_VSCODE_PYTHONS-3.11 3.12 3.13 3.14} <<'PY'
"""Add the compiled parts of numpy, PyYAML & co. for other CPython versions, tidy up, and write
bundled/manifest.json (read by the extension to pick a Python)."""
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

bundled, target, versions = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
libs = bundled / "libs"
here = "%d.%d" % sys.version_info[:2]


def fields(path: Path, key: str) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in path.read_text("utf-8").splitlines()
            if line.startswith(key + ":")]


compiled = {}  # name -> (version, platform tags)
for info in libs.glob("*.dist-info"):
    wheel = info / "WHEEL"
    if not wheel.exists() or fields(wheel, "Root-Is-Purelib") != ["false"]:
        continue
    tags = fields(wheel, "Tag")
    if all(tag.split("-")[1] in ("abi3", "none") for tag in tags):
        continue  # one build serves every Python version
    name = fields(info / "METADATA", "Name")[0]
    version = fields(info / "METADATA", "Version")[0]
    compiled[name] = (version, sorted({tag.split("-", 2)[2] for tag in tags}))

covered = [here]
for version in versions:
    if version == here or not re.fullmatch(r"3\.\d+", version) or int(version.split(".")[1]) < 11:
        continue
    abi = "cp" + version.replace(".", "")
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
                   "--no-compile", "--no-deps", "--only-binary=:all:", "--target", tmp,
                   "--implementation", "cp", "--python-version", version, "--abi", abi]
        for platform in sorted({p for _, platforms in compiled.values() for p in platforms}):
            command += ["--platform", platform]
        wanted = [f"{name}=={dist_version}" for name, (dist_version, _) in sorted(compiled.items())]
        if subprocess.run(command + wanted).returncode != 0:
            print(f"vscode-build: warning: no wheels of {', '.join(wanted)} for CPython {version} on this "
                  f"platform; the bundle will not cover Python {version}", file=sys.stderr)
            continue
        added = 0
        for source in Path(tmp).rglob("*"):
            destination = libs / source.relative_to(tmp)
            if source.is_file() and not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
                added += 1
        covered.append(version)
        print(f"vscode-build: added the compiled parts for CPython {version} ({added} files)")

shutil.rmtree(libs / "bin", ignore_errors=True)  # console scripts with this machine's paths
for waste in [*libs.rglob("__pycache__"), *(libs / "numpy").rglob("tests")]:  # numpy's own test suite
    shutil.rmtree(waste, ignore_errors=True)

init = (libs / "kling_lsp" / "__init__.py").read_text("utf-8")
server = re.search(r"""__version__\s*=\s*["']([^"']+)""", init)
manifest = {
    "server": server.group(1) if server else "unknown",
    "platform": target,
    "pythons": sorted(covered, key=lambda v: int(v.split(".")[1])),
    "compiled": {name: version for name, (version, _) in sorted(compiled.items())},
}
(bundled / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
print(f"vscode-build: bundled kling-lsp {manifest['server']} for {target}, "
      f"CPython {', '.join(manifest['pythons'])}")
PY

# 5. the package
rm -f kling-lsp.vsix
npm run --silent package -- --target "$target"
size="$(wc -c < kling-lsp.vsix | tr -d ' ')"
echo "vscode-build: $ext/kling-lsp.vsix ($target, $((size / 1048576)).$(( (size % 1048576) * 10 / 1048576 )) MB, $size bytes)"
