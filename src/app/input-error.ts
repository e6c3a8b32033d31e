/**
 * The user's input (arguments, files, configuration, environment) is invalid — as opposed to a failure during a run.
 * Shared code throws it; each front end decides what it means: the CLI prints the message and exits with
 * EXIT_BAD_INPUT (2) (src/cli/run-command.ts, src/cli/main.ts), the extension shows the message to the admin.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
