/** What a check tells about its progress: the engine at work and, for file-level engines, each file done. */
export interface Progress {
  phase(engine: string, files: number): void;
  file(): void;
  end(): void;
}

export const NO_PROGRESS: Progress = { phase() {}, file() {}, end() {} };

/** Redraws at most this often: a terminal write per file would cost more than it shows. */
const INTERVAL_MS = 100;

/**
 * One line on a terminal's stderr, redrawn in place (`engine: 34/120 files`) and cleared at the
 * end, so the report that follows stands alone. Only for a terminal: the CLI never gives it a
 * pipe, a file or a machine format's run.
 */
export function terminalProgress(stream: { write(text: string): unknown }, now: () => number = Date.now): Progress {
  let engine = '';
  let total = 0;
  let done = 0;
  let drawn = 0;
  let visible = false;
  const draw = () => {
    drawn = now();
    visible = true;
    const count = total > 0 ? ` ${done}/${total} files` : '';
    stream.write(`\r\u001b[2Kbackend-guard: ${engine}${count}…`);
  };
  return {
    phase(name, files) {
      engine = name;
      total = files;
      done = 0;
      draw();
    },
    file() {
      done++;
      if (now() - drawn >= INTERVAL_MS || done === total) draw();
    },
    end() {
      if (visible) stream.write('\r\u001b[2K');
      visible = false;
    },
  };
}
