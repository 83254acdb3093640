// A minimal Language Server Protocol client over stdio, enough to drive the ESLint language server
// (`vscode-eslint-language-server` from vscode-langservers-extracted) the way an editor does: open
// a document, change it, pull its diagnostics. Used by tests/lsp.test.ts and
// scripts/bench/editor-latency.mjs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The settings an editor sends for the ESLint language server (what VS Code's ESLint extension
 * sends, with its defaults), for a project whose ESLint uses flat config: ESLint 9 and 10. The one
 * that matters: `experimental.useFlatConfig` must be false (or absent), because `true` makes the
 * server load `FlatESLint` from `eslint/use-at-your-own-risk`, which ESLint 10 no longer exports —
 * it then turns validation off and says so only in its log. `useFlatConfig` may stay unset.
 */
export function eslintServerSettings(workspaceFolder) {
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    useFlatConfig: true,
    experimental: { useFlatConfig: false },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
    codeActionOnSave: { enable: false, mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: { mode: 'location' },
    workspaceFolder: { uri: pathToFileURL(workspaceFolder).href, name: path.basename(workspaceFolder) },
  };
}

/** The server's entry in the repository's node_modules (a pinned devDependency). */
export function eslintServerPath() {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('vscode-langservers-extracted/package.json')), 'bin', 'vscode-eslint-language-server');
}

/**
 * Starts the ESLint language server over stdio for a workspace folder and initialises it.
 * Returns { open, change, diagnostics, close, log }.
 */
export async function startEslintServer(workspaceFolder, { settings = eslintServerSettings(workspaceFolder) } = {}) {
  const child = spawn(process.execPath, [eslintServerPath(), '--stdio'], { cwd: workspaceFolder, stdio: ['pipe', 'pipe', 'pipe'] });
  const log = [];
  const pending = new Map();
  let nextId = 1;
  let buffer = Buffer.alloc(0);

  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      send({ id, method, params });
    });
  const notify = (method, params) => send({ method, params });

  // Requests the server makes of the editor.
  const answer = (message) => {
    switch (message.method) {
      case 'workspace/configuration':
        return message.params.items.map(() => settings);
      case 'client/registerCapability':
      case 'client/unregisterCapability':
      case 'window/workDoneProgress/create':
      case 'workspace/diagnostic/refresh':
        return null;
      default:
        return null;
    }
  };
  const onMessage = (message) => {
    if (message.id !== undefined && message.method === undefined) {
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
      else waiter.resolve(message.result);
    } else if (message.id !== undefined) {
      send({ id: message.id, result: answer(message) });
    } else if (message.method === 'window/logMessage' || message.method === 'window/showMessage') {
      log.push(message.params.message);
    } else if (message.method === 'eslint/status') {
      log.push(`status ${JSON.stringify(message.params)}`);
    }
  };
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      buffer = buffer.subarray(headerEnd + 4 + length);
      onMessage(JSON.parse(body));
    }
  });
  child.stderr.on('data', (chunk) => log.push(chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the server exited during ${waiter.method}; log:\n${log.join('\n')}`));
    pending.clear();
  });

  const rootUri = pathToFileURL(workspaceFolder).href;
  const init = await request('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: path.basename(workspaceFolder) }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: false } },
      textDocument: {
        synchronization: { didSave: true },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        publishDiagnostics: { codeDescriptionSupport: true },
      },
    },
  });
  notify('initialized', {});

  const versions = new Map();
  return {
    capabilities: init.capabilities,
    log,
    /** Opens a document with its text (as an editor does on showing the file). */
    open(file, text) {
      const uri = pathToFileURL(file).href;
      versions.set(uri, 1);
      notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      return uri;
    },
    /** Replaces the whole (unsaved) text of an open document. */
    change(file, text) {
      const uri = pathToFileURL(file).href;
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    /** Pulls the document's diagnostics (LSP 3.17 `textDocument/diagnostic`). */
    async diagnostics(file) {
      const report = await request('textDocument/diagnostic', { textDocument: { uri: pathToFileURL(file).href } });
      return report.items;
    },
    async close() {
      try {
        await Promise.race([request('shutdown', null), new Promise((resolve) => setTimeout(resolve, 2000))]);
        notify('exit', null);
      } catch {
        // already gone
      }
      const timer = setTimeout(() => child.kill(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
