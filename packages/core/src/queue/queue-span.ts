import { formatTraceparent, parseTraceparent, startSpan, type Span } from '../trace/index.js';
import { HEADER } from './headers.js';
import type { EventHeaders, OutgoingEvent } from './types.js';

/** The producer's context an event carries, as a span parent. */
function parentOf(headers: EventHeaders) {
  const p = parseTraceparent(headers[HEADER.traceparent]);
  return p && { traceId: p.traceId, spanId: p.parentSpanId, flags: p.flags };
}

/**
 * A producer span for the relay publishing one outbox event, child of the request that wrote it
 * (the `traceparent` stored with the row). The event leaves with this span as its parent, so the
 * consumer's span hangs under the publish. Events written outside any trace get no span.
 */
export function startPublishSpan(
  event: OutgoingEvent,
  system: string,
): { span: Span; event: OutgoingEvent } | undefined {
  const parent = parentOf(event.headers);
  if (!parent) return undefined;
  const span = startSpan(`publish ${event.topic}`, {
    kind: 'producer',
    parent,
    attributes: {
      'messaging.system': system,
      'messaging.operation.type': 'send',
      'messaging.destination.name': event.topic,
    },
  });
  const headers = { ...event.headers, [HEADER.traceparent]: formatTraceparent(span.context) };
  return { span, event: { ...event, headers } };
}

/** The consumer span of one delivery: child of the publish span named by its `traceparent`. */
export function startConsumeSpan(d: {
  topic: string;
  queue: string;
  headers: EventHeaders;
  attempt: number;
}): Span {
  return startSpan(`process ${d.topic}`, {
    kind: 'consumer',
    parent: parentOf(d.headers),
    attributes: {
      'messaging.operation.type': 'process',
      'messaging.destination.name': d.topic,
      'messaging.consumer.group.name': d.queue,
      'vigil.queue.attempt': d.attempt,
    },
  });
}
