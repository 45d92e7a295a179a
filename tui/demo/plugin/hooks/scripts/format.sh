#!/usr/bin/env bash
set -euo pipefail
cat > /dev/null
exit 0
