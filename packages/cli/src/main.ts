import { runCli } from './program.js';

// The `bellwether` executable: node --import tsx packages/cli/src/main.ts …
process.exitCode = await runCli(process.argv);
