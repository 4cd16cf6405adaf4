// The port every source kind reads through. fetchFeed does the HTTP part for all of them (conditional
// requests, size cap, timeout, address guard); a reader turns the body into items. A reader that
// keeps state between polls (a screening list's last snapshot) returns `commit`, which the cycle
// runs inside the feed's transaction, so the new state is stored with the items it produced or not
// at all.
import type { OfficialStore } from '../ports/storage.ts';
import { parseFeed } from './parse-feed.ts';
import { readFederalRegister, readPublicInspection } from './read-federal-register.ts';
import { createScreeningListReader, type ScreeningListOptions } from './read-screening-list.ts';
import type { SourceKind } from './source-kind.ts';
import type { FeedReader } from './reader-port.ts';

export type { ByteReader, FeedReader, ReadContext, ReadResult, SourceReader } from './reader-port.ts';

/** One reader per kind; RSS/Atom is parseFeed. */
export function createSourceReaders(officialStore: OfficialStore, lists: ScreeningListOptions): Record<SourceKind, FeedReader> {
  return {
    rss: { read: (body, ctx) => parseFeed(body, ctx.feedUrl) },
    'federal-register': { read: (body, ctx) => readFederalRegister(body, ctx.feedUrl) },
    'public-inspection': { read: (body, ctx) => readPublicInspection(body, ctx.feedUrl) },
    csl: { readBytes: createScreeningListReader(officialStore, lists) },
  };
}
