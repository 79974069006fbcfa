import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface CpuSpent {
  /** This process's CPU (every thread: the app, the bench's own HTTP client, GC), in ms. */
  processMs: number;
  /** The whole machine's busy CPU (this process, Postgres, anyone else), in ms; undefined off Linux. */
  machineMs: number | undefined;
}

/** USER_HZ, the unit of /proc/stat: 100 on every Linux build that matters here (getconf CLK_TCK). */
const clockTicks = 100;

/** Busy jiffies of the machine from /proc/stat (user, nice, system, irq, softirq, steal). */
function machineBusyMs(): number | undefined {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return ((user + nice + system + irq + softirq + steal) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}

/** CPU spent while `work` ran: where a phase's time went between this process and the rest (Postgres). */
export async function cpuSpent<T>(work: () => Promise<T>): Promise<{ value: T; cpu: CpuSpent }> {
  const process0 = process.cpuUsage();
  const machine0 = machineBusyMs();
  const value = await work();
  const used = process.cpuUsage(process0);
  const machine1 = machineBusyMs();
  return {
    value,
    cpu: {
      processMs: (used.user + used.system) / 1000,
      machineMs: machine0 === undefined || machine1 === undefined ? undefined : machine1 - machine0,
    },
  };
}

/** CPU (user + system) a process has used so far, in ms, from /proc/<pid>/stat; undefined when it is gone. */
export async function processCpuMs(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  // Fields after the command name (which may hold spaces): utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}
