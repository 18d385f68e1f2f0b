// Drives the real Dependency-Track npm client (@dependency-track/bom) against a server:
// uploads a BOM and waits with the client's own token polling, then reads metrics and findings.
// Usage: node upload.js BASE_URL API_KEY PROJECT VERSION BOM_FILE OUT_PREFIX
const fs = require('fs');
const dt = require('@dependency-track/bom');
const {config} = require('@dependency-track/bom/config');

const [baseUrl, apiKey, projectName, projectVersion, bomFile, out] = process.argv.slice(2);
Object.assign(config, {baseUrl, apiKey, projectName, projectVersion, bomFilepath: bomFile,
                       waitUntilBomProcessingComplete: true, failOnError: true});

(async () => {
  const upload = await dt.uploadbom();
  if (!upload || !upload.token) throw new Error('no token in the upload response');
  const metrics = await dt.metrics();
  const findings = await dt.findings();
  fs.writeFileSync(`${out}-dt-metrics.json`, JSON.stringify(metrics, null, 2) + '\n');
  fs.writeFileSync(`${out}-dt-findings.json`, JSON.stringify(findings, null, 2) + '\n');
  console.log(`dt-client: token ${upload.token}; ${findings.length} findings; critical ${metrics.critical}, high ${metrics.high}`);
})().catch((e) => {
  console.error('dt-client:', e.message, e.response ? e.response.status : '');
  process.exit(1);
});
