#!/usr/bin/env node
// Differential-test oracle for Bulwark's CVSS calculators: ae-cvss-calculator (the npm package
// pinned in package.json, installed under $BULWARK_ORACLES/node_modules).
// Usage: node cvss-batch.js VECTORS_FILE
// VECTORS_FILE holds one vector a line; for each line prints one JSON object with the scores
// ae.fromVector(v).calculateScores() reports, rounded to one decimal:
//   {"version","base","temporal"?,"threat"?,"environmental"?,"overall","baseMetricsOnly"?(v4)}
// or {"error"} when the package rejects the vector. For v4.0, ae's "base"/"overall" is the
// vector's CVSS-B/BT/BE/BTE score, "baseMetricsOnly" its CVSS-B, "threat" base+threat metrics
// and "environmental" base+environmental metrics.
'use strict';
const fs = require('fs');
const path = require('path');

const base = process.env.BULWARK_ORACLES;
if (!base) {
  console.error('cvss-batch.js: BULWARK_ORACLES is not set');
  process.exit(3);
}
const ae = require(path.join(base, 'node_modules', 'ae-cvss-calculator'));

const file = process.argv[2];
if (!file) {
  console.error('usage: node cvss-batch.js VECTORS_FILE');
  process.exit(3);
}
const r1 = (x) => Math.round(x * 10) / 10;
const out = [];
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  if (line === '') continue;
  let row;
  try {
    const o = ae.fromVector(line);
    if (!o) {
      row = { error: 'unrecognised vector' };
    } else {
      const s = o.calculateScores();
      row = { version: o.getVectorName().replace('CVSS:', '') };
      for (const k of ['base', 'temporal', 'threat', 'environmental', 'overall', 'baseMetricsOnly']) {
        if (k in s && s[k] !== undefined) row[k] = r1(s[k]);
      }
    }
  } catch (e) {
    row = { error: String((e && e.message) || e) };
  }
  out.push(JSON.stringify(row));
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
