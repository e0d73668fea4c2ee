import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * Starts V8's CPU profiler on this process (dev tools' --profile); the function returned stops it and writes the
 * profile (.cpuprofile, for Chrome DevTools or VS Code) to `file`. Without a file, nothing is profiled.
 */
export async function startCpuProfile(file: string | undefined): Promise<() => Promise<void>> {
  if (file === undefined) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
