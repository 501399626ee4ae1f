import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../server/src/testing/test-app.js';
import { fetchOpenApiDocument, GENERATED_HEADER, SCHEMA_FILE, schemaSource } from './schema-source.js';

describe('the checked-in SDK schema', () => {
  it('matches the OpenAPI document the server serves today', async () => {
    const server = await startTestApp('sqlite', { trigger: false });
    try {
      const fresh = await schemaSource(await fetchOpenApiDocument(server.app));
      const checkedIn = readFileSync(join(import.meta.dirname, '../../..', SCHEMA_FILE), 'utf8');
      expect(checkedIn.startsWith(GENERATED_HEADER)).toBe(true);
      if (checkedIn !== fresh) {
        expect.fail(
          `${SCHEMA_FILE} is stale: the API changed since it was generated. Run \`npx tsx scripts/generate-sdk-types.ts\` and commit the result.`,
        );
      }
    } finally {
      await server.close();
    }
  });
});
