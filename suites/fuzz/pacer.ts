// `--rate N`: at most N requests per second, spread evenly; 0 means no limit.
export class Pacer {
  private next = 0;
  constructor(private readonly perSecond: number) {}

  /** Resolves when the caller may send its next request. */
  async wait(): Promise<void> {
    if (this.perSecond <= 0) return;
    const now = performance.now();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}
