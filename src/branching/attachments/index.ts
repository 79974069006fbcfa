/** Attachment intake: what the branching module imports. */
export { AttachmentsModule } from './attachments.module.js';
export { AttachmentIntake, AttachmentPurposes } from './attachment-intake.js';
export {
  ACCEPTED_ATTACHMENT_TYPES,
  ATTACHMENT_CONTENT_TYPES,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  EXTRACTED_TEXT_CAP,
  MAX_ATTACHMENTS_PER_PROMPT,
  PROMPT_TEXT_CAP,
  SUMMARY_INPUT_CAP,
  attachmentMaxBytes,
  type AttachmentContentType,
  type AttachmentKind,
} from './attachment-limits.js';
export { AttachmentTypeRefusedError, AttachmentUnreadableError, TooManyAttachmentsError } from './attachment.errors.js';
export type { AttachmentUpload, AttachmentView, PromptAttachment } from './attachment.types.js';
export type { ImageMetadata } from './image-metadata.js';
