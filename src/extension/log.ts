/**
 * The extension's one LogOutputChannel, with a `[Component]` prefix and secret masking: every message passes through
 * {@link maskSecrets} with the secrets registered so far, so a token in an error text never reaches the log.
 */
import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';

const knownSecrets = new Set<string>();

/** Registers secret values to mask from now on (values shorter than 4 characters are ignored: too many false hits). */
export function registerSecrets(values: Iterable<string | undefined>): void {
  for (const value of values) if (value !== undefined && value.length >= 4) knownSecrets.add(value);
}

export function maskSecrets(text: string, secrets: Iterable<string> = knownSecrets): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

let channel: vscode.LogOutputChannel | undefined;

export function createLog(): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  return channel;
}

function write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', component: string, message: string): void {
  channel?.[level](`[${component}] ${maskSecrets(message)}`);
}

export const log = {
  debug: (component: string, message: string) => write('debug', component, message),
  info: (component: string, message: string) => write('info', component, message),
  warn: (component: string, message: string) => write('warn', component, message),
  error: (component: string, message: string) => write('error', component, message),
  show: () => channel?.show(true),
};
