import type { AttachmentContentType, AttachmentKind } from './attachment-limits.js';
import type { ImageMetadata } from './image-metadata.js';

/** A file handed to the intake (from the upload decorator's `UploadedFileData`). */
export interface AttachmentUpload {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** What the intake knows of a stored attachment: metadata and prompt text, never the bytes. */
export interface AttachmentView {
  sha256: string;
  fileName: string;
  contentType: AttachmentContentType;
  sizeBytes: number;
  kind: AttachmentKind;
  /** What goes into a prompt: at most PROMPT_TEXT_CAP characters (see attachment-limits). */
  text: string;
  /** The model's summary of a long text, or an image's description. */
  summary?: string;
  /** True when `text` is not the whole extracted text (a summary and an excerpt stand for it). */
  truncated: boolean;
  /** Format and pixel size, for images. */
  image?: ImageMetadata;
}

/** An attachment as a prompt carries it. */
export interface PromptAttachment {
  sha256: string;
  fileName: string;
  contentType: string;
  text: string;
}
