import type { McpServerDefinition } from '../../../domain/model/resources';
import { substitutePlaceholders } from './placeholders';

export interface HttpMcpConnection {
  transport: 'http';
  url: string;
  headers: Record<string, string>;
  /** Per-call timeout in ms (HttpServer.timeout_seconds). */
  defaultToolTimeout?: number;
}

export interface UnavailableMcpServer {
  name: string;
  reason: string;
}

export interface McpConnectionPlan {
  connections: Record<string, HttpMcpConnection>;
  /** Tools enabled per connectable server (empty list = every tool the server offers). */
  enabledTools: Record<string, string[]>;
  unavailable: UnavailableMcpServer[];
}

/**
 * Decides which MCP servers this run can use and how to reach them. HTTP servers get their `${VAR}`/`{{VAR}}`
 * placeholders (url, query parameters, headers) resolved from the merged environment. stdio and docker servers
 * would be started on the worker host, outside the sandbox, with the worker's privileges: they are never started
 * here, only reported as unavailable.
 */
export function planMcpConnections(servers: McpServerDefinition[], env: Record<string, string>): McpConnectionPlan {
  const plan: McpConnectionPlan = { connections: {}, enabledTools: {}, unavailable: [] };
  for (const server of servers) {
    const transport = server.transport;
    if (!transport) {
      plan.unavailable.push({ name: server.name, reason: 'no transport is configured (expected stdio, http or docker)' });
      continue;
    }
    if (transport.type !== 'http') {
      plan.unavailable.push({
        name: server.name,
        reason: `${transport.type} MCP servers are not started: they would run on the worker host instead of inside the sandbox`,
      });
      continue;
    }
    const missing = new Set<string>();
    const resolve = (text: string) => {
      const result = substitutePlaceholders(text, env);
      result.missing.forEach((name) => missing.add(name));
      return result.value;
    };
    const url = withQuery(resolve(transport.url), Object.entries(transport.queryParams).map(([k, v]) => [k, resolve(v)]));
    const headers = Object.fromEntries(Object.entries(transport.headers).map(([k, v]) => [k, resolve(v)]));
    if (missing.size > 0) {
      plan.unavailable.push({ name: server.name, reason: `its settings reference ${[...missing].sort().join(', ')}, not set in the execution environment` });
      continue;
    }
    if (!isHttpUrl(url)) {
      plan.unavailable.push({ name: server.name, reason: 'its url is not an http(s) URL' });
      continue;
    }
    plan.connections[server.name] = {
      transport: 'http',
      url,
      headers,
      ...(transport.timeoutSeconds > 0 && { defaultToolTimeout: transport.timeoutSeconds * 1000 }),
    };
    plan.enabledTools[server.name] = [...server.enabledTools];
  }
  return plan;
}

function withQuery(url: string, params: [string, string][]): string {
  if (params.length === 0) return url;
  try {
    const parsed = new URL(url);
    for (const [key, value] of params) parsed.searchParams.set(key, value);
    return parsed.toString();
  } catch {
    return url;
  }
}

function isHttpUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
