// The port every source kind reads through (see source-reader.ts for the readers). The readers and
// their registry import these types from here, so neither imports the other.
import type { FeedItem } from '../model.ts';

export type ReadResult =
  /** `note`: one line for the log about what the poll found (a screening list's changes). */
  | { kind: 'ok'; title?: string; items: FeedItem[]; commit?: () => void; note?: string }
  | { kind: 'not-a-feed'; message: string };

export interface ReadContext {
  feedUrl: string;
  /** True on the feed's first poll: a stateful reader records without reporting changes. */
  firstPoll: boolean;
  now: number;
}

export type SourceReader = (body: string, ctx: ReadContext) => ReadResult | Promise<ReadResult>;
/** Reads the body's bytes: a large document (a screening list) is then never held as text too. */
export type ByteReader = (bytes: Buffer, ctx: ReadContext) => ReadResult;
/** How one kind reads a body: as text (decoded by its charset) or as bytes. */
export type FeedReader = { read: SourceReader; readBytes?: undefined } | { readBytes: ByteReader; read?: undefined };
