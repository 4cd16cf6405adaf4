import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CONSOLE_HINT, CONSOLE_PROMPT, createConsoleAdapter } from '../../../adapters/console/index.ts';

const reply = async () => ({ visibility: 'ephemeral' as const, title: 'Watchlist for this channel', sections: [{ lines: ['Nothing yet.'] }] });

describe('console adapter', () => {
  it('on a terminal prints a one-line hint and a prompt, and prompts again after each answer', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    let prompted = '';
    output.on('data', (d: Buffer) => (prompted += d.toString()));
    const written: string[] = [];
    const adapter = createConsoleAdapter({ input, output, write: (t) => written.push(t) });
    await adapter.start(reply);
    expect(written).toEqual([CONSOLE_HINT]);
    expect(prompted).toBe(CONSOLE_PROMPT);
    input.write('watch list\n');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written[1]).toContain('# Watchlist for this channel');
    expect(prompted.split(CONSOLE_PROMPT).length - 1).toBe(2);
    await adapter.stop();
  });

  it('reads piped input silently: no hint, no prompt', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let prompted = '';
    output.on('data', (d: Buffer) => (prompted += d.toString()));
    const written: string[] = [];
    const adapter = createConsoleAdapter({ input, output, write: (t) => written.push(t) });
    await adapter.start(reply);
    input.write('watch list\n');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('# Watchlist for this channel');
    expect(prompted).toBe('');
    await adapter.stop();
  });

  it('answers a command that throws with the one apology, and reports the failure apart from the answer', async () => {
    const input = new PassThrough();
    const written: string[] = [];
    const reported: string[] = [];
    const adapter = createConsoleAdapter({ input, output: new PassThrough(), write: (t) => written.push(t), report: (l) => reported.push(l) });
    await adapter.start(async () => {
      throw new Error('database is locked');
    });
    input.write('recent\n');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('Sorry, that command failed');
    expect(written[0]).not.toContain('database is locked');
    expect(reported).toEqual(['command "recent" failed: database is locked']);
    await adapter.stop();
  });
});
