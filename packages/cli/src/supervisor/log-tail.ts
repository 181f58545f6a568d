/**
 * Keeps the end of what a child wrote, to show its last lines when it dies. Output is kept as the
 * chunks that arrived (bounded by `maxChars`) and cut into lines only when asked: under load a
 * service writes thousands of lines a second, and splitting each chunk on arrival cost the
 * supervisor CPU on the same cores as the services.
 */
export class LogTail {
  private chunks: string[] = [];
  private chars = 0;
  private trimmed = false;

  constructor(
    private readonly size = 20,
    private readonly maxChars = 64 * 1024,
  ) {}

  push(chunk: string): void {
    this.chunks.push(chunk);
    this.chars += chunk.length;
    while (this.chunks.length > 1 && this.chars - this.chunks[0]!.length >= this.maxChars) {
      this.chars -= this.chunks.shift()!.length;
      this.trimmed = true;
    }
  }

  /** The last `size` non-empty lines, the unterminated one at the end included. */
  last(): string[] {
    const lines = this.chunks.join('').split('\n');
    // After trimming, the first piece is the tail of a longer line: not a line of its own.
    if (this.trimmed) lines.shift();
    return lines.filter(Boolean).slice(-this.size);
  }
}

/** Cuts a stream of chunks into whole lines (for `--verbose`, which prints each one). */
export class LineSplitter {
  private partial = '';

  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    return parts.filter(Boolean);
  }
}
