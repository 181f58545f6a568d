import { describe, expect, it } from 'vitest';
import { formatDeadLetters, formatQueueStatus } from './admin.js';

describe('queue admin output', () => {
  it('aligns status columns and shows figures the broker hides as -', () => {
    const out = formatQueueStatus([
      { queue: 'followup.visits', ready: 12, unacked: null, delayed: 3, dead: 1, consumers: 2 },
      { queue: 'notify', ready: 0, unacked: 4, delayed: 0, dead: 0, consumers: null },
    ]);
    expect(out).toBe(
      [
        'QUEUE            READY  UNACKED  DELAYED  DEAD  CONSUMERS',
        'followup.visits  12     -        3        1     2',
        'notify           0      4        0        0     -',
        '',
      ].join('\n'),
    );
    expect(formatQueueStatus([])).toBe('no queues\n');
  });

  it('lists dead letters with their error on one line', () => {
    const out = formatDeadLetters([
      {
        id: 'e1',
        queue: 'q',
        topic: 'visit.planned',
        payload: '{}',
        headers: {},
        attempts: 5,
        error: 'Error: smtp\nrefused',
        failedAt: new Date('2026-01-02T03:04:05Z'),
      },
    ]);
    expect(out.split('\n')[1]).toBe(
      'e1  q      visit.planned  5         2026-01-02T03:04:05.000Z  Error: smtp refused',
    );
    expect(formatDeadLetters([])).toBe('no dead letters\n');
  });
});
