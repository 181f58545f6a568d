// Lexer for `.api` files. Follows goctl's scanner (tools/goctl/pkg/parser/api/scanner/scanner.go):
// identifiers are `[A-Za-z_][A-Za-z0-9_]*` (a `-` is its own token, joined by the parser in
// service names and paths), `interface{}` written without a space is one token, numbers followed
// by a unit are DURATION tokens (`3s`, `1h10m`, `500ms`, `10µs`), strings have no escapes, and
// comments are attached to the neighbouring tokens so docs survive parsing and formatting.
import type { ApiDiagnostic } from './diagnostics.js';
import type { Comment, Token, TokenKind } from './tokens.js';

/** What the scanner produced: tokens ending with EOF, plus comments after the last token. */
export interface ScanResult {
  tokens: Token[];
  /** Comments after the last token that are not on its line. */
  trailing: Comment[];
  /** Set when the text could not be tokenized; the EOF token then sits at the error. */
  error?: ApiDiagnostic;
}

const SINGLE: Record<string, TokenKind> = {
  '-': '-',
  '*': '*',
  '(': '(',
  ')': ')',
  '[': '[',
  ']': ']',
  '{': '{',
  '}': '}',
  ',': ',',
  ';': ';',
  ':': ':',
  '=': '=',
};

// Duration units in the order Go's time.ParseDuration accepts them from largest to smallest.
const UNITS = ['h', 'm', 's', 'ms', 'µs', 'ns'] as const;

const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isIdentStart = (c: string | undefined): boolean => isLetter(c) || c === '_';
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v';

/** Tokenize `text`; `file` is only used in diagnostics. */
export function scan(text: string, file: string): ScanResult {
  const chars = Array.from(text.startsWith('\uFEFF') ? text.slice(1) : text);
  let i = 0;
  let line = 1;
  let col = 1;
  const tokens: Token[] = [];
  let pending: Comment[] = [];
  let last: Token | undefined;

  const advance = (): void => {
    if (chars[i] === '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    i++;
  };
  const slice = (from: number): string => chars.slice(from, i).join('');
  const emit = (kind: TokenKind, from: number, l: number, c: number): void => {
    const tok: Token = {
      kind,
      text: slice(from),
      line: l,
      col: c,
      endLine: line,
      endCol: col,
      head: pending,
      tail: [],
    };
    pending = [];
    tokens.push(tok);
    last = tok;
  };
  const comment = (from: number, l: number, c: number): void => {
    // A CRLF file's line comments would otherwise carry the `\r` into docs and formatted output.
    const cm: Comment = { text: slice(from).replace(/\r$/, ''), line: l, col: c, endLine: line };
    if (last && last.endLine === l) last.tail.push(cm);
    else pending.push(cm);
  };
  const fail = (message: string): ScanResult => {
    const eof: Token = {
      kind: 'EOF',
      text: '',
      line,
      col,
      endLine: line,
      endCol: col,
      head: [],
      tail: [],
    };
    tokens.push(eof);
    return {
      tokens,
      trailing: pending,
      error: { file, line, col, message, kind: 'syntax', severity: 'error' },
    };
  };

  while (i < chars.length) {
    const ch = chars[i];
    if (isSpace(ch)) {
      advance();
      continue;
    }
    const from = i;
    const l = line;
    const c = col;
    const next = chars[i + 1];
    if (ch === '/' && next === '/') {
      while (i < chars.length && chars[i] !== '\n') advance();
      comment(from, l, c);
    } else if (ch === '/' && next === '*') {
      advance();
      advance();
      while (i < chars.length && !(chars[i] === '*' && chars[i + 1] === '/')) advance();
      if (i >= chars.length)
        return fail("syntax error: unterminated comment: expected '*/', got EOF");
      advance();
      advance();
      comment(from, l, c);
    } else if (ch === '"' || ch === '`') {
      // goctl has no escapes in strings: the next delimiter closes the literal.
      advance();
      while (i < chars.length && chars[i] !== ch) advance();
      if (i >= chars.length)
        return fail(`syntax error: unterminated string: expected '${ch}', got EOF`);
      advance();
      emit(ch === '"' ? 'STRING' : 'RAW_STRING', from, l, c);
    } else if (ch === '@') {
      advance();
      if (!isLetter(chars[i])) {
        emit('ILLEGAL', from, l, c);
        continue;
      }
      while (isLetter(chars[i])) advance();
      const word = slice(from);
      if (word !== '@doc' && word !== '@handler' && word !== '@server') {
        line = l;
        col = c;
        return fail(`syntax error: expected '@doc' | '@handler' | '@server', got '${word}'`);
      }
      emit(word, from, l, c);
    } else if (ch === '.') {
      advance();
      if (chars[i] === '.' && chars[i + 1] === '.') {
        advance();
        advance();
        emit('...', from, l, c);
      } else emit('.', from, l, c);
    } else if (ch !== undefined && SINGLE[ch] !== undefined) {
      advance();
      emit(SINGLE[ch], from, l, c);
    } else if (ch === '/') {
      advance();
      emit('/', from, l, c);
    } else if (isIdentStart(ch)) {
      while (isIdentStart(chars[i]) || isDigit(chars[i])) advance();
      if (slice(from) === 'interface' && chars[i] === '{' && chars[i + 1] === '}') {
        advance();
        advance();
        emit('interface{}', from, l, c);
      } else emit('IDENT', from, l, c);
    } else if (isDigit(ch)) {
      while (isDigit(chars[i])) advance();
      if (!startsUnit(chars, i)) {
        emit('INT', from, l, c);
        continue;
      }
      const bad = scanDuration(chars, () => i, advance);
      if (bad) {
        // goctl yields an ILLEGAL token at the character that breaks the duration.
        const bl = line;
        const bc = col;
        const bfrom = i;
        if (i < chars.length) advance();
        emit('ILLEGAL', bfrom, bl, bc);
      } else emit('DURATION', from, l, c);
    } else {
      advance();
      emit('ILLEGAL', from, l, c);
    }
  }
  tokens.push({ kind: 'EOF', text: '', line, col, endLine: line, endCol: col, head: [], tail: [] });
  return { tokens, trailing: pending };
}

function unitAt(chars: readonly string[], i: number): (typeof UNITS)[number] | undefined {
  const a = chars[i];
  const b = chars[i + 1];
  if ((a === 'm' || a === 'µ' || a === 'n') && b === 's') return `${a}s`;
  if (a === 'h' || a === 'm' || a === 's') return a;
  return undefined;
}

function startsUnit(chars: readonly string[], i: number): boolean {
  return unitAt(chars, i) !== undefined;
}

/**
 * Consume `unit (digits unit)*` with strictly decreasing units, the shape goctl's duration
 * state machine accepts. Returns true when digits are followed by no valid smaller unit (then the
 * current character is the illegal one).
 */
function scanDuration(chars: readonly string[], pos: () => number, advance: () => void): boolean {
  let prev = -1;
  for (;;) {
    const unit = unitAt(chars, pos());
    const rank = unit === undefined ? -1 : UNITS.indexOf(unit);
    if (unit === undefined || rank <= prev) return true;
    for (let k = 0; k < unit.length; k++) advance();
    prev = rank;
    if (!isDigit(chars[pos()])) return false;
    while (isDigit(chars[pos()])) advance();
  }
}
