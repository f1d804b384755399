import { describeError } from '../../../domain/errors/domain-errors';
import { loadConfig, SECRET_VARIABLES, type Config } from '../../config/config';
import { runBounded } from '../doctor/check';
import { doctorChecks } from '../doctor/doctor-checks';
import { DoctorReport } from '../doctor/report';

export interface DoctorOptions {
  /** Time limit of each network probe; the whole check is cut off a little later. Default 3 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;
/** Slack for a check's own cleanup after its probe timed out. */
const CHECK_SLACK_MS = 2_000;

/**
 * `agent-runner doctor`: validates the configuration, then probes every dependency the worker needs, as the worker
 * would reach it. Returns 0 when every required check passed, 1 otherwise. Nothing it prints contains a secret.
 */
export async function runDoctor(env: NodeJS.ProcessEnv, out: NodeJS.WritableStream, options: DoctorOptions = {}): Promise<number> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const report = new DoctorReport(out, secretValues(env));
  const configuration = { name: 'configuration', required: true };
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    report.add(configuration, {
      ok: false,
      problem: describeError(err),
      fix: 'correct the variables above (README.md, Configuration, lists every variable and the values it accepts)',
    });
    return report.finish();
  }
  report.add(configuration, { ok: true, detail: summary(config) });
  const checks = doctorChecks(config, env, timeoutMs);
  // All at once (each bounded), printed in a fixed order.
  const results = checks.map((check) => runBounded(check, timeoutMs + CHECK_SLACK_MS));
  for (const [i, check] of checks.entries()) report.add(check, await results[i]);
  return report.finish();
}

function summary(config: Config): string {
  const state = config.redis.enabled ? `Redis ${config.redis.host}:${config.redis.port}` : 'in memory';
  return `MODE=${config.mode}, sandbox ${config.sandbox.kind}, model ${config.llm.provider} ${config.llm.model}, state ${state}`;
}

/** The values of every secret variable, masked in the output whatever a driver or provider echoes back. */
function secretValues(env: NodeJS.ProcessEnv): string[] {
  return SECRET_VARIABLES.map((name) => env[name]).filter((value): value is string => typeof value === 'string' && value.length > 0);
}
