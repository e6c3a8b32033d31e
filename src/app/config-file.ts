/**
 * The configuration file both front ends read (the CLI's `--config path` for every engine command, the extension's
 * workspace file): reads it and validates it with `loadConfig`, turning every failure into an {@link InputError} (the
 * CLI's exit 2, a message in the extension) that names the file, and for a bad configuration every problem with its
 * JSON path and fix. The file never holds secrets; those come from the environment (see ./wiring.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig, type LoadedConfig } from '../core/config';
import { InputError } from './input-error';

/** Where `--config` points when it is not given: the workspace file the extension uses. */
export const DEFAULT_CONFIG_PATH = '.vscode/entra-zendesk.json';

/** The file could not be read or is not a usable configuration. `problems` is set when the content was invalid. */
export class ConfigFileError extends InputError {
  constructor(
    message: string,
    readonly problems: ConfigError['problems'] = [],
  ) {
    super(message);
  }
}

export function readConfigFile(file: string | undefined, cwd: string = process.cwd()): LoadedConfig {
  const given = file ?? DEFAULT_CONFIG_PATH;
  const absolute = path.resolve(cwd, given);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'ENOENT'
        ? file === undefined
          ? `no configuration at ${DEFAULT_CONFIG_PATH}; pass --config path, or create one (\`entra-zendesk sandbox --write-config ${DEFAULT_CONFIG_PATH}\` writes one for the local sandbox)`
          : 'no such file; check the path given to --config'
        : code === 'EISDIR'
          ? 'is a directory; --config wants the JSON file (e.g. .vscode/entra-zendesk.json)'
          : code === 'EACCES'
            ? 'permission denied; make the file readable'
            : (error as Error).message;
    throw new ConfigFileError(`--config "${given}": ${hint}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return loadConfig(text, given);
  } catch (error) {
    // ConfigError's message is already `file: N problems` + one line per problem with its path and fix.
    if (error instanceof ConfigError) throw new ConfigFileError(error.message, error.problems);
    throw error;
  }
}
