#!/usr/bin/env node
// Differential-test oracle for Bulwark's npm version scheme: node-semver (the npm `semver`
// package pinned in package.json, installed under $BULWARK_ORACLES/node_modules).
// Usage: node semver-batch.js PAIRS_FILE
// PAIRS_FILE holds one JSON array [a, b] per line; for each line prints one JSON array
// [aValid, bValid, cmp] where aValid/bValid say whether new SemVer(x) (loose=false) accepts the
// string and cmp is semver.compare(a, b) (-1, 0, 1) or null when either is invalid.
'use strict';
const fs = require('fs');
const path = require('path');

const base = process.env.BULWARK_ORACLES;
if (!base) {
  console.error('semver-batch.js: BULWARK_ORACLES is not set');
  process.exit(3);
}
const semver = require(path.join(base, 'node_modules', 'semver'));

const file = process.argv[2];
if (!file) {
  console.error('usage: node semver-batch.js PAIRS_FILE');
  process.exit(3);
}
const out = [];
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  if (line === '') continue;
  const [a, b] = JSON.parse(line);
  const va = semver.valid(a) !== null;
  const vb = semver.valid(b) !== null;
  let cmp = null;
  if (va && vb) cmp = semver.compare(a, b);
  out.push(JSON.stringify([va, vb, cmp]));
}
process.stdout.write(out.join('\n') + '\n');
