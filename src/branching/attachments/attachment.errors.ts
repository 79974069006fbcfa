import { DomainError } from '../../platform/decider/decider.js';

/** A file of an accepted type whose content cannot be read as that type (422, nothing stored). */
export class AttachmentUnreadableError extends DomainError {
  constructor(contentType: string, why: string) {
    super('attachment_unreadable', `The file is not readable as ${contentType}: ${why}`);
  }
}

/** A content type off the allow-list reached the service (the upload decorator refuses it first). */
export class AttachmentTypeRefusedError extends DomainError {
  constructor(contentType: string) {
    super('attachment_type_refused', `Files of type ${contentType} are not accepted`);
  }
}

/** More attachments asked for one prompt than it may carry. */
export class TooManyAttachmentsError extends DomainError {
  constructor(count: number, max: number) {
    super('too_many_attachments', `A prompt carries at most ${max} attachments, not ${count}`);
  }
}
