// `@server(...)`, `service` blocks, `@doc`, `@handler` and routes (goctl parser.go: parseService,
// parseAtServerKVExpression, parseRouteStmt, parsePathExpr, parseBodyStmt).
import {
  noComments,
  type AtDoc,
  type BodyType,
  type KeyValue,
  type RouteDecl,
  type RouteItem,
  type ServerAnnotation,
  type ServiceStmt,
} from './ast.js';
import { parseKeyValue, type Cursor } from './parser-core.js';
import { HTTP_METHODS, isHttpMethod } from './tokens.js';

// Tokens that end a route path.
const PATH_END = ['(', 'returns', '@doc', '@handler', ';', '}'];

/** Parse `[@server(...)] service name { items }`; the next token is `@server` or `service`. */
export function parseService(c: Cursor): ServiceStmt {
  const start = c.peek;
  const stmt: ServiceStmt = {
    kind: 'service',
    pos: c.pos(start),
    name: '',
    namePos: c.pos(start),
    items: [],
    open: noComments(),
    close: noComments(),
  };
  if (c.peekIs('@server')) {
    stmt.server = parseServer(c);
    if (!c.peekIs('service')) c.fail(['service']);
  }
  c.collect(stmt.open, () => {
    c.advance();
    const name = c.expect('IDENT');
    stmt.namePos = c.pos(name);
    stmt.name = name.text;
    // goctl joins exactly one `-api` suffix onto the name (`user-api`).
    if (c.peekIs('-')) {
      c.advance();
      stmt.name += `-${c.expect('api').text}`;
    }
    c.expect('{');
  });
  while (!c.peekIs('}', 'EOF')) {
    stmt.items.push(parseItem(c));
    if (c.peekIs('}')) break;
    if (!c.peekIs('@doc', '@handler', '}')) c.fail(['@doc', '@handler', '}']);
  }
  c.collect(stmt.close, () => c.expect('}'));
  return stmt;
}

function parseServer(c: Cursor): ServerAnnotation {
  const ann: ServerAnnotation = {
    pos: c.pos(c.peek),
    entries: [],
    open: noComments(),
    close: noComments(),
  };
  c.collect(ann.open, () => {
    c.advance();
    c.expect('(');
  });
  while (!c.peekIs(')', 'EOF')) {
    ann.entries.push(parseServerValue(c));
    if (!c.peekIs(')', 'IDENT')) c.fail([')', 'IDENT']);
  }
  c.collect(ann.close, () => c.expect(')'));
  return ann;
}

/** `key: value` in `@server`: a path `/a/b-c`, DURATION, INT, STRING, IDENT, `A,B` or `a-b`. */
function parseServerValue(c: Cursor): KeyValue {
  const comments = noComments();
  return c.collect(comments, () => {
    const key = c.expect('IDENT');
    c.expect(':');
    const kinds = ['/', 'DURATION', 'IDENT', 'INT', 'STRING'];
    if (!c.peekIs(...kinds)) c.fail(kinds);
    const first = c.advance();
    const kv: KeyValue = {
      key: key.text,
      keyPos: c.pos(key),
      raw: first.text,
      valueKind: first.kind === '/' ? 'PATH' : (first.kind as KeyValue['valueKind']),
      valuePos: c.pos(first),
      comments,
    };
    if (first.kind === '/') {
      kv.raw += segment(c);
    } else if (first.kind === 'IDENT' && c.peekIs(',', '-')) {
      const sep = c.peek.kind;
      while (c.peekIs(sep)) kv.raw += c.advance().text + c.expect('IDENT').text;
      kv.valueKind = 'PATH';
      return kv;
    } else if (first.kind !== 'IDENT') {
      return kv;
    }
    while (c.peekIs('/')) {
      c.advance();
      kv.raw += `/${segment(c)}`;
      kv.valueKind = 'PATH';
    }
    return kv;
  });
}

// One path segment of a @server value: IDENT, optionally `-IDENT` once (goctl's `abc-efg` form).
function segment(c: Cursor): string {
  let text = c.expect('IDENT').text;
  if (c.peekIs('-')) text += c.advance().text + c.expect('IDENT').text;
  return text;
}

function parseItem(c: Cursor): RouteItem {
  const pos = c.pos(c.peek);
  let doc: AtDoc | undefined;
  if (c.peekIs('@doc')) doc = parseAtDoc(c);
  else if (!c.peekIs('@handler')) c.fail(['@handler', '}']);
  const handlerComments = noComments();
  const handler = c.collect(handlerComments, () => {
    c.expect('@handler');
    const name = c.expect('IDENT');
    return { name: name.text, pos: c.pos(name), comments: handlerComments };
  });
  const route = parseRoute(c);
  return doc ? { doc, handler, route, pos } : { handler, route, pos };
}

function parseAtDoc(c: Cursor): AtDoc {
  const doc: AtDoc = { pos: c.pos(c.peek), open: noComments(), close: noComments() };
  const grouped = c.collect(doc.open, () => {
    c.advance();
    if (!c.peekIs('(', 'STRING')) c.fail(['(', 'STRING']);
    if (c.peekIs('STRING')) {
      doc.text = c.advance().text;
      return false;
    }
    c.advance();
    return true;
  });
  if (!grouped) return doc;
  doc.entries = [];
  while (!c.peekIs(')', 'EOF')) {
    doc.entries.push(parseKeyValue(c));
    if (!c.peekIs(')', 'IDENT')) c.fail([')', 'IDENT']);
  }
  c.collect(doc.close, () => c.expect(')'));
  return doc;
}

function parseRoute(c: Cursor): RouteDecl {
  const comments = noComments();
  return c.collect(comments, () => {
    const method = c.expect(...HTTP_METHODS);
    if (!isHttpMethod(method.text)) c.fail(HTTP_METHODS);
    const route: RouteDecl = {
      method: method.text,
      pos: c.pos(method),
      path: '',
      pathPos: c.pos(c.peek),
      comments,
    };
    route.path = parsePath(c);
    if (c.peekIs('@doc', '@handler', '}')) return route;
    if (c.peekIs(';')) {
      c.advance();
      return route;
    }
    if (!c.peekIs('returns', '(')) c.fail(['returns', '(']);
    if (c.peekIs('(')) {
      const request = parseBody(c);
      if (request) route.request = request;
    }
    const next = ['returns', '@doc', '@handler', '}', ';'];
    if (!c.peekIs(...next)) c.fail(next);
    if (c.peekIs('returns')) {
      c.advance();
      const response = parseBody(c);
      if (response) route.response = response;
    }
    if (c.peekIs(';')) c.advance();
    return route;
  });
}

/** `/seg/:param/a-b/file.html`; segments are IDENT or INT, joined by `-` or `.` without spaces. */
function parsePath(c: Cursor): string {
  let text = '';
  while (!c.peekIs(...PATH_END)) {
    text += c.expect('/').text;
    if (c.peekIs(...PATH_END)) break;
    if (!c.peekIs(':', 'IDENT', 'INT')) c.fail([':', 'IDENT', 'INT']);
    if (c.peekIs(':')) text += c.advance().text;
    text += c.expect('IDENT', 'INT').text;
    while (!c.peekIs('/', ...PATH_END, 'EOF')) {
      if (c.peekIs('-', '.')) {
        text += c.advance().text;
        text += c.expect('IDENT').text;
        continue;
      }
      // goctl glues an adjacent IDENT (`123abc` scans as INT + IDENT); a space is a mistake.
      const p = c.peek;
      if (p.kind !== 'IDENT' || p.line !== c.cur.endLine || p.col !== c.cur.endCol) {
        c.fail(['/', ...PATH_END]);
      }
      text += c.advance().text;
    }
    if (!c.peekIs('/', ...PATH_END)) c.fail(['/', ...PATH_END]);
  }
  if (text === '') c.fail(['/']);
  return text;
}

function parseBody(c: Cursor): BodyType | undefined {
  const open = c.expect('(');
  if (c.peekIs(')')) {
    c.advance();
    return undefined;
  }
  const body: BodyType = {
    pos: c.pos(c.peek),
    name: '',
    namePos: c.pos(c.peek),
    slice: false,
    pointer: false,
  };
  if (!c.peekIs('[', '*', 'IDENT')) c.fail(['[', '*', 'IDENT']);
  if (c.peekIs('[')) {
    c.advance();
    c.expect(']');
    body.slice = true;
    if (!c.peekIs('*', 'IDENT')) c.fail(['*', 'IDENT']);
  }
  if (c.peekIs('*')) {
    c.advance();
    body.pointer = true;
  }
  const name = c.expect('IDENT');
  body.name = name.text;
  body.namePos = c.pos(name);
  c.expect(')');
  void open;
  return body;
}
