// Reference side of Bulwark's PEP 440 differential test (tests/version_lang/differential_pep440_test.cpp).
// Usage: BULWARK_ORACLES=<dir with node_modules> node pep440-batch.js PAIRS_FILE
// PAIRS_FILE holds one "A<TAB>B" pair a line; for each pair this prints "validA<TAB>validB<TAB>cmp"
// using @renovatebot/pep440: valid is 1 or 0 (pep440.valid), cmp is -1, 0 or 1 (sign of
// pep440.compare) or "x" when either version is invalid. Exit status 3 when the reference is missing.
'use strict';

const fs = require('fs');
const path = require('path');

const base = process.env.BULWARK_ORACLES;
if (!base) {
  console.error('pep440-batch.js: BULWARK_ORACLES is not set');
  process.exit(3);
}
let pep440;
try {
  pep440 = require(path.join(base, 'node_modules', '@renovatebot', 'pep440'));
} catch (e) {
  console.error(`pep440-batch.js: cannot load @renovatebot/pep440 from ${base}: ${e.message}`);
  process.exit(3);
}
if (process.argv.length !== 3) {
  console.error('usage: node pep440-batch.js PAIRS_FILE');
  process.exit(2);
}

const out = [];
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line === '') continue;
  const [a, b] = line.split('\t');
  const va = pep440.valid(a) !== null;
  const vb = pep440.valid(b) !== null;
  const cmp = va && vb ? String(Math.sign(pep440.compare(a, b))) : 'x';
  out.push(`${va ? 1 : 0}\t${vb ? 1 : 0}\t${cmp}`);
}
process.stdout.write(out.join('\n') + '\n');
