// Playwright's HTML report (1.65) is one index.html that embeds the report data as a base64 zip
// (window.playwrightReportBase64 = "data:application/zip;base64,…"): report.json plus one JSON file
// per spec, with test titles, steps, errors and stdout. Tests that look for what was written
// unpack it, since a plain text search of index.html sees only base64.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** The entries of the embedded zip, by name, inflated to text. */
export function unzipEmbeddedReport(html: string): Map<string, string> {
  const b64 = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html)?.[1];
  assert.ok(b64, "no embedded zip in Playwright's index.html: has its format changed?");
  return unzip(Buffer.from(b64, 'base64'));
}

/** A zip's entries (a shard's blob report, the embedded report) by name, inflated to text, read through the central directory. */
export function unzip(zip: Buffer): Map<string, string> {
  const entries = new Map<string, string>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16); // the central directory
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * Every file under `dir` as text, Playwright's embedded report and any zip unpacked: what a search
 * for a leaked secret must read.
 */
export function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .flatMap((e) => {
      const bytes = readFileSync(path.join(e.parentPath, e.name));
      const embedded = e.name === 'index.html' && path.basename(e.parentPath) === 'playwright' ? [...unzipEmbeddedReport(bytes.toString('utf8')).values()]
        : e.name.endsWith('.zip') ? [...unzip(bytes).values()] : [];
      return [bytes.toString('latin1'), ...embedded];
    })
    .join('\n');
}
