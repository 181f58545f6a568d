import { Type, type Static } from '@sinclair/typebox';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineConfig, parseConfig, type RestConfig } from './index.js';

const DatabaseSchema = Type.Object(
  { Url: Type.String({ minLength: 1 }), PoolSize: Type.Integer({ minimum: 1, default: 10 }) },
  { default: {} },
);
const ServiceSchema = defineConfig({
  Database: DatabaseSchema,
  Port: Type.Integer({ minimum: 1, maximum: 65535, default: 8002 }),
});
type ServiceConfig = Static<typeof ServiceSchema>;

describe('defineConfig', () => {
  it('types the REST keys and the service keys in one object', () => {
    expectTypeOf<ServiceConfig['Database']['PoolSize']>().toEqualTypeOf<number>();
    expectTypeOf<ServiceConfig['Log']>().toEqualTypeOf<RestConfig['Log']>();
    expectTypeOf<ServiceConfig['Auth']>().toEqualTypeOf<RestConfig['Auth']>();
  });

  it('lets a service replace a REST key, here to give Port a default', () => {
    const c = parseConfig(
      ServiceSchema,
      'Name: patient\nDatabase:\n  Url: ${DB_URL}\n',
      'etc/p.yaml',
      {
        env: { DB_URL: 'postgres://127.0.0.1/p' },
      },
    );
    expect(c.Port).toBe(8002);
    expect(c.Database).toEqual({ Url: 'postgres://127.0.0.1/p', PoolSize: 10 });
    expect(c.Timeout).toBe(3000);
  });

  it('makes service blocks strict even when their schema does not say so', () => {
    expect(() =>
      parseConfig(ServiceSchema, 'Name: p\nDatabase:\n  Url: x\n  PoolSzie: 5\n', 'etc/p.yaml', {
        env: {},
      }),
    ).toThrow('etc/p.yaml: Database.PoolSzie: unknown key (did you mean "PoolSize"?)');
  });

  it('reports a missing key inside a block that has a default', () => {
    expect(() => parseConfig(ServiceSchema, 'Name: p\n', 'etc/p.yaml', { env: {} })).toThrow(
      'etc/p.yaml: Database.Url: required key is missing',
    );
  });
});
