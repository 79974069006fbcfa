import { readFileSync } from 'node:fs';
import { imageMetadata, offlineImageDescription } from './image-metadata.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/attachments/${name}`, import.meta.url)));

describe('image metadata', () => {
  it('reads format and dimensions of real PNG and JPEG files', () => {
    expect(imageMetadata(fixture('blue-7x5.png'), 'image/png')).toEqual({ format: 'png', width: 7, height: 5 });
    expect(imageMetadata(fixture('red-9x4.jpg'), 'image/jpeg')).toEqual({ format: 'jpeg', width: 9, height: 4 });
  });

  it('refuses bytes that are not the declared format, or no image at all', () => {
    expect(() => imageMetadata(fixture('blue-7x5.png'), 'image/jpeg')).toThrow('its bytes are png');
    expect(() => imageMetadata(new TextEncoder().encode('not an image'), 'image/png')).toThrow('not an image in a known format');
  });

  it('describes offline what the header tells, and says the content was not seen', () => {
    expect(offlineImageDescription('screen.png', { format: 'png', width: 7, height: 5 }, 120)).toBe(
      'An image "screen.png": PNG, 7×5 pixels (landscape), 120 bytes. No vision model was available, so its content has not been described; ask the operator what it shows if it matters.',
    );
  });
});
