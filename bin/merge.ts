// bearer-conformance merge (placeholder: being written)
export async function mergeMain(_argv: string[]): Promise<number> {
  process.stderr.write('bearer-conformance: merge is not available yet\n');
  return 2;
}
