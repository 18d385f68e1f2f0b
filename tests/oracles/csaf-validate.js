#!/usr/bin/env node
// Conformance oracle for Bulwark's CSAF writers: @secvisogram/csaf-validator-lib (the npm package
// pinned in package.json, installed under $BULWARK_ORACLES/node_modules).
// Usage: node csaf-validate.js FILE...
// Runs the strict CSAF 2.0 schema test and every mandatory test (section 6.1) on each file and
// prints one JSON object a line: {"file","isValid","tests":N,"failed":[{"name","errors":[...]}]}.
// Exit status: 0 every file valid, 1 some file invalid or unreadable, 2 usage error, 3 no package.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

async function main() {
  const base = process.env.BULWARK_ORACLES;
  if (!base) {
    console.error('csaf-validate.js: BULWARK_ORACLES is not set');
    process.exit(3);
  }
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: csaf-validate.js FILE...');
    process.exit(2);
  }
  const lib = path.join(base, 'node_modules', '@secvisogram', 'csaf-validator-lib');
  const load = (f) => import(pathToFileURL(path.join(lib, f)).href);
  const validate = (await load('validate.js')).default;
  const schemaTests = await load('schemaTests.js');
  const mandatory = await load('mandatoryTests.js');
  const tests = [schemaTests.csaf_2_0_strict, ...Object.values(mandatory)];
  let rc = 0;
  for (const file of files) {
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      console.log(JSON.stringify({ file, isValid: false, error: String(e.message) }));
      rc = 1;
      continue;
    }
    const result = await validate(tests, doc);
    const failed = result.tests.filter((t) => !t.isValid).map((t) => ({ name: t.name, errors: t.errors }));
    console.log(JSON.stringify({ file, isValid: result.isValid, tests: result.tests.length, failed }));
    if (!result.isValid) rc = 1;
  }
  process.exit(rc);
}

main().catch((e) => {
  console.error('csaf-validate.js: ' + (e && e.stack ? e.stack : e));
  process.exit(3);
});
