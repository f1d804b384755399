import { PrometheusMetrics } from '../../src/adapters/observability/prometheus-metrics';

async function value(metrics: PrometheusMetrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return found?.value;
}

describe('PrometheusMetrics', () => {
  it('counts terminal executions by phase and observes their duration in seconds', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    metrics.executionStarted();
    metrics.executionStarted();
    metrics.executionFinished('COMPLETED', 1500);
    metrics.executionFinished('FAILED', 250);

    expect(await value(metrics, 'agent_runner_executions_total', { phase: 'COMPLETED' })).toBe(1);
    expect(await value(metrics, 'agent_runner_executions_total', { phase: 'FAILED' })).toBe(1);
    expect(await value(metrics, 'agent_runner_execution_duration_seconds', { phase: 'COMPLETED', le: '5' })).toBe(1);
    expect(await value(metrics, 'agent_runner_execution_duration_seconds', { phase: 'COMPLETED', le: '1' })).toBe(0);
  });

  it('tracks active executions and never goes below zero', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    metrics.executionStarted();
    metrics.executionStarted();
    expect(await value(metrics, 'agent_runner_active_executions')).toBe(2);
    metrics.executionFinished('CANCELLED', 10);
    expect(await value(metrics, 'agent_runner_active_executions')).toBe(1);
    metrics.executionFinished('COMPLETED', 10);
    metrics.executionFinished('COMPLETED', 10);
    expect(await value(metrics, 'agent_runner_active_executions')).toBe(0);
  });

  it('separates status flush outcomes and counts the failures', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    metrics.statusFlush(20, true);
    metrics.statusFlush(30, false);
    metrics.statusFlush(40, false);

    expect(await value(metrics, 'agent_runner_status_flush_duration_seconds', { outcome: 'ok', le: '+Inf' })).toBe(1);
    expect(await value(metrics, 'agent_runner_status_flush_duration_seconds', { outcome: 'error', le: '+Inf' })).toBe(2);
    expect(await value(metrics, 'agent_runner_status_flush_failures_total')).toBe(2);
  });

  it('labels sandbox acquisition by provider and reuse', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    metrics.sandboxAcquired('daytona', false, 40_000);
    metrics.sandboxAcquired('daytona', true, 300);
    metrics.sandboxAcquired('local', true, 5);

    const count = (labels: Record<string, string>) => value(metrics, 'agent_runner_sandbox_acquire_duration_seconds', { ...labels, le: '+Inf' });
    expect(await count({ provider: 'daytona', sandbox: 'new' })).toBe(1);
    expect(await count({ provider: 'daytona', sandbox: 'reused' })).toBe(1);
    expect(await count({ provider: 'local', sandbox: 'reused' })).toBe(1);
    expect(await count({ provider: 'local', sandbox: 'new' })).toBeUndefined();
  });

  it('records first token, skill install and heartbeat failures, ignoring non-finite durations', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    metrics.firstToken(800);
    metrics.firstToken(Number.NaN);
    metrics.skillsInstalled(1200);
    metrics.heartbeatFailed();
    metrics.heartbeatFailed();

    expect(await value(metrics, 'agent_runner_time_to_first_token_seconds', { le: '1' })).toBe(1);
    expect(await value(metrics, 'agent_runner_time_to_first_token_seconds', { le: '+Inf' })).toBe(1);
    expect(await value(metrics, 'agent_runner_skill_install_duration_seconds', { le: '2.5' })).toBe(1);
    expect(await value(metrics, 'agent_runner_heartbeat_failures_total')).toBe(2);
  });

  it('renders the Prometheus text format with process metrics on its own registry', async () => {
    const a = new PrometheusMetrics();
    const b = new PrometheusMetrics(); // a second instance must not collide with the first
    a.heartbeatFailed();

    const text = await a.render();
    expect(a.contentType).toMatch(/^text\/plain/);
    expect(text).toContain('# TYPE agent_runner_heartbeat_failures_total counter');
    expect(text).toMatch(/^agent_runner_heartbeat_failures_total 1$/m);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(await b.render()).toMatch(/^agent_runner_heartbeat_failures_total 0$/m);
  });
});
