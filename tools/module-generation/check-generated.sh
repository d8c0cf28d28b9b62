#!/usr/bin/env bash
# Regenerates everything `npm run build` writes and fails if the working tree then differs from
# git: the committed module, its HCL form, README tables and installs.schema.json must be exactly
# what the build makes.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The build's own output only when it fails (a compile error must be seen, not just its exit code).
if ! build=$(npm run --silent build 2>&1); then
  echo "$build" >&2
  echo "npm run build failed: fix the errors above; the generated files could not be checked." >&2
  exit 1
fi
changes=$(git status --porcelain --untracked-files=all)
if [ -n "$changes" ]; then
  echo "Generated files are out of date with the TypeScript that defines them:" >&2
  echo "$changes" >&2
  git --no-pager diff --stat >&2
  echo "Run 'npm run build' and commit the result." >&2
  exit 1
fi
echo "Generated files are up to date."
