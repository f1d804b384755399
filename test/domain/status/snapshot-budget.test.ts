import { emptyStatus } from '../../../src/domain/status/execution-status';
import { estimateStatusBytes, fitToBudget } from '../../../src/domain/status/snapshot-budget';
import { StatusBuilder } from '../../../src/domain/status/status-builder';
import { startedBuilder } from './builder-fixtures';
import { at } from './recorded-run';

describe('snapshot size guard', () => {
  it('leaves a small snapshot untouched', () => {
    const status = emptyStatus('IN_PROGRESS');
    status.messages.push({ type: 'AI', content: 'hello', timestamp: '', toolCalls: [] });
    expect(fitToBudget(structuredClone(status), 10_000)).toEqual(status);
  });

  it('keeps a long run under budget by shrinking older tool results first', () => {
    const b = startedBuilder({ maxToolResultChars: 20_000, maxSnapshotBytes: 500_000 });
    for (let i = 0; i < 40; i++) {
      b.apply({ kind: 'tool_start', toolCallId: `c${i}`, name: 'read_file', args: { file_path: `/f${i}` } }, at(2));
      b.apply({ kind: 'tool_end', toolCallId: `c${i}`, name: 'read_file', result: `${i}:`.padEnd(20_000, 'x') }, at(3));
    }
    const snap = b.snapshot();
    expect(estimateStatusBytes(snap)).toBeLessThanOrEqual(500_000);
    expect(JSON.stringify(snap).length).toBeLessThan(500_000);
    // The newest results are intact; the oldest were cut, with the marker counting from the original length.
    expect(snap.toolCalls[39].result).toHaveLength(20_000);
    expect(snap.toolCalls[0].result).toMatch(/^0:x+\n…\[truncated \d+ characters\]$/);
    const dropped = Number(/truncated (\d+) characters/.exec(snap.toolCalls[0].result)?.[1]);
    expect(snap.toolCalls[0].result.indexOf('\n…')).toBe(20_000 - dropped);
    // Both copies of each call received the same treatment.
    const inMessages = snap.messages.flatMap((m) => m.toolCalls);
    expect(inMessages).toEqual(snap.toolCalls);
  });

  it('shrinks large tool arguments of older calls too', () => {
    const b = startedBuilder({ maxSnapshotBytes: 300_000 });
    for (let i = 0; i < 100; i++) {
      b.apply({ kind: 'tool_start', toolCallId: `w${i}`, name: 'write_file', args: { file_path: `/f${i}`, content: 'c'.repeat(4_000) } }, at(2));
    }
    const snap = b.snapshot();
    expect(estimateStatusBytes(snap)).toBeLessThanOrEqual(300_000);
    expect(snap.toolCalls[0].args).toEqual({ file_path: '/f0', content: expect.stringMatching(/^c+\n…\[truncated \d+ characters\]$/) });
    expect(snap.toolCalls[99].args).toEqual({ file_path: '/f99', content: 'c'.repeat(4_000) });
  });

  it('counts bytes, not characters, so multi-byte text is held to the same budget', () => {
    const b = startedBuilder({ maxToolResultChars: 50_000, maxSnapshotBytes: 100_000 });
    for (let i = 0; i < 10; i++) b.apply({ kind: 'tool_end', toolCallId: `c${i}`, name: 'x', result: '✓'.repeat(20_000) }, at(2));
    expect(Buffer.byteLength(JSON.stringify(b.snapshot()), 'utf8')).toBeLessThanOrEqual(100_000);
  });

  it('drops the oldest entries with a note when shrinking strings is not enough, keeping the user message', () => {
    const b = startedBuilder({ maxSnapshotBytes: 50_000 });
    for (let i = 0; i < 1_000; i++) b.apply({ kind: 'tool_end', toolCallId: `call-${i}`, name: 'ls', result: 'ok' }, at(2));
    const snap = b.snapshot();
    expect(estimateStatusBytes(snap)).toBeLessThanOrEqual(50_000);
    expect(snap.messages[0]).toMatchObject({ type: 'HUMAN', content: 'do it' });
    expect(snap.messages[1].type).toBe('SYSTEM');
    expect(snap.messages[1].content).toMatch(/^\[\d+ earlier messages, \d+ tool calls and 0 sub-agent runs omitted to keep the status under 50000 bytes\]$/);
    expect(snap.toolCalls.at(-1)?.id).toBe('call-999');
    expect(snap.toolCalls.length).toBeLessThan(1_000);
  });

  it('cuts the user message only when nothing else is left to shrink', () => {
    const b = new StatusBuilder({ userMessage: 'u'.repeat(30_000), now: at(0), limits: { maxSnapshotBytes: 10_000 } });
    const snap = b.snapshot();
    expect(estimateStatusBytes(snap)).toBeLessThanOrEqual(10_000);
    expect(snap.messages[0].content).toMatch(/^u+\n…\[truncated \d+ characters\]$/);
  });

  it('does not change the builder itself', () => {
    const b = startedBuilder({ maxSnapshotBytes: 20_000 });
    b.apply({ kind: 'tool_end', toolCallId: 'c', name: 'x', result: 'y'.repeat(15_000) }, at(2));
    for (let i = 0; i < 12; i++) b.apply({ kind: 'tool_end', toolCallId: `n${i}`, name: 'x', result: 'z' }, at(2));
    expect(b.snapshot().toolCalls[0].result.length).toBeLessThan(15_000);
    b.apply({ kind: 'notice', level: 'info', message: 'm' }, at(3));
    expect(b.snapshot().toolCalls[0].result.length).toBeLessThan(15_000);
  });
});
