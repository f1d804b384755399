import { RecordingMetrics } from '../../src/adapters/fakes/recording-metrics';
import { PrometheusMetrics } from '../../src/adapters/observability/prometheus-metrics';
import { describeMetricsContract, type MetricsReading } from './metrics.contract';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition into samples (comments skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const l of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

function sum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

describeMetricsContract('PrometheusMetrics', () => {
  const metrics = new PrometheusMetrics({ processMetrics: false });
  return {
    metrics,
    read: async (): Promise<MetricsReading> => {
      const samples = parseExposition(await metrics.render());
      const finished: Record<string, number> = {};
      for (const s of samples.filter((x) => x.name === 'agent_runner_executions_total')) finished[s.labels.phase] = s.value;
      const sandboxAcquisitions: Record<string, number> = {};
      for (const s of samples.filter((x) => x.name === 'agent_runner_sandbox_acquire_duration_seconds_count')) {
        sandboxAcquisitions[`${s.labels.provider}/${s.labels.sandbox}`] = s.value;
      }
      return {
        inFlight: sum(samples, 'agent_runner_active_executions'),
        finished,
        firstTokens: sum(samples, 'agent_runner_time_to_first_token_seconds_count'),
        statusFlushes: {
          ok: sum(samples, 'agent_runner_status_flush_duration_seconds_count', { outcome: 'ok' }),
          error: sum(samples, 'agent_runner_status_flush_duration_seconds_count', { outcome: 'error' }),
        },
        sandboxAcquisitions,
        skillInstalls: sum(samples, 'agent_runner_skill_install_duration_seconds_count'),
        heartbeatFailures: sum(samples, 'agent_runner_heartbeat_failures_total'),
      };
    },
  };
});

describeMetricsContract('RecordingMetrics', () => {
  const metrics = new RecordingMetrics();
  return {
    metrics,
    read: async (): Promise<MetricsReading> => {
      const finished: Record<string, number> = {};
      for (const f of metrics.finished) finished[f.phase] = (finished[f.phase] ?? 0) + 1;
      const sandboxAcquisitions: Record<string, number> = {};
      for (const s of metrics.sandboxes) {
        const key = `${s.provider}/${s.reused ? 'reused' : 'new'}`;
        sandboxAcquisitions[key] = (sandboxAcquisitions[key] ?? 0) + 1;
      }
      return {
        inFlight: Math.max(0, metrics.started - metrics.finished.length),
        finished,
        firstTokens: metrics.firstTokens.length,
        statusFlushes: { ok: metrics.flushes.filter((f) => f.ok).length, error: metrics.flushes.filter((f) => !f.ok).length },
        sandboxAcquisitions,
        skillInstalls: metrics.skillInstalls,
        heartbeatFailures: metrics.heartbeatFailures,
      };
    },
  };
});
