// The `tfjs-gradcam` executable (dist/cli.js, with a #!/usr/bin/env node line added by tsup).
import { runCli } from './runCli.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`tfjs-gradcam: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  },
);
