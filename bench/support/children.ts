/**
 * The processes a bench run starts. Each runs in its own process group, so stopping it also
 * stops whatever it started; one that dies while it should be running fails the bench at once,
 * naming it; and every group still alive is killed when the bench ends, however it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  name: string;
  pid: number;
  exited: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Children {
  private readonly running = new Map<Child, ChildProcess>();
  private readonly expected = new Set<Child>();
  private rejectFailure!: (error: Error) => void;
  /** Rejects with a clear error when a child dies unexpectedly; `guard` races work against it. */
  private readonly failure = new Promise<never>(
    (_resolve, reject) => (this.rejectFailure = reject),
  );
  failed: Error | null = null;

  constructor(
    private readonly cwd: string,
    private readonly log: (line: string) => void,
  ) {
    this.failure.catch(() => {}); // observed through guard() and check()
    process.once('exit', () => this.killNow());
  }

  /** Starts `node --import tsx <script>` and resolves once `ready()` answers true. */
  async start(
    name: string,
    script: string,
    env: Record<string, string>,
    ready: () => Promise<boolean>,
    timeoutMs = 120_000,
  ): Promise<Child> {
    const proc = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: this.cwd,
      env: { ...process.env, ...env },
      detached: true, // its own process group: see stop()
      stdio: ['ignore', 'pipe', 'pipe'], // stdout of the bench is for the JSON result only
    });
    const child: Child = {
      name,
      pid: proc.pid!,
      exited: new Promise((resolve) => proc.once('exit', () => resolve())),
    };
    this.running.set(child, proc);
    for (const stream of [proc.stdout, proc.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (line.trim()) this.log(`[${name}] ${line}`);
      });
    }
    proc.once('exit', (code, signal) => {
      this.running.delete(child);
      if (this.expected.has(child)) return;
      const error = new Error(
        `${name} (${script}, pid ${child.pid}) exited unexpectedly with ${signal ? `signal ${signal}` : `code ${code}`}`,
      );
      this.failed ??= error;
      this.rejectFailure(error);
    });
    const deadline = Date.now() + timeoutMs;
    while (!(await ready().catch(() => false))) {
      this.check();
      if (Date.now() > deadline)
        throw new Error(`${name} was not ready within ${timeoutMs / 1000} s`);
      await sleep(100);
    }
    return child;
  }

  /** SIGTERM to the child's group, a grace period for a graceful stop, then SIGKILL. */
  async stop(child: Child, graceMs = 20_000): Promise<void> {
    this.expected.add(child);
    signalGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
    await child.exited;
    clearTimeout(timer);
    signalGroup(child.pid, 'SIGKILL'); // anything it started and left behind
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((child) => this.stop(child)));
  }

  /** Throws the failure if a child died. Call it in polling loops. */
  check(): void {
    if (this.failed) throw this.failed;
  }

  /** Resolves with `work`, or rejects as soon as a child dies. */
  guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.failure]);
  }

  /** SIGKILL to every group still running, synchronously (a second Ctrl+C, a crash). */
  killNow(): void {
    for (const child of this.running.keys()) signalGroup(child.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}
