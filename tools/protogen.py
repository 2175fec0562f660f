"""Generate kantine/v1 from proto/ with the pinned grpcio-tools, or check that the committed code is current.

Generated code is committed so that installing Kantine never needs protoc; `--check` makes a stale
checkout fail lint and tests instead of drifting silently.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

import grpc_tools
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "proto"
OUT_PACKAGE = Path("kantine") / "v1"


def generate(out_root: Path) -> list[Path]:
    """Run protoc for every .proto under proto/ and return the files written below out_root."""
    protos = sorted(str(p.relative_to(PROTO_ROOT)) for p in PROTO_ROOT.rglob("*.proto"))
    include = Path(grpc_tools.__file__).parent / "_proto"
    args = [
        "protoc",
        f"-I{PROTO_ROOT}",
        f"-I{include}",
        f"--python_out={out_root}",
        f"--pyi_out={out_root}",
        f"--grpc_python_out={out_root}",
        *protos,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    (out_root / OUT_PACKAGE / "__init__.py").write_text(
        '"""Code generated from proto/kantine/v1 by `make proto`. Do not edit."""\n'
    )
    return sorted(p.relative_to(out_root) for p in (out_root / OUT_PACKAGE).glob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if kantine/v1 differs from what proto/ generates")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        produced = generate(Path(tmp))
        target = ROOT / OUT_PACKAGE
        committed = sorted(p.relative_to(ROOT) for p in target.glob("*") if p.is_file() and p.suffix in {".py", ".pyi"})
        if args.check:
            stale = [
                str(p)
                for p in produced
                if not (ROOT / p).exists() or not filecmp.cmp(Path(tmp) / p, ROOT / p, shallow=False)
            ]
            stale += [str(p) for p in committed if p not in produced]
            if stale:
                print("generated code is stale, run `make proto`:", *stale, sep="\n  ", file=sys.stderr)
                return 1
            print("generated code is current")
            return 0
        for p in committed:
            if p not in produced:
                (ROOT / p).unlink()
        for p in produced:
            shutil.copyfile(Path(tmp) / p, ROOT / p)
        print(f"generated {len(produced)} files into {OUT_PACKAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
