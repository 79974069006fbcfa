import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { type ChatMessage, LlmGateway, LlmUnavailableError, OFFLINE_PROVIDER } from '../../platform/llm/index.js';
import {
  ATTACHMENT_CONTENT_TYPES,
  MAX_ATTACHMENTS_PER_PROMPT,
  PROMPT_TEXT_CAP,
  SUMMARY_INPUT_CAP,
  isAttachmentContentType,
} from './attachment-limits.js';
import { AttachmentContentsStore, type StoredAttachment } from './attachment-contents.store.js';
import { AttachmentTypeRefusedError, TooManyAttachmentsError } from './attachment.errors.js';
import type { AttachmentUpload, AttachmentView, PromptAttachment } from './attachment.types.js';
import { type ImageMetadata, imageMetadata, offlineImageDescription } from './image-metadata.js';
import { capExtracted, needsSummary, promptTextOf } from './prompt-text.js';
import { extractPdf, extractTextFile } from './text-extraction.js';
import { NotFoundError } from '../../platform/decider/decider.js';

/** The purposes of the intake's model calls, as usage reports them. */
export const AttachmentPurposes = { summarize: 'summarize', describeImage: 'describe-image' } as const;

const SUMMARY_PROMPT =
  'Summarize the attached file for an operator troubleshooting a problem: what the file is, then the errors, ' +
  'figures, settings and facts in it that matter. Plain text, at most 150 words. Do not invent anything.';
const IMAGE_PROMPT =
  'Describe this image for an operator troubleshooting a problem: what it shows, and transcribe any error ' +
  'message, dialog, code or figure in it word for word. Plain text, at most 150 words. Say what you cannot read.';
const MAX_SUMMARY_CHARS = 2_000;

/**
 * Attachments for the branching module: `ingest` reads a file once per organization (text,
 * PDF, image), stores it by sha256 and returns what a prompt needs; `forPrompt` gives stored
 * attachments back as prompt text. The bytes never leave this module.
 */
@Injectable()
export class AttachmentIntake {
  private readonly logger = new Logger(AttachmentIntake.name);

  constructor(
    private readonly store: AttachmentContentsStore,
    private readonly llm: LlmGateway,
  ) {}

  /**
   * Stores a file for the organization and returns its metadata and prompt text. The same bytes
   * again are not read, summarized or stored a second time (the first upload's reading stands;
   * the returned `fileName` is this upload's). Throws AttachmentTypeRefusedError /
   * AttachmentUnreadableError (422) with nothing stored.
   */
  async ingest(tenantId: string, upload: AttachmentUpload): Promise<AttachmentView> {
    const contentType = upload.contentType.split(';')[0].trim().toLowerCase();
    if (!isAttachmentContentType(contentType)) throw new AttachmentTypeRefusedError(contentType);
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    const [known] = await this.store.find(tenantId, [sha256]);
    if (known) return view(known, upload.fileName);
    const read = await this.read(tenantId, upload, contentType);
    const stored = await this.store.storeOnce(
      tenantId,
      { sha256, fileName: upload.fileName, contentType, sizeBytes: upload.bytes.length, ...read },
      upload.bytes,
    );
    return view(stored, upload.fileName);
  }

  /**
   * Stored attachments as a prompt carries them, in the order asked. A digest the organization
   * does not hold is NotFoundError (404), whether or not another organization holds it.
   */
  async forPrompt(tenantId: string, sha256s: readonly string[]): Promise<PromptAttachment[]> {
    const wanted = [...new Set(sha256s)];
    if (wanted.length > MAX_ATTACHMENTS_PER_PROMPT) throw new TooManyAttachmentsError(wanted.length, MAX_ATTACHMENTS_PER_PROMPT);
    const found = new Map((await this.store.find(tenantId, wanted)).map((row) => [row.sha256, row]));
    return wanted.map((sha256) => {
      const row = found.get(sha256);
      if (!row) throw new NotFoundError('attachment', sha256);
      return { sha256, fileName: row.fileName, contentType: row.contentType, text: row.text };
    });
  }

  /** Metadata of stored attachments the organization holds, in the order asked; unknown ones left out. */
  async describe(tenantId: string, sha256s: readonly string[]): Promise<AttachmentView[]> {
    const found = new Map((await this.store.find(tenantId, sha256s)).map((row) => [row.sha256, row]));
    return sha256s.flatMap((sha256) => {
      const row = found.get(sha256);
      return row ? [view(row, row.fileName)] : [];
    });
  }

  private async read(
    tenantId: string,
    upload: AttachmentUpload,
    contentType: keyof typeof ATTACHMENT_CONTENT_TYPES,
  ): Promise<Omit<StoredAttachment, 'sha256' | 'fileName' | 'contentType' | 'sizeBytes'>> {
    const kind = ATTACHMENT_CONTENT_TYPES[contentType];
    if (kind === 'image') {
      const image = imageMetadata(upload.bytes, contentType);
      const description = await this.describeImage(tenantId, upload, contentType, image);
      const extractedText = `Image "${upload.fileName}" (${image.format.toUpperCase()}, ${image.width}×${image.height} pixels). ${description}`;
      return {
        kind,
        image,
        extractedText,
        text: extractedText.slice(0, PROMPT_TEXT_CAP),
        summary: description,
        truncated: extractedText.length > PROMPT_TEXT_CAP,
      };
    }
    const full = kind === 'pdf' ? await extractPdf(upload.bytes) : extractTextFile(upload.bytes, contentType);
    const { text: extractedText, cut } = capExtracted(full);
    const summary = needsSummary(extractedText) ? await this.summarize(tenantId, upload.fileName, contentType, extractedText) : undefined;
    const { text, truncated } = promptTextOf(extractedText, summary, cut);
    return { kind, extractedText, text, truncated, ...(summary ? { summary } : {}) };
  }

  /** A long text's summary; without a reachable model, none (the prompt then carries the beginning, marked as cut). */
  private async summarize(tenantId: string, fileName: string, contentType: string, text: string): Promise<string | undefined> {
    try {
      const result = await this.llm.chat({
        tenantId,
        purpose: AttachmentPurposes.summarize,
        temperature: 0,
        maxTokens: 400,
        messages: [
          { role: 'system', content: SUMMARY_PROMPT },
          { role: 'user', content: `File "${fileName}" (${contentType}):\n\n${text.slice(0, SUMMARY_INPUT_CAP)}` },
        ],
      });
      return result.text.trim().slice(0, MAX_SUMMARY_CHARS) || undefined;
    } catch (error) {
      if (!(error instanceof LlmUnavailableError)) throw error;
      this.logger.warn(`no summary for ${fileName}: ${error.message}`);
      return undefined;
    }
  }

  /**
   * An image described by the provider, sent as an image content part. The offline model cannot
   * see: its answer (or no answer at all) gives way to what the file's header tells.
   */
  private async describeImage(tenantId: string, upload: AttachmentUpload, contentType: string, image: ImageMetadata): Promise<string> {
    const messages: ChatMessage[] = [
      { role: 'system', content: IMAGE_PROMPT },
      {
        role: 'user',
        content: [
          {
            type: 'text',
            text: `The operator attached "${upload.fileName}" (${image.format.toUpperCase()}, ${image.width}×${image.height} pixels).`,
          },
          { type: 'image', mediaType: contentType, data: Buffer.from(upload.bytes).toString('base64') },
        ],
      },
    ];
    try {
      const result = await this.llm.chat({ tenantId, purpose: AttachmentPurposes.describeImage, temperature: 0, maxTokens: 400, messages });
      const text = result.text.trim();
      if (result.provider !== OFFLINE_PROVIDER && text.length > 0) return `Description: ${text.slice(0, MAX_SUMMARY_CHARS)}`;
    } catch (error) {
      if (!(error instanceof LlmUnavailableError)) throw error;
      this.logger.warn(`no image description for ${upload.fileName}: ${error.message}`);
    }
    return offlineImageDescription(upload.fileName, image, upload.bytes.length);
  }
}

function view(stored: StoredAttachment, fileName: string): AttachmentView {
  const { extractedText: _extracted, ...metadata } = stored;
  return { ...metadata, fileName };
}
