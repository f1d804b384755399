import { z } from 'zod';

/**
 * Every variable the original Python runner reads (contract §5.4), same names and defaults, plus ours.
 * Defaults that depend on MODE are filled in by `loadConfig`, not here.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'TRUE', 'FALSE', 'True', 'False'])
  .transform((v) => ['true', '1', 'yes'].includes(v.toLowerCase()));
const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
const num = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));
const hostPort = z.string().regex(/^[^\s/:]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/, 'must be host:port, without a scheme');
const url = z.url({ message: 'must be a URL such as http://localhost:11434' });

export const envSchema = z.object({
  // --- the original runner's variables ---
  MODE: z.enum(['local', 'cloud']).default('cloud'),
  TEMPORAL_SERVICE_ADDRESS: hostPort.default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_AGENT_EXECUTION_RUNNER_TASK_QUEUE: z.string().min(1).default('agent_execution_runner'),
  TEMPORAL_MAX_CONCURRENCY: int(1, 1000).default(10),
  STIGMER_BACKEND_ENDPOINT: hostPort.optional(),
  STIGMER_API_KEY: z.string().min(1).optional(),
  STIGMER_LLM_PROVIDER: z.enum(['anthropic', 'ollama', 'openai', 'scripted']).optional(),
  STIGMER_LLM_MODEL: z.string().min(1).optional(),
  OLLAMA_BASE_URL: url.optional(),
  STIGMER_LLM_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  STIGMER_LLM_MAX_TOKENS: int(1, 1_000_000).optional(),
  STIGMER_LLM_TEMPERATURE: num(0, 2).optional(),
  STIGMER_EXECUTION_MODE: z.enum(['local', 'sandbox', 'auto']).default('local'),
  STIGMER_SANDBOX_IMAGE: z.string().min(1).default('ghcr.io/stigmer/agent-sandbox-basic:latest'),
  STIGMER_SANDBOX_AUTO_PULL: bool.default(true),
  STIGMER_SANDBOX_CLEANUP: bool.default(true),
  STIGMER_SANDBOX_TTL: int(0).default(3600),
  SANDBOX_TYPE: z.enum(['filesystem', 'docker', 'daytona']).optional(),
  SANDBOX_ROOT_DIR: z.string().min(1).default('./workspace'),
  REDIS_HOST: z.string().min(1).optional(),
  REDIS_PORT: int(1, 65535).default(6379),
  REDIS_PASSWORD: z.string().min(1).optional(),
  DAYTONA_API_KEY: z.string().min(1).optional(),
  DAYTONA_DEV_TOOLS_SNAPSHOT_ID: z.string().min(1).optional(),
  LOG_LEVEL: z
    .enum(['DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'debug', 'info', 'warning', 'warn', 'error', 'trace', 'TRACE', 'fatal', 'FATAL'])
    .default('INFO'),

  // --- ours: Temporal ---
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_SHUTDOWN_GRACE_SECONDS: int(0, 3600).default(30),
  TEMPORAL_HEARTBEAT_INTERVAL_SECONDS: int(1, 25).default(5),

  // --- ours: backend ---
  STIGMER_BACKEND_TLS: bool.default(false),
  STIGMER_BACKEND_CA_PATH: z.string().min(1).optional(),
  STIGMER_BACKEND_TIMEOUT_MS: int(100, 600_000).default(15_000),
  STIGMER_BACKEND_MAX_RETRIES: int(0, 100).default(6),

  // --- ours: execution ---
  STATUS_FLUSH_INTERVAL_MS: int(0, 60_000).default(1000),
  STATUS_MAX_TOOL_RESULT_CHARS: int(256, 1_000_000).default(16_384),
  STATUS_FINAL_RETRY_SECONDS: int(0, 3600).default(120),
  AGENT_RECURSION_LIMIT: int(1, 100_000).default(1000),
  SANDBOX_COMMAND_TIMEOUT_SECONDS: int(1, 86_400).default(300),
  SANDBOX_MAX_OUTPUT_BYTES: int(1024, 100 * 1024 * 1024).default(262_144),
  SESSION_LOCK_WAIT_SECONDS: int(0, 3600).default(120),
  SESSION_LOCK_TTL_SECONDS: int(2, 3600).default(30),

  // --- ours: LLM ---
  STIGMER_LLM_BASE_URL: url.optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: url.optional(),
  ANTHROPIC_BASE_URL: url.optional(),
  STIGMER_LLM_SCRIPT: z.string().min(1).optional(),
  STIGMER_LLM_MAX_RETRIES: int(0, 20).default(3),

  // --- ours: sandboxes and skills ---
  STIGMER_SANDBOX_NETWORK: z.string().min(1).default('bridge'),
  STIGMER_SANDBOX_MEMORY_MB: int(64).default(2048),
  STIGMER_SANDBOX_CPUS: num(0.1, 256).default(1),
  STIGMER_SANDBOX_PIDS_LIMIT: int(16).default(512),
  STIGMER_SANDBOX_USER: z.string().min(1).default('1000:1000'),
  SANDBOX_ISOLATION: z.enum(['auto', 'bubblewrap', 'none']).default('auto'),
  DAYTONA_API_URL: url.optional(),
  DAYTONA_TARGET: z.string().min(1).optional(),
  DAYTONA_IMAGE: z.string().min(1).optional(),
  DAYTONA_AUTO_STOP_MINUTES: int(0, 10_080).default(15),
  DAYTONA_READY_TIMEOUT_SECONDS: int(1, 3600).default(180),
  SKILLS_ROOT: z.string().startsWith('/').default('/bin/skills'),
  SKILL_CACHE_DIR: z.string().min(1).optional(),
  SKILL_DOWNLOAD_CONCURRENCY: int(1, 64).default(4),

  // --- ours: Redis ---
  REDIS_TLS: bool.default(false),
  REDIS_KEY_PREFIX: z.string().default('agent-runner:'),
  AGENT_RUNNER_REPLICAS: int(1, 10_000).default(1),
  CONVERSATION_TTL_SECONDS: int(60).default(7 * 24 * 3600),
  CONVERSATION_MAX_CHECKPOINTS: int(1, 100_000).default(200),
  LIVE_STREAM_MAX_LEN: int(100, 10_000_000).default(10_000),
  LIVE_STREAM_TTL_SECONDS: int(60).default(24 * 3600),

  // --- ours: process ---
  AGENT_RUNNER_HTTP_PORT: int(0, 65535).default(9464),
  AGENT_RUNNER_HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  AGENT_RUNNER_DATA_DIR: z.string().min(1).default('./.agent-runner'),
  OTEL_EXPORTER_OTLP_ENDPOINT: url.optional(),
});

export type RawEnv = z.infer<typeof envSchema>;
