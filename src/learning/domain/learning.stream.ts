import { createHash } from 'node:crypto';
import { streamId } from '../../platform/event-store/stream-id.js';
import type { LearningKind } from './learning.types.js';

/** The one place learning stream ids are built: `learning_<kind>-<id>`, one small stream per record. */
export const learningStreamType = (kind: LearningKind) => `learning_${kind}`;
export const learningStreamId = (kind: LearningKind, id: string) => streamId(learningStreamType(kind), id);

/**
 * A name-based UUID (RFC 4122 version 5, SHA-1) in the learning namespace: the same name gives the
 * same id, so a pipeline's step that runs twice addresses the same records and appends nothing new,
 * and one file or one library version maps to one stream.
 */
export function derivedId(...parts: readonly string[]): string {
  const bytes = createHash('sha1').update('agent-squad/learning\n').update(parts.join('\n')).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The complexity stream of one file of an organization: its snapshots in order, and its trend. */
export const complexityFileId = (organizationId: string, file: string) => derivedId('complexity', organizationId, file);
/** The docs-cache stream of one library version of an organization: each fetch replaces the cached content. */
export const docsEntryId = (organizationId: string, library: string, version: string) =>
  derivedId('docs', organizationId, library.toLowerCase(), version);
