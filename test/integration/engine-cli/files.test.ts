/** The CLI's state and log files, interval parsing and table rendering (no servers). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyEngineState, type ProvisioningObjectSummary } from '../../../src/core/engine';
import { parseInterval } from '../../../src/cli/commands/sync';
import { InputError } from '../../../src/app/input-error';
import { appendLogRecords, defaultLogPath, defaultStatePath, FileStateStore, readLogRecords } from '../../../src/app/state-files';
import { progressBar } from '../../../src/cli/progress-bar';
import { renderTable } from '../../../src/app/text-table';

describe('engine CLI files and formatting', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-zendesk-files-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps state and log next to the configuration by default', () => {
    assert.equal(defaultStatePath('/ws/.vscode/entra-zendesk.json'), path.resolve('/ws/.vscode/entra-zendesk.state.json'));
    assert.equal(defaultLogPath('/ws/.vscode/entra-zendesk.json'), path.resolve('/ws/.vscode/entra-zendesk.log.jsonl'));
  });

  it('state: a missing file is the empty state; save replaces the file atomically (no temp file left)', async () => {
    const store = new FileStateStore(path.join(dir, 'sub', 'state.json'));
    assert.deepEqual(await store.load(), emptyEngineState());
    const state = { ...emptyEngineState(), userLinks: { a: { sourceId: 'a', targetId: 1, linkedAt: '2026-01-01T00:00:00Z' } } };
    await store.save(state);
    assert.deepEqual(await store.load(), state);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'sub')), ['state.json']);
  });

  it('state: a corrupt or foreign file is bad input that says how to recover', async () => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, '{"version": 1, "userLinks": ');
    await assert.rejects(new FileStateStore(file).load(), (e: unknown) => e instanceof InputError && /not valid JSON.*delete it/.test(e.message));
    fs.writeFileSync(file, '{"version": 2}');
    await assert.rejects(new FileStateStore(file).load(), (e: unknown) => e instanceof InputError && /not an engine state/.test(e.message));
  });

  it('log: appends JSON Lines and skips a torn last line from a killed run, but not a bad line in the middle', async () => {
    const file = path.join(dir, 'log.jsonl');
    const record = (id: string) => ({ id }) as unknown as ProvisioningObjectSummary;
    await appendLogRecords(file, [record('1'), record('2')]);
    await appendLogRecords(file, [record('3')]);
    fs.appendFileSync(file, '{"id": "4", "trunc');
    assert.deepEqual(readLogRecords(file).map((r) => r.id), ['1', '2', '3']);
    fs.writeFileSync(file, '{"id":"1"}\nnot json\n{"id":"3"}\n');
    assert.throws(() => readLogRecords(file), /line 2 is not JSON/);
    assert.deepEqual(readLogRecords(path.join(dir, 'none.jsonl')), []);
  });

  it('parses --interval durations and rejects bad ones with the expected form', () => {
    assert.equal(parseInterval('40m'), 2_400_000);
    assert.equal(parseInterval('90s'), 90_000);
    assert.equal(parseInterval('1d'), 86_400_000);
    assert.throws(() => parseInterval('40'), /number with a unit s, m, h or d/);
    assert.throws(() => parseInterval('0s'), /at least 1s/);
  });

  it('renders aligned tables and a progress bar', () => {
    assert.deepEqual(renderTable(['A', 'Long'], [['xyz', '1'], ['b', 'two\nlines']]), ['A    Long', '---  ---------', 'xyz  1', 'b    two lines']);
    assert.equal(progressBar(5, 10, 'users', 10), '[#####-----]  5/10 users');
    assert.equal(progressBar(0, 0, 'users', 4), '[####] 0/0 users');
  });
});
