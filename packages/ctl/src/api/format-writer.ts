// Line writer and the type/field printer used by `format`. Fields are aligned in columns the way
// gofmt (and `goctl api format`) aligns them: runs of one-line fields separated by blank lines,
// embedded fields or multi-line fields form one section.
import type { FieldDecl, TypeExpr } from './ast.js';
import type { Comment } from './tokens.js';

/** Builds output line by line; tail comments are deferred to the end of the current line. */
export class Writer {
  private readonly lines: string[] = [];
  private cur = '';
  private deferred: Comment[] = [];

  /** Append text to the current line. */
  write(text: string): void {
    this.cur += text;
  }

  /** Comments to print at the end of the current line. */
  defer(comments: readonly Comment[]): void {
    this.deferred.push(...comments);
  }

  /** End the current line (with its deferred comments). */
  newline(): void {
    const tail = this.deferred.map((c) => c.text).join(' ');
    this.lines.push(tail ? (this.cur === '' ? tail : `${this.cur} ${tail}`) : this.cur);
    this.cur = '';
    this.deferred = [];
  }

  /** An empty line, never two in a row and never at the start. */
  blank(): void {
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined && last !== '') this.lines.push('');
  }

  /**
   * Comment lines above an item at `indent`, keeping a single blank line wherever the source
   * had one (between comments, and between the last comment and the item on `itemLine`, when
   * given).
   */
  lead(comments: readonly Comment[], indent: string, itemLine?: number): void {
    comments.forEach((c, k) => {
      this.lines.push(indent + c.text);
      const nextLine = comments[k + 1]?.line ?? itemLine;
      if (nextLine !== undefined && nextLine > c.endLine + 1) this.blank();
    });
  }

  /** The text written so far, ending with one newline. */
  result(): string {
    if (this.cur !== '' || this.deferred.length) this.newline();
    while (this.lines[this.lines.length - 1] === '') this.lines.pop();
    return `${this.lines.join('\n')}\n`;
  }
}

/** True when the type spans several lines (it holds an inline struct). */
export function isMultiline(t: TypeExpr): boolean {
  switch (t.kind) {
    case 'struct':
      return true;
    case 'pointer':
    case 'slice':
    case 'array':
      return isMultiline(t.elem);
    case 'map':
      return isMultiline(t.key) || isMultiline(t.value);
    case 'name':
    case 'interface':
      return false;
  }
}

/** Write a type; inline structs open a block at `indent` + tab. */
export function writeType(w: Writer, t: TypeExpr, indent: string): void {
  switch (t.kind) {
    case 'name':
      w.write(t.name);
      return;
    case 'interface':
      w.write('interface{}');
      return;
    case 'pointer':
      w.write('*');
      writeType(w, t.elem, indent);
      return;
    case 'slice':
      w.write('[]');
      writeType(w, t.elem, indent);
      return;
    case 'array':
      w.write(`[${t.length}]`);
      writeType(w, t.elem, indent);
      return;
    case 'map':
      w.write('map[');
      writeType(w, t.key, indent);
      w.write(']');
      writeType(w, t.value, indent);
      return;
    case 'struct': {
      if (t.fields.length === 0 && t.close.lead.length === 0) {
        w.write('{}');
        w.defer(t.close.tail);
        return;
      }
      w.write('{');
      w.newline();
      writeFields(w, t.fields, `${indent}\t`);
      w.lead(t.close.lead, `${indent}\t`);
      w.write(`${indent}}`);
      w.defer(t.close.tail);
      return;
    }
  }
}

function simpleTypeText(t: TypeExpr): string {
  const w = new Writer();
  writeType(w, t, '');
  return w.result().trimEnd();
}

/** Write struct fields, aligned in sections. */
export function writeFields(w: Writer, fields: readonly FieldDecl[], indent: string): void {
  let k = 0;
  while (k < fields.length) {
    // A section: consecutive named one-line fields with no blank line between them.
    const aligned = (f: FieldDecl) => f.names.length > 0 && !isMultiline(f.type);
    let end = k + 1;
    if (aligned(fields[k] as FieldDecl)) {
      while (
        end < fields.length &&
        aligned(fields[end] as FieldDecl) &&
        !fields[end]?.blankBefore
      ) {
        end++;
      }
    }
    const section = fields.slice(k, end);
    const names = section.map((f) => f.names.map((n) => n.name).join(', '));
    const types = section.map((f) => (isMultiline(f.type) ? '' : simpleTypeText(f.type)));
    const nameWidth = Math.max(...names.map((n) => n.length));
    const typeWidth = Math.max(
      0,
      ...section.map((f, i) => (f.tag ? (types[i] as string).length : 0)),
    );
    section.forEach((f, i) => {
      if (f.blankBefore && (k > 0 || i > 0)) w.blank();
      w.lead(f.comments.lead, indent, f.pos.line);
      w.write(indent);
      w.defer(f.comments.tail);
      const name = names[i] as string;
      if (name !== '') w.write(`${section.length > 1 ? name.padEnd(nameWidth) : name} `);
      if (isMultiline(f.type)) writeType(w, f.type, indent);
      else
        w.write(
          f.tag && section.length > 1
            ? (types[i] as string).padEnd(typeWidth)
            : (types[i] as string),
        );
      if (f.tag) w.write(` ${f.tag.raw}`);
      w.newline();
    });
    k = end;
  }
}
