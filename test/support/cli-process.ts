import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/revenue-agent.js', import.meta.url));

/** The environment a user would have: none of the test runner's database settings leak in. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ...extra };
}

export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `revenue-agent serve` and resolves with its URL once its log says it listens. */
export function startServeProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return startListeningProcess(['serve'], env, (line) => (line.includes('revenue-agent listening') ? JSON.parse(line).url : undefined));
}

/** Starts a long-running command and resolves with the URL `urlOf` finds in one of its output lines. */
export function startListeningProcess(
  args: string[],
  env: Record<string, string>,
  urlOf: (line: string) => string | undefined,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env) });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      for (const line of output.split('\n')) {
        const url = urlOf(line);
        if (url !== undefined) resolve({ child, url, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before listening:\n${output}`)));
  });
}

export function stopProcess(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    // A child killed by a signal has no exit code, only the signal's name.
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
