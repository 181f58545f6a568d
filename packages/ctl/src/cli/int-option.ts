// Commander parser for integer flags (ports, millicores, replica counts).
import { InvalidArgumentError } from 'commander';

/** Parses a whole decimal number or rejects the flag value with commander's own error. */
export function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}
