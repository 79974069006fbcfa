import type { Decider } from '../../platform/decider/decider.js';
import type { CacheDocs } from './learning.commands.js';
import { InvalidLearningRecordError } from './learning.errors.js';
import type { DocsCached } from './learning.events.js';
import { nullableText, text } from './learning-rules.js';
import { evolveRecord, initialRecordState, type RecordState } from './learning.state.js';
import { DOCS_TTL_DAYS, LEARNING_LIMITS } from './learning.types.js';

const DAY_MS = 86_400_000;

/**
 * One stream per library version of an organization (see `docsEntryId`): every fetch appends, and
 * the read model keeps the latest. The entry expires at `expiresAt`, by default DOCS_TTL_DAYS after
 * the fetch; an expiry not after the fetch is refused (it would be stale on arrival).
 */
export const docsCacheDecider: Decider<RecordState, CacheDocs, DocsCached> = {
  initialState: initialRecordState,
  evolve: evolveRecord,
  decide(command) {
    const r = command.record;
    const fetched = Date.parse(command.now);
    const expiresAt = r.expiresAt ?? new Date(fetched + DOCS_TTL_DAYS * DAY_MS).toISOString();
    const expires = Date.parse(expiresAt);
    if (!Number.isFinite(expires) || expires <= fetched) throw new InvalidLearningRecordError('expiresAt is a time after now');
    return [
      {
        type: 'DocsCached',
        data: {
          entryId: r.entryId,
          organizationId: r.organizationId,
          library: text('library', r.library),
          version: text('version', r.version),
          content: text('content', r.content, LEARNING_LIMITS.content),
          sourceUrl: nullableText('sourceUrl', r.sourceUrl, 2_000),
          expiresAt: new Date(expires).toISOString(),
          by: command.by,
          at: command.now,
        },
      },
    ];
  },
};
