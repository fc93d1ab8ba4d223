import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentCompiledLauncher } from './compiled-build';

describe('npm start after npm run build', () => {
  it('runs the compiled launcher only while it belongs to the Next build on disk', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'paved-checkout-'));
    // A fresh clone: nothing built, so the launcher from source (which builds once).
    expect(currentCompiledLauncher(root)).toBeNull();
    mkdirSync(path.join(root, '.next'));
    mkdirSync(path.join(root, 'dist'));
    writeFileSync(path.join(root, '.next/BUILD_ID'), 'build-1\n');
    writeFileSync(path.join(root, 'dist/start.mjs'), '');
    // dist/ from before stamps existed.
    expect(currentCompiledLauncher(root)).toBeNull();
    writeFileSync(path.join(root, 'dist/BUILD_ID'), 'build-1');
    expect(currentCompiledLauncher(root)).toBe(path.join(root, 'dist/start.mjs'));
    // Another build since (the quickstart's own `next build`): the compiled launcher is stale.
    writeFileSync(path.join(root, '.next/BUILD_ID'), 'build-2');
    expect(currentCompiledLauncher(root)).toBeNull();
  });
});
