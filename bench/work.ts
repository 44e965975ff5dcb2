import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { REPO } from './app';

/** A work folder inside the repository, so that the app dirs in it resolve Strapi's packages. */
/** The nearest-rank percentile of values sorted ascending (0 for none). */
export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;

export const workDir = (prefix: string) => {
  fs.mkdirSync(path.join(REPO, 'bench/.tmp'), { recursive: true });
  return fs.mkdtempSync(path.join(REPO, `bench/.tmp/${prefix}-`));
};

/** Writes a run's figures to bench/results/<date>T<hh-mm>-<name>.json and returns the path. */
export const writeResult = (name: string, data: { date: string }) => {
  const dir = path.join(REPO, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${data.date.slice(0, 16).replace(':', '-')}-${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return path.relative(REPO, file);
};

/** Runs a benchmark; on success removes its work folder, on failure keeps it and says where. */
export const runMain = (main: () => Promise<void>, work: string) =>
  main().then(
    () => {
      // BENCH_KEEP=1 keeps the work dir of a run that passed too (server logs, databases).
      if (!process.env.BENCH_KEEP) fs.rmSync(work, { recursive: true, force: true });
      process.exit(0);
    },
    (error) => {
      console.error(error);
      console.error(`work files kept in ${work}`);
      process.exit(1);
    }
  );

/**
 * A binary from a Debian package: there already, or installed with apt-get when this runs as
 * root on Debian or Ubuntu; otherwise an error that says exactly how to get it.
 */
export const ensureDebianBinary = (binary: string, packages: string[], envName: string) => {
  if (fs.existsSync(binary)) return;
  const canInstall = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  for (const name of canInstall ? packages : []) {
    console.log(`installing Debian's ${name} (apt-get install -y ${name})…`);
    const r = spawnSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${name}`], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status === 0 && fs.existsSync(binary)) return;
  }
  throw new Error(
    `No ${path.basename(binary)} at ${binary}. On Debian or Ubuntu: sudo apt-get install -y ${packages.join(' (or ')}${packages.length > 1 ? ')' : ''}; or set ${envName} to its path`
  );
};
