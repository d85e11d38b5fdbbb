// Cases from RFC 9110 §5.5/§11 and RFC 9112 §5: scheme case, whitespace, field syntax, and the
// wire-level constructs (CTL, obs-text, duplicates, obs-fold, oversize) that only a raw socket sends.
import type { HeaderCase } from './types.ts';

export const RFC9110_CASES: HeaderCase[] = [
  { id: 'headers.scheme-lowercase', sends: '`bearer <token>` (lower-case scheme)', request: { lines: ['Authorization: bearer {token}'] } },
  { id: 'headers.scheme-uppercase', sends: '`BEARER <token>` (upper-case scheme)', request: { lines: ['Authorization: BEARER {token}'] } },
  { id: 'headers.scheme-mixedcase', sends: '`BeArEr <token>` (mixed-case scheme)', request: { lines: ['Authorization: BeArEr {token}'] } },
  { id: 'headers.name-lowercase', sends: 'the field name as `authorization`', request: { lines: ['authorization: Bearer {token}'] } },
  { id: 'headers.ows-leading-trailing', sends: 'spaces before and after `Bearer <token>`', request: { lines: ['Authorization:   Bearer {token}  '] } },
  { id: 'headers.ows-tabs', sends: 'HTABs before and after `Bearer <token>`', request: { lines: ['Authorization: \tBearer {token}\t'] } },
  { id: 'headers.no-space-after-colon', sends: '`Authorization:Bearer <token>`', request: { lines: ['Authorization:Bearer {token}'] } },
  { id: 'headers.htab-separator', sends: 'an HTAB instead of SP after `Bearer`', request: { lines: ['Authorization: Bearer\t{token}'] } },
  { id: 'headers.sp-htab-separator', sends: 'SP then HTAB after `Bearer`', request: { lines: ['Authorization: Bearer \t{token}'] } },
  { id: 'headers.ctl-in-token', sends: 'a 0x01 control byte inside the token', request: { lines: ['Authorization: Bearer a\x01{token}'] } },
  { id: 'headers.del-in-token', sends: 'a DEL (0x7F) byte inside the token', request: { lines: ['Authorization: Bearer a\x7f{token}'] } },
  { id: 'headers.nul-in-token', sends: 'a NUL byte inside the token', request: { lines: ['Authorization: Bearer a\x00{token}'] } },
  { id: 'headers.obs-text-in-token', sends: 'an obs-text byte 0xE9 inside the token', request: { lines: ['Authorization: Bearer ab\xe9{token}'] } },
  { id: 'headers.utf8-in-token', sends: 'UTF-8 bytes C3 A9 inside the token', request: { lines: ['Authorization: Bearer ab\xc3\xa9{token}'] } },
  { id: 'headers.duplicate-bearer-basic', sends: 'two Authorization lines: Bearer, then Basic', request: { lines: ['Authorization: Bearer {token}', 'Authorization: Basic dXNlcjpwYXNz'] } },
  { id: 'headers.duplicate-basic-bearer', sends: 'two Authorization lines: Basic, then Bearer', request: { lines: ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Bearer {token}'] } },
  { id: 'headers.duplicate-empty-bearer', sends: 'two Authorization lines: empty, then Bearer', request: { lines: ['Authorization: ', 'Authorization: Bearer {token}'] } },
  { id: 'headers.comma-list', sends: '`Bearer <token>, Basic xyz` on one line', request: { lines: ['Authorization: Bearer {token}, Basic xyz'] } },
  { id: 'headers.obs-fold', sends: '`Bearer` folded onto a continuation line (obs-fold)', request: { lines: ['Authorization: Bearer', ' {token}'] } },
  { id: 'headers.space-before-colon', sends: 'whitespace between the field name and the colon', request: { lines: ['Authorization : Bearer {token}'] } },
  { id: 'headers.long-token-8k', sends: 'an 8 KiB token', request: { lines: ['Authorization: Bearer {x*8192}'] } },
  { id: 'headers.long-token-64k', sends: 'a 64 KiB token', request: { lines: ['Authorization: Bearer {x*65536}'] } },
];
