// The Worker writes one JSON log line per request with console.log. Keep those off the test output
// (tests that check log lines capture them with captureLogs, which spies on console.log); anything
// else still prints.
const printLine = console.log.bind(console);
console.log = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('{"level":')) return;
  printLine(...(args as []));
};

export {};
