#!/usr/bin/env bash
# npm run conformance: only the real-client suites (python-ironicclient's `baremetal` CLI, openstacksdk for
# passthru and for the inspector API), against freshly built Ferrum processes.
set -euo pipefail
cd "$(dirname "$0")/../.."
node tools/build.mjs
exec node --experimental-vm-modules --no-warnings node_modules/jest/bin/jest.js --maxWorkers=1 --selectProjects e2e --testPathPatterns "e2e/cli/" "$@"
