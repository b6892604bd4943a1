/** `fn` at once when first asked, then at most once every `ms` however often asked, and always once after the last ask. */
export function throttled(fn, ms) {
  let last = -Infinity;
  let timer;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      last = Date.now();
      fn();
    }, Math.max(0, last + ms - Date.now()));
  };
}
