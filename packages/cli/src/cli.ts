// The `tokenfn` command (Node only). The logic lives in ./cli/; this file only binds it to the process.
import { nodeCliIo } from './cli/node-io';
import { runCli } from './cli/run';

process.exitCode = await runCli(process.argv.slice(2), nodeCliIo());
