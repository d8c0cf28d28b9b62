#!/usr/bin/env bash
# Regenerates everything `npm run generate` writes and fails if the working tree then differs from
# git: the committed module, its HCL form, README tables and installs.schema.json must be exactly
# what the generation makes. (Types are `npm run typecheck`'s, which CI runs too.)
set -euo pipefail
cd "$(dirname "$0")/../.."
# The generation's own output only when it fails (an error must be seen, not just its exit code).
if ! generation=$(npm run --silent generate 2>&1); then
  echo "$generation" >&2
  echo "npm run generate failed: fix the errors above; the generated files could not be checked." >&2
  exit 1
fi
changes=$(git status --porcelain --untracked-files=all)
if [ -n "$changes" ]; then
  echo "Generated files are out of date with the TypeScript that defines them:" >&2
  echo "$changes" >&2
  git --no-pager diff --stat >&2
  echo "Run 'npm run generate' and commit the result." >&2
  exit 1
fi
echo "Generated files are up to date."
