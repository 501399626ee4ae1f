// A toy training loop that logs a run with the TypeScript SDK. Its loss falls, then diverges
// past 2, which fires the "loss above 2" automation of examples/automations.yaml.
//
//   export BELLWETHER_URL=http://localhost:8080 BELLWETHER_API_KEY=bw_…
//   npx tsx examples/train.ts            # team: BELLWETHER_TEAM (default, the team a fresh start creates); project cifar
import { createClient, init } from '@bellwether/sdk';

const team = process.env.BELLWETHER_TEAM ?? 'default';
const project = 'cifar';
const baseUrl = process.env.BELLWETHER_URL ?? 'http://localhost:8080';
const apiKey = process.env.BELLWETHER_API_KEY;

// The project must exist; 409 means it already does.
const client = createClient({ baseUrl, apiKey });
await client.POST('/api/v1/teams/{team}/projects', { params: { path: { team } }, body: { name: project } });

const run = await init({
  team,
  project,
  baseUrl,
  ...(apiKey ? { apiKey } : {}),
  displayName: 'resnet-ts-example',
  config: { lr: 0.1, epochs: 3 },
  tags: ['example'],
  captureExceptions: true,
});
console.log(`logging run ${run.runId}`);

for (let step = 0; step < 300; step++) {
  // Falls from 1.8 towards 0.3, then blows up after step 200.
  const loss = step < 200 ? 0.3 + 1.5 * Math.exp(-step / 40) : 0.3 + 0.03 * (step - 200);
  run.log({ loss, acc: Math.min(0.95, step / 250), lr: 0.1 * 0.99 ** step });
}

const result = await run.finish();
console.log(`run ${run.runId} ${result.state}: ${result.sentRows} rows stored`);
