/** One operation of an OpenAPI document, with a pattern matching its concrete paths. */
export interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  staticSegments: number;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Every operation of an OpenAPI document, with a pattern matching its concrete paths. */
export function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.keys(methods)
      .filter((method) => HTTP_METHODS.has(method))
      .map((method) => {
        const segments = template.split('/');
        const source = segments
          .map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/');
        return {
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          staticSegments: segments.filter((s) => !s.startsWith('{')).length,
        };
      }),
  );
}

/** The operation a request hits: the matching template with the most literal segments. */
export function operationFor(ops: Operation[], method: string, path: string): Operation | undefined {
  const bare = path.split('?')[0] ?? path;
  return ops
    .filter((o) => o.method === method && o.pattern.test(bare))
    .sort((a, b) => b.staticSegments - a.staticSegments)[0];
}
