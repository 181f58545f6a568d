// `type` statements, data types and struct fields (goctl parser.go: parseTypeStmt, parseDataType,
// parseElemExpr). A field whose name is followed by a line break or by a tag is an embedded field,
// exactly as goctl decides it.
import {
  noComments,
  type FieldDecl,
  type StructExpr,
  type TypeDecl,
  type TypeExpr,
  type TypeStmt,
} from './ast.js';
import type { Cursor } from './parser-core.js';

/** Parse `type X T` or `type ( X T ... )`; the next token is `type`. */
export function parseTypeStmt(c: Cursor): TypeStmt {
  const startTok = c.peek;
  const stmt: TypeStmt = {
    kind: 'type',
    pos: c.pos(startTok),
    grouped: false,
    decls: [],
    open: noComments(),
    close: noComments(),
  };
  if (c.peek2.kind === '(') {
    stmt.grouped = true;
    c.collect(stmt.open, () => {
      c.advance();
      c.advance();
    });
    if (!c.peekIs('IDENT', ')')) c.fail(['IDENT', ')']);
    while (!c.peekIs(')', 'EOF')) {
      stmt.decls.push(parseTypeDecl(c, false));
      if (!c.peekIs('IDENT', ')')) c.fail(['IDENT', ')']);
    }
    c.collect(stmt.close, () => c.expect(')'));
    return stmt;
  }
  if (!(c.peek2.kind === 'IDENT')) {
    c.advance();
    c.fail(['(', 'IDENT']);
  }
  stmt.decls.push(parseTypeDecl(c, true));
  return stmt;
}

function parseTypeDecl(c: Cursor, withKeyword: boolean): TypeDecl {
  const blankBefore = c.blankBeforePeek();
  const comments = noComments();
  return c.collect(comments, () => {
    if (withKeyword) c.advance();
    const name = c.expectName();
    let alias = false;
    if (c.peekIs('=')) {
      c.advance();
      alias = true;
    }
    const type = parseDataType(c);
    return { name: name.text, pos: c.pos(name), alias, type, comments, blankBefore };
  });
}

/** Parse a data type starting at the next token. */
export function parseDataType(c: Cursor): TypeExpr {
  const p = c.peek;
  if (p.kind === 'IDENT' && p.text === 'any') {
    c.advance();
    return { kind: 'name', pos: c.pos(p), name: 'any' };
  }
  if (p.kind === '{') return parseStruct(c, false);
  if (p.kind === 'IDENT') {
    if (p.text === 'map') return parseMap(c);
    if (p.text === 'struct' && c.peek2.kind === '{') {
      // goctl's old ANTLR grammar allowed `X struct {...}`; the current parser rejects the keyword.
      c.advance();
      c.warn(
        c.pos(p),
        "legacy 'struct' keyword: write the body without it (goctl >= 1.5 rejects it)",
      );
      return parseStruct(c, true);
    }
    const tok = c.expectName();
    return { kind: 'name', pos: c.pos(tok), name: tok.text };
  }
  if (p.kind === '[') {
    c.advance();
    if (c.peekIs(']')) {
      c.advance();
      return { kind: 'slice', pos: c.pos(p), elem: parseDataType(c) };
    }
    if (c.peekIs('INT', '...')) {
      const length = c.advance().text;
      c.expect(']');
      return { kind: 'array', pos: c.pos(p), length, elem: parseDataType(c) };
    }
    c.fail([']', 'INT', '...']);
  }
  if (p.kind === 'interface{}') {
    c.advance();
    return { kind: 'interface', pos: c.pos(p) };
  }
  if (p.kind === '*') {
    c.advance();
    if (!c.peekIs('IDENT', '[', 'interface{}', '*')) c.fail(['IDENT', '[', 'interface{}', '*']);
    return { kind: 'pointer', pos: c.pos(p), elem: parseDataType(c) };
  }
  c.fail(['IDENT', '[', 'interface{}', '*', '{']);
}

function parseMap(c: Cursor): TypeExpr {
  const tok = c.advance();
  c.expect('[');
  const key = parseDataType(c);
  c.expect(']');
  const value = parseDataType(c);
  return { kind: 'map', pos: c.pos(tok), key, value };
}

function parseStruct(c: Cursor, legacyKeyword: boolean): StructExpr {
  const open = c.advance();
  const node: StructExpr = {
    kind: 'struct',
    pos: c.pos(open),
    fields: [],
    close: noComments(),
    legacyKeyword,
  };
  const fieldStart = ['IDENT', '*', '}'];
  if (!c.peekIs(...fieldStart)) c.fail(fieldStart);
  while (!c.peekIs('}', 'EOF')) {
    node.fields.push(parseField(c));
    if (!c.peekIs(...fieldStart)) c.fail(fieldStart);
  }
  c.redirect(node.close);
  c.expect('}');
  return node;
}

function parseField(c: Cursor): FieldDecl {
  const blankBefore = c.blankBeforePeek();
  const comments = noComments();
  return c.collect(comments, () => {
    const first = c.expect('IDENT', '*');
    const field: FieldDecl = {
      names: [],
      type: { kind: 'interface', pos: c.pos(first) },
      comments,
      blankBefore,
      pos: c.pos(first),
    };
    if (first.kind === '*') {
      const name = c.expectName();
      field.type = {
        kind: 'pointer',
        pos: c.pos(first),
        elem: { kind: 'name', pos: c.pos(name), name: name.text },
      };
    } else if (c.peek.line > first.endLine || c.peekIs('RAW_STRING')) {
      c.rejectKeyword(first);
      field.type = { kind: 'name', pos: c.pos(first), name: first.text };
    } else {
      c.rejectKeyword(first);
      field.names.push({ name: first.text, pos: c.pos(first) });
      const typeStart = [',', 'IDENT', '[', 'interface{}', '*', '{'];
      if (!c.peekIs(...typeStart)) c.fail(typeStart);
      while (c.peekIs(',')) {
        c.advance();
        const n = c.expectName();
        field.names.push({ name: n.text, pos: c.pos(n) });
      }
      field.type = parseDataType(c);
    }
    const after = ['RAW_STRING', '*', 'IDENT', '}'];
    if (!c.peekIs(...after)) c.fail(after);
    if (c.peekIs('RAW_STRING')) {
      const tag = c.advance();
      field.tag = { raw: tag.text, pos: c.pos(tag) };
    }
    return field;
  });
}
