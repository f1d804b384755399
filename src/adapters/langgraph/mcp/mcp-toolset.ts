import type { StructuredTool } from '@langchain/core/tools';
import { MultiServerMCPClient } from '@langchain/mcp-adapters';
import type { McpServerDefinition } from '../../../domain/model/resources';
import { planMcpConnections, type UnavailableMcpServer } from './mcp-connections';

/** MCP tools available to one run, by server, plus what could not be made available and why. */
export interface McpToolset {
  byServer: Record<string, StructuredTool[]>;
  unavailable: UnavailableMcpServer[];
  /** Non-fatal problems worth telling the user (missing enabled tools, name collisions). */
  warnings: string[];
  close(): Promise<void>;
}

export interface McpConnectOptions {
  /** Built-in tool names an MCP tool may not shadow. */
  reservedNames: ReadonlySet<string>;
  timeoutMs: number;
  signal: AbortSignal;
}

export const EMPTY_TOOLSET: McpToolset = { byServer: {}, unavailable: [], warnings: [], close: async () => undefined };

/** Every MCP tool of the run (main agent). */
export function allMcpTools(toolset: McpToolset): StructuredTool[] {
  return Object.values(toolset.byServer).flat();
}

/** A sub-agent's MCP tools: per server, the listed tools, or all of the server's tools for an empty list. */
export function selectMcpTools(toolset: McpToolset, selection: Record<string, string[]>): StructuredTool[] {
  return Object.entries(selection).flatMap(([server, names]) => {
    const tools = toolset.byServer[server] ?? [];
    return names.length === 0 ? tools : tools.filter((tool) => names.includes(tool.name));
  });
}

/**
 * Connects to the run's HTTP MCP servers and loads their tools. A server that cannot be reached is reported as
 * unavailable; the run goes on without it rather than failing.
 */
export async function connectMcpServers(servers: McpServerDefinition[], env: Record<string, string>, options: McpConnectOptions): Promise<McpToolset> {
  const plan = planMcpConnections(servers, env);
  const names = Object.keys(plan.connections);
  if (names.length === 0) return { ...EMPTY_TOOLSET, unavailable: plan.unavailable };

  const unavailable = [...plan.unavailable];
  const client = new MultiServerMCPClient({
    mcpServers: plan.connections,
    prefixToolNameWithServerName: false,
    throwOnLoadError: false,
    // Must return nothing: the client validates this callback's return type.
    onConnectionError: ({ serverName, error }) => {
      unavailable.push({ name: serverName, reason: `could not connect (${connectionFailure(error)})` });
    },
  });
  let loaded: Record<string, StructuredTool[]>;
  try {
    loaded = await withDeadline(client.initializeConnections(), options.timeoutMs, options.signal);
  } catch (err) {
    await client.close().catch(() => undefined);
    options.signal.throwIfAborted();
    return { ...EMPTY_TOOLSET, unavailable: [...unavailable, ...names.map((name) => ({ name, reason: connectionFailure(err) }))] };
  }

  const warnings: string[] = [];
  const taken = new Set(options.reservedNames);
  const byServer: Record<string, StructuredTool[]> = {};
  for (const name of names) {
    if (!loaded[name]) continue;
    const enabled = plan.enabledTools[name];
    const offered = loaded[name].filter((tool) => enabled.length === 0 || enabled.includes(tool.name));
    const notOffered = enabled.filter((tool) => !loaded[name].some((t) => t.name === tool));
    if (notOffered.length > 0) warnings.push(`MCP server ${name} does not offer the enabled tool(s) ${notOffered.join(', ')}`);
    byServer[name] = offered.filter((tool) => {
      if (!taken.has(tool.name)) return taken.add(tool.name);
      warnings.push(`MCP tool ${tool.name} from server ${name} was left out: another tool already has that name`);
      return false;
    });
  }
  return { byServer, unavailable, warnings, close: () => client.close() };
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** A short reason without URLs or headers (they may carry credentials resolved from the environment). */
function connectionFailure(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, status } = current as { code?: unknown; status?: unknown };
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    if (typeof status === 'number') return `HTTP ${status}`;
    current = (current as { cause?: unknown }).cause;
  }
  const message = error instanceof Error ? error.message : '';
  const http = /\b(?:HTTP|status|code)\D{0,3}([45]\d\d)\b/i.exec(message);
  if (http) return `HTTP ${http[1]}`;
  if (message.includes('fetch failed')) return 'no answer from the server';
  return message.startsWith('no answer within') ? message : 'connection failed';
}
