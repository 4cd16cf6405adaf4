// The embedded default: alerts are printed on stdout; on an interactive terminal, typed
// `/sanctions …` lines are answered too.
import { createInterface } from 'node:readline';
import type { Alert, ChannelRef, DeliveryResult } from '../../src/model.ts';
import { answerCommand, type ChatAdapter, type CommandHandler } from '../../src/platform.ts';
import { renderAlert, renderReply } from './render.ts';

/** The one channel the console adapter has. */
export const CONSOLE_CHANNEL: ChannelRef = { platform: 'console', id: 'console' };

export interface ConsoleAdapterOptions {
  /** Where alerts and replies go. @default process.stdout */
  write?: (text: string) => void;
  /** Read commands from here (only pass an interactive terminal). */
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where the prompt goes. @default process.stdout */
  output?: NodeJS.WritableStream;
  /** Where a command's failure is reported (the user sees the apology). @default process.stderr */
  report?: (line: string) => void;
}

/** Shown once when commands can be typed. */
export const CONSOLE_HINT = 'Type a command and press Enter, e.g. alipay, watch list, recent or help (Ctrl+C stops).';
export const CONSOLE_PROMPT = 'sanctions> ';

export function createConsoleAdapter(options: ConsoleAdapterOptions = {}): ChatAdapter {
  const write = options.write ?? ((text: string) => void process.stdout.write(text + '\n'));
  const report = options.report ?? ((line: string) => void process.stderr.write(line + '\n'));
  let rl: ReturnType<typeof createInterface> | undefined;
  let prompt: () => void = () => undefined;
  let delivered = 0;
  return {
    platform: 'console',
    async start(onCommand: CommandHandler) {
      if (!options.input) return;
      // Only a person at a terminal gets a hint and a prompt; piped input is read silently.
      const interactive = options.input.isTTY === true;
      rl = createInterface(interactive ? { input: options.input, output: options.output ?? process.stdout, prompt: CONSOLE_PROMPT } : { input: options.input });
      prompt = interactive ? () => rl?.prompt() : () => undefined;
      if (interactive) write(CONSOLE_HINT);
      prompt();
      rl.on('line', (line) => {
        const text = line.trim();
        if (!text) return prompt();
        const input = { platform: 'console' as const, channel: CONSOLE_CHANNEL, user: { id: 'console', name: 'console' }, text };
        void answerCommand(onCommand, input, (error) => report(`command "${text}" failed: ${(error as Error).message}`)).then((reply) => {
          write(renderReply(reply));
          prompt();
        });
      });
    },
    async stop() {
      rl?.close();
    },
    // A terminal keeps nothing the bot can read back: an alert cut short by a crash prints again.
    async findPosted() {
      return { kind: 'not-found' as const };
    },
    async send(_channel: ChannelRef, alert: Alert): Promise<DeliveryResult> {
      write(renderAlert(alert) + '\n');
      prompt();
      delivered++;
      return { kind: 'delivered', messageRef: `console-${delivered}` };
    },
  };
}
