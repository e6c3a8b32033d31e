/**
 * The error boundary of the engine commands: bad input (InputError, including configuration problems and missing
 * secrets) exits 2 with its message; anything else during a run exits 1. Either way the text printed is passed
 * through {@link redactSecrets} with every secret the environment holds, so no secret reaches the terminal.
 */
import { EXIT_BAD_INPUT, EXIT_FAILURES } from './exit-codes';
import { InputError } from '../app/input-error';
import { redactSecrets, secretsFromEnv } from '../app/wiring';

/** Runs a command body that returns its exit code. */
export async function runCommand(name: string, body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    const text = redactSecrets(error instanceof Error ? error.message : String(error), secretsFromEnv());
    process.stderr.write(`entra-zendesk ${name}: ${text}\n`);
    process.exitCode = error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURES;
  }
}
