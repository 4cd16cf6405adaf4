// The port every source kind reads through. fetchFeed does the HTTP part for all of them (conditional
// requests, size cap, timeout, address guard); a reader turns the body into items. A reader that
// keeps state between polls (a screening list's last snapshot) returns `commit`, which the cycle
// runs inside the feed's transaction, so the new state is stored with the items it produced or not
// at all.
import type { FeedItem } from '../model.ts';
import type { OfficialStore } from '../ports/storage.ts';
import { parseFeed } from './parse-feed.ts';
import { readFederalRegister, readPublicInspection } from './read-federal-register.ts';
import { createScreeningListReader, type ScreeningListOptions } from './read-screening-list.ts';
import type { SourceKind } from './source-kind.ts';

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

/** One reader per kind; RSS/Atom is parseFeed. */
export function createSourceReaders(officialStore: OfficialStore, lists: ScreeningListOptions): Record<SourceKind, FeedReader> {
  return {
    rss: { read: (body, ctx) => parseFeed(body, ctx.feedUrl) },
    'federal-register': { read: (body, ctx) => readFederalRegister(body, ctx.feedUrl) },
    'public-inspection': { read: (body, ctx) => readPublicInspection(body, ctx.feedUrl) },
    csl: { readBytes: createScreeningListReader(officialStore, lists) },
  };
}
