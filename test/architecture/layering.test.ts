import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '../..');
const depcruise = join(repo, 'node_modules/.bin/depcruise');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs dependency-cruiser with the project's own layering rules rooted at `root`; returns the violations. */
function cruise(root: string): Violation[] {
  const dir = mkdtempSync(join(tmpdir(), 'layering-'));
  const config = join(dir, 'rules.js');
  writeFileSync(
    config,
    `const { layeringRules } = require(${JSON.stringify(join(repo, 'scripts/layering-rules.js'))});\n` +
      `module.exports = { forbidden: layeringRules(${JSON.stringify(root)}), options: { tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' } } };\n`,
  );
  let out: string;
  try {
    out = execFileSync(depcruise, [root, '--config', config, '--output-type', 'json'], { cwd: repo, encoding: 'utf8' });
  } catch (err) {
    // depcruise exits non-zero when it finds violations; its JSON report is still on stdout.
    out = (err as { stdout: string }).stdout;
  }
  return JSON.parse(out).summary.violations as Violation[];
}

describe('layering rule', () => {
  const fixture = 'test/fixtures/layering/src';

  it('reports every kind of violation in a fixture that breaks the rules', () => {
    const found = cruise(fixture).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        `domain-is-pure: ${fixture}/domain/leaky-rule.ts -> ${fixture}/adapters/alpha/alpha-thing.ts`,
        `domain-no-node-builtins: ${fixture}/domain/leaky-rule.ts -> fs`,
        `ports-only-domain: ${fixture}/ports/leaky.port.ts -> ${fixture}/adapters/alpha/alpha-thing.ts`,
        `adapter-isolation: ${fixture}/adapters/alpha/alpha-thing.ts -> ${fixture}/adapters/beta/beta-internal.ts`,
        `adapters-not-composition: ${fixture}/adapters/beta/beta-internal.ts -> ${fixture}/composition/wiring.ts`,
        `application-only-domain-and-ports: ${fixture}/application/use-case.ts -> ${fixture}/adapters/alpha/alpha-thing.ts`,
      ]),
    );
  });

  it('does not flag a pure domain module', () => {
    const flagged = cruise(fixture).filter((v) => v.from.endsWith('pure-rule.ts'));
    expect(flagged).toEqual([]);
  });

  it('finds no violation in the real source tree', () => {
    expect(cruise('src')).toEqual([]);
  }, 120_000);
});
