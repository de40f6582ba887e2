/**
 * The CLI dispatcher: `smesher <command> ...`. Bad input prints one line on stderr and exits non-zero
 * (2 for usage errors, 1 for failures); `--help` works on every command.
 * @module
 */
import { type CommandIO, UsageError } from './cli.js';
import { COMMANDS } from './commands/index.js';
import { errorMessage } from '../util/errors.js';
import packageJson from '../../package.json' with { type: 'json' };

const defaultIO: CommandIO = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `smesher ${packageJson.version}: a Spacemesh-protocol node, prover and wallet for home smeshers`,
    '',
    'usage: smesher <command> [flags]     smesher <command> --help',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Runs one CLI invocation and resolves to its exit code. */
export async function main(argv: readonly string[], io: CommandIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout(packageJson.version);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`smesher: unknown command "${name}" (see smesher --help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    io.stderr(`smesher ${name}: ${errorMessage(err)}`);
    return err instanceof UsageError ? 2 : 1;
  }
}
