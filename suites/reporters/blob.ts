// Where a shard leaves Playwright's blob report (read back by `bearer-conformance merge`).
import type { Shard } from '../config.ts';

/** The blob's folder inside the shard's report directory. */
export const BLOB_DIR = 'blob';

/** One name per shard, so the blobs of all shards can sit in one folder for `playwright merge-reports`. */
export function blobFileName(shard: Shard): string {
  return `shard-${shard.current}-of-${shard.total}.zip`;
}
