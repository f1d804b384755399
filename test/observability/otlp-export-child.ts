// Child process for tracing.test.ts: the OTLP/HTTP exporter loads node:http with a dynamic import(), which Jest's VM
// cannot run, so the real export path is exercised in plain Node. Usage: node -r @swc-node/register <this> <endpoint>
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTracingInterceptors } from '../../src/adapters/observability/tracing';

async function main(endpoint: string): Promise<void> {
  const tracing = createTracingInterceptors(endpoint, { registerGlobal: false, serviceVersion: '9.9.9' });
  const env = new MockActivityEnvironment({ activityType: 'EnsureThread' }, { interceptors: tracing.activityInterceptors });
  await env.run(async () => 'ok');
  await tracing.shutdown();
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
