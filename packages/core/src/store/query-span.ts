import type { LogEvent, OperationNode } from 'kysely';
import { currentTrace, isSampled, startSpan } from '../trace/index.js';
import type { SqlDialect } from './config.js';

interface LooseNode {
  kind?: string;
  from?: { froms?: LooseNode[] };
  into?: LooseNode;
  table?: LooseNode & { identifier?: { name?: string } };
  node?: LooseNode;
}

/** The first table a Kysely statement names, for the span name (`select patients`). */
function tableOf(query: OperationNode): string | undefined {
  const q = query as LooseNode;
  let node = q.from?.froms?.[0] ?? q.into ?? q.table;
  if (node?.kind === 'AliasNode') node = node.node;
  return node?.kind === 'TableNode' ? node.table?.identifier?.name : undefined;
}

/**
 * Records a finished query as a client span of the active trace (telemetry on, trace sampled).
 * Queries outside any trace (relay polling, maintenance) are not spanned: each would be a trace
 * of its own. The SQL text is the parameterised statement; parameters carry personal data and are never
 * recorded.
 */
export function recordQuerySpan(event: LogEvent, operation: string, dialect: SqlDialect): void {
  const parent = currentTrace();
  if (!parent || !isSampled(parent)) return;
  const table = tableOf(event.query.query);
  const span = startSpan(table ? `${operation} ${table}` : operation, {
    kind: 'client',
    parent,
    // The SDK's clock (timeOrigin + performance.now()), not Date.now(): the two drift apart,
    // and a query must not appear to start before the span it runs in.
    startTime: performance.timeOrigin + performance.now() - event.queryDurationMillis,
    attributes: {
      'db.system.name': dialect === 'postgres' ? 'postgresql' : 'mysql',
      'db.operation.name': operation,
      'db.collection.name': table,
      'db.query.text': event.query.sql,
    },
  });
  if (event.level === 'error') span.recordError(event.error);
  span.end();
}
