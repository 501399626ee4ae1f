#!/usr/bin/env node
// Runs every test suite and ends with one plain line, `N passed, N failed, N skipped`, totalled
// over all suites: CI reads that line (vitest's own summary is not one it recognises).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'bw-tests-')), 'vitest.json');
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
  ...process.argv.slice(2),
];
const run = spawnSync('npx', args, { stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed = report.numPassedTests;
  // A file that failed without a failing test (it did not load, or a hook threw) counts once; the
  // suites around a failing test are not counted again.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  failed = report.numFailedTests + brokenFiles;
  skipped = report.numPendingTests + report.numTodoTests;
} catch {
  failed += 1;
  console.error('vitest wrote no report: counting the run as failed');
}
if (run.status !== 0 && failed === 0) failed = 1;

// The Python client's suite (standard library only), against a real server it starts itself.
if (!process.argv.slice(2).length) {
  console.log('\n== python3 -m unittest (clients/python)');
  const py = spawnSync('python3', ['-m', 'unittest', '-v'], {
    cwd: join(import.meta.dirname, '..', 'clients/python'),
    encoding: 'utf8',
  });
  process.stdout.write(py.stdout ?? '');
  process.stderr.write(py.stderr ?? '');
  const output = `${py.stdout ?? ''}${py.stderr ?? ''}`;
  const ran = Number(/Ran (\d+) tests?/.exec(output)?.[1] ?? 0);
  const bad = /FAILED \(([^)]*)\)/.exec(output)?.[1] ?? '';
  const pyFailed = [...bad.matchAll(/(?:failures|errors)=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  const pySkipped = Number(/skipped=(\d+)/.exec(output)?.[1] ?? 0);
  if (py.status !== 0 && pyFailed === 0) failed += 1;
  failed += pyFailed;
  skipped += pySkipped;
  passed += ran - pyFailed - pySkipped;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
