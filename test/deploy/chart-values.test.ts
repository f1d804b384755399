import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, SECRET_VARIABLES } from '../../src/composition/config/config';
import { envSchema } from '../../src/composition/config/config.schema';

/** Static checks of the Helm chart and Dockerfile against the runner's configuration schema (no helm needed). */
const root = join(__dirname, '..', '..');
const chart = join(root, 'charts', 'agent-runner');
const known = new Set(Object.keys(envSchema.shape));

type Values = {
  replicaCount: number;
  terminationGracePeriodSeconds: number;
  config: Record<string, string | number | null>;
  secrets: { keys: Record<string, string> };
  autoscaling: { enabled: boolean; maxReplicas: number };
  serviceMonitor: { enabled: boolean };
};

const readValues = (file: string): Values => parse(readFileSync(join(chart, file), 'utf8')) as Values;
const defaults = readValues('values.yaml');
const production = readValues('values-daytona-production.yaml');
/** Helm merges a values file over values.yaml map by map. */
const merged: Values = {
  ...defaults,
  ...production,
  config: { ...defaults.config, ...production.config },
  secrets: { ...defaults.secrets, ...production.secrets },
  autoscaling: { ...defaults.autoscaling, ...production.autoscaling },
  serviceMonitor: { ...defaults.serviceMonitor, ...production.serviceMonitor },
};

/** The keys the chart sets itself (the dict in _helpers.tpl's configData). */
function chartOwnedKeys(): string[] {
  const helpers = readFileSync(join(chart, 'templates', '_helpers.tpl'), 'utf8');
  const block = helpers.slice(helpers.indexOf('define "agent-runner.configData"'));
  return [...block.matchAll(/"([A-Z][A-Z0-9_]+)"/g)].map((m) => m[1]);
}

/** What the pod's environment holds: the rendered ConfigMap (non-empty values) plus stand-in secrets. */
function podEnv(values: Values): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(values.config)) if (v !== null && String(v) !== '') env[k] = String(v);
  Object.assign(env, { AGENT_RUNNER_HTTP_HOST: '0.0.0.0', AGENT_RUNNER_HTTP_PORT: '9464', SANDBOX_ROOT_DIR: '/workspace' });
  env.AGENT_RUNNER_REPLICAS ??= String(values.autoscaling.enabled ? Math.max(values.replicaCount, values.autoscaling.maxReplicas) : values.replicaCount);
  for (const name of Object.keys(values.secrets.keys)) env[name] = 'stand-in-secret';
  return env;
}

describe('Helm chart values', () => {
  it.each([
    ['values.yaml', defaults.config],
    ['values-daytona-production.yaml', production.config],
  ])('%s only sets variables the runner reads', (_file, config) => {
    expect(Object.keys(config).filter((k) => !known.has(k))).toEqual([]);
  });

  it('sets only known variables itself', () => {
    const owned = chartOwnedKeys();
    expect(owned).toEqual(expect.arrayContaining(['AGENT_RUNNER_HTTP_PORT', 'SANDBOX_ROOT_DIR', 'AGENT_RUNNER_REPLICAS']));
    expect(owned.filter((k) => !known.has(k))).toEqual([]);
  });

  it('reads exactly the secret variables from the Secret and keeps them out of the ConfigMap', () => {
    expect(Object.keys(defaults.secrets.keys).sort()).toEqual([...SECRET_VARIABLES].sort());
    for (const config of [defaults.config, production.config]) {
      expect(Object.keys(config).filter((k) => (SECRET_VARIABLES as readonly string[]).includes(k))).toEqual([]);
    }
  });

  it.each([
    ['default', defaults],
    ['production', merged],
  ])('%s values give the worker longer to stop than its drain grace', (_name, values) => {
    expect(values.terminationGracePeriodSeconds).toBeGreaterThan(Number(values.config.TEMPORAL_SHUTDOWN_GRACE_SECONDS ?? 30));
  });

  it('default values load as a valid cloud configuration', () => {
    const config = loadConfig(podEnv(defaults));
    expect(config.mode).toBe('cloud');
    expect(config.http.port).toBe(9464);
    expect(config.temporal.taskQueue).toBe('agent_execution_runner');
  });

  it('production values load as cloud + Daytona + Redis with the replica count they deploy', () => {
    const config = loadConfig(podEnv(merged));
    expect(config.mode).toBe('cloud');
    expect(config.sandbox.kind).toBe('daytona');
    expect(config.redis.required).toBe(true);
    expect(config.redis.host).toBe(merged.config.REDIS_HOST);
    expect(Number(merged.config.AGENT_RUNNER_REPLICAS)).toBe(merged.replicaCount);
    expect(merged.replicaCount).toBe(3);
    expect(merged.autoscaling.enabled).toBe(true);
    expect(merged.serviceMonitor.enabled).toBe(true);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('sets only variables the runner reads (besides NODE_ENV and HOME)', () => {
    const envBlock = dockerfile.slice(dockerfile.lastIndexOf('\nENV '));
    const names = [...envBlock.matchAll(/\b([A-Z][A-Z0-9_]+)=/g)].map((m) => m[1]).filter((n) => n !== 'NODE_ENV' && n !== 'HOME');
    expect(names).toEqual(expect.arrayContaining(['SANDBOX_ROOT_DIR', 'AGENT_RUNNER_HTTP_PORT']));
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });

  it('runs the worker under tini as uid 10001 with a /healthz health check', () => {
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["tini", "--", "node", "bin\/agent-runner\.js"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["worker"\]$/m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(readFileSync(join(root, 'docker', 'healthcheck.js'), 'utf8')).toContain("path: '/healthz'");
  });
});
