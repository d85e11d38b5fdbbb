// Bytes above US-ASCII. A field value may carry them (obs-text); Starlette decodes them as latin-1.
import fc from 'fast-check';

/** @internal */
export function byteToCharMapper(byte: number): string {
  return String.fromCharCode(byte);
}

/** @internal */
export function charToByteUnmapper(value: unknown): number {
  if (typeof value !== 'string' || value.length !== 1) throw new Error('not a single byte');
  return value.charCodeAt(0);
}

// obs-text = %x80-FF                                                (RFC 9110 §5.5)
export function obsText(): fc.Arbitrary<string> {
  return fc.integer({ min: 0x80, max: 0xff }).map(byteToCharMapper, charToByteUnmapper);
}

/** @internal A code point above U+007F as the UTF-8 bytes a client would send, one char per byte. */
export function utf8BytesMapper(codePoint: number): string {
  return Buffer.from(String.fromCodePoint(codePoint), 'utf8').toString('latin1');
}

// UTF-8 is obs-text too: 1*obs-text. Clients that send UTF-8 tokens put 2-4 such bytes per character.
export function utf8Char(): fc.Arbitrary<string> {
  return fc.oneof(fc.integer({ min: 0x80, max: 0x7ff }), fc.integer({ min: 0x800, max: 0xd7ff }), fc.integer({ min: 0x10000, max: 0x10ffff }))
    .map(utf8BytesMapper);
}
