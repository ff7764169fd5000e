/** What every bench prints against its targets. */
export const verdict = (met: boolean) => (met ? 'MET' : 'MISSED');

/** Exit code of a bench whose requests had `failures`: with any, the figures printed are not a measurement. */
export function measurementExitCode(failures: number): number {
  if (failures === 0) return 0;
  console.error(`\n${failures} requests failed: the figures above are not a valid measurement.`);
  return 1;
}

/** Runs a bench's main and exits with its code; a thrown error is one line and exit 1. */
export function runBench(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`bench failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
