#!/usr/bin/env bash
set -euo pipefail
input=$(cat)
cmd=$(echo "$input" | jq -r '.tool_input.command // empty')
if [[ "$cmd" == *"rm -rf /"* ]]; then
  echo '{"decision": "block", "reason": "refusing rm -rf /"}' >&2
  exit 1
fi
exit 0
