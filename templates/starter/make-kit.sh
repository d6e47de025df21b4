#!/usr/bin/env bash
# The job of .github/workflows/make-kit.yml: make the chapter's kit with `boxkit new` from
# the answers in KIT_COUNTRY, KIT_SCOPE, KIT_NAME, KIT_ORGANISATION, KIT_LANGUAGES (comma
# separated) and KIT_CONTACT, put its files into this repository, commit and push them.
set -euo pipefail

remote="${KIT_REMOTE:-origin}"
if [ -f .copier-answers.yml ]; then
  echo "::error::This repository already holds a kit; change it with boxkit update instead."
  exit 1
fi

work="$(mktemp -d)"
args=(new "$work/kit" --no-input)
if [ -n "${KIT_COUNTRY:-}" ]; then args+=(--country "$KIT_COUNTRY"); fi
if [ -n "${KIT_SCOPE:-}" ]; then args+=(--scope "$KIT_SCOPE"); fi
if [ -n "${KIT_NAME:-}" ]; then args+=(--name "$KIT_NAME"); fi
if [ -n "${KIT_ORGANISATION:-}" ]; then args+=(--organisation "$KIT_ORGANISATION"); fi
IFS=', ' read -r -a languages <<< "${KIT_LANGUAGES:-}"
for language in "${languages[@]}"; do
  if [ -n "$language" ]; then args+=(--locale "$language"); fi
done
if [ -n "${KIT_CONTACT:-}" ]; then args+=(-d "contact_email=$KIT_CONTACT"); fi
boxkit "${args[@]}"

# The kit's files, over this repository's: the kit's READMEs replace the starter's; the
# kit's own one-commit history is not needed here.
rm -rf "$work/kit/.git"
rm -f README.md README.*.md
cp -a "$work/kit/." .
git config user.name >/dev/null || git config user.name "boxkit"
git config user.email >/dev/null || git config user.email "boxkit@users.noreply.github.com"
git add -A
git commit --quiet -m "Make the chapter kit with boxkit"
git push --quiet "$remote" HEAD
echo "The kit is in this repository now. Read README.md to start."
