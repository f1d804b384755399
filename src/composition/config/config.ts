import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '../../domain/errors/domain-errors';
import type { LlmProvider } from '../../domain/model-selection/model-selection';
import { envSchema, type RawEnv } from './config.schema';

export type SandboxKind = 'local' | 'docker' | 'daytona';

/** Configuration read once from the environment, validated, with MODE-dependent defaults applied. */
export interface Config {
  mode: 'local' | 'cloud';
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    maxConcurrency: number;
    tls: boolean;
    tlsCaPath?: string;
    tlsCertPath?: string;
    tlsKeyPath?: string;
    apiKey?: string;
    shutdownGraceMs: number;
    heartbeatIntervalMs: number;
  };
  backend: {
    endpoint: string;
    apiKey: string;
    tls: boolean;
    caPath?: string;
    timeoutMs: number;
    maxRetries: number;
  };
  execution: {
    statusFlushIntervalMs: number;
    maxToolResultChars: number;
    finalStatusRetryMs: number;
    recursionLimit: number;
    commandTimeoutMs: number;
    maxOutputBytes: number;
    sessionLockWaitMs: number;
    sessionLockTtlMs: number;
  };
  llm: {
    provider: LlmProvider;
    /** True when STIGMER_LLM_PROVIDER was set explicitly (the local stack may pick one otherwise). */
    providerExplicit: boolean;
    model: string;
    maxTokens: number;
    temperature?: number;
    ollamaBaseUrl?: string;
    baseUrl?: string;
    openaiBaseUrl?: string;
    anthropicBaseUrl?: string;
    stigmerApiKey?: string;
    openaiApiKey?: string;
    anthropicApiKey?: string;
    scriptPath?: string;
    maxRetries: number;
  };
  sandbox: {
    kind: SandboxKind;
    executionMode: 'local' | 'sandbox' | 'auto';
    rootDir: string;
    isolation: 'auto' | 'bubblewrap' | 'none';
    image: string;
    autoPull: boolean;
    cleanup: boolean;
    ttlSeconds: number;
    network: string;
    memoryMb: number;
    cpus: number;
    pidsLimit: number;
    user: string;
    daytona: {
      apiKey?: string;
      apiUrl?: string;
      target?: string;
      snapshotId?: string;
      image?: string;
      autoStopMinutes: number;
      readyTimeoutMs: number;
    };
  };
  skills: { root: string; cacheDir: string; downloadConcurrency: number };
  redis: {
    enabled: boolean;
    required: boolean;
    host: string;
    port: number;
    password?: string;
    tls: boolean;
    keyPrefix: string;
    conversationTtlSeconds: number;
    maxCheckpoints: number;
    streamMaxLen: number;
    streamTtlSeconds: number;
  };
  http: { port: number; host: string };
  dataDir: string;
  otlpEndpoint?: string;
}

/** The names of the variables holding secrets: their values are redacted from every log line. */
export const SECRET_VARIABLES = [
  'STIGMER_API_KEY',
  'STIGMER_LLM_API_KEY',
  'ANTHROPIC_API_KEY',
  'OPENAI_API_KEY',
  'REDIS_PASSWORD',
  'DAYTONA_API_KEY',
  'TEMPORAL_API_KEY',
] as const;

const LOG_LEVELS: Record<string, Config['logLevel']> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/** Parses and validates; throws ConfigurationError naming every bad variable and what it accepts. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      const given = present[name];
      const secret = (SECRET_VARIABLES as readonly string[]).includes(name);
      const shown = given === undefined || secret ? '' : ` (got "${given}")`;
      return `  ${name}: ${issue.message}${shown}`;
    });
    throw new ConfigurationError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return resolveConfig(parsed.data);
}

function resolveConfig(e: RawEnv): Config {
  const local = e.MODE === 'local';
  const provider: LlmProvider = e.STIGMER_LLM_PROVIDER ?? (local ? 'ollama' : 'anthropic');
  const sandboxKind = chooseSandbox(e, local);
  const apiKey = e.STIGMER_API_KEY ?? (local ? 'dummy-local-key' : undefined);
  if (!apiKey) {
    throw new ConfigurationError('invalid configuration:\n  STIGMER_API_KEY: required when MODE=cloud (set MODE=local for a local backend)');
  }
  const ollamaBaseUrl = e.OLLAMA_BASE_URL ?? (provider === 'ollama' ? e.STIGMER_LLM_BASE_URL : undefined) ?? (local ? 'http://localhost:11434' : undefined);
  const redisRequired = !local || e.AGENT_RUNNER_REPLICAS > 1;
  const dataDir = resolve(e.AGENT_RUNNER_DATA_DIR);
  return {
    mode: e.MODE,
    logLevel: LOG_LEVELS[e.LOG_LEVEL.toLowerCase()] ?? 'info',
    temporal: {
      address: e.TEMPORAL_SERVICE_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_AGENT_EXECUTION_RUNNER_TASK_QUEUE,
      maxConcurrency: e.TEMPORAL_MAX_CONCURRENCY,
      tls: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_API_KEY) || Boolean(e.TEMPORAL_TLS_CERT_PATH),
      tlsCaPath: e.TEMPORAL_TLS_CA_PATH,
      tlsCertPath: e.TEMPORAL_TLS_CERT_PATH,
      tlsKeyPath: e.TEMPORAL_TLS_KEY_PATH,
      apiKey: e.TEMPORAL_API_KEY,
      shutdownGraceMs: e.TEMPORAL_SHUTDOWN_GRACE_SECONDS * 1000,
      heartbeatIntervalMs: e.TEMPORAL_HEARTBEAT_INTERVAL_SECONDS * 1000,
    },
    backend: {
      endpoint: e.STIGMER_BACKEND_ENDPOINT ?? (local ? 'localhost:50051' : 'localhost:8080'),
      apiKey,
      tls: e.STIGMER_BACKEND_TLS || (e.STIGMER_BACKEND_ENDPOINT ?? '').endsWith(':443'),
      caPath: e.STIGMER_BACKEND_CA_PATH,
      timeoutMs: e.STIGMER_BACKEND_TIMEOUT_MS,
      maxRetries: e.STIGMER_BACKEND_MAX_RETRIES,
    },
    execution: {
      statusFlushIntervalMs: e.STATUS_FLUSH_INTERVAL_MS,
      maxToolResultChars: e.STATUS_MAX_TOOL_RESULT_CHARS,
      finalStatusRetryMs: e.STATUS_FINAL_RETRY_SECONDS * 1000,
      recursionLimit: e.AGENT_RECURSION_LIMIT,
      commandTimeoutMs: e.SANDBOX_COMMAND_TIMEOUT_SECONDS * 1000,
      maxOutputBytes: e.SANDBOX_MAX_OUTPUT_BYTES,
      sessionLockWaitMs: e.SESSION_LOCK_WAIT_SECONDS * 1000,
      sessionLockTtlMs: e.SESSION_LOCK_TTL_SECONDS * 1000,
    },
    llm: {
      provider,
      providerExplicit: e.STIGMER_LLM_PROVIDER !== undefined,
      model: e.STIGMER_LLM_MODEL ?? defaultModel(provider, local),
      maxTokens: e.STIGMER_LLM_MAX_TOKENS ?? (local ? 8192 : 20000),
      temperature: e.STIGMER_LLM_TEMPERATURE ?? (local ? 0 : undefined),
      ollamaBaseUrl,
      baseUrl: e.STIGMER_LLM_BASE_URL,
      openaiBaseUrl: e.OPENAI_BASE_URL ?? (provider === 'openai' ? e.STIGMER_LLM_BASE_URL : undefined),
      anthropicBaseUrl: e.ANTHROPIC_BASE_URL ?? (provider === 'anthropic' ? e.STIGMER_LLM_BASE_URL : undefined),
      stigmerApiKey: e.STIGMER_LLM_API_KEY,
      openaiApiKey: e.OPENAI_API_KEY,
      anthropicApiKey: e.ANTHROPIC_API_KEY,
      scriptPath: e.STIGMER_LLM_SCRIPT,
      maxRetries: e.STIGMER_LLM_MAX_RETRIES,
    },
    sandbox: {
      kind: sandboxKind,
      executionMode: e.STIGMER_EXECUTION_MODE,
      rootDir: resolve(e.SANDBOX_ROOT_DIR),
      isolation: e.SANDBOX_ISOLATION,
      image: e.STIGMER_SANDBOX_IMAGE,
      autoPull: e.STIGMER_SANDBOX_AUTO_PULL,
      cleanup: e.STIGMER_SANDBOX_CLEANUP,
      ttlSeconds: e.STIGMER_SANDBOX_TTL,
      network: e.STIGMER_SANDBOX_NETWORK,
      memoryMb: e.STIGMER_SANDBOX_MEMORY_MB,
      cpus: e.STIGMER_SANDBOX_CPUS,
      pidsLimit: e.STIGMER_SANDBOX_PIDS_LIMIT,
      user: e.STIGMER_SANDBOX_USER,
      daytona: {
        apiKey: e.DAYTONA_API_KEY,
        apiUrl: e.DAYTONA_API_URL,
        target: e.DAYTONA_TARGET,
        snapshotId: e.DAYTONA_DEV_TOOLS_SNAPSHOT_ID,
        image: e.DAYTONA_IMAGE,
        autoStopMinutes: e.DAYTONA_AUTO_STOP_MINUTES,
        readyTimeoutMs: e.DAYTONA_READY_TIMEOUT_SECONDS * 1000,
      },
    },
    skills: {
      root: e.SKILLS_ROOT,
      cacheDir: resolve(e.SKILL_CACHE_DIR ?? join(homedir(), '.cache', 'agent-runner', 'skills')),
      downloadConcurrency: e.SKILL_DOWNLOAD_CONCURRENCY,
    },
    redis: {
      enabled: redisRequired || e.REDIS_HOST !== undefined,
      required: redisRequired,
      host: e.REDIS_HOST ?? 'localhost',
      port: e.REDIS_PORT,
      password: e.REDIS_PASSWORD,
      tls: e.REDIS_TLS,
      keyPrefix: e.REDIS_KEY_PREFIX,
      conversationTtlSeconds: e.CONVERSATION_TTL_SECONDS,
      maxCheckpoints: e.CONVERSATION_MAX_CHECKPOINTS,
      streamMaxLen: e.LIVE_STREAM_MAX_LEN,
      streamTtlSeconds: e.LIVE_STREAM_TTL_SECONDS,
    },
    http: { port: e.AGENT_RUNNER_HTTP_PORT, host: e.AGENT_RUNNER_HTTP_HOST },
    dataDir,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
  };
}

/** SANDBOX_TYPE wins; otherwise the original's STIGMER_EXECUTION_MODE=sandbox|auto means containers; else by MODE. */
function chooseSandbox(e: RawEnv, local: boolean): SandboxKind {
  if (e.SANDBOX_TYPE === 'filesystem') return 'local';
  if (e.SANDBOX_TYPE) return e.SANDBOX_TYPE;
  if (e.STIGMER_EXECUTION_MODE !== 'local') return 'docker';
  return local ? 'local' : 'daytona';
}

function defaultModel(provider: LlmProvider, local: boolean): string {
  switch (provider) {
    case 'ollama':
      return 'qwen2.5-coder:7b';
    case 'anthropic':
      return 'claude-sonnet-4.5';
    case 'openai':
      return 'gpt-4o';
    case 'scripted':
      return local ? 'example' : 'example';
  }
}
