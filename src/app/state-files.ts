/**
 * The engine's state and provisioning log on disk, for both front ends. Decision: both live next to the configuration
 * file unless the CLI's `--state` / `--log` say otherwise — `<config dir>/entra-zendesk.state.json` (watermark, links,
 * escrows; saved atomically: write a temp file, fsync, rename) and `<config dir>/entra-zendesk.log.jsonl` (one
 * provisioningObjectSummary per line, appended). Neither holds secrets: credentials stay in the environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyEngineState, type EngineState, type ProvisioningObjectSummary, type StateStore } from '../core/engine';
import { InputError } from './input-error';

export const STATE_FILE_NAME = 'entra-zendesk.state.json';
export const LOG_FILE_NAME = 'entra-zendesk.log.jsonl';

export function defaultStatePath(configPath: string): string {
  return path.join(path.dirname(path.resolve(configPath)), STATE_FILE_NAME);
}

export function defaultLogPath(configPath: string): string {
  return path.join(path.dirname(path.resolve(configPath)), LOG_FILE_NAME);
}

export class FileStateStore implements StateStore {
  constructor(readonly file: string) {}

  async load(): Promise<EngineState> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyEngineState();
      throw new InputError(`state file "${this.file}": ${(error as Error).message}`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`state file "${this.file}" is not valid JSON (${(error as Error).message}); delete it to start over with a full sync`);
    }
    const state = value as Partial<EngineState> | null;
    if (state === null || typeof state !== 'object' || state.version !== 1 || typeof state.userLinks !== 'object' || typeof state.groupLinks !== 'object' || !Array.isArray(state.escrows)) {
      throw new InputError(`state file "${this.file}" is not an engine state (version 1 with userLinks, groupLinks, escrows); delete it to start over with a full sync`);
    }
    return { watermark: null, ...state } as EngineState;
  }

  async save(state: EngineState): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    const handle = await fs.promises.open(temp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 1)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, this.file);
  }
}

export async function appendLogRecords(file: string, records: ReadonlyArray<ProvisioningObjectSummary>): Promise<void> {
  if (records.length === 0) return;
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.appendFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** Every record of the log, oldest first; a torn last line (a killed run) is skipped, other bad lines are errors. */
export function readLogRecords(file: string): ProvisioningObjectSummary[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InputError(`log file "${file}": ${(error as Error).message}`);
  }
  const lines = text.split('\n');
  const records: ProvisioningObjectSummary[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as ProvisioningObjectSummary);
    } catch {
      if (i < lines.length - 2) throw new InputError(`log file "${file}" line ${i + 1} is not JSON; the file is a JSON Lines provisioning log`);
    }
  });
  return records;
}
