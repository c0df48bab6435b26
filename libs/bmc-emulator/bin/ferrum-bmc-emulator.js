#!/usr/bin/env node
// The CLI lives in the swc build (`npm run build` writes dist/); this shim only finds it.
require('../../../dist/libs/bmc-emulator/src/main.js');
