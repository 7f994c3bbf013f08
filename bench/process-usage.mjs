// Loaded with `node --import` into a benchmarked child process: prints the process's own CPU
// time and peak RSS on stderr as it exits, so a bench can report a whole-process figure.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`process-usage cpu_ms=${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)} rss_kb=${u.maxRSS}\n`);
});
