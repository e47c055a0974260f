// The realtime client as another app gets it: installed under node_modules by its package
// name, imported through package.json's `exports`, with the .d.ts types tsc made from its JSDoc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const built = resolve('target/classes/web/js/realtime');

test('another project imports @chatmesh/realtime by name and finds its types', async () => {
  const app = mkdtempSync(join(tmpdir(), 'chatmesh-consumer-'));
  mkdirSync(join(app, 'node_modules', '@chatmesh'), { recursive: true });
  symlinkSync(built, join(app, 'node_modules', '@chatmesh', 'realtime'), 'dir');
  const pkg = JSON.parse(readFileSync(join(built, 'package.json'), 'utf8'));

  writeFileSync(join(app, 'index.mjs'), "export * from '@chatmesh/realtime';\n");
  const { RealtimeClient, isNewer } = await import(pathToFileURL(join(app, 'index.mjs')).href);

  assert.equal(typeof RealtimeClient, 'function');
  assert.equal(isNewer('9', '10'), true);
  const types = join(built, pkg.exports['.'].types);
  assert.ok(existsSync(types), `${types} was generated`);
  assert.match(readFileSync(types, 'utf8'), /export class RealtimeClient/);
});
