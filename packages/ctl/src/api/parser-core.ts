// Token cursor shared by the recursive-descent parser files. Like goctl's parser it looks one
// token ahead (`cur` is the last consumed token, `peek` the next one) and stops at the first
// syntax error, reporting it where goctl does: at the unexpected token, or just after the last
// token when the file ends early.
import type { Comments, KeyValue, Pos } from './ast.js';
import type { ApiDiagnostic } from './diagnostics.js';
import type { ScanResult } from './scanner.js';
import { describeToken, GO_KEYWORDS, type Token } from './tokens.js';

/** Thrown inside the parser to unwind at the first syntax error. */
export class SyntaxFailure extends Error {
  constructor(readonly diagnostic: ApiDiagnostic) {
    super(diagnostic.message);
  }
}

const START: Token = {
  kind: 'EOF',
  text: '',
  line: 1,
  col: 1,
  endLine: 1,
  endCol: 1,
  head: [],
  tail: [],
};

/** Cursor over scanned tokens that also routes comments into the item being parsed. */
export class Cursor {
  cur: Token = START;
  private index = -1;
  private sink: Comments = { lead: [], tail: [] };
  private fresh = true;
  readonly warnings: ApiDiagnostic[] = [];

  constructor(
    private readonly scanned: ScanResult,
    readonly file: string,
  ) {
    this.checkScanError(0);
  }

  /** The next token. */
  get peek(): Token {
    const tokens = this.scanned.tokens;
    return tokens[this.index + 1] ?? (tokens[tokens.length - 1] as Token);
  }

  /** The token after the next one. */
  get peek2(): Token {
    const tokens = this.scanned.tokens;
    return tokens[this.index + 2] ?? (tokens[tokens.length - 1] as Token);
  }

  /**
   * True when the next token matches one of `specs`: a token kind (`IDENT`, `(`, `@doc`...) or a
   * word that an IDENT must spell (`returns`, `service`...).
   */
  peekIs(...specs: string[]): boolean {
    const p = this.peek;
    return specs.some((s) => p.kind === s || (p.kind === 'IDENT' && p.text === s));
  }

  /** Consume the next token, routing its comments into the current comment sink. */
  advance(): Token {
    const tok = this.peek;
    this.index++;
    this.cur = tok;
    for (const c of tok.head) (this.fresh ? this.sink.lead : this.sink.tail).push(c);
    this.sink.tail.push(...tok.tail);
    this.fresh = false;
    this.checkScanError(this.index + 1);
    return tok;
  }

  /** Consume the next token if it matches `specs`, else fail with "expected ..., got ...". */
  expect(...specs: string[]): Token {
    if (!this.peekIs(...specs)) this.fail(specs);
    return this.advance();
  }

  /** Consume an identifier that is not a Go keyword (type and field names). */
  expectName(): Token {
    const tok = this.expect('IDENT');
    this.rejectKeyword(tok);
    return tok;
  }

  /** Fail when a consumed identifier is a Go keyword. */
  rejectKeyword(tok: Token): void {
    if (tok.kind === 'IDENT' && GO_KEYWORDS.has(tok.text)) {
      this.failAt(tok, `syntax error: expected 'IDENT', got keyword '${tok.text}'`);
    }
  }

  /** Fail at the next token, listing what was expected. */
  fail(specs: readonly string[]): never {
    const p = this.peek;
    const expected = specs.map((s) => `'${s}'`).join(' | ');
    const message = `syntax error: expected ${expected}, got ${describeToken(p)}`;
    if (p.kind === 'EOF') {
      // goctl reports a premature end just after the last token.
      const at = this.index < 0 ? p : this.cur;
      throw new SyntaxFailure(this.diag({ line: at.endLine, col: at.endCol }, message));
    }
    this.failAt(p, message);
  }

  /** Fail at a given position. */
  failAt(pos: Pos, message: string): never {
    throw new SyntaxFailure(this.diag(pos, message));
  }

  /** Record a warning (the file is accepted). */
  warn(pos: Pos, message: string): void {
    this.warnings.push({ ...this.diag(pos, message), kind: 'syntax', severity: 'warning' });
  }

  /** Run `fn` with comments of the tokens it consumes collected into `target`. */
  collect<T>(target: Comments, fn: () => T): T {
    const saved = this.sink;
    const savedFresh = this.fresh;
    this.sink = target;
    this.fresh = true;
    try {
      return fn();
    } finally {
      this.sink = saved;
      this.fresh = savedFresh;
    }
  }

  /** Switch the current sink (until the enclosing `collect` ends). */
  redirect(target: Comments): void {
    this.sink = target;
    this.fresh = true;
  }

  /** True when a blank line separates the next token (or its lead comments) from the previous. */
  blankBeforePeek(): boolean {
    const p = this.peek;
    if (this.index < 0) return false;
    const first = p.head[0]?.line ?? p.line;
    const lastTail = this.cur.tail[this.cur.tail.length - 1];
    const prevEnd = lastTail ? lastTail.endLine : this.cur.endLine;
    return first > prevEnd + 1;
  }

  /** Position of a token. */
  pos(tok: Token): Pos {
    return { line: tok.line, col: tok.col };
  }

  private diag(pos: Pos, message: string): ApiDiagnostic {
    return {
      file: this.file,
      line: pos.line,
      col: pos.col,
      message,
      kind: 'syntax',
      severity: 'error',
    };
  }

  private checkScanError(index: number): void {
    const tokens = this.scanned.tokens;
    if (this.scanned.error && index >= tokens.length - 1) {
      throw new SyntaxFailure(this.scanned.error);
    }
  }
}

/** `key: value` in `info(...)` and `@doc(...)`: the value is a STRING, RAW_STRING or IDENT. */
export function parseKeyValue(c: Cursor): KeyValue {
  const comments: Comments = { lead: [], tail: [] };
  return c.collect(comments, () => {
    const key = c.expect('IDENT');
    c.expect(':');
    const value = c.expect('STRING', 'RAW_STRING', 'IDENT');
    return {
      key: key.text,
      keyPos: c.pos(key),
      raw: value.text,
      valueKind: value.kind as 'STRING' | 'RAW_STRING' | 'IDENT',
      valuePos: c.pos(value),
      comments,
    };
  });
}
