import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

/** The plain-Ajv (not JTD) options of @fastify/ajv-compiler's pool. */
type AjvCompilerOptions = Exclude<
  Parameters<ReturnType<typeof AjvCompiler>>[1],
  { mode: 'JTD' } | undefined
>;

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/**
 * Validators that coerce only what arrives as text. Path parameters and query strings are
 * strings on the wire, so `?limit=20` must become 20 (Fastify's default Ajv setting,
 * `coerceTypes: 'array'`). A JSON body has types of its own: coercing it would store
 * `"name": 123` as "123" and turn `"enrolledAt": null` into 0 (1970) before the `null` branch
 * of a union is even tried. go-zero's httpx.Parse likewise converts path and form values and
 * decodes the body strictly.
 */
export function textCoercingValidators(): NonNullable<CompilersFactory['buildValidator']> {
  const fromPool = AjvCompiler();
  return (externalSchemas, ajvOptions) => {
    // Fastify passes its `ajv` server option: `{ customOptions, plugins }` for plain Ajv.
    const options = (ajvOptions ?? {}) as AjvCompilerOptions;
    const coercing = fromPool(externalSchemas, options);
    const strict = fromPool(externalSchemas, {
      ...options,
      customOptions: { ...options.customOptions, coerceTypes: false },
    });
    return (route) => (route.httpPart === 'body' ? strict : coercing)(route);
  };
}
