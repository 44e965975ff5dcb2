#!/usr/bin/env node
'use strict';

/**
 * `npm run build:client`: the client's ESM and CJS builds with their .d.ts, by tsc alone. The
 * package is `"type": "commonjs"`, so each output folder gets a package.json that tells Node
 * (and TypeScript's node16 resolution) which module format its .js files are.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'client');
const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });

fs.rmSync(OUT, { recursive: true, force: true });
for (const [config, type] of [
  ['tsconfig.esm.json', 'module'],
  ['tsconfig.cjs.json', 'commonjs'],
]) {
  execFileSync(process.execPath, [tsc, '-p', path.join(__dirname, config)], { stdio: 'inherit' });
  const dir = path.join(OUT, type === 'module' ? 'esm' : 'cjs');
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
}
console.log(`client built: ${path.relative(ROOT, OUT)}/{esm,cjs}`);
