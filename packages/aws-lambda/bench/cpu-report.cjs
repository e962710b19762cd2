// Preloaded (--require) into every measured process: prints the process's own CPU time (user + system,
// from its start) to stderr on exit. CPU time is far less disturbed than wall time on a shared machine.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  require('node:fs').writeSync(2, `\nCPU_US ${user + system}\n`);
});
