// Runs before first paint so a chosen theme never flashes the other one. Keep the key and values
// in step with src/theme/theme.ts.
try {
  var choice = localStorage.getItem('parley-theme');
  if (choice === 'light' || choice === 'dark') document.documentElement.dataset.theme = choice;
} catch {
  // Storage can be blocked; the system theme applies.
}
