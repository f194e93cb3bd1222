import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RecordingLibrary, type LibraryOptions } from '../../../domain/audio/recording-library.ts';
import type { Logger } from '../../../app/ports.ts';

/**
 * Keeps the recording library Kept learns from its calls in a JSON file, loaded on first use and rewritten
 * (atomically) after each call. Without a file the library lives in memory for the life of the process.
 */
export class RecordingStore {
  readonly #file: string | undefined;
  readonly #options: LibraryOptions;
  readonly #log: Logger;
  #library: Promise<RecordingLibrary> | undefined;
  #saving: Promise<void> = Promise.resolve();

  constructor(options: { file?: string; library?: RecordingLibrary; log: Logger } & LibraryOptions) {
    this.#file = options.file;
    this.#options = options;
    this.#log = options.log;
    if (options.library !== undefined) this.#library = Promise.resolve(options.library);
  }

  library(): Promise<RecordingLibrary> {
    this.#library ??= this.#load();
    return this.#library;
  }

  async #load(): Promise<RecordingLibrary> {
    if (this.#file === undefined) return new RecordingLibrary(this.#options);
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.#log.warn('could not read the recording library; starting empty', {
          file: this.#file,
          error: (error as Error).message,
        });
      return new RecordingLibrary(this.#options);
    }
    try {
      return RecordingLibrary.fromJSON(JSON.parse(text), this.#options);
    } catch (error) {
      this.#log.warn('the recording library is unreadable; starting empty', {
        file: this.#file,
        error: (error as Error).message,
      });
      return new RecordingLibrary(this.#options);
    }
  }

  /** Writes the library (one write at a time; a failure is logged, never thrown: it only costs learning). */
  save(): Promise<void> {
    const file = this.#file;
    if (file === undefined || this.#library === undefined) return Promise.resolve();
    const library = this.#library;
    this.#saving = this.#saving.then(async () => {
      try {
        const text = JSON.stringify((await library).toJSON());
        await mkdir(dirname(file), { recursive: true });
        await writeFile(`${file}.part`, text);
        await rename(`${file}.part`, file);
      } catch (error) {
        this.#log.warn('could not save the recording library', { file, error: (error as Error).message });
      }
    });
    return this.#saving;
  }
}
