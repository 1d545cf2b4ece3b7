// The `atrium` CLI run from the TypeScript sources, as bin/atrium.js runs the compiled one; spawned by
// `spawnCli` (cli-process.ts) in a child process of its own.
import { run } from '../../cli/main.js';

process.exitCode = await run(process.argv.slice(2));
