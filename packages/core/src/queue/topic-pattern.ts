/**
 * AMQP topic binding keys (`patient.*`, `patient.#`) as a regular expression, so the PostgreSQL
 * transport routes exactly like a RabbitMQ topic exchange: words are separated by dots, `*`
 * matches one word, `#` matches zero or more words (AMQP 0-9-1 §3.1.3.3). The expression is
 * matched against the topic with a dot prepended (`'.' || topic`), which lets every word —
 * including the first — be written as `\.word`, so `#` needs no special case at the edges.
 */
export function topicPatternToRegex(pattern: string): string {
  const parts = pattern.split('.').map((word) => {
    if (word === '#') return '(\\.[^.]*)*';
    if (word === '*') return '\\.[^.]*';
    return `\\.${word.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')}`;
  });
  return `^${parts.join('')}$`;
}

/** Whether `topic` matches an AMQP binding key (same semantics as {@link topicPatternToRegex}). */
export function topicMatches(pattern: string, topic: string): boolean {
  return new RegExp(topicPatternToRegex(pattern)).test(`.${topic}`);
}
