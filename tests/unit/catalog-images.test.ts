// The WebP written for the catalog keeps no EXIF or XMP, whatever the image service left in it.
import { describe, expect, it } from 'vitest';
import { withoutMetadata } from '../../worker/admin/catalog/images.ts';

const chunk = (tag: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.write(tag, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};
const riff = (...chunks: Buffer[]) => {
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
};

describe('withoutMetadata', () => {
  it('drops the EXIF and XMP chunks and their flags, and keeps the picture', () => {
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0b0011_1100; // ICC, alpha, EXIF, XMP
    const picture = chunk('VP8L', Buffer.from('pixels!'));
    const input = riff(
      chunk('VP8X', vp8x),
      chunk('EXIF', Buffer.from('GPS 45.76 N 4.83 E')),
      chunk('XMP ', Buffer.from('<x:xmpmeta/>')),
      picture,
    );
    const out = Buffer.from(withoutMetadata(new Uint8Array(input)));
    expect(out.includes('GPS')).toBe(false);
    expect(out.includes('xmpmeta')).toBe(false);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out[20]).toBe(0b0011_0000);
    expect(out.subarray(out.length - picture.length).equals(picture)).toBe(true);
  });

  it('leaves a WebP without metadata as it was', () => {
    const input = riff(chunk('VP8L', Buffer.from('pixels')));
    expect(Buffer.from(withoutMetadata(new Uint8Array(input))).equals(input)).toBe(true);
  });
});
