/**
 * Maps keyed by request data. A plain object literal inherits from Object.prototype, so a key
 * such as `__proto__` read or written through `obj[key]` reaches the prototype every object in
 * the process shares (prototype pollution: one request can then break or change every later
 * one). Maps built from input are therefore prototype-less (`dict()`), and the three names that
 * reach a prototype are refused where a request names them.
 */
import { ValidationError } from './errors';

export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key);
}

/** Throws a 400 naming `param` when `key` is one of RESERVED_KEYS. */
export function assertSafeKey(key: string, param: string): void {
  if (isReservedKey(key))
    throw new ValidationError(`${param.slice(0, 80)}: "${key}" is a reserved name and cannot be used`);
}

/** An empty object with no prototype: `d[key]` never reaches Object.prototype. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
