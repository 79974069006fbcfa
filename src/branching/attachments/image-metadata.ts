import { imageSize } from 'image-size';
import { AttachmentUnreadableError } from './attachment.errors.js';

export interface ImageMetadata {
  /** png, jpeg, gif or webp, as read from the bytes (not from the declared type). */
  format: 'png' | 'jpeg' | 'gif' | 'webp';
  width: number;
  height: number;
}

const FORMATS: Record<string, ImageMetadata['format']> = { png: 'png', jpg: 'jpeg', gif: 'gif', webp: 'webp' };

/** Format and dimensions from the file's header; the declared type must be what the bytes are. */
export function imageMetadata(bytes: Uint8Array, contentType: string): ImageMetadata {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    throw new AttachmentUnreadableError(contentType, 'it is not an image in a known format');
  }
  const format = size.type ? FORMATS[size.type] : undefined;
  if (!format || `image/${format}` !== contentType) {
    throw new AttachmentUnreadableError(contentType, `its bytes are ${size.type ?? 'of an unknown format'}`);
  }
  return { format, width: size.width, height: size.height };
}

/** What can be said of an image without a model that sees: its format, size and shape. */
export function offlineImageDescription(fileName: string, image: ImageMetadata, sizeBytes: number): string {
  const shape = image.width === image.height ? 'square' : image.width > image.height ? 'landscape' : 'portrait';
  return (
    `An image "${fileName}": ${image.format.toUpperCase()}, ${image.width}×${image.height} pixels (${shape}), ${sizeBytes} bytes. ` +
    'No vision model was available, so its content has not been described; ask the operator what it shows if it matters.'
  );
}
