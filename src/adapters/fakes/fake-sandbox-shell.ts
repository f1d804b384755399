/**
 * The tiny shell the fake sandbox understands. It is deliberately small and documented so a test knows exactly
 * what it can rely on; anything else exits 127 with "command not found" (tests can script more through
 * FakeSandbox.commandHandler).
 *
 * Syntax: words separated by blanks; '…' is literal; "…" and bare words expand $NAME and ${NAME}; lists joined by
 * `;`, newline, `&&`, `||`; redirections `>FILE`, `>>FILE`, `>&2`, `1>&2`, `2>&1`, `2>/dev/null` (stderr and stdout
 * share the output, so `2>&1` changes nothing).
 *
 * Commands: echo [-n], printf FORMAT [ARGS] (%s %d %%, \n \t \\), cat FILE…, exit [N], true, false, sleep SECONDS,
 * pwd, cd DIR, env, printenv NAME, test / [ ] with -e -f -d -x -n -z = != !, mkdir [-p] DIR…, rm [-r] [-f] PATH…,
 * ls [DIR], chmod MODE PATH.
 */
import { posix } from 'node:path';

export interface FakeFile {
  content: Uint8Array;
  mode: number;
}

/** The in-memory file system the shell and the sandbox share. Paths are absolute and normalised. */
export class FakeFileSystem {
  readonly files = new Map<string, FakeFile>();
  readonly dirs = new Set<string>(['/']);

  mkdirp(dir: string): void {
    for (let d = dir; !this.dirs.has(d); d = posix.dirname(d)) this.dirs.add(d);
  }
  write(path: string, content: Uint8Array, mode = 0o644): void {
    this.mkdirp(posix.dirname(path));
    this.files.set(path, { content, mode });
  }
  exists(path: string): boolean {
    return this.files.has(path) || this.dirs.has(path);
  }
  remove(path: string): void {
    this.files.delete(path);
    this.dirs.delete(path);
    for (const key of [...this.files.keys()]) if (key.startsWith(`${path}/`)) this.files.delete(key);
    for (const key of [...this.dirs]) if (key.startsWith(`${path}/`)) this.dirs.delete(key);
  }
  list(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const key of [...this.files.keys(), ...this.dirs]) {
      if (key.startsWith(prefix) && key !== dir) names.add(key.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }
}

export interface ShellContext {
  fs: FakeFileSystem;
  cwd: string;
  env: Record<string, string>;
  /** Appends to the combined output (the sandbox caps it). */
  write(text: string | Uint8Array): void;
  /** Resolves after `ms` or rejects when the command is stopped (timeout or abort). */
  sleep(ms: number): Promise<void>;
}

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

interface SimpleCommand {
  argv: string[];
  stdoutTo?: { path: string; append: boolean } | 'stderr' | 'null';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Runs a command line and returns its exit status. */
export async function runFakeShell(commandLine: string, ctx: ShellContext): Promise<number> {
  const tokens = tokenize(commandLine, ctx.env);
  let status = 0;
  let skip = false;
  let pending: Token[] = [];
  const flush = async (): Promise<boolean> => {
    if (pending.length > 0 && !skip) {
      const outcome = await runSimple(parseSimple(pending), ctx);
      if (outcome.exit) {
        status = outcome.status;
        return true;
      }
      status = outcome.status;
    }
    pending = [];
    return false;
  };
  for (const token of tokens) {
    if (token.kind === 'op' && [';', '\n', '&&', '||'].includes(token.text)) {
      if (await flush()) return status;
      skip = (token.text === '&&' && status !== 0) || (token.text === '||' && status === 0);
      continue;
    }
    pending.push(token);
  }
  await flush();
  return status;
}

function tokenize(line: string, env: Record<string, string>): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const expand = (text: string): string =>
    text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => env[a ?? b ?? ''] ?? '');
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const op = ['&&', '||', '2>&1', '1>&2', '>&2', '2>/dev/null', '>>', ';', '\n', '>'].find((o) => line.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    let word = '';
    while (i < line.length && !/[ \t;\n&|>]/.test(line[i])) {
      if (line[i] === "'") {
        const end = line.indexOf("'", i + 1);
        word += line.slice(i + 1, end < 0 ? line.length : end);
        i = end < 0 ? line.length : end + 1;
      } else if (line[i] === '"') {
        let j = i + 1;
        let inner = '';
        while (j < line.length && line[j] !== '"') {
          if (line[j] === '\\' && j + 1 < line.length) inner += line[++j];
          else inner += line[j];
          j++;
        }
        word += expand(inner);
        i = j + 1;
      } else {
        const start = i;
        while (i < line.length && !/[ \t;\n&|>'"]/.test(line[i])) i++;
        word += expand(line.slice(start, i));
      }
    }
    tokens.push({ kind: 'word', text: word });
  }
  return tokens;
}

function parseSimple(tokens: Token[]): SimpleCommand {
  const cmd: SimpleCommand = { argv: [] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'word') cmd.argv.push(t.text);
    else if (t.text === '>&2' || t.text === '1>&2') cmd.stdoutTo = 'stderr';
    else if (t.text === '>' || t.text === '>>') {
      const target = tokens[++i]?.text ?? '';
      cmd.stdoutTo = target === '/dev/null' ? 'null' : { path: target, append: t.text === '>>' };
    }
  }
  return cmd;
}

async function runSimple(cmd: SimpleCommand, ctx: ShellContext): Promise<{ status: number; exit?: boolean }> {
  const chunks: Uint8Array[] = [];
  const out = (text: string | Uint8Array): void => {
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    if (cmd.stdoutTo === 'null') return;
    if (cmd.stdoutTo === undefined || cmd.stdoutTo === 'stderr') ctx.write(bytes);
    else chunks.push(bytes);
  };
  const err = (text: string): void => ctx.write(text);
  const [name, ...args] = cmd.argv;
  const abs = (p: string): string => posix.resolve(ctx.cwd, p);
  let status = 0;
  switch (name) {
    case undefined:
      break;
    case 'echo': {
      const noNewline = args[0] === '-n';
      out(`${(noNewline ? args.slice(1) : args).join(' ')}${noNewline ? '' : '\n'}`);
      break;
    }
    case 'printf':
      out(formatPrintf(args[0] ?? '', args.slice(1)));
      break;
    case 'cat':
      for (const p of args) {
        const file = ctx.fs.files.get(abs(p));
        if (file) out(file.content);
        else {
          err(`cat: ${p}: No such file or directory\n`);
          status = 1;
        }
      }
      break;
    case 'exit':
      return { status: Number(args[0] ?? 0) & 0xff, exit: true };
    case 'true':
      break;
    case 'false':
      status = 1;
      break;
    case 'sleep':
      await ctx.sleep(Number(args[0] ?? 0) * 1000);
      break;
    case 'pwd':
      out(`${ctx.cwd}\n`);
      break;
    case 'cd': {
      const target = abs(args[0] ?? ctx.env.HOME ?? '/');
      if (ctx.fs.dirs.has(target)) ctx.cwd = target;
      else {
        err(`cd: ${args[0]}: No such file or directory\n`);
        status = 1;
      }
      break;
    }
    case 'env':
      for (const key of Object.keys(ctx.env).sort()) out(`${key}=${ctx.env[key]}\n`);
      break;
    case 'printenv':
      if (args[0] !== undefined && args[0] in ctx.env) out(`${ctx.env[args[0]]}\n`);
      else status = 1;
      break;
    case 'test':
    case '[':
      status = evaluateTest(name === '[' ? args.slice(0, -1) : args, ctx.fs, abs) ? 0 : 1;
      break;
    case 'mkdir':
      for (const p of args.filter((a) => !a.startsWith('-'))) ctx.fs.mkdirp(abs(p));
      break;
    case 'rm':
      for (const p of args.filter((a) => !a.startsWith('-'))) ctx.fs.remove(abs(p));
      break;
    case 'ls':
      for (const entry of ctx.fs.list(abs(args[0] ?? '.'))) out(`${entry}\n`);
      break;
    case 'chmod': {
      const file = ctx.fs.files.get(abs(args[1] ?? ''));
      if (file) file.mode = parseInt(args[0] ?? '644', 8);
      else status = 1;
      break;
    }
    default:
      err(`fake sandbox: command not found: ${name}\n`);
      status = 127;
  }
  if (typeof cmd.stdoutTo === 'object') {
    const path = abs(cmd.stdoutTo.path);
    const before = cmd.stdoutTo.append ? ctx.fs.files.get(path)?.content ?? new Uint8Array() : new Uint8Array();
    ctx.fs.write(path, concat([before, ...chunks]));
  }
  return { status };
}

function evaluateTest(args: string[], fs: FakeFileSystem, abs: (p: string) => string): boolean {
  if (args[0] === '!') return !evaluateTest(args.slice(1), fs, abs);
  const [a, b, c] = args;
  if (b === '=') return a === c;
  if (b === '!=') return a !== c;
  switch (a) {
    case '-e':
      return fs.exists(abs(b));
    case '-f':
      return fs.files.has(abs(b));
    case '-x':
      return ((fs.files.get(abs(b))?.mode ?? 0) & 0o111) !== 0;
    case '-d':
      return fs.dirs.has(abs(b));
    case '-n':
      return (b ?? '') !== '';
    case '-z':
      return (b ?? '') === '';
    default:
      return (a ?? '') !== '';
  }
}

function formatPrintf(format: string, args: string[]): string {
  let next = 0;
  return format
    .replace(/%([sd%])/g, (_m, kind: string) => (kind === '%' ? '%' : kind === 'd' ? String(Number(args[next++] ?? 0)) : args[next++] ?? ''))
    .replace(/\\([nt\\])/g, (_m, e: string) => (e === 'n' ? '\n' : e === 't' ? '\t' : '\\'));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    result.set(p, offset);
    offset += p.length;
  }
  return result;
}

export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
