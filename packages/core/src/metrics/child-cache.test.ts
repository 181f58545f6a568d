import { describe, expect, it } from 'vitest';
import { ChildCache } from './child-cache.js';

describe('ChildCache', () => {
  it('keeps each combination of the three values apart', () => {
    const cache = new ChildCache<string, string, number, string>();
    cache.set('/a', 'GET', 200, 'a-get-200');
    cache.set('/a', 'GET', 500, 'a-get-500');
    cache.set('/a', 'PUT', 200, 'a-put-200');
    cache.set('/b', 'GET', 200, 'b-get-200');
    expect(cache.get('/a', 'GET', 200)).toBe('a-get-200');
    expect(cache.get('/a', 'GET', 500)).toBe('a-get-500');
    expect(cache.get('/a', 'PUT', 200)).toBe('a-put-200');
    expect(cache.get('/b', 'GET', 200)).toBe('b-get-200');
    expect(cache.get('/b', 'PUT', 200)).toBeUndefined();
    expect(cache.get('/c', 'GET', 200)).toBeUndefined();
  });

  it('stops keeping new children at its bound, and still answers the kept ones', () => {
    const cache = new ChildCache<string, string, number, number>(3);
    for (let i = 0; i < 10; i++) cache.set('/r', 'GET', i, i);
    expect([0, 1, 2].map((i) => cache.get('/r', 'GET', i))).toEqual([0, 1, 2]);
    expect(cache.get('/r', 'GET', 3)).toBeUndefined();
    // Replacing a kept child does not count as a new one.
    cache.set('/r', 'GET', 1, 11);
    expect(cache.get('/r', 'GET', 1)).toBe(11);
  });
});
