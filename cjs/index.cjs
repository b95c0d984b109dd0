// `require('descent')` from CommonJS. descent is an ES module; Node 20.19 and later load one with
// require() (the same module instance an import gets), so this file hands it over. Older Node
// versions refuse, and the error below says what to write instead of Node's bare ERR_REQUIRE_ESM.
'use strict';
/* global module, require */

const REFUSED = new Set(['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE']);

try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the one require of this CommonJS entry
  module.exports = require('../dist/index.js');
} catch (error) {
  if (error === null || typeof error !== 'object' || !REFUSED.has(error.code)) throw error;
  const message =
    `descent is an ES module, and this Node (${process.version}) does not load ES modules with require() (Node 20.19 and later do, by default). ` +
    "Either load it with import: const { tensor } = await import('descent'); " +
    'or make your project an ES module: add "type": "module" to its package.json and write import { tensor } from \'descent\'.';
  const refused = new Error(message);
  refused.code = 'ERR_REQUIRE_ESM';
  throw refused;
}
