// Performance marks on the way to a usable screen (start-up, sign-in, first inbox page). The startup benchmark
// (tests/benches/startup.rs) reads them through WebDriver to show where the time goes; they cost nothing else.

export function mark(name: string): void {
  try {
    performance.mark(`sd:${name}`);
  } catch {
    // no Performance API (tests)
  }
}
