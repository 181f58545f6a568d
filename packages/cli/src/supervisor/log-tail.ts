/** Keeps the last `size` lines a child wrote, to show when it dies. */
export class LogTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly size = 20) {}

  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      this.lines.push(line);
      if (this.lines.length > this.size) this.lines.shift();
    }
    return parts.filter(Boolean);
  }

  last(): string[] {
    return this.partial ? [...this.lines, this.partial] : [...this.lines];
  }
}
