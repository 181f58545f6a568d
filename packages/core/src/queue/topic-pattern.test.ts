import { describe, expect, it } from 'vitest';
import { topicMatches } from './topic-pattern.js';

describe('topic binding keys (AMQP topic exchange semantics)', () => {
  it.each([
    ['patient.enrolled', 'patient.enrolled', true],
    ['patient.enrolled', 'patient.withdrawn', false],
    ['patient.*', 'patient.enrolled', true],
    ['patient.*', 'patient.enrolled.v2', false],
    ['patient.*', 'patient', false],
    ['patient.#', 'patient', true],
    ['patient.#', 'patient.enrolled.v2', true],
    ['#', 'anything.at.all', true],
    ['#.enrolled', 'enrolled', true],
    ['#.enrolled', 'patient.enrolled', true],
    ['#.enrolled', 'patient.enrolledx', false],
    ['*.enrolled', 'patient.enrolled', true],
    ['a.#.z', 'a.z', true],
    ['a.#.z', 'a.b.c.z', true],
    ['a.#.z', 'a.b.c', false],
    ['visit+plan.(x)', 'visit+plan.(x)', true],
    ['visit+plan.(x)', 'visitplan.x', false],
  ])('%s matches %s: %s', (pattern, topic, expected) => {
    expect(topicMatches(pattern, topic)).toBe(expected);
  });
});
