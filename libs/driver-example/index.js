// The package entry: the plugin is written in TypeScript and compiled with the rest of the tree into
// dist/ by `npm run build`; this file is required through the workspace link, so it resolves from here.
module.exports = require('../../dist/libs/driver-example/src/index.js');
