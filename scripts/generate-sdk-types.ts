// Regenerates packages/sdk/src/schema.generated.ts from the OpenAPI document of an in-process
// server (no network, no running server needed). Run: npx tsx scripts/generate-sdk-types.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchOpenApiDocument, SCHEMA_FILE, schemaSource } from '../packages/sdk/src/schema-source.js';
import { startTestApp } from '../packages/server/src/testing/test-app.js';

const root = join(import.meta.dirname, '..');
const server = await startTestApp('sqlite', { trigger: false });
try {
  const source = await schemaSource(await fetchOpenApiDocument(server.app));
  writeFileSync(join(root, SCHEMA_FILE), source);
  console.log(`wrote ${SCHEMA_FILE} (${source.length} characters)`);
} finally {
  await server.close();
}
