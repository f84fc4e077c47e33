// The first module the bundle evaluates (main.ts imports it before anything else): marks when the script bundle,
// loaded and parsed, starts running, apart from the time its modules take to evaluate (`sd:script`).
try {
  performance.mark('sd:eval');
} catch {
  // no Performance API (tests)
}
