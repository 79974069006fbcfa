import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database.js';
import type { AttachmentContentType, AttachmentKind } from './attachment-limits.js';
import type { AttachmentView } from './attachment.types.js';
import type { ImageMetadata } from './image-metadata.js';

export interface StoredAttachment extends AttachmentView {
  extractedText: string;
}

interface ContentRow {
  sha256: string;
  file_name: string;
  content_type: AttachmentContentType;
  kind: AttachmentKind;
  size_bytes: number;
  prompt_text: string;
  summary: string | null;
  truncated: boolean;
  extracted_text: string;
  image_format: ImageMetadata['format'] | null;
  image_width: number | null;
  image_height: number | null;
}

const COLUMNS = `sha256, file_name, content_type, kind, size_bytes, prompt_text, summary, truncated, extracted_text,
  image_format, image_width, image_height`;

function fromRow(row: ContentRow): StoredAttachment {
  return {
    sha256: row.sha256,
    fileName: row.file_name,
    contentType: row.content_type,
    kind: row.kind,
    sizeBytes: row.size_bytes,
    text: row.prompt_text,
    ...(row.summary !== null ? { summary: row.summary } : {}),
    truncated: row.truncated,
    extractedText: row.extracted_text,
    ...(row.image_format !== null && row.image_width !== null && row.image_height !== null
      ? { image: { format: row.image_format, width: row.image_width, height: row.image_height } }
      : {}),
  };
}

/**
 * The attachment_contents table: bytes and extracted text by (organization, sha256). Every query
 * names the organization, so one organization never reads another's content, even by digest.
 */
@Injectable()
export class AttachmentContentsStore {
  constructor(private readonly db: Database) {}

  async find(tenantId: string, sha256s: readonly string[]): Promise<StoredAttachment[]> {
    if (sha256s.length === 0) return [];
    const rows = await this.db.query<ContentRow>(
      `SELECT ${COLUMNS} FROM attachment_contents WHERE tenant_id = $1 AND sha256 = ANY($2::text[])`,
      [tenantId, [...sha256s]],
    );
    return rows.map(fromRow);
  }

  /** Stores the content unless the organization already has it; either way returns the stored row. */
  async storeOnce(tenantId: string, content: StoredAttachment, bytes: Uint8Array): Promise<StoredAttachment> {
    await this.db.query(
      `INSERT INTO attachment_contents (tenant_id, sha256, file_name, content_type, kind, size_bytes, bytes, extracted_text,
         prompt_text, summary, truncated, image_format, image_width, image_height)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (tenant_id, sha256) DO NOTHING`,
      [
        tenantId,
        content.sha256,
        content.fileName,
        content.contentType,
        content.kind,
        content.sizeBytes,
        Buffer.from(bytes),
        content.extractedText,
        content.text,
        content.summary ?? null,
        content.truncated,
        content.image?.format ?? null,
        content.image?.width ?? null,
        content.image?.height ?? null,
      ],
    );
    const [stored] = await this.find(tenantId, [content.sha256]);
    return stored;
  }

  /** The original bytes, for a download; undefined when the organization has no such content. */
  async bytesOf(tenantId: string, sha256: string): Promise<Buffer | undefined> {
    const [row] = await this.db.query<{ bytes: Buffer }>(`SELECT bytes FROM attachment_contents WHERE tenant_id = $1 AND sha256 = $2`, [
      tenantId,
      sha256,
    ]);
    return row?.bytes;
  }
}
