import { Redactor, REDACTED } from '../../../src/domain/env/redactor';
import { StatusBuilder } from '../../../src/domain/status/status-builder';

const CANARY = 'canary-S3cr3t-7f1e9d';

describe('Redactor', () => {
  const redactor = Redactor.forSecrets([CANARY]);

  it('masks every occurrence of a secret value', () => {
    expect(redactor.redact(`token=${CANARY}; again ${CANARY}`)).toBe(`token=${REDACTED}; again ${REDACTED}`);
  });

  it.each([
    ['standard base64', Buffer.from(CANARY).toString('base64')],
    ['url-safe base64', Buffer.from(CANARY).toString('base64url')],
    ['base64 without padding', Buffer.from(CANARY).toString('base64').replace(/=+$/, '')],
  ])('masks the %s form', (_label, encoded) => {
    const out = redactor.redact(`header: ${encoded} end`);
    expect(out).toBe(`header: ${REDACTED} end`);
  });

  it('masks the secret inside a larger base64 value at any byte offset (e.g. Basic auth)', () => {
    for (const prefix of ['', 'u:', 'us:', 'user:']) {
      const encoded = Buffer.from(`${prefix}${CANARY}`).toString('base64');
      const out = redactor.redact(`Authorization: Basic ${encoded}`);
      expect(out).toContain(REDACTED);
      // Whatever is left visible must not decode back to the secret.
      const visible = out.replace('Authorization: Basic ', '').split(REDACTED).join('');
      expect(Buffer.from(visible, 'base64').toString('latin1')).not.toContain(CANARY.slice(0, 6));
    }
  });

  it('masks the JSON-escaped and URL-encoded forms of a secret', () => {
    const r = new Redactor(['p@ss "word"/x']);
    expect(r.redact(JSON.stringify({ password: 'p@ss "word"/x' }))).toBe(`{"password":"${REDACTED}"}`);
    expect(r.redact(`postgres://u:${encodeURIComponent('p@ss "word"/x')}@db:5432`)).toBe(`postgres://u:${REDACTED}@db:5432`);
  });

  it('masks a secret with regex metacharacters literally', () => {
    const r = new Redactor(['a.b*c+(d)']);
    expect(r.redact('x a.b*c+(d) y aXbbc')).toBe(`x ${REDACTED} y aXbbc`);
  });

  it('ignores values shorter than 4 characters so short words are not masked everywhere', () => {
    const r = new Redactor(['yes', '1']);
    expect(r.hasSecrets).toBe(false);
    expect(r.redact('yes 1')).toBe('yes 1');
  });

  it('deep-redacts JSON values, keys included, without touching the input', () => {
    const input = { args: { command: `echo ${CANARY}`, list: [CANARY, 3, null, true] }, [CANARY]: 'k' };
    const out = redactor.redactJson(input);
    expect(out).toEqual({ args: { command: `echo ${REDACTED}`, list: [REDACTED, 3, null, true] }, [REDACTED]: 'k' });
    expect(input.args.command).toBe(`echo ${CANARY}`);
    expect(JSON.stringify(out)).not.toContain(CANARY);
  });

  it('returns values unchanged when there is nothing to redact', () => {
    const r = new Redactor([]);
    const value = { a: 'b' };
    expect(r.redactJson(value)).toBe(value);
    expect(r.redact('text')).toBe('text');
  });

  it('masks several secrets, preferring the longest match', () => {
    const r = new Redactor(['abcd', 'abcdefgh']);
    expect(r.redact('abcdefgh abcd')).toBe(`${REDACTED} ${REDACTED}`);
  });
});

describe('Redactor on a status snapshot', () => {
  it('leaves no trace of a canary secret anywhere in the status', () => {
    const at = new Date('2026-01-22T10:00:00Z');
    const b = new StatusBuilder({ userMessage: `use ${CANARY}`, now: at });
    b.apply({ kind: 'tool_start', toolCallId: 'c', name: 'execute', args: { command: `curl -H "Authorization: Bearer ${CANARY}"` } }, at);
    b.apply({ kind: 'tool_end', toolCallId: 'c', name: 'execute', result: Buffer.from(`token:${CANARY}`).toString('base64') }, at);
    b.apply({ kind: 'text_token', text: `The key is ${CANARY}` }, at);
    b.fail(`request with ${CANARY} failed`, at);
    const json = JSON.stringify(Redactor.forSecrets([CANARY]).redactJson(b.snapshot()));
    expect(json).not.toContain(CANARY);
    expect(json).not.toContain(Buffer.from(CANARY).toString('base64').slice(2, 20));
    expect(json.split(REDACTED).length - 1).toBeGreaterThanOrEqual(7);
  });
});
