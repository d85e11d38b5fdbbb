// bearer-conformance matrix (placeholder: being written)
export async function matrixMain(_argv: string[]): Promise<number> {
  process.stderr.write('bearer-conformance: matrix is not available yet\n');
  return 2;
}
