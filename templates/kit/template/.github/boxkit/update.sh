#!/usr/bin/env bash
# The job of .github/workflows/boxkit-update.yml, which you can also run by hand in the kit:
# it brings the newest boxkit template into the kit on the branch boxkit/update (made afresh
# from the branch you are on, which it never changes or pushes), commits it, and pushes the
# branch when it differs from the remote's. It leaves what the pull request needs in
# $BOXKIT_OUT: title.txt, body.md and labels.txt, written by boxkit in the kit's language,
# and conflicts.txt, one file a line. For the workflow it prints changed=true|false and
# conflicts=N (also into $GITHUB_OUTPUT).
set -euo pipefail

branch="${BOXKIT_BRANCH:-boxkit/update}"
remote="${BOXKIT_REMOTE:-origin}"
out="${BOXKIT_OUT:-$(mktemp -d)}"
mkdir -p "$out"

output() {
  echo "$1"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >> "$GITHUB_OUTPUT"; fi
}

git config user.name >/dev/null || git config user.name "boxkit update"
git config user.email >/dev/null || git config user.email "boxkit-update@users.noreply.github.com"
# The branch starts from the branch checked out (the default branch, in the workflow); run
# again on the update branch itself, it starts from the remote's default branch.
base=HEAD
if [ "$(git rev-parse --abbrev-ref HEAD)" = "$branch" ]; then
  base="$(git symbolic-ref --quiet --short "refs/remotes/$remote/HEAD" || echo "$remote/main")"
fi
git switch --quiet -C "$branch" "$base"

# GitHub's built-in token may not change workflow files: they are held back and listed.
status=0
boxkit update --no-input --hold-back .github/workflows --report "$out/report.json" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  exit "$status"
fi

python3 - "$out" <<'PY'
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])
report = json.loads((out / "report.json").read_text(encoding="utf-8"))
request = report["pull_request"]
(out / "title.txt").write_text(request["title"] + "\n", encoding="utf-8")
(out / "body.md").write_text(request["body"], encoding="utf-8")
(out / "labels.txt").write_text("".join(f"{label}\n" for label in request["labels"]),
                                encoding="utf-8")
(out / "conflicts.txt").write_text("".join(f"{name}\n" for name in report["conflicts"]),
                                   encoding="utf-8")
PY

if [ -z "$(git status --porcelain)" ]; then
  echo "The kit is up to date: nothing to do."
  output "changed=false"
  output "conflicts=0"
  exit 0
fi

git add -A
git commit --quiet -F "$out/title.txt"
if git fetch --quiet "$remote" "$branch" 2>/dev/null && git diff --quiet FETCH_HEAD HEAD; then
  echo "The branch $branch already holds this update."
else
  git push --quiet --force "$remote" "HEAD:refs/heads/$branch"
fi
output "changed=true"
output "conflicts=$(wc -l < "$out/conflicts.txt" | tr -d ' ')"
