import { WatchedFiles } from '@ferrum/config';
import { readFileSync } from 'node:fs';

/** One configuration file, parsed at start-up and again when it changes (see WatchedFiles). */
export class WatchedFile<T> extends WatchedFiles<T> {
  constructor(path: string, parse: (text: string, path: string) => T, onReload: (error?: Error) => void, intervalMs = 1000) {
    super([path], () => parse(readFileSync(path, 'utf8'), path), onReload, intervalMs);
  }
}
