// Runs every benchmark under bench/ (each folder's index.ts) one after another, with tsx.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const only = process.argv.slice(2);
const dirs = fs
  .readdirSync(__dirname, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(__dirname, d.name, 'index.ts')))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name));

let failed = false;
for (const name of dirs) {
  console.log(`\n== bench/${name}`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, name, 'index.ts')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
